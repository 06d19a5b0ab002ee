// The overview's numbers come from the daily rollup (overview_days) for closed days and from the
// base tables for the rest; they must equal one aggregation of the base tables over the range,
// the way the overview computed them before the rollup. Payments, invoices and enrollments are
// made by the app (completePayment) and then moved back in time with direct SQL.
import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db/index";
import { overviewDays } from "@/db/schema";
import { overview, type Bucket } from "@/lib/admin/overview";
import { CLOSE_GRACE_MINUTES, fillClosedDays, maintainRollup } from "@/lib/admin/rollup";
import { rowsOf } from "@/lib/db-batch";
import { closePayment, completePayment } from "@/lib/payments/complete";
import { createCourse, createPayment, createProduct, createUser } from "../../helpers/db";

const ZONE = "Africa/Johannesburg";
const MINUTE = 60_000;
const DAY = 86_400_000;

beforeEach(async () => {
  await db.execute(sql`
    TRUNCATE users, courses, products, payments, student_payments, invoices, invoice_counters, payfast_transactions,
      payfast_itn_log, courses_enrolled, product_enrolled, notifications, mail_queue, timeline, overview_days CASCADE`);
});

/** The instant local day `k` (0 = today, -1 = yesterday, in Africa/Johannesburg) starts. */
async function localMidnight(k: number): Promise<Date> {
  const [row] = rowsOf(
    await db.execute(sql`SELECT ((date_trunc('day', now() AT TIME ZONE ${ZONE}) + make_interval(days => ${k})) AT TIME ZONE ${ZONE}) AS t`),
  );
  return new Date(row!.t as string | Date);
}

const iso = (d: Date) => d.toISOString();

/** Moves a payment and everything it wrote to instant `t`. */
async function backdate(paymentId: string, t: Date) {
  await db.execute(sql`
    UPDATE payments SET created_at = ${iso(t)}::timestamptz,
      completed_at = CASE WHEN status = 'COMPLETED' THEN ${iso(t)}::timestamptz END
    WHERE id = ${paymentId}`);
  await db.execute(sql`UPDATE invoices SET issued_at = ${iso(t)}::timestamptz WHERE payment_id = ${paymentId}`);
  await db.execute(sql`UPDATE courses_enrolled SET enrolled_at = ${iso(t)}::timestamptz WHERE payment_id = ${paymentId}`);
  await db.execute(sql`UPDATE product_enrolled SET created_at = ${iso(t)}::timestamptz WHERE payment_id = ${paymentId}`);
}

let seq = 0;
/** A payment at instant `t`: completed through the app (invoice, enrollment), or left in `status`. */
async function paymentAt(t: Date, opts: { status?: "COMPLETED" | "STARTED" | "FAILED" | "CANCELLED"; amountCents?: number; method?: "payfast" | "manual"; course?: boolean } = {}) {
  const status = opts.status ?? "COMPLETED";
  const amountCents = opts.amountCents ?? 10_000 + (seq++ % 7) * 1_333;
  const user = await createUser();
  const item = opts.course ? { courseId: (await createCourse({ priceCents: amountCents })).id } : { productId: (await createProduct({ priceCents: amountCents })).id };
  const method = opts.method ?? "payfast";
  let payment: Awaited<ReturnType<typeof createPayment>>;
  if (status === "COMPLETED" && method === "payfast") {
    payment = await createPayment({ userId: user.id, ...item, amountCents, method });
    const id = payment.id;
    const result = await db.transaction((tx) => completePayment(tx, id));
    expect(result.outcome).toBe("completed");
  } else {
    payment = await createPayment({ userId: user.id, ...item, amountCents, method, status });
  }
  await db.execute(sql`UPDATE users SET created_at = ${iso(t)}::timestamptz WHERE id = ${user.id}`);
  await backdate(payment.id, t);
  return payment;
}

