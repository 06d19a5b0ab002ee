// The admin's invoices and enrollments tables, clicked through as a person: search, filters,
// sorting, pagination, the PDF link and a CSV export that must hold exactly the filtered rows.
// The mobile and desktop projects run in parallel against one database, so every assertion is
// scoped to students (and a product) that this test made, and compared with the database.
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, database, expectNoHorizontalScroll, hydrated, signIn, signOut, signUpStudent, snap } from "./helpers";

type Sql = ReturnType<typeof database>;
const DAY = 86_400_000;
const TZ_OFFSET = 2 * 3_600_000; // Africa/Johannesburg, the platform timezone (no DST)

/** The platform-timezone calendar day `daysAgo` days before now, as the date inputs take it. */
const sastDay = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY + TZ_OFFSET).toISOString().slice(0, 10);
const sastMidnight = (day: string) => new Date(`${day}T00:00:00+02:00`);
const suffixOf = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

async function createStudent(sql: Sql, name: string, email: string): Promise<string> {
  const [user] = await sql<{ id: string }[]>`
    INSERT INTO users (name, email, password_hash) SELECT ${name}, ${email}, password_hash FROM users WHERE email = ${ADMIN} RETURNING id`;
  return user!.id;
}

async function userId(sql: Sql, email: string): Promise<string> {
  const [user] = await sql<{ id: string }[]>`SELECT id FROM users WHERE email = ${email}`;
  return user!.id;
}

type Item = { kind: "course" | "product"; id: string; name: string; cents: number };

async function catalogItem(sql: Sql, kind: Item["kind"], slug: string): Promise<Item> {
  const [row] =
    kind === "course"
      ? await sql<{ id: string; name: string; cents: number }[]>`SELECT id, title AS name, price_cents AS cents FROM courses WHERE slug = ${slug}`
      : await sql<{ id: string; name: string; cents: number }[]>`SELECT id, name, price_cents AS cents FROM products WHERE slug = ${slug}`;
  return { kind, ...row! };
}

/**
 * A completed purchase with every record a completion leaves (payment, student payment, invoice
 * numbered from the year's counter without gaps, enrollment), as if it had been paid at `at`.
 */
async function recordPurchase(sql: Sql, studentId: string, item: Item, at: Date): Promise<{ paymentId: string; invoiceId: string }> {
  return sql.begin(async (tx) => {
    const [buyer] = await tx<{ name: string; email: string }[]>`SELECT name, email FROM users WHERE id = ${studentId}`;
    const [issued] = await tx<{ year: number }[]>`SELECT extract(year FROM ${at}::timestamptz AT TIME ZONE 'Africa/Johannesburg')::int AS year`;
    const year = issued!.year;
    const [payment] = await tx<{ id: string }[]>`
      INSERT INTO payments (user_id, method, status, amount_cents, course_id, product_id, item_name, created_at, updated_at, completed_at)
      VALUES (${studentId}, 'payfast', 'COMPLETED', ${item.cents}, ${item.kind === "course" ? item.id : null}, ${item.kind === "product" ? item.id : null},
        ${item.name}, ${new Date(at.getTime() - 60_000)}, ${at}, ${at})
      RETURNING id`;
    await tx`INSERT INTO student_payments (payment_id, user_id, amount_cents, paid_at) VALUES (${payment!.id}, ${studentId}, ${item.cents}, ${at})`;
    const [counter] = await tx<{ seq: number }[]>`
      INSERT INTO invoice_counters (year, last_seq) VALUES (${year}, 1)
      ON CONFLICT (year) DO UPDATE SET last_seq = invoice_counters.last_seq + 1 RETURNING last_seq AS seq`;
    const vat = Math.round((item.cents * 1500) / 11_500);
    const lines = [{ description: item.name, quantity: 1, unitPriceCents: item.cents, totalCents: item.cents }];
    const [invoice] = await tx<{ id: string }[]>`
      INSERT INTO invoices (number, year, seq, payment_id, user_id, billed_to_name, billed_to_email, seller_name, lines, vat_rate_bp, subtotal_cents, vat_cents, total_cents, issued_at)
      VALUES (${`INV-${year}-${String(counter!.seq).padStart(6, "0")}`}, ${year}, ${counter!.seq}, ${payment!.id}, ${studentId}, ${buyer!.name}, ${buyer!.email},
        'Classbook (Pty) Ltd', ${tx.json(lines)}, 1500, ${item.cents - vat}, ${vat}, ${item.cents}, ${at})
      RETURNING id`;
    if (item.kind === "course") {
      await tx`INSERT INTO courses_enrolled (user_id, course_id, payment_id, enrolled_at) VALUES (${studentId}, ${item.id}, ${payment!.id}, ${at})`;
    } else {
      await tx`INSERT INTO product_enrolled (user_id, product_id, payment_id, created_at) VALUES (${studentId}, ${item.id}, ${payment!.id}, ${at})`;
    }
    return { paymentId: payment!.id, invoiceId: invoice!.id };
  });
}

