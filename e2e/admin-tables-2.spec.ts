// The sessions, mail-queue and notifications tables, clicked through as a super admin: search,
// filters, sorting (checked by the order of the rendered rows), date ranges, and CSV downloads that
// must hold exactly the filtered rows (checked against the database). Every test writes its own rows
// with a unique tag and only ever looks at rows carrying that tag: the desktop and mobile projects
// run side by side on one database.
import { readFileSync } from "node:fs";
import { expect, test, type Download, type Page } from "@playwright/test";
import { ADMIN, database, expectNoHorizontalScroll, hydrated, signIn, snap } from "./helpers";

const newTag = () => Math.random().toString(36).slice(2, 8);

/** "YYYY-MM-DD" in Johannesburg time, `days` from now. */
function sastDay(days = 0) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Africa/Johannesburg", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + days * 86_400_000));
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF rows) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ",") {
      row.push(cell);
      cell = "";
    } else if (!quoted && c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else {
      cell += c;
    }
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

async function csvOf(download: Promise<Download>) {
  const d = await download;
  expect(d.suggestedFilename()).toMatch(/^classbook-[a-z]+-\d{4}-\d{2}-\d{2}\.csv$/);
  return parseCsv(readFileSync(await d.path(), "utf8"));
}

/** Clicks "Export CSV" and returns the header and the rows as objects keyed by the header. */
async function exportCsv(page: Page) {
  const [header, ...rows] = await csvOf(Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]).then(([d]) => d));
  return { header: header!, rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""]))) };
}

const rows = (page: Page) => page.getByTestId("table-row");
const header = (page: Page, label: string) => page.locator("thead").getByRole("link", { name: new RegExp(`^${label}`) });

/** A screenshot as a person arriving sees it: the table scrolled back to its first column. */
async function snapTable(page: Page, name: string) {
  await page.locator(".overflow-x-auto").evaluateAll((els) => els.forEach((el) => el.scrollTo(0, 0)));
  await snap(page, name);
}

async function apply(page: Page) {
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForLoadState("load");
}

async function search(page: Page, q: string) {
  await page.getByLabel(/^Search/).fill(q);
  await apply(page);
}

