import "server-only";
import { and, count, desc, eq, lt, sql } from "drizzle-orm";
import { db } from "@/db";
import { payfastItnLog, payments } from "@/db/schema";
import { latestReconciliation } from "./reconciliation";

export { RECONCILE_DAYS, RECONCILE_EVERY_MINUTES, RECONCILE_LIMIT } from "./reconciliation";

/**
 * The payment health page: the live signals (last ITN, refused ITNs, stuck payments; each an
 * index range) and the latest stored reconciliation run (lib/admin/reconciliation.ts).
 */
export async function paymentHealth() {
  const stuckWhere = and(eq(payments.status, "STARTED"), eq(payments.method, "payfast"), lt(payments.createdAt, sql`now() - interval '1 hour'`));
  const [lastItn, refused, stuck, [stuckCount], reconciliation] = await Promise.all([
    db.select().from(payfastItnLog).orderBy(desc(payfastItnLog.receivedAt)).limit(1),
    db
      .select({ verdict: payfastItnLog.verdict, reason: sql<string>`left(${payfastItnLog.reason}, 80)`, n: count(), last: sql<Date>`max(${payfastItnLog.receivedAt})`.mapWith((v: string | Date) => new Date(v)) })
      .from(payfastItnLog)
      .where(and(sql`${payfastItnLog.verdict} IN ('refused', 'invalid')`, sql`${payfastItnLog.receivedAt} > now() - interval '30 days'`))
      .groupBy(payfastItnLog.verdict, sql`left(${payfastItnLog.reason}, 80)`)
      .orderBy(desc(count()))
      .limit(20),
    // Both read payments_started_payfast_idx (partial: STARTED PayFast payments only).
    db
      .select({ id: payments.id, itemName: payments.itemName, amountCents: payments.amountCents, createdAt: payments.createdAt })
      .from(payments)
      .where(stuckWhere)
      .orderBy(payments.createdAt)
      .limit(20),
    db.select({ n: count() }).from(payments).where(stuckWhere),
    latestReconciliation(),
  ]);
  return { lastItn: lastItn[0] ?? null, refused, stuck, stuckCount: stuckCount?.n ?? 0, reconciliation };
}