/** The overview's numbers as one aggregation of the base tables (the pre-rollup queries). */
async function direct(from: Date, to: Date, bucket: Bucket) {
  const range = (col: string) => sql.raw(`${col} >= '${iso(from)}'::timestamptz AND ${col} < '${iso(to)}'::timestamptz`);
  const series = rowsOf(
    await db.execute(sql`
      SELECT to_char(date_trunc(${bucket}, i.issued_at AT TIME ZONE ${ZONE}), 'YYYY-MM-DD') AS bucket,
             sum(i.total_cents)::bigint AS total, sum(i.vat_cents)::bigint AS vat, count(*)::int AS n
      FROM invoices i WHERE ${range("i.issued_at")} GROUP BY 1 ORDER BY 1`),
  ).map((r) => ({ bucket: String(r.bucket), totalCents: Number(r.total), vatCents: Number(r.vat), count: Number(r.n) }));
  const byStatus = rowsOf(
    await db.execute(sql`SELECT status, count(*)::int AS n FROM payments WHERE ${range("created_at")} AND method = 'payfast' GROUP BY status`),
  );
  const one = async (q: ReturnType<typeof sql>) => Number(rowsOf(await db.execute(q))[0]!.n);
  return {
    series,
    revenueCents: series.reduce((a, r) => a + r.totalCents, 0),
    vatCents: series.reduce((a, r) => a + r.vatCents, 0),
    statusCounts: Object.fromEntries(byStatus.map((r) => [String(r.status), Number(r.n)])),
    newStudents: await one(sql`SELECT count(*)::int AS n FROM users WHERE role = 'student' AND ${range("created_at")}`),
    courseEnrollments: await one(sql`SELECT count(*)::int AS n FROM courses_enrolled WHERE ${range("enrolled_at")}`),
    productEnrollments: await one(sql`SELECT count(*)::int AS n FROM product_enrolled WHERE ${range("created_at")}`),
  };
}

async function expectSame(from: Date, to: Date, bucket: Bucket) {
  const o = await overview(from, to, bucket);
  const d = await direct(from, to, bucket);
  const got = {
    series: o.series,
    revenueCents: o.revenueCents,
    vatCents: o.vatCents,
    statusCounts: o.statusCounts,
    newStudents: o.newStudents,
    courseEnrollments: o.courseEnrollments,
    productEnrollments: o.productEnrollments,
  };
  expect(got, `${bucket} ${iso(from)} .. ${iso(to)}`).toEqual(d);
  return o;
}

async function storedDays() {
  return db.select().from(overviewDays).orderBy(overviewDays.day);
}

/** 40-odd days of activity, two around one local midnight, one a year back and some today. */
async function history() {
  const m = async (k: number) => localMidnight(k);
  const made: { t: Date; label: string }[] = [];
  const add = async (t: Date, opts: Parameters<typeof paymentAt>[1] = {}, label = "") => {
    await paymentAt(t, opts);
    made.push({ t, label });
  };
  for (let k = -45; k <= -1; k += 4) {
    await add(new Date((await m(k)).getTime() + 9 * 3_600_000 + k * 7 * MINUTE));
    await add(new Date((await m(k)).getTime() + 15 * 3_600_000), { course: true });
    await add(new Date((await m(k)).getTime() + 11 * 3_600_000), { status: k % 8 === 0 ? "FAILED" : "CANCELLED" });
  }
  // Around the start of local day -3: 21:30 UTC (23:30 on day -4 there) and 22:30 UTC (00:30 on day -3).
  await add(new Date((await m(-3)).getTime() - 30 * MINUTE), { amountCents: 70_001 }, "before midnight");
  await add(new Date((await m(-3)).getTime() + 30 * MINUTE), { amountCents: 90_003 }, "after midnight");
  await add(new Date((await m(-6)).getTime() + 60 * MINUTE), { status: "STARTED" });
  await add(new Date((await m(-7)).getTime() + 2 * 3_600_000), { status: "COMPLETED", method: "manual" });
  await add(new Date((await m(-380)).getTime() + 12 * 3_600_000), { amountCents: 123_456 });
  // Today: counted live, never stored.
  await add(new Date(Date.now() - 2 * MINUTE), { amountCents: 55_555 });
  await add(new Date(Date.now() - 3 * MINUTE), { status: "STARTED" });
  return made;
}