test("mail queue table: search, filters, date range, sort, CSV without bodies, cancel and retry @mobile", async ({ page }) => {
  const tag = newTag();
  const sql = database();
  const mk = (who: string) => `t2-${tag}-${who}@example.com`;
  const ids: Record<string, string> = {};
  try {
    const insert = async (key: string, values: Record<string, unknown>) => {
      const [row] = await sql<{ id: string }[]>`insert into mail_queue ${sql(values)} returning id`;
      ids[key] = row!.id;
    };
    await insert("alpha", { to_email: mk("ana"), subject: `T2 ${tag} Receipt alpha`, template: "purchase_receipt", payload: sql.json({}), status: "sent", attempts: 1, sent_at: sql`now() - interval '3 hours'`, provider_message_id: `prov-${tag}`, rendered_text: `Hello Ana, receipt ${tag}.`, created_at: sql`now() - interval '3 hours'` });
    await insert("beta", { to_email: mk("ben"), subject: `T2 ${tag} Enrolled beta`, template: "course_enrollment", payload: sql.json({}), status: "failed", attempts: 8, last_error: `mailbox full ${tag}`, created_at: sql`now() - interval '2 hours'` });
    // Queued but not due for a day: the in-app worker leaves it alone until someone retries it.
    await insert("gamma", { to_email: mk("cara"), subject: `T2 ${tag} Reset gamma`, template: "password_reset", payload: sql.json({ name: "Cara", resetUrl: "http://localhost/reset/x", expiresInMinutes: 60 }), status: "queued", attempts: 0, next_attempt_at: sql`now() + interval '1 day'`, created_at: sql`now() - interval '1 hour'` });
    await insert("delta", { to_email: mk("dan"), subject: `T2 ${tag} Old delta`, template: "purchase_receipt", payload: sql.json({}), status: "sent", attempts: 1, sent_at: sql`'2024-03-15 10:05+02'::timestamptz`, created_at: sql`'2024-03-15 10:00+02'::timestamptz` });

    await signIn(page, ADMIN);
    await page.goto("/admin/mail");
    await hydrated(page);

    // Search by subject: every row of this test, newest first.
    await search(page, `T2 ${tag}`);
    await expect(rows(page)).toHaveText([/gamma/, /beta/, /alpha/, /delta/]);
    await expect(page.getByTestId("table-total")).toHaveText("4 results");
    // By recipient.
    await search(page, mk("ben"));
    await expect(rows(page)).toHaveText([/beta/]);
    await expect(rows(page).first()).toContainText(`Last error: mailbox full ${tag}`);

    // Filters: status, then template, each combined with the search.
    await search(page, `T2 ${tag}`);
    await page.getByLabel("Status", { exact: true }).selectOption("sent");
    await apply(page);
    await expect(rows(page)).toHaveText([/alpha/, /delta/]);
    await page.getByLabel("Status", { exact: true }).selectOption("");
    await page.getByLabel("Template").selectOption("password_reset");
    await apply(page);
    await expect(rows(page)).toHaveText([/gamma/]);
    await page.getByLabel("Template").selectOption("");
    // Date range (created): only the row from March 2024.
    await page.getByLabel("From", { exact: true }).fill("2024-03-15");
    await page.getByLabel("To", { exact: true }).fill("2024-03-15");
    await apply(page);
    await expect(rows(page)).toHaveText([/delta/]);
    await page.getByLabel("From", { exact: true }).fill("");
    await page.getByLabel("To", { exact: true }).fill("");
    await apply(page);
    await expect(rows(page)).toHaveCount(4);

    // Sorting: oldest first, then by status (descending: cancelled, failed, sent, sending, queued).
    await header(page, "Queued").click();
    await expect(page).toHaveURL(/sort=created/);
    await expect(page).toHaveURL(/dir=asc/);
    await expect(rows(page)).toHaveText([/delta/, /alpha/, /beta/, /gamma/]);
    await header(page, "Status").click();
    await expect(page).toHaveURL(/sort=status&dir=desc/);
    await expect(rows(page)).toHaveText([/beta/, /alpha/, /delta/, /gamma/]);
    await snapTable(page, "admin-mail-table");
    await expectNoHorizontalScroll(page);

    // The CSV holds exactly these rows, in this order, and no rendered bodies.
    const csv = await exportCsv(page);
    expect(csv.header).toEqual(["mail_id", "created_at", "status", "template", "to", "subject", "attempts", "last_error", "sent_at", "provider_message_id"]);
    const expected = await sql<{ id: string; created_at: Date; status: string; template: string; to_email: string; subject: string; attempts: number; last_error: string | null; sent_at: Date | null; provider_message_id: string | null }[]>`
      select id, created_at, status, template, to_email, subject, attempts, last_error, sent_at, provider_message_id from mail_queue
      where subject ilike ${`%T2 ${tag}%`} or to_email ilike ${`%T2 ${tag}%`} order by status desc, created_at desc, id desc`;
    expect(csv.rows).toEqual(
      expected.map((m) => ({
        mail_id: m.id, created_at: m.created_at.toISOString(), status: m.status, template: m.template, to: m.to_email, subject: m.subject,
        attempts: String(m.attempts), last_error: m.last_error ?? "", sent_at: m.sent_at?.toISOString() ?? "", provider_message_id: m.provider_message_id ?? "",
      })),
    );
    expect(csv.rows.map((r) => r.mail_id)).toEqual([ids.beta, ids.alpha, ids.delta, ids.gamma]);
    expect(JSON.stringify(csv.rows)).not.toContain("Hello Ana");

    // A filtered CSV: the failed one only.
    await page.getByLabel("Status", { exact: true }).selectOption("failed");
    await apply(page);
    await expect(rows(page)).toHaveText([/beta/]);
    const failed = await exportCsv(page);
    expect(failed.rows.map((r) => [r.mail_id, r.status, r.last_error])).toEqual([[ids.beta, "failed", `mailbox full ${tag}`]]);

    // The email itself is still one click away.
    await page.getByLabel("Status", { exact: true }).selectOption("");
    await search(page, mk("ana"));
    const alpha = page.getByTestId("mail-row").filter({ hasText: `Receipt alpha` });
    await alpha.getByText("Show the email").click();
    await expect(alpha.locator("pre")).toContainText(`receipt ${tag}`);

    // Cancel the queued email, then retry it: it goes back on the queue (and the worker may send it).
    await search(page, mk("cara"));
    const gamma = rows(page).filter({ hasText: "Reset gamma" });
    await expect(gamma.getByTestId("mail-status")).toHaveText("queued");
    await gamma.getByRole("button", { name: "Cancel" }).click();
    await expect(gamma.getByTestId("mail-status")).toHaveText("cancelled");
    await expect(gamma.getByRole("button", { name: "Cancel" })).toHaveCount(0);
    await gamma.getByRole("button", { name: "Retry" }).click();
    await expect(gamma.getByTestId("mail-status")).toHaveText(/queued|sending|sent/);
    const [after] = await sql<{ status: string; attempts: number }[]>`select status, attempts from mail_queue where id = ${ids.gamma!}`;
    expect(["queued", "sending", "sent"]).toContain(after!.status);
    const audited = await sql<{ action: string }[]>`select action from audit_log where entity_type = 'mail' and entity_id = ${ids.gamma!} order by created_at`;
    expect(audited.map((a) => a.action)).toEqual(["mail.cancelled", "mail.retried"]);
  } finally {
    await sql.end();
  }
});

