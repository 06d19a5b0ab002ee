import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { ADMIN, database, expectNoHorizontalScroll, hydrated, signIn, signOut, signUpStudent, snap } from "./helpers";

test("the overview shows revenue, conversion and upcoming slots @mobile", async ({ page }) => {
  await signIn(page, ADMIN);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByText("Revenue by day")).toBeVisible();
  await hydrated(page);
  await page.getByLabel("Group by").selectOption("month");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("Revenue by month")).toBeVisible();
  await snap(page, "admin-overview");
  await expectNoHorizontalScroll(page);
});

test("payments table: search, filter, sort, and a CSV of exactly the filtered rows", async ({ page }) => {
  const email = await signUpStudent(page, "Csv Cebo");
  await page.goto("/products/interview-prep-workbook");
  await page.getByRole("button", { name: /Buy for/ }).click();
  await page.getByRole("button", { name: "Simulate a failed payment" }).click();
  await expect(page.getByRole("heading", { name: "Payment failed" })).toBeVisible();
  await page.getByRole("button", { name: "Try again" }).click();
  await page.getByRole("button", { name: /^Pay R/ }).click();
  await expect(page.getByRole("heading", { name: "Payment received. Thank you!" })).toBeVisible();
  await signOut(page);

  await signIn(page, ADMIN);
  await page.goto("/admin/payments");
  await hydrated(page);
  await page.getByLabel(/^Search/).fill(email);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("table-row")).toHaveCount(2);
  await page.getByLabel("Status").selectOption("COMPLETED");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("table-row")).toHaveCount(1);
  await expect(page.getByTestId("table-total")).toHaveText("1 result");
  await snap(page, "admin-payments");

  const download = page.waitForEvent("download");
  await page.getByTestId("export-csv").click();
  const csv = readFileSync((await (await download).path()), "utf8").trim().split(/\r\n/);
  expect(csv[0]).toBe("payment_id,started_at,completed_at,status,method,amount_zar,item,student_name,student_email,invoice");
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain(email);
  expect(csv[1]).toContain(",COMPLETED,payfast,99.00,");

  // Sorting by amount ascending puts the cheapest first; a malformed page number is page 1.
  await page.goto("/admin/payments?sort=amount&dir=asc&page=abc");
  await expect(page.getByTestId("table-row").first()).toBeVisible();
  const response = await page.goto("/admin/payments?page=-5&status=NOPE&sort=%27;drop");
  expect(response?.status()).toBe(200);
});

