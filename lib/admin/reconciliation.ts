// Reconciliation: completed payments missing a record, enrollments without a completed payment,
// and gaps in invoice numbers. At scale these queries take a few hundred ms, so they do not run
// per page view: runReconciliation() stores each run (reconciliation_runs) and the payment health
// page shows the latest. The worker loop runs it every RECONCILE_EVERY_MINUTES (across all
// workers: a run that is recent enough counts for everyone), an admin can run it from the page,
// and a repair runs it again so the repaired item leaves the list.
// No "server-only": the worker process (`npm run worker`) imports this.
import { desc, gt, lt, sql } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { reconciliationRuns, type ReconcileGap, type ReconcileMissing, type ReconcileOrphan } from "@/db/schema";
import { audit } from "./audit";
import { rowsOf } from "@/lib/db-batch";

/** Reconciliation looks at the last 30 days: older records were reconciled while they were recent. */
export const RECONCILE_DAYS = 30;
/** How often the worker loop runs it. */
export const RECONCILE_EVERY_MINUTES = 5;
/** Stored runs are kept this long. */
const KEEP_DAYS = 7;
/** Each list stops at this many items. */
export const RECONCILE_LIMIT = 50;
/** One run at a time, across every process. */
const LOCK = sql`hashtext('classbook:reconciliation')`;

export type ReconciliationRun = typeof reconciliationRuns.$inferSelect;
export type RunSource = "worker" | "admin" | "repair";

async function findings(tx: Tx) {
  const missing = await tx.execute(sql`
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
    ORDER BY p.created_at, p.id
    LIMIT ${RECONCILE_LIMIT}`);
  const orphans = await tx.execute(sql`
    SELECT * FROM (
      SELECT 'course' AS kind, ce.id, ce.payment_id, p.status FROM courses_enrolled ce JOIN payments p ON p.id = ce.payment_id
        WHERE p.status <> 'COMPLETED' AND ce.enrolled_at > now() - make_interval(days => ${RECONCILE_DAYS})
      UNION ALL
      SELECT 'product', pe.id, pe.payment_id, p.status FROM product_enrolled pe JOIN payments p ON p.id = pe.payment_id
        WHERE p.status <> 'COMPLETED' AND pe.created_at > now() - make_interval(days => ${RECONCILE_DAYS})
    ) o LIMIT ${RECONCILE_LIMIT}`);
  // Cheap first: a year whose count equals its highest number has no gaps (read off the
  // (year, seq) index); only the other years are walked to list the missing numbers.
  const gaps = await tx.execute(sql`
    WITH suspicious AS (
      SELECT year FROM invoices GROUP BY year HAVING count(*) <> max(seq)
    )
    SELECT year, prev + 1 AS gap_from, seq - 1 AS gap_to FROM (
      SELECT year, seq, coalesce(lag(seq) OVER (PARTITION BY year ORDER BY seq), 0) AS prev
      FROM invoices WHERE year IN (SELECT year FROM suspicious)
    ) s WHERE seq - prev > 1 ORDER BY year, gap_from LIMIT ${RECONCILE_LIMIT}`);
  return {
    missing: rowsOf(missing).map(
      (r): ReconcileMissing => ({
        id: String(r.id),
        itemName: String(r.item_name),
        amountCents: Number(r.amount_cents),
        problems: [
          r.no_student_payment ? "no student payment" : null,
          r.no_invoice ? "no invoice" : null,
          r.no_course_enrollment ? "no course enrollment" : null,
          r.no_product_enrollment ? "no product enrollment" : null,
        ].filter((p): p is string => p !== null),
      }),
    ),
    orphanEnrollments: rowsOf(orphans).map(
      (r): ReconcileOrphan => ({ kind: String(r.kind), id: String(r.id), paymentId: String(r.payment_id), status: String(r.status) }),
    ),
    gaps: rowsOf(gaps).map((r): ReconcileGap => ({ year: Number(r.year), from: Number(r.gap_from), to: Number(r.gap_to) })),
  };
}

async function record(tx: Tx, source: RunSource): Promise<ReconciliationRun> {
  const started = performance.now();
  const found = await findings(tx);
  const [run] = await tx
    .insert(reconciliationRuns)
    .values({ source, windowDays: RECONCILE_DAYS, durationMs: Math.round(performance.now() - started), ...found })
    .returning();
  await tx.delete(reconciliationRuns).where(lt(reconciliationRuns.startedAt, sql`now() - make_interval(days => ${KEEP_DAYS})`));
  return run!;
}

/**
 * Runs reconciliation now and stores the result (waits for a run in progress elsewhere to end
 * first). With `actorId`, the run is audited in the same transaction.
 */
export async function runReconciliation(source: RunSource, opts: { actorId?: string } = {}): Promise<ReconciliationRun> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK})`);
    const run = await record(tx, source);
    if (opts.actorId) {
      await audit(tx, {
        actorId: opts.actorId,
        action: "reconciliation.run",
        entityType: "reconciliation_run",
        entityId: run.id,
        after: { missing: run.missing.length, orphanEnrollments: run.orphanEnrollments.length, gaps: run.gaps.length, durationMs: run.durationMs },
      });
    }
    return run;
  });
}

/**
 * The worker's entry: runs reconciliation unless another process is running it or a run started
 * less than `everyMinutes` ago. Returns the new run, or null when it was not due.
 */
export async function runReconciliationIfDue(everyMinutes = RECONCILE_EVERY_MINUTES): Promise<ReconciliationRun | null> {
  return db.transaction(async (tx) => {
    const [lock] = rowsOf(await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${LOCK}) AS ok`));
    if (!lock?.ok) return null;
    const [recent] = await tx
      .select({ id: reconciliationRuns.id })
      .from(reconciliationRuns)
      .where(gt(reconciliationRuns.startedAt, sql`now() - make_interval(secs => ${everyMinutes * 60})`))
      .limit(1);
    return recent ? null : record(tx, "worker");
  });
}

/** The latest stored run, or null before the first one. */
export async function latestReconciliation(): Promise<ReconciliationRun | null> {
  const [run] = await db.select().from(reconciliationRuns).orderBy(desc(reconciliationRuns.startedAt)).limit(1);
  return run ?? null;
}