test("notifications table: search, type and read filters, date range, sort, CSV, mark as read @mobile", async ({ page }) => {
  const tag = newTag();
  const sql = database();
  const ids: Record<string, string> = {};
  try {
    const insert = async (key: string, values: Record<string, unknown>) => {
      const [row] = await sql<{ id: string }[]>`insert into notifications ${sql({ audience: "super_admins", ...values })} returning id`;
      ids[key] = row!.id;
    };
    await insert("one", { type: "course_enrolled", title: `T2 ${tag} enrollment one`, body: `Learner ${tag} enrolled (R 350.00).`, link: "/admin/sessions", created_at: sql`now() - interval '3 hours'` });
    await insert("two", { type: "booking_made", title: `T2 ${tag} booking two`, body: "A seat was booked.", read_at: sql`now()`, created_at: sql`now() - interval '2 hours'` });
    await insert("three", { type: "course_enrolled", title: `T2 ${tag} enrollment three`, body: "Someone else enrolled.", created_at: sql`now() - interval '1 hour'` });
    await insert("four", { type: "booking_cancelled", title: `T2 ${tag} cancelled four`, body: "A booking was cancelled.", read_at: sql`'2024-03-16 09:00+02'::timestamptz`, created_at: sql`'2024-03-15 10:00+02'::timestamptz` });

    await signIn(page, ADMIN);
    await page.goto("/admin/notifications");
    await hydrated(page);

    await search(page, `T2 ${tag}`);
    await expect(rows(page)).toHaveText([/three/, /two/, /one/, /four/]);
    // The body is searched too.
    await search(page, `Learner ${tag}`);
    await expect(rows(page)).toHaveText([/enrollment one/]);

    await search(page, `T2 ${tag}`);
    await page.getByLabel("Type").selectOption("course_enrolled");
    await apply(page);
    await expect(rows(page)).toHaveText([/three/, /one/]);
    await page.getByLabel("Type").selectOption("");
    await page.getByLabel("Read", { exact: true }).selectOption("read");
    await apply(page);
    await expect(rows(page)).toHaveText([/two/, /four/]);
    await page.getByLabel("Read", { exact: true }).selectOption("unread");
    await apply(page);
    await expect(rows(page)).toHaveText([/three/, /one/]);
    await page.getByLabel("Read", { exact: true }).selectOption("");
    await page.getByLabel("From", { exact: true }).fill("2024-03-15");
    await page.getByLabel("To", { exact: true }).fill("2024-03-15");
    await apply(page);
    await expect(rows(page)).toHaveText([/four/]);
    await page.getByLabel("From", { exact: true }).fill("");
    await page.getByLabel("To", { exact: true }).fill("");
    await apply(page);

    // Oldest first.
    await header(page, "Received").click();
    await expect(page).toHaveURL(/dir=asc/);
    await expect(rows(page)).toHaveText([/four/, /one/, /two/, /three/]);
    await snapTable(page, "admin-notifications-table");
    await expectNoHorizontalScroll(page);

    const csv = await exportCsv(page);
    expect(csv.header).toEqual(["notification_id", "created_at", "type", "title", "body", "link", "read_at"]);
    const expected = await sql<{ id: string; created_at: Date; type: string; title: string; body: string; link: string | null; read_at: Date | null }[]>`
      select id, created_at, type, title, body, link, read_at from notifications
      where audience = 'super_admins' and (title ilike ${`%T2 ${tag}%`} or body ilike ${`%T2 ${tag}%`}) order by created_at asc, id asc`;
    expect(csv.rows).toEqual(expected.map((n) => ({ notification_id: n.id, created_at: n.created_at.toISOString(), type: n.type, title: n.title, body: n.body, link: n.link ?? "", read_at: n.read_at?.toISOString() ?? "" })));
    expect(csv.rows.map((r) => r.notification_id)).toEqual([ids.four, ids.one, ids.two, ids.three]);

    // Filtered CSV: the unread course enrollments only.
    await page.getByLabel("Type").selectOption("course_enrolled");
    await page.getByLabel("Read", { exact: true }).selectOption("unread");
    await apply(page);
    const unread = await exportCsv(page);
    expect(unread.rows.map((r) => r.notification_id)).toEqual([ids.one, ids.three]);

    // Mark one as read from the table: it leaves the unread filter.
    const one = page.getByTestId("notification").filter({ hasText: "enrollment one" });
    await one.getByRole("button", { name: "Mark as read" }).click();
    await expect(rows(page)).toHaveText([/three/]);
    const [row] = await sql<{ read: boolean }[]>`select read_at is not null as read from notifications where id = ${ids.one!}`;
    expect(row!.read).toBe(true);
  } finally {
    await sql.end();
  }
});

