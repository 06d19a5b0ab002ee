import { expect, test } from "@playwright/test";
import { ADMIN, database, expectNoHorizontalScroll, signIn, signUpStudent, snap } from "./helpers";

test("a purchase reaches the admin's bell, the mail queue and the student's timeline @mobile", async ({ page, browser }) => {
  const admin = await browser.newPage({ viewport: page.viewportSize() ?? undefined });
  await signIn(admin, ADMIN);
  const bell = admin.getByTestId("notification-bell").locator("visible=true").first();
  const before = Number(/(\d+) unread/.exec((await bell.getAttribute("aria-label")) ?? "")?.[1] ?? "0");

  const name = `Tumi ${Math.random().toString(36).slice(2, 8)}`;
  const email = await signUpStudent(page, name);
  await page.goto("/courses/sars-efiling-made-simple");
  await page.getByRole("button", { name: /Buy for/ }).click();
  await page.getByRole("button", { name: /^Pay R/ }).click();
  await expect(page.getByRole("heading", { name: "Payment received. Thank you!" })).toBeVisible();

  // The super admin's unread count rose, and the notification names the buyer.
  await admin.reload();
  await expect
    .poll(async () => Number(/(\d+) unread/.exec((await bell.getAttribute("aria-label")) ?? "")?.[1] ?? "0"))
    .toBeGreaterThan(before);
  await bell.click();
  const notification = admin.getByTestId("notification").filter({ hasText: "New enrollment: SARS eFiling Made Simple" }).filter({ hasText: name });
  await expect(notification).toHaveCount(1);
  await snap(admin, "admin-notifications");
  await expectNoHorizontalScroll(admin);
  await notification.getByRole("button", { name: "Mark as read" }).click();
  await expect(notification.getByRole("button", { name: "Mark as read" })).toHaveCount(0);

  // The confirmation email went through the queue (development transport in the demo).
  await admin.goto("/admin/mail?status=sent");
  const mail = admin.getByTestId("mail-row").filter({ hasText: email }).filter({ hasText: "You're enrolled: SARS eFiling Made Simple" });
  await expect(async () => {
    await admin.reload();
    await expect(mail).toHaveCount(1);
  }).toPass({ timeout: 20_000 });
  await mail.getByText("Show the email").click();
  await expect(mail.locator("pre")).toContainText("You are enrolled in SARS eFiling Made Simple");
  await snap(admin, "admin-mail");
  await admin.close();

  // The student sees the course and the story of the purchase.
  await page.goto("/library");
  await expect(page.getByRole("link", { name: "SARS eFiling Made Simple" })).toBeVisible();
  await page.goto("/activity");
  await expect(page.getByTestId("timeline-entry").filter({ hasText: "Enrolled in SARS eFiling Made Simple" })).toHaveCount(1);
  await expect(page.getByTestId("timeline-entry").filter({ hasText: /Invoice INV-\d{4}-\d{6} issued/ })).toHaveCount(1);
  await expect(page.getByTestId("timeline-entry").filter({ hasText: "Email sent: You're enrolled" })).toHaveCount(1, { timeout: 15_000 });
  await snap(page, "activity");

  const sql = database();
  const [row] = await sql`select count(*)::int as n from notifications n join payments p on p.id = n.payment_id join users u on u.id = p.user_id
    where u.email = ${email} and n.type = 'course_enrolled'`;
  await sql.end();
  expect(row?.n).toBe(1);
});