test("catalog: create, a taken slug and a negative price are explained, edit, archive keeps the owner's access", async ({ page }) => {
  await signIn(page, ADMIN);
  const suffix = Math.random().toString(36).slice(2, 7);
  const slug = `negotiation-${suffix}`;
  const name = `Negotiation Skills ${suffix}`;
  await page.goto("/admin/catalog/new?kind=course");
  await hydrated(page);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Slug").fill("excel-for-small-business");
  await page.getByLabel("Price in rand, VAT included").fill("-10");
  await page.getByRole("button", { name: "Create course" }).click();
  await expect(page.getByText("The price cannot be negative.")).toBeVisible();
  await page.getByLabel("Price in rand, VAT included").fill("350");
  await page.getByLabel("Status").selectOption("published");
  await page.getByRole("button", { name: "Create course" }).click();
  await expect(page.getByText("That slug is already used by another item.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue(name);
  await page.getByLabel("Slug").fill(slug);
  await page.getByRole("button", { name: "Create course" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await snap(page, "admin-catalog-edit");

  // Open the edit page afresh (without ?saved=1) so "Saved." proves this second save.
  await page.goto(page.url().replace("?saved=1", ""));
  await hydrated(page);
  await expect(page.getByText("Saved.")).toHaveCount(0);
  await page.getByLabel("Price in rand, VAT included").fill("399.50");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.goto(`/courses/${slug}`);
  await expect(page.getByTestId("price")).toHaveText(/R\s?399,50/);

  // A student buys it; archiving then stops sales but keeps their access.
  await signOut(page);
  const email = await signUpStudent(page, "Archive Ayanda");
  await page.goto(`/courses/${slug}`);
  await page.getByRole("button", { name: /Buy for/ }).click();
  await page.getByRole("button", { name: /^Pay R/ }).click();
  await expect(page.getByRole("heading", { name: "Payment received. Thank you!" })).toBeVisible();
  await signOut(page);

  await signIn(page, ADMIN);
  await page.goto("/admin/catalog");
  await page.goto((await page.getByRole("link", { name }).first().getAttribute("href"))!);
  await hydrated(page);
  await page.getByLabel("Status").selectOption("archived");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await signOut(page);

  await signIn(page, email, "a long test password");
  await page.goto("/library");
  await expect(page.getByRole("link", { name })).toBeVisible();
  await page.goto("/courses");
  await expect(page.getByRole("link", { name: new RegExp(name) })).toHaveCount(0);
  await page.goto(`/courses/${slug}`);
  await expect(page.getByText("You own this")).toBeVisible();
});

test("role change ends the user's sessions; disabling an account refuses sign-in; both are audited", async ({ page, browser }) => {
  const email = await signUpStudent(page, "Promoted Pule");
  const admin = await browser.newPage();
  await signIn(admin, ADMIN);
  await admin.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  // A full page load, then hydration: a soft navigation would leave the marker from the list page.
  await admin.goto((await admin.getByRole("link", { name: "Promoted Pule" }).getAttribute("href"))!);
  await hydrated(admin);
  await admin.getByLabel("Role").selectOption("instructor");
  await admin.getByRole("button", { name: "Change role" }).click();
  await expect(admin.getByText(/Role changed/)).toBeVisible();

  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, email, "a long test password");
  await expect(page).toHaveURL(/\/instructor$/);

  await admin.reload();
  await hydrated(admin);
  await admin.getByRole("button", { name: "Disable account" }).click();
  await expect(admin.getByText("Account disabled and signed out.")).toBeVisible();
  await page.goto("/instructor");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a long test password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("This account has been disabled.")).toBeVisible();

  await admin.reload();
  await expect(admin.getByTestId("sign-in-history")).toContainText("Refused (disabled)");
  await admin.goto("/admin/audit?q=user.");
  await expect(admin.getByTestId("table-row").filter({ hasText: "user.role_changed" }).first()).toBeVisible();
  await expect(admin.getByTestId("table-row").filter({ hasText: "user.disabled" }).first()).toBeVisible();
  await snap(admin, "admin-audit");
  await admin.close();
});

test("reconciliation finds a completed payment missing its invoice and repairs it", async ({ page }) => {
  const email = await signUpStudent(page, "Repair Refilwe");
  await page.goto("/products/bookkeeping-templates");
  await page.getByRole("button", { name: /Buy for/ }).click();
  await page.getByRole("button", { name: /^Pay R/ }).click();
  await expect(page.getByRole("heading", { name: "Payment received. Thank you!" })).toBeVisible();
  await signOut(page);

  // Simulate damage done outside the app: the invoice row disappears.
  const sql = database();
  const [payment] = await sql<{ id: string }[]>`select p.id from payments p join users u on u.id = p.user_id where u.email = ${email}`;
  await sql`delete from invoices where payment_id = ${payment!.id}`;

  await signIn(page, ADMIN);
  await page.goto("/admin/health");
  // The page shows the latest stored run (the worker checks every few minutes): check now.
  await hydrated(page);
  await page.getByRole("button", { name: "Run reconciliation now" }).click();
  await expect(page.getByText(/Reconciliation ran: \d+ items? to look at\./)).toBeVisible();
  await expect(page.getByTestId("reconciliation-age")).toContainText("Checked less than a minute ago");
  const row = page.getByTestId("reconcile-row").filter({ hasText: "no invoice" }).filter({ hasText: "Bookkeeping Template Pack" });
  await expect(row.first()).toBeVisible();
  await snap(page, "admin-health");
  await row.first().getByRole("button", { name: "Repair" }).click();
  await expect(row).toHaveCount(0);
  const [count] = await sql<{ n: number }[]>`select count(*)::int as n from invoices where payment_id = ${payment!.id}`;
  await sql.end();
  expect(count?.n).toBe(1);
});
