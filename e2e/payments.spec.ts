import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { ADMIN, database, expectNoHorizontalScroll, formAlert, hydrated, signIn, signOut, signUpStudent, snap } from "./helpers";

test.describe("buying through PayFast (simulator)", () => {
  test("buy a course: pay, get the receipt, the course and the invoice PDF @mobile", async ({ page }) => {
    const email = await signUpStudent(page, "Busi Buyer");
    await page.goto("/courses");
    await snap(page, "catalog");
    await expectNoHorizontalScroll(page);
    await page.getByRole("link", { name: /Photography Fundamentals/ }).click();
    await expect(page.getByTestId("price")).toHaveText(/R\s?899,00/);
    await snap(page, "course-page");
    await page.getByRole("button", { name: /Buy for/ }).click();

    // PayFast's hosted page (simulated): item and amount as signed by us.
    await expect(page.getByRole("heading", { name: "Photography Fundamentals" })).toBeVisible();
    await expect(page.getByTestId("sim-amount")).toHaveText(/R\s?899,00/);
    await snap(page, "payfast-simulator");
    await page.getByRole("button", { name: /^Pay R/ }).click();

    await expect(page.getByRole("heading", { name: "Payment received. Thank you!" })).toBeVisible();
    await expect(page.getByText(/INV-\d{4}-\d{6}/)).toBeVisible();
    await snap(page, "payment-received");

    await page.getByRole("link", { name: "Go to my library" }).click();
    await expect(page.getByRole("link", { name: "Photography Fundamentals" })).toBeVisible();

    await page.goto("/courses/photography-fundamentals");
    await expect(page.getByText("You own this")).toBeVisible();
    await expect(page.getByRole("button", { name: /Buy for/ })).toHaveCount(0);

    await page.goto("/payments");
    await snap(page, "my-payments");
    const downloadPromise = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download PDF" }).first().click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/^INV-\d{4}-\d{6}\.pdf$/);
    const bytes = readFileSync((await download.path()));
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");

    const sql = database();
    const rows = await sql`
      select p.status, p.method, (select count(*)::int from invoices i where i.payment_id = p.id) as invoices,
             (select count(*)::int from payfast_transactions t where t.payment_id = p.id) as pf,
             (select count(*)::int from courses_enrolled e where e.payment_id = p.id) as enrollments
      from payments p join users u on u.id = p.user_id where u.email = ${email}`;
    await sql.end();
    expect(rows).toEqual([{ status: "COMPLETED", method: "payfast", invoices: 1, pf: 1, enrollments: 1 }]);
  });

  test("a failed payment, then a cancelled one, then a successful retry", async ({ page }) => {
    await signUpStudent(page, "Retry Rethabile");
    await page.goto("/products/lightroom-presets");
    await page.getByRole("button", { name: /Buy for/ }).click();
    await page.getByRole("button", { name: "Simulate a failed payment" }).click();
    await expect(page.getByRole("heading", { name: "Payment failed" })).toBeVisible();
    await snap(page, "payment-failed");

    await page.getByRole("button", { name: "Try again" }).click();
    await page.getByRole("button", { name: "Cancel and return to Classbook" }).click();
    await expect(page.getByRole("heading", { name: "Payment cancelled" })).toBeVisible();

    await page.getByRole("button", { name: "Try again" }).click();
    await page.getByRole("button", { name: /^Pay R/ }).click();
    await expect(page.getByRole("heading", { name: "Payment received. Thank you!" })).toBeVisible();

    await page.goto("/payments");
    const rows = page.getByTestId("payment-row");
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toContainText("Paid");
    await expect(rows.nth(1)).toContainText("Cancelled");
    await expect(rows.nth(2)).toContainText("Failed");
  });

  test("the ITN may land after the browser returns: the page waits, then shows the receipt", async ({ page }) => {
    await signUpStudent(page, "Patient Palesa");
    await page.goto("/products/study-planner-pdf");
    await page.getByRole("button", { name: /Buy for/ }).click();
    await page.getByText("Test scenario").click();
    await page.getByLabel("How PayFast should notify Classbook").selectOption("after_return");
    await page.getByRole("button", { name: /^Pay R/ }).click();
    await expect(page.getByRole("heading", { name: "Payment processing…" })).toBeVisible();
    await snap(page, "payment-processing");
    await expect(page.getByRole("heading", { name: "Payment received. Thank you!" })).toBeVisible({ timeout: 20_000 });
  });

  test("a free course enrolls at once, with a zero invoice", async ({ page }) => {
    await signUpStudent(page, "Free Fatima");
    await page.goto("/courses/intro-to-bookkeeping");
    await expect(page.getByTestId("price")).toHaveText("Free");
    await page.getByRole("button", { name: "Enroll for free" }).click();
    await expect(page.getByRole("heading", { name: "Payment received. Thank you!" })).toBeVisible();
    await page.getByRole("link", { name: "View invoice" }).click();
    await expect(page.getByTestId("invoice-total")).toHaveText(/R\s?0,00/);
  });

  test("visitors sign in to buy and come back to the item", async ({ page }) => {
    await page.goto("/courses/excel-for-small-business");
    await page.getByRole("link", { name: "Sign in to buy" }).click();
    await expect(page).toHaveURL(/callbackUrl=%2Fcourses%2Fexcel-for-small-business/);
    await page.getByLabel("Email").fill("sipho@classbook.demo");
    await page.getByLabel("Password").fill("classbook-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/courses\/excel-for-small-business$/);
    await expect(page.getByRole("button", { name: /Buy for/ })).toBeVisible();
  });
});

test("a super admin records a manual EFT payment and the student is enrolled", async ({ page, browser }) => {
  const email = await signUpStudent(page, "Eft Elias");
  await signOut(page);

  const admin = await browser.newPage();
  await signIn(admin, ADMIN);
  await admin.goto("/admin/payments/manual");
  await hydrated(admin);
  await admin.getByRole("button", { name: "Record payment" }).click();
  await expect(admin.getByText("Choose a student.")).toBeVisible();
  await admin.getByLabel("Student").selectOption({ label: `Eft Elias (${email})` });
  const course = await admin.locator("#field-item option", { hasText: "Public Speaking Masterclass" }).getAttribute("value");
  await admin.getByLabel("Paid for").selectOption(course);
  await admin.getByLabel("Reference").fill("EFT-20261125-001");
  await admin.getByRole("button", { name: "Record payment" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Payment recorded" })).toContainText(/Invoice INV-\d{4}-\d{6}/);
  await snap(admin, "admin-manual-payment");

  // Recording it again is refused: the student owns the course now.
  await admin.getByLabel("Student").selectOption({ label: `Eft Elias (${email})` });
  await admin.getByLabel("Paid for").selectOption(course);
  await admin.getByLabel("Reference").fill("EFT-again");
  await admin.getByRole("button", { name: "Record payment" }).click();
  await expect(admin.getByText("This student already owns that course.")).toBeVisible();
  await admin.close();

  await signIn(page, email, "a long test password");
  await page.goto("/library");
  await expect(page.getByRole("link", { name: "Public Speaking Masterclass" })).toBeVisible();
  const sql = database();
  const [row] = await sql`select p.method, p.reference, (select count(*)::int from payfast_transactions t where t.payment_id = p.id) as pf
    from payments p join users u on u.id = p.user_id where u.email = ${email}`;
  await sql.end();
  expect(row).toEqual({ method: "manual", reference: "EFT-20261125-001", pf: 0 });
});

test("a student cannot record manual payments", async ({ page }) => {
  await signIn(page, "thandi@classbook.demo");
  const response = await page.goto("/admin/payments/manual");
  expect(response?.status()).toBe(403);
  await expect(formAlert(page)).toHaveCount(0);
});