/** Buys through the real checkout (PayFast sandbox simulation) as the signed-in student. */
async function buy(page: Page, path: string) {
  await page.goto(path);
  await page.getByRole("button", { name: /Buy for/ }).click();
  await page.getByRole("button", { name: /^Pay R/ }).click();
  await expect(page.getByRole("heading", { name: "Payment received. Thank you!" })).toBeVisible();
}

async function apply(page: Page) {
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForLoadState();
}

const rows = (page: Page) => page.getByTestId("table-row");
const sortBy = (page: Page, label: string) => page.getByRole("columnheader").getByRole("link", { name: new RegExp(`^${label}`) }).click();
const column = (page: Page, index: number) => rows(page).locator(`td:nth-child(${index + 1})`).allInnerTexts();
const cents = (text: string) => Number(text.replace(/[^\d]/g, ""));

/** Clicks Export CSV and returns its lines (header first), as the admin's browser saved it. */
async function exportCsv(page: Page): Promise<string[]> {
  const download = page.waitForEvent("download");
  await page.getByTestId("export-csv").click();
  return readFileSync(await (await download).path(), "utf8").trim().split(/\r\n/);
}

async function openFromNav(page: Page, name: string) {
  await page.goto("/admin");
  const nav = page.getByRole("navigation", { name: "Admin" });
  await nav.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await hydrated(page);
}