describe("overview from the daily rollup", () => {
  it("equals one aggregation of the base tables, for every bucket and for ranges that cut days in half", async () => {
    await history();
    const now = Date.now();
    const to = new Date(now + MINUTE); // the page's default end
    const ranges: [Date, Date][] = [
      [new Date(to.getTime() - 30 * DAY), to], // the default: last 30 days, a partial first day
      [new Date(now - 730 * DAY), to], // two years
      [await localMidnight(-20), await localMidnight(-2)], // whole days only, all closed
      [new Date((await localMidnight(-12)).getTime() + 7 * 3_600_000 + 13 * MINUTE), new Date((await localMidnight(-4)).getTime() + 3 * 3_600_000)],
      [new Date((await localMidnight(-3)).getTime() - 45 * MINUTE), new Date((await localMidnight(-3)).getTime() + 45 * MINUTE)],
      [await localMidnight(0), to], // today only
      [new Date(now - 50 * DAY), new Date(now + 40 * DAY)], // ends in the future
      [new Date(now - 2000 * DAY), new Date(now - 1000 * DAY)], // before any data
    ];
    for (const [from, end] of ranges) {
      for (const bucket of ["day", "week", "month"] as const) await expectSame(from, end, bucket);
    }
  });

  it("puts 22:30 UTC into the next local day and 21:30 UTC into the same one", async () => {
    const made = await history();
    const after = made.find((x) => x.label === "after midnight")!.t;
    const before = made.find((x) => x.label === "before midnight")!.t;
    expect([after.getUTCHours(), after.getUTCMinutes()]).toEqual([22, 30]);
    expect([before.getUTCHours(), before.getUTCMinutes()]).toEqual([21, 30]);
    const day3 = (await localMidnight(-3)).getTime();
    const localDay = (ms: number) => new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(new Date(ms));

    const o = await expectSame(new Date(day3 - 2 * DAY), new Date(day3 + 2 * DAY), "day");
    expect(o.series.find((p) => p.bucket === localDay(day3))).toMatchObject({ totalCents: 90_003, count: 1 });
    expect(o.series.find((p) => p.bucket === localDay(day3 - DAY))).toMatchObject({ totalCents: 70_001, count: 1 });
    // Both days are whole and closed: the numbers came from stored rows.
    const stored = new Map((await storedDays()).map((r) => [r.day, r]));
    expect(stored.get(localDay(day3))).toMatchObject({ zone: ZONE, grossCents: 90_003, invoices: 1 });
    expect(stored.get(localDay(day3 - DAY))).toMatchObject({ zone: ZONE, grossCents: 70_001, invoices: 1 });
  });

  it("fills only closed days, each once; today (and yesterday within the grace period) stays live", async () => {
    await history();
    const to = new Date(Date.now() + MINUTE);
    await overview(new Date(to.getTime() - 30 * DAY), to, "day");
    const days = await storedDays();
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(new Date());
    const open = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(new Date(Date.now() - CLOSE_GRACE_MINUTES * MINUTE));
    expect(days.length).toBeGreaterThanOrEqual(28);
    expect(days.every((d) => d.day < open && d.day < today)).toBe(true);
    // Whole days only: the first (partial) day of the range is not stored.
    const firstWhole = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(new Date(to.getTime() - 29 * DAY));
    expect(days[0]!.day >= firstWhole).toBe(true);

    // Nothing missing any more: a second request inserts nothing, and neither does a direct fill.
    await overview(new Date(to.getTime() - 30 * DAY), to, "day");
    expect(await storedDays()).toEqual(days);
    expect(await fillClosedDays(ZONE, { from: days[0]!.day, to: "9999-12-31" })).toBe(0);
  });

  it("two requests filling the same days at once agree", async () => {
    await history();
    const to = new Date(Date.now() + MINUTE);
    const from = new Date(to.getTime() - 60 * DAY);
    const [a, b] = await Promise.all([overview(from, to, "week"), overview(from, to, "week")]);
    expect(a.series).toEqual(b.series);
    await expectSame(from, to, "week");
  });

  it("a payment of a stored day that completes or fails later is counted in its new status", async () => {
    await history();
    const to = new Date(Date.now() + MINUTE);
    const from = new Date(to.getTime() - 30 * DAY);
    const late = await paymentAt(new Date((await localMidnight(-5)).getTime() + 20 * 3_600_000), { status: "STARTED" });
    const lost = await paymentAt(new Date((await localMidnight(-9)).getTime() + 8 * 3_600_000), { status: "STARTED" });
    const manual = await paymentAt(new Date((await localMidnight(-4)).getTime() + 8 * 3_600_000), { status: "STARTED", method: "manual" });
    const before = await expectSame(from, to, "day");

    // The ITN arrives days later: the payment completes today (its invoice is today's), another fails.
    await db.transaction((tx) => completePayment(tx, late.id));
    await closePayment(db, lost.id, "FAILED", "Card declined");
    await db.execute(sql`UPDATE payments SET status = 'COMPLETED', completed_at = now() WHERE id = ${manual.id}`);
    const after = await expectSame(from, to, "day");
    expect(after.statusCounts.COMPLETED).toBe((before.statusCounts.COMPLETED ?? 0) + 1);
    expect(after.statusCounts.FAILED).toBe((before.statusCounts.FAILED ?? 0) + 1);
    expect(after.statusCounts.STARTED).toBe((before.statusCounts.STARTED ?? 0) - 2);
    // The stored rows were recounted, so the next request needs no recount.
    const [{ stored } = { stored: 0 }] = rowsOf(await db.execute(sql`SELECT sum(started_all)::int AS stored FROM overview_days`)) as { stored: number }[];
    const [{ live } = { live: 0 }] = rowsOf(
      await db.execute(sql`SELECT count(*)::int AS live FROM payments WHERE status = 'STARTED'
        AND created_at < (date_trunc('day', (now() - make_interval(mins => ${CLOSE_GRACE_MINUTES})) AT TIME ZONE ${ZONE}) AT TIME ZONE ${ZONE})`),
    ) as { live: number }[];
    expect(stored).toBe(live);
    await expectSame(new Date(Date.now() - 730 * DAY), to, "month");
  });

  it("the worker's upkeep fills every closed day from the first one with data, then has nothing to do", async () => {
    await history();
    // Every day from the oldest payment (local day -380) up to the first day not closed yet:
    // 380 days, or 379 in the first CLOSE_GRACE_MINUTES after local midnight (yesterday is still open).
    const oldest = await localMidnight(-380);
    const [{ closed } = { closed: 0 }] = rowsOf(
      await db.execute(sql`SELECT (((now() - make_interval(mins => ${CLOSE_GRACE_MINUTES})) AT TIME ZONE ${ZONE})::date
        - (${oldest.toISOString()}::timestamptz AT TIME ZONE ${ZONE})::date)::int AS closed`),
    ) as { closed: number }[];
    expect([379, 380]).toContain(closed);
    const first = await maintainRollup(ZONE);
    expect(first.filled).toBe(closed);
    expect(await maintainRollup(ZONE)).toEqual({ filled: 0, healed: 0 });
    await expectSame(new Date(Date.now() - 730 * DAY), new Date(Date.now() + MINUTE), "month");
  });

  it("with no data at all stores nothing and shows zeros", async () => {
    const to = new Date(Date.now() + MINUTE);
    const o = await overview(new Date(to.getTime() - 730 * DAY), to, "month");
    expect(o).toMatchObject({ series: [], revenueCents: 0, vatCents: 0, statusCounts: {}, conversion: null, courseEnrollments: 0, productEnrollments: 0 });
    expect(await storedDays()).toEqual([]);
  });
});
