import "server-only";
import { and, asc, count, eq, gte, inArray, lt, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { db } from "@/db";
import { coursesEnrolled, mailQueue, payments, productEnrolled, sessions, slots, users } from "@/db/schema";
import { env } from "@/lib/env";
import { dayStartSql, fillClosedDays, healStartedDays, openDaySql } from "./rollup";
import { rowsOf } from "@/lib/db-batch";

export type Bucket = "day" | "week" | "month";
type Status = (typeof payments.status.enumValues)[number];
type Point = { bucket: string; totalCents: number; vatCents: number; count: number };

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * Everything the overview shows for [from, to). The whole days of the range that are closed come
 * from the daily rollup (lib/admin/rollup.ts; missing ones are filled first); the rest (the
 * partial first day, today, and yesterday during the grace period) is counted live from the base
 * tables. The numbers are the same as aggregating the base tables over [from, to).
 */
export async function overview(from: Date, to: Date, bucket: Bucket) {
  const zone = env().PLATFORM_TIMEZONE;
  // Whole closed days inside [from, to), from the first day with data on: [d0, d1).
  const [bounds] = rowsOf(
    await db.execute(sql`
      WITH b AS (
        SELECT greatest(((${ts(from)} AT TIME ZONE ${zone}) - interval '1 microsecond')::date + 1, f.day) AS d0,
               least((${ts(to)} AT TIME ZONE ${zone})::date, ${openDaySql(zone)}) AS d1, f.day AS first
        FROM (SELECT (least((SELECT min(issued_at) FROM invoices), (SELECT min(created_at) FROM payments),
                            (SELECT min(enrolled_at) FROM courses_enrolled), (SELECT min(created_at) FROM product_enrolled))
                      AT TIME ZONE ${zone})::date AS day) f
      )
      SELECT d0::text AS d0, d1::text AS d1, (first IS NOT NULL AND d0 < d1) AS rolled,
             (SELECT count(*)::int FROM generate_series(d0, d1 - 1, interval '1 day') g
               WHERE first IS NOT NULL AND NOT EXISTS (SELECT 1 FROM overview_days o WHERE o.zone = ${zone} AND o.day = g::date)) AS missing
      FROM b`),
  );
  const rolled = Boolean(bounds?.rolled);
  const d0 = String(bounds?.d0);
  const d1 = String(bounds?.d1);
  if (rolled && Number(bounds?.missing) > 0) await fillClosedDays(zone, { from: d0, to: d1 });

  // The live part of [from, to): all of it, or what is left around the rolled-up days.
  const live = (column: SQLWrapper): SQL =>
    rolled
      ? sql`((${column} >= ${ts(from)} AND ${column} < ${dayStartSql(zone, sql`${d0}::date`)}) OR (${column} >= ${dayStartSql(zone, sql`${d1}::date`)} AND ${column} < ${ts(to)}))`
      : sql`(${column} >= ${ts(from)} AND ${column} < ${ts(to)})`;
  const readRollup = async () =>
    rolled
      ? rowsOf(
          await db.execute(sql`
            SELECT to_char(date_trunc(${bucket}, day::timestamp), 'YYYY-MM-DD') AS bucket,
                   sum(gross_cents)::bigint AS total, sum(vat_cents)::bigint AS vat, sum(invoices)::int AS n,
                   sum(payfast_started)::int AS started, sum(payfast_completed)::int AS completed,
                   sum(payfast_failed)::int AS failed, sum(payfast_cancelled)::int AS cancelled,
                   sum(started_all)::int AS started_all,
                   sum(course_enrollments)::int AS course_enrollments, sum(product_enrollments)::int AS product_enrollments
            FROM overview_days WHERE zone = ${zone} AND day >= ${d0}::date AND day < ${d1}::date
            GROUP BY 1`),
        )
      : [];

  const [rollup, liveRevenue, liveByStatus, [startedNow], [newStudents], [courseEnrollments], [productEnrollments], upcoming, mail] = await Promise.all([
    readRollup(),
    db.execute(sql`
      SELECT to_char(date_trunc(${bucket}, i.issued_at AT TIME ZONE ${zone}), 'YYYY-MM-DD') AS bucket,
             sum(i.total_cents)::bigint AS total, sum(i.vat_cents)::bigint AS vat, count(*)::int AS n
      FROM invoices i
      WHERE ${live(sql`i.issued_at`)}
      GROUP BY 1`),
    db
      .select({ status: payments.status, n: count() })
      .from(payments)
      .where(and(live(payments.createdAt), eq(payments.method, "payfast")))
      .groupBy(payments.status),
    // STARTED payments (any method) of the rolled-up days now; see rollup.ts.
    rolled
      ? db
          .select({ n: count() })
          .from(payments)
          .where(and(eq(payments.status, "STARTED"), gte(payments.createdAt, dayStartSql(zone, sql`${d0}::date`)), lt(payments.createdAt, dayStartSql(zone, sql`${d1}::date`))))
      : Promise.resolve([{ n: 0 }]),
    // Live for the whole range: a user's role can change, so this is no closed-day number.
    db.select({ n: count() }).from(users).where(and(eq(users.role, "student"), gte(users.createdAt, from), lt(users.createdAt, to))),
    db.select({ n: count() }).from(coursesEnrolled).where(live(coursesEnrolled.enrolledAt)),
    db.select({ n: count() }).from(productEnrolled).where(live(productEnrolled.createdAt)),
    db
      .select({ id: slots.id, title: sessions.title, startsAt: slots.startsAt, endsAt: slots.endsAt, booked: slots.bookedCount, capacity: slots.capacity })
      .from(slots)
      .innerJoin(sessions, eq(sessions.id, slots.sessionId))
      .where(and(eq(slots.status, "scheduled"), gte(slots.startsAt, sql`now()`)))
      .orderBy(asc(slots.startsAt))
      .limit(8),
    // Only the statuses the page shows: counting the sent ones would read most of the queue.
    db.select({ status: mailQueue.status, n: count() }).from(mailQueue).where(inArray(mailQueue.status, ["queued", "sending", "failed"])).groupBy(mailQueue.status),
  ]);

  let days = rollup;
  const storedStarted = days.reduce((a, r) => a + Number(r.started_all), 0);
  if (rolled && storedStarted !== (startedNow?.n ?? 0)) {
    // A payment of a rolled-up day left STARTED since its day was filled: recount those days.
    await healStartedDays(zone, d0, d1);
    days = await readRollup();
  }

  const series = new Map<string, Point>();
  const statusCounts: Partial<Record<Status, number>> = {};
  const addStatus = (status: Status, n: number) => {
    if (n > 0) statusCounts[status] = (statusCounts[status] ?? 0) + n;
  };
  const addPoint = (r: Record<string, unknown>) => {
    const key = String(r.bucket);
    const p = series.get(key) ?? { bucket: key, totalCents: 0, vatCents: 0, count: 0 };
    p.totalCents += Number(r.total);
    p.vatCents += Number(r.vat);
    p.count += Number(r.n);
    series.set(key, p);
  };
  let rolledCourse = 0;
  let rolledProduct = 0;
  for (const r of days) {
    addPoint(r);
    addStatus("STARTED", Number(r.started));
    addStatus("COMPLETED", Number(r.completed));
    addStatus("FAILED", Number(r.failed));
    addStatus("CANCELLED", Number(r.cancelled));
    rolledCourse += Number(r.course_enrollments);
    rolledProduct += Number(r.product_enrollments);
  }
  for (const r of rowsOf(liveRevenue)) addPoint(r);
  for (const r of liveByStatus) addStatus(r.status, r.n);

  // Buckets without an invoice are left out, as a GROUP BY over the invoices would.
  const points = [...series.values()].filter((p) => p.count > 0).sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0));
  const started = Object.values(statusCounts).reduce((a, b) => a + b, 0);
  return {
    series: points,
    revenueCents: points.reduce((a, r) => a + r.totalCents, 0),
    vatCents: points.reduce((a, r) => a + r.vatCents, 0),
    statusCounts: statusCounts as Record<string, number>,
    conversion: started ? (statusCounts.COMPLETED ?? 0) / started : null,
    newStudents: newStudents?.n ?? 0,
    courseEnrollments: rolledCourse + (courseEnrollments?.n ?? 0),
    productEnrollments: rolledProduct + (productEnrollments?.n ?? 0),
    upcoming,
    mail: Object.fromEntries(mail.map((m) => [m.status, m.n])) as Record<string, number>,
  };
}