test("invoices table: search by student, number or payment, year and date filters, sort by total, pages, PDF and an exact CSV @mobile", async ({ page }) => {
  test.setTimeout(120_000);
  const suffix = suffixOf();
  const email = await signUpStudent(page, `Invoice Iris ${suffix}`);
  await buy(page, "/products/interview-prep-workbook");
  await signOut(page);

  // 26 more paid purchases over the last 26 days, so the student has more than one page.
  const sql = database();
  try {
    const student = await userId(sql, email);
    const items = await Promise.all([catalogItem(sql, "product", "study-planner-pdf"), catalogItem(sql, "product", "lightroom-presets"), catalogItem(sql, "product", "bookkeeping-templates")]);
    for (let i = 1; i <= 26; i++) await recordPurchase(sql, student, items[i % items.length]!, new Date(Date.now() - i * DAY));
    const realInvoice = () => sql<{ id: string; number: string; payment_id: string }[]>`SELECT id, number, payment_id FROM invoices WHERE user_id = ${student} AND total_cents = 9900`;
    await expect.poll(async () => (await realInvoice()).length).toBe(1);
    const real = (await realInvoice())[0]!;
    const all = await sql<{ id: string; total_cents: number; year: number }[]>`SELECT id, total_cents, year FROM invoices WHERE user_id = ${student} ORDER BY issued_at DESC, id DESC`;
    expect(all).toHaveLength(27);

    await signIn(page, ADMIN);
    await openFromNav(page, "Invoices");

    // Search by the student's email: 27 invoices, newest first, on two pages.
    await page.getByLabel(/^Search/).fill(email);
    await apply(page);
    await expect(page.getByTestId("table-total")).toHaveText("27 results");
    await expect(rows(page)).toHaveCount(25);
    await expect(rows(page).first()).toContainText(real.number);
    await expect(rows(page).first()).toContainText("Interview Prep Workbook");
    await expect(rows(page).first()).toContainText(/R\s?99,00/);
    await snap(page, "admin-invoices");
    await expectNoHorizontalScroll(page);
    await page.getByRole("link", { name: "Next →" }).click();
    await expect(page.getByText("Page 2 of 2")).toBeVisible();
    await expect(rows(page)).toHaveCount(2);
    const numbersPage2 = await column(page, 0);
    const [expectedLast] = await sql<{ number: string }[]>`SELECT number FROM invoices WHERE user_id = ${student} ORDER BY issued_at ASC, id ASC LIMIT 1`;
    expect(numbersPage2.at(-1)).toBe(expectedLast!.number);

    // Sort by total: the first click sorts high to low, the second low to high (rows as rendered).
    await page.getByRole("link", { name: "Previous" }).click();
    await sortBy(page, "Total");
    await expect(page.getByRole("columnheader", { name: /Total ↓/ })).toBeVisible();
    const desc = (await column(page, 6)).map(cents);
    const byTotal = [...all].sort((a, b) => b.total_cents - a.total_cents || (b.id < a.id ? -1 : 1));
    expect(desc).toEqual(byTotal.slice(0, 25).map((r) => r.total_cents));
    await sortBy(page, "Total");
    await expect(page.getByRole("columnheader", { name: /Total ↑/ })).toBeVisible();
    const asc = (await column(page, 6)).map(cents);
    expect(asc).toEqual([...byTotal].reverse().slice(0, 25).map((r) => r.total_cents));

    // An invoice number, typed in lower case, finds exactly that invoice; its PDF downloads.
    await page.getByLabel(/^Search/).fill(real.number.toLowerCase());
    await apply(page);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText(email);
    const pdf = page.waitForEvent("download");
    await rows(page).first().getByRole("link", { name: `Download invoice ${real.number} as PDF` }).click();
    const bytes = readFileSync(await (await pdf).path());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");

    // The payment id finds it too.
    await page.getByLabel(/^Search/).fill(real.payment_id);
    await apply(page);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText(real.number);

    // Year filter (the years may straddle New Year: compare with the database).
    const year = all[0]!.year;
    await page.getByLabel(/^Search/).fill(email);
    await page.getByLabel("Year", { exact: true }).selectOption(String(year));
    await apply(page);
    const inYear = all.filter((r) => r.year === year).length;
    await expect(page.getByTestId("table-total")).toHaveText(`${inYear} result${inYear === 1 ? "" : "s"}`);

    // Date range on the issue date, then the CSV of exactly those rows.
    await page.getByLabel("Year", { exact: true }).selectOption("");
    await page.getByLabel("From", { exact: true }).fill(sastDay(9));
    await page.getByLabel("To", { exact: true }).fill(sastDay(3));
    await apply(page);
    await sortBy(page, "Issued");
    await expect(page.getByRole("columnheader", { name: /Issued ↓/ })).toBeVisible();
    const inRange = await sql<{ id: string; number: string; total_cents: number }[]>`
      SELECT id, number, total_cents FROM invoices
      WHERE user_id = ${student} AND issued_at >= ${sastMidnight(sastDay(9))} AND issued_at < ${new Date(sastMidnight(sastDay(3)).getTime() + DAY)}
      ORDER BY issued_at DESC, id DESC`;
    expect(inRange.length).toBeGreaterThanOrEqual(6);
    await expect(page.getByTestId("table-total")).toHaveText(`${inRange.length} results`);
    expect(await column(page, 0)).toEqual(inRange.map((r) => r.number));
    await snap(page, "admin-invoices-filtered");

    const csv = await exportCsv(page);
    expect(csv[0]).toBe("invoice_id,number,issued_at,student_name,student_email,item,subtotal_zar,vat_zar,total_zar,payment_id");
    expect(csv.slice(1).map((line) => line.split(",")[0])).toEqual(inRange.map((r) => r.id));
    expect(csv.slice(1).every((line) => line.includes(email))).toBe(true);
    expect(csv.slice(1).map((line) => line.split(",")[8])).toEqual(inRange.map((r) => (r.total_cents / 100).toFixed(2)));
  } finally {
    await sql.end();
  }

  // Hand-edited parameters never break the page.
  const response = await page.goto("/admin/invoices?page=-3&year=1800&sort=%27;drop&dir=sideways&from=2026-13-45&q=%25%5F");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Invoices" })).toBeVisible();
});