test("sessions table: search by title or instructor, filters, sorts, CSV; slot and roster CSVs from the session page @mobile", async ({ page }) => {
  const tag = newTag();
  const sql = database();
  try {
    const [course] = await sql<{ id: string; title: string }[]>`select id, title from courses order by slug limit 1`;
    const [instructor] = await sql<{ id: string }[]>`
      insert into users (name, email, password_hash, role) values (${`Tutor ${tag}`}, ${`t2-tutor-${tag}@example.com`}, 'not-a-hash', 'instructor') returning id`;
    const students = await sql<{ id: string; name: string }[]>`
      insert into users (name, email, password_hash) values
        (${`Ayo ${tag}`}, ${`t2-ayo-${tag}@example.com`}, 'not-a-hash'),
        (${`Bea ${tag}`}, ${`t2-bea-${tag}@example.com`}, 'not-a-hash')
      returning id, name`;
    const session = async (title: string, values: Record<string, unknown>) => {
      const [row] = await sql<{ id: string }[]>`insert into sessions ${sql({ title, ...values })} returning id`;
      return row!.id;
    };
    const slot = async (sessionId: string, startsIn: string, status = "scheduled") => {
      const [row] = await sql<{ id: string }[]>`
        insert into slots (session_id, capacity, status, starts_at, ends_at)
        values (${sessionId}, 10, ${status}, now() + ${startsIn}::interval, now() + ${startsIn}::interval + interval '1 hour')
        returning id`;
      return row!.id;
    };
    const alpha = await session(`T2 ${tag} Alpha online`, { mode: "online", meeting_url: "https://meet.example.com/alpha", course_id: course!.id, created_at: sql`now() - interval '3 days'` });
    const bravo = await session(`T2 ${tag} Bravo studio`, { mode: "in_person", location: "Studio B", created_at: sql`now() - interval '2 days'` });
    const charlie = await session(`T2 ${tag} Charlie hall`, { mode: "in_person", location: "Hall C", created_at: sql`now() - interval '1 day'` });
    await sql`insert into session_instructors (session_id, instructor_id) values (${bravo}, ${instructor!.id})`;
    const alphaSoon = await slot(alpha, "2 days");
    await slot(alpha, "9 days");
    const bravoPast = await slot(bravo, "-5 days");
    await slot(charlie, "4 days");
    await slot(charlie, "1 day", "cancelled");
    // Alpha's first slot: one booking, one cancelled. Bravo's past slot: one attended, one no-show.
    await sql`insert into slot_enrolled (slot_id, session_id, user_id, status) values (${alphaSoon}, ${alpha}, ${students[0]!.id}, 'booked')`;
    await sql`insert into slot_enrolled (slot_id, session_id, user_id, status, cancelled_at) values (${alphaSoon}, ${alpha}, ${students[1]!.id}, 'cancelled', now())`;
    await sql`insert into slot_enrolled (slot_id, session_id, user_id, status) values (${bravoPast}, ${bravo}, ${students[0]!.id}, 'attended'), (${bravoPast}, ${bravo}, ${students[1]!.id}, 'no_show')`;

    await signIn(page, ADMIN);
    await page.goto("/admin/sessions");
    await hydrated(page);

    // Default order: the soonest next slot first, sessions with nothing upcoming last.
    await search(page, `T2 ${tag}`);
    await expect(rows(page)).toHaveText([/Alpha/, /Charlie/, /Bravo/]);
    await expect(rows(page).filter({ hasText: "Alpha" })).toContainText(`${course!.title} students only`);

    // Sorts: by title (descending, then ascending), by creation.
    await header(page, "Session").click();
    await expect(page).toHaveURL(/sort=title&dir=desc/);
    await expect(rows(page)).toHaveText([/Charlie/, /Bravo/, /Alpha/]);
    await header(page, "Session").click();
    await expect(page).toHaveURL(/sort=title&dir=asc/);
    await expect(rows(page)).toHaveText([/Alpha/, /Bravo/, /Charlie/]);
    await header(page, "Created").click();
    await expect(page).toHaveURL(/sort=created&dir=desc/);
    await expect(rows(page)).toHaveText([/Charlie/, /Bravo/, /Alpha/]);

    // Filters.
    await page.getByLabel("Delivery").selectOption("in_person");
    await apply(page);
    await expect(rows(page)).toHaveText([/Charlie/, /Bravo/]);
    await page.getByLabel("Upcoming slots").selectOption("no");
    await apply(page);
    await expect(rows(page)).toHaveText([/Bravo/]);
    await page.getByLabel("Delivery").selectOption("");
    await page.getByLabel("Upcoming slots").selectOption("yes");
    await page.getByLabel("Course").selectOption("course");
    await apply(page);
    await expect(rows(page)).toHaveText([/Alpha/]);
    await page.getByLabel("Upcoming slots").selectOption("");
    await page.getByLabel("Course").selectOption("");

    // Search by the instructor's email finds the session they teach.
    await search(page, `t2-tutor-${tag}@example.com`);
    await expect(rows(page)).toHaveText([/Bravo/]);
    await expect(rows(page).first()).toContainText(`Tutor ${tag}`);

    // CSV of exactly the filtered sessions, in the table's order.
    await search(page, `T2 ${tag}`);
    await header(page, "Session").click();
    await expect(page).toHaveURL(/sort=title&dir=desc/);
    await header(page, "Session").click();
    await expect(page).toHaveURL(/sort=title&dir=asc/);
    await expect(rows(page)).toHaveText([/Alpha/, /Bravo/, /Charlie/]);
    await snapTable(page, "admin-sessions-table");
    await expectNoHorizontalScroll(page);
    const csv = await exportCsv(page);
    expect(csv.header).toEqual(["session_id", "title", "mode", "location", "meeting_url", "course", "instructors", "upcoming_slots", "next_slot_starts_at", "created_at"]);
    expect(csv.rows.map((r) => [r.session_id, r.mode, r.location, r.course, r.instructors, r.upcoming_slots])).toEqual([
      [alpha, "online", "", course!.title, "", "2"],
      [bravo, "in_person", "Studio B", "", `Tutor ${tag}`, "0"],
      [charlie, "in_person", "Hall C", "", "", "1"],
    ]);
    expect(csv.rows[2]!.next_slot_starts_at).not.toBe("");
    expect(csv.rows[1]!.next_slot_starts_at).toBe("");

    // The session page: slots CSV for a date range (only the slot in two days), then all of them.
    await rows(page).filter({ hasText: "Alpha" }).getByRole("link", { name: `T2 ${tag} Alpha online` }).click();
    await expect(page.getByRole("heading", { name: `T2 ${tag} Alpha online` })).toBeVisible();
    await page.waitForLoadState("load");
    await page.getByLabel("Slots from").fill(sastDay(2));
    await page.getByLabel("to", { exact: true }).fill(sastDay(2));
    const [head, ...slotRows] = await csvOf(Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export slots CSV" }).click()]).then(([d]) => d));
    expect(head).toEqual(["slot_id", "session_id", "session_title", "starts_at", "ends_at", "status", "capacity", "booked", "held", "seats_left", "attended", "no_show", "cancelled_bookings"]);
    expect(slotRows.map((r) => [r[0], r[1], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12]])).toEqual([[alphaSoon, alpha, "scheduled", "10", "1", "0", "9", "0", "0", "1"]]);
    await snap(page, "admin-session-exports");
    await expectNoHorizontalScroll(page);
    await page.getByLabel("Slots from").fill("");
    await page.getByLabel("to", { exact: true }).fill("");
    const [, ...allSlots] = await csvOf(Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export slots CSV" }).click()]).then(([d]) => d));
    const dbSlots = await sql<{ id: string }[]>`select id from slots where session_id = ${alpha} order by starts_at, id`;
    expect(allSlots.map((r) => r[0])).toEqual(dbSlots.map((s) => s.id));

    // The roster of the first slot: both students, the cancelled booking marked as such.
    const roster = await csvOf(Promise.all([page.waitForEvent("download"), page.getByTestId("admin-slot").first().getByTestId("roster-csv").click()]).then(([d]) => d));
    expect(roster[0]).toEqual(["booking_id", "slot_id", "session_title", "slot_starts_at", "student_name", "student_email", "status", "booked_at", "cancelled_at"]);
    expect(roster.slice(1).map((r) => [r[1], r[4], r[5], r[6], r[8] === "" ? "" : "set"])).toEqual([
      [alphaSoon, `Ayo ${tag}`, `t2-ayo-${tag}@example.com`, "booked", ""],
      [alphaSoon, `Bea ${tag}`, `t2-bea-${tag}@example.com`, "cancelled", "set"],
    ]);

    // Attendance reaches the slot counts (Bravo's past slot).
    const bravoCsv = parseCsv(await (await page.request.get(`/admin/export/slots?session=${bravo}`)).text());
    expect(bravoCsv.slice(1).map((r) => [r[0], r[7], r[10], r[11]])).toEqual([[bravoPast, "2", "1", "1"]]);
  } finally {
    await sql.end();
  }
});

test("malformed table parameters never fail: pages show defaults, exports answer with a CSV", async ({ page }) => {
  await signIn(page, ADMIN);
  for (const url of [
    "/admin/sessions?page=-3&sort=%27;drop&dir=sideways&mode=boat&course=maybe&upcoming=2",
    "/admin/mail?page=abc&status=NOPE&template=%3Cscript%3E&from=2024-13-45&to=yesterday&sort=size",
    "/admin/notifications?page=99999999999&type=nope&read=sometimes&from=20240101&q=%25%5F%5C",
  ]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
    await expect(page.getByTestId("table-total")).toBeVisible();
  }
  for (const url of ["/admin/export/sessions?sort=nope", "/admin/export/slots?session=not-a-uuid&from=garbage", "/admin/export/roster?slot=xyz", "/admin/export/mail?status=%00", "/admin/export/notifications?dir=up"]) {
    const response = await page.request.get(url);
    expect(response.status(), url).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/csv");
  }
  // A roster needs a slot: without one it is the header alone.
  expect((await (await page.request.get("/admin/export/roster")).text()).trim().split("\r\n")).toHaveLength(1);
});
