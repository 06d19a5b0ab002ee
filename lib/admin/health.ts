import "server-only";
import { and, count, desc, eq, lt, sql } from "drizzle-orm";
import { db } from "@/db";
import { payfastItnLog, payments } from "@/db/schema";

type Row = Record<string, unknown>;

/** Reconciliation looks at the last 30 days: older records were reconciled while they were recent. */
export const RECONCILE_DAYS = 30;
const rowsOf = (r: unknown): Row[] => (Array.isArray(r) ? (r as Row[]) : ((r as { rows?: Row[] }).rows ?? []));

export async function paymentHealth() {
  const [lastItn, refused, stuck, [stuckCount], missing, orphanEnrollments, gaps] = await Promise.all([
    db.select().from(payfastItnLog).orderBy(desc(payfastItnLog.receivedAt)).limit(1),
    db
      .select({ verdict: payfastItnLog.verdict, reason: sql<string>`left(${payfastItnLog.reason}, 80)`, n: count(), last: sql<Date>`max(${payfastItnLog.receivedAt})`.mapWith((v: string | Date) => new Date(v)) })
      .from(payfastItnLog)
      .where(and(sql`${payfastItnLog.verdict} IN ('refused', 'invalid')`, sql`${payfastItnLog.receivedAt} > now() - interval '30 days'`))
      .groupBy(payfastItnLog.verdict, sql`left(${payfastItnLog.reason}, 80)`)
      .orderBy(desc(count()))
      .limit(20),
    db
      .select({ id: payments.id, itemName: payments.itemName, amountCents: payments.amountCents, createdAt: payments.createdAt })
      .from(payments)
      .where(and(eq(payments.status, "STARTED"), eq(payments.method, "payfast"), lt(payments.createdAt, sql`now() - interval '1 hour'`)))
      .orderBy(payments.createdAt)
      .limit(20),
    db.select({ n: count() }).from(payments).where(and(eq(payments.status, "STARTED"), eq(payments.method, "payfast"), lt(payments.createdAt, sql`now() - interval '1 hour'`))),
    db.execute(sql`
      SELECT p.id, p.item_name, p.amount_cents,
        (sp.id IS NULL) AS no_student_payment, (i.id IS NULL) AS no_invoice,
        (p.course_id IS NOT NULL AND ce.id IS NULL) AS no_course_enrollment,
        (p.product_id IS NOT NULL AND pe.id IS NULL) AS no_product_enrollment
      FROM payments p
      LEFT JOIN student_payments sp ON sp.payment_id = p.id
      LEFT JOIN invoices i ON i.payment_id = p.id
      LEFT JOIN courses_enrolled ce ON ce.user_id = p.user_id AND ce.course_id = p.course_id
      LEFT JOIN product_enrolled pe ON pe.payment_id = p.id
      WHERE p.status = 'COMPLETED' AND p.created_at > now() - make_interval(days => ${RECONCILE_DAYS})
        AND (sp.id IS NULL OR i.id IS NULL OR (p.course_id IS NOT NULL AND ce.id IS NULL) OR (p.product_id IS NOT NULL AND pe.id IS NULL))
      LIMIT 50`),
    db.execute(sql`
      SELECT 'course' AS kind, ce.id, ce.payment_id, p.status FROM courses_enrolled ce JOIN payments p ON p.id = ce.payment_id
        WHERE p.status <> 'COMPLETED' AND ce.enrolled_at > now() - make_interval(days => ${RECONCILE_DAYS})
      UNION ALL
      SELECT 'product', pe.id, pe.payment_id, p.status FROM product_enrolled pe JOIN payments p ON p.id = pe.payment_id
        WHERE p.status <> 'COMPLETED' AND pe.created_at > now() - make_interval(days => ${RECONCILE_DAYS})
      LIMIT 50`),
    // Cheap first: a year whose count equals its highest number has no gaps (read off the
    // (year, seq) index); only the other years are walked to list the missing numbers.
    db.execute(sql`
      WITH suspicious AS (
        SELECT year FROM invoices GROUP BY year HAVING count(*) <> max(seq)
      )
      SELECT year, prev + 1 AS gap_from, seq - 1 AS gap_to FROM (
        SELECT year, seq, coalesce(lag(seq) OVER (PARTITION BY year ORDER BY seq), 0) AS prev
        FROM invoices WHERE year IN (SELECT year FROM suspicious)
      ) s WHERE seq - prev > 1 ORDER BY year, gap_from LIMIT 50`),
  ]);
  return {
    lastItn: lastItn[0] ?? null,
    refused,
    stuck,
    stuckCount: stuckCount?.n ?? 0,
    missing: rowsOf(missing).map((r) => ({
      id: String(r.id),
      itemName: String(r.item_name),
      amountCents: Number(r.amount_cents),
      problems: [
        r.no_student_payment ? "no student payment" : null,
        r.no_invoice ? "no invoice" : null,
        r.no_course_enrollment ? "no course enrollment" : null,
        r.no_product_enrollment ? "no product enrollment" : null,
      ].filter(Boolean) as string[],
    })),
    orphanEnrollments: rowsOf(orphanEnrollments).map((r) => ({ kind: String(r.kind), id: String(r.id), paymentId: String(r.payment_id), status: String(r.status) })),
    gaps: rowsOf(gaps).map((r) => ({ year: Number(r.year), from: Number(r.gap_from), to: Number(r.gap_to) })),
  };
}
