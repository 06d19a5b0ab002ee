import "server-only";
import { and, asc, count, eq, gte, lt, sql } from "drizzle-orm";
import { db } from "@/db";
import { coursesEnrolled, mailQueue, payments, productEnrolled, sessions, slots, users } from "@/db/schema";
import { env } from "@/lib/env";

export type Bucket = "day" | "week" | "month";
type Row = Record<string, unknown>;
const rowsOf = (r: unknown): Row[] => (Array.isArray(r) ? (r as Row[]) : ((r as { rows?: Row[] }).rows ?? []));

/** Everything the overview shows for [from, to), in one round of parallel queries. */
export async function overview(from: Date, to: Date, bucket: Bucket) {
  const zone = env().PLATFORM_TIMEZONE;
  const [revenue, byStatus, [newStudents], [courseEnrollments], [productEnrollments], upcoming, mail] = await Promise.all([
    db.execute(sql`
      SELECT to_char(date_trunc(${bucket}, i.issued_at AT TIME ZONE ${zone}), 'YYYY-MM-DD') AS bucket,
             sum(i.total_cents)::bigint AS total, sum(i.vat_cents)::bigint AS vat, count(*)::int AS n
      FROM invoices i
      WHERE i.issued_at >= ${from.toISOString()}::timestamptz AND i.issued_at < ${to.toISOString()}::timestamptz
      GROUP BY 1 ORDER BY 1`),
    db
      .select({ status: payments.status, n: count() })
      .from(payments)
      .where(and(gte(payments.createdAt, from), lt(payments.createdAt, to), eq(payments.method, "payfast")))
      .groupBy(payments.status),
    db.select({ n: count() }).from(users).where(and(eq(users.role, "student"), gte(users.createdAt, from), lt(users.createdAt, to))),
    db.select({ n: count() }).from(coursesEnrolled).where(and(gte(coursesEnrolled.enrolledAt, from), lt(coursesEnrolled.enrolledAt, to))),
    db.select({ n: count() }).from(productEnrolled).where(and(gte(productEnrolled.createdAt, from), lt(productEnrolled.createdAt, to))),
    db
      .select({ id: slots.id, title: sessions.title, startsAt: slots.startsAt, endsAt: slots.endsAt, booked: slots.bookedCount, capacity: slots.capacity })
      .from(slots)
      .innerJoin(sessions, eq(sessions.id, slots.sessionId))
      .where(and(eq(slots.status, "scheduled"), gte(slots.startsAt, sql`now()`)))
      .orderBy(asc(slots.startsAt))
      .limit(8),
    db.select({ status: mailQueue.status, n: count() }).from(mailQueue).groupBy(mailQueue.status),
  ]);
  const statusCounts = Object.fromEntries(byStatus.map((r) => [r.status, r.n])) as Record<string, number>;
  const started = Object.values(statusCounts).reduce((a, b) => a + b, 0);
  const series = rowsOf(revenue).map((r) => ({ bucket: String(r.bucket), totalCents: Number(r.total), vatCents: Number(r.vat), count: Number(r.n) }));
  return {
    series,
    revenueCents: series.reduce((a, r) => a + r.totalCents, 0),
    vatCents: series.reduce((a, r) => a + r.vatCents, 0),
    statusCounts,
    conversion: started ? (statusCounts.COMPLETED ?? 0) / started : null,
    newStudents: newStudents?.n ?? 0,
    courseEnrollments: courseEnrollments?.n ?? 0,
    productEnrollments: productEnrollments?.n ?? 0,
    upcoming,
    mail: Object.fromEntries(mail.map((m) => [m.status, m.n])) as Record<string, number>,
  };
}