test("enrollments table: both kinds in one list, search by student or title, kind and status filters, sort by student, dates and an exact CSV @mobile", async ({ page }) => {
  test.setTimeout(120_000);
  const suffix = suffixOf();
  const alphaName = `Alpha Enrol ${suffix}`;
  const zuluName = `Zulu Enrol ${suffix}`;
  const widgetName = `Tbl Widget ${suffix}`;
  const alphaEmail = await signUpStudent(page, alphaName);
  await buy(page, "/products/lightroom-presets");
  await signOut(page);

  const sql = database();
  try {
    const alpha = await userId(sql, alphaEmail);
    const zulu = await createStudent(sql, zuluName, `zulu-${suffix}@example.com`);
    const [widget] = await sql<{ id: string }[]>`
      INSERT INTO products (slug, name, price_cents, status) VALUES (${`tbl-widget-${suffix}`}, ${widgetName}, 12300, 'archived') RETURNING id`;
    const now = Date.now();
    await recordPurchase(sql, zulu, await catalogItem(sql, "course", "excel-for-small-business"), new Date(now - 1 * DAY));
    const widgetBuy = await recordPurchase(sql, zulu, { kind: "product", id: widget!.id, name: widgetName, cents: 12300 }, new Date(now - 2 * DAY));
    await recordPurchase(sql, alpha, await catalogItem(sql, "course", "photography-fundamentals"), new Date(now - 3 * DAY));
    await expect.poll(async () => (await sql`SELECT 1 FROM product_enrolled WHERE user_id = ${alpha}`).length).toBe(1);

    /** The four enrollments of the two students, as the table should order them by date. */
    const mine = await sql<{ id: string; kind: string; at: Date; name: string }[]>`
      SELECT * FROM (
        SELECT ce.id, 'course' AS kind, ce.enrolled_at AS at, u.name FROM courses_enrolled ce JOIN users u ON u.id = ce.user_id WHERE ce.user_id IN (${alpha}, ${zulu})
        UNION ALL
        SELECT pe.id, 'product', pe.created_at, u.name FROM product_enrolled pe JOIN users u ON u.id = pe.user_id WHERE pe.user_id IN (${alpha}, ${zulu})
      ) e ORDER BY at DESC, id DESC`;
    expect(mine).toHaveLength(4);

    await signIn(page, ADMIN);
    await openFromNav(page, "Enrollments");

    // The suffix is in both students' names: all four, newest first, both kinds.
    await page.getByLabel(/^Search/).fill(suffix);
    await apply(page);
    await expect(page.getByTestId("table-total")).toHaveText("4 results");
    expect(await column(page, 1)).toEqual(mine.map((r) => expect.stringContaining(r.name)));
    expect(await column(page, 3)).toEqual(mine.map((r) => r.kind));
    await expect(rows(page).first()).toContainText("Lightroom Preset Collection");
    await snap(page, "admin-enrollments");
    await expectNoHorizontalScroll(page);

    // Sort by student: high to low first, then low to high; each student's rows stay together.
    await sortBy(page, "Student");
    await expect(page.getByRole("columnheader", { name: /Student ↓/ })).toBeVisible();
    expect((await column(page, 1)).map((t) => t.split("\n")[0])).toEqual([zuluName, zuluName, alphaName, alphaName]);
    await sortBy(page, "Student");
    await expect(page.getByRole("columnheader", { name: /Student ↑/ })).toBeVisible();
    expect((await column(page, 1)).map((t) => t.split("\n")[0])).toEqual([alphaName, alphaName, zuluName, zuluName]);
    await sortBy(page, "Enrolled");
    await expect(page.getByRole("columnheader", { name: /Enrolled ↓/ })).toBeVisible();

    // Kind filter: only courses, then only products.
    await page.getByLabel("Kind", { exact: true }).selectOption("course");
    await apply(page);
    await expect(rows(page)).toHaveCount(2);
    expect(await column(page, 3)).toEqual(["course", "course"]);
    await page.getByLabel("Kind", { exact: true }).selectOption("product");
    await apply(page);
    await expect(rows(page)).toHaveCount(2);
    expect(await column(page, 2)).toEqual([expect.stringContaining("Lightroom Preset Collection"), expect.stringContaining(widgetName)]);

    // The CSV holds exactly these two rows.
    const csv = await exportCsv(page);
    expect(csv[0]).toBe("enrollment_id,kind,enrolled_at,student_name,student_email,item,item_status,payment_id");
    const products = mine.filter((r) => r.kind === "product");
    expect(csv.slice(1).map((line) => line.split(",")[0])).toEqual(products.map((r) => r.id));
    expect(csv.slice(1).map((line) => line.split(",")[1])).toEqual(["product", "product"]);
    expect(csv[2]).toContain(`,${widgetName},archived,${widgetBuy.paymentId}`);

    // Item status: only the archived product.
    await page.getByLabel("Kind", { exact: true }).selectOption("");
    await page.getByLabel("Item status", { exact: true }).selectOption("archived");
    await apply(page);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText(widgetName);

    // Search by item title alone finds the one enrollment in that product.
    await page.getByLabel("Item status", { exact: true }).selectOption("");
    await page.getByLabel(/^Search/).fill(widgetName.toLowerCase());
    await apply(page);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText(zuluName);

    // Date range: the two enrollments of one and two days ago.
    await page.getByLabel(/^Search/).fill(suffix);
    await page.getByLabel("From", { exact: true }).fill(sastDay(2));
    await page.getByLabel("To", { exact: true }).fill(sastDay(1));
    await apply(page);
    const from = sastMidnight(sastDay(2)).getTime();
    const to = sastMidnight(sastDay(1)).getTime() + DAY;
    const inRange = mine.filter((r) => r.at.getTime() >= from && r.at.getTime() < to);
    expect(inRange).toHaveLength(2);
    await expect(page.getByTestId("table-total")).toHaveText("2 results");
    expect(await column(page, 3)).toEqual(inRange.map((r) => r.kind));
    const rangeCsv = await exportCsv(page);
    expect(rangeCsv.slice(1).map((line) => line.split(",")[0])).toEqual(inRange.map((r) => r.id));
    await snap(page, "admin-enrollments-filtered");

    // The links: the widget's payment, then the student.
    await rows(page).filter({ hasText: widgetName }).getByRole("link", { name: /View payment/ }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/payments/${widgetBuy.paymentId}$`));
    await expect(page.getByRole("heading", { level: 1, name: widgetName })).toBeVisible();
    await page.goBack();
    await rows(page).filter({ hasText: widgetName }).getByRole("link", { name: new RegExp(`^${zuluName}`) }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/students/${zulu}$`));
  } finally {
    await sql.end();
  }

  const response = await page.goto("/admin/enrollments?kind=both&status=gone&sort=name&dir=up&page=1e9&to=yesterday");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Enrollments" })).toBeVisible();
});
