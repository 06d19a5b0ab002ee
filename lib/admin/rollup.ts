// The admin overview's daily rollup (overview_days): per closed day in the platform time zone,
// revenue and VAT from invoices, PayFast payments by status, and course and product enrollments.
//
// A day is closed once it ended CLOSE_GRACE_MINUTES ago. Invoices, payments and enrollments are
// written with now() (their transaction's start) and never deleted, so after the grace period no
// row can appear in, or leave, a closed day: its invoice and enrollment numbers never change and
// are filled once (INSERT ... ON CONFLICT DO NOTHING, so two fillers never clash). The one thing
// that does change is a payment's status, STARTED -> COMPLETED | FAILED | CANCELLED (nothing else
// moves: migration 0001). So each day also stores started_all, its STARTED payments of every
// method at fill time: the count of STARTED payments can only fall, and when the live count over a
// range of filled days equals the stored sum, no payment of those days moved since the fill.
// When it does not, healStartedDays() recounts the payment columns of the days that moved.
//
// Nothing here runs on the payment path: the overview request fills what it is missing (batched),
// and the worker (lib/mail/worker.ts) and seed:scale fill and heal ahead of it.
import { sql, type SQL } from "drizzle-orm";
import { db, type Executor } from "@/db";
import { rowsOf } from "@/lib/db-batch";

/** A day is closed once it ended this long ago (a transaction begun before midnight has committed by then). */
export const CLOSE_GRACE_MINUTES = 15;
/** Days aggregated per INSERT: one statement stays short (about 60k invoices at seed:scale size). */
const CHUNK_DAYS = 62;


/** The first day that is not closed yet, in `zone` (SQL date). */
export const openDaySql = (zone: string): SQL =>
  sql`((now() - make_interval(mins => ${CLOSE_GRACE_MINUTES})) AT TIME ZONE ${zone})::date`;

/** The instant a day (SQL date expression) starts in `zone`. */
export const dayStartSql = (zone: string, day: SQL): SQL => sql`((${day})::timestamp AT TIME ZONE ${zone})`;

/** Calendar arithmetic on YYYY-MM-DD strings (no time zone involved). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The first day (in `zone`) with an invoice, payment or enrollment; null when there is none. */
export async function firstDataDay(zone: string, exec: Executor = db): Promise<string | null> {
  const [row] = rowsOf(
    await exec.execute(sql`
      SELECT (least((SELECT min(issued_at) FROM invoices), (SELECT min(created_at) FROM payments),
                    (SELECT min(enrolled_at) FROM courses_enrolled), (SELECT min(created_at) FROM product_enrolled))
              AT TIME ZONE ${zone})::date::text AS day`),
  );
  return (row?.day as string | null | undefined) ?? null;
}

/**
 * Inserts the rows of the days in [from, to) that are closed and missing, aggregated from the
 * base tables in one statement. Returns how many it inserted.
 */
async function fillChunk(exec: Executor, zone: string, from: string, to: string): Promise<number> {
  const lo = dayStartSql(zone, sql`${from}::date`);
  const hi = dayStartSql(zone, sql`${to}::date`);
  const rows = rowsOf(
    await exec.execute(sql`
      WITH days AS (
        SELECT g::date AS day
        FROM generate_series(${from}::date, least(${to}::date, ${openDaySql(zone)}) - 1, interval '1 day') g
        WHERE NOT EXISTS (SELECT 1 FROM overview_days o WHERE o.zone = ${zone} AND o.day = g::date)
      ),
      inv AS (
        SELECT (issued_at AT TIME ZONE ${zone})::date AS day, sum(total_cents) AS gross, sum(vat_cents) AS vat, count(*) AS n
        FROM invoices WHERE issued_at >= ${lo} AND issued_at < ${hi} GROUP BY 1
      ),
      pay AS (
        SELECT (created_at AT TIME ZONE ${zone})::date AS day,
               count(*) FILTER (WHERE method = 'payfast' AND status = 'STARTED') AS started,
               count(*) FILTER (WHERE method = 'payfast' AND status = 'COMPLETED') AS completed,
               count(*) FILTER (WHERE method = 'payfast' AND status = 'FAILED') AS failed,
               count(*) FILTER (WHERE method = 'payfast' AND status = 'CANCELLED') AS cancelled,
               count(*) FILTER (WHERE status = 'STARTED') AS started_all
        FROM payments WHERE created_at >= ${lo} AND created_at < ${hi} GROUP BY 1
      ),
      ce AS (
        SELECT (enrolled_at AT TIME ZONE ${zone})::date AS day, count(*) AS n
        FROM courses_enrolled WHERE enrolled_at >= ${lo} AND enrolled_at < ${hi} GROUP BY 1
      ),
      pe AS (
        SELECT (created_at AT TIME ZONE ${zone})::date AS day, count(*) AS n
        FROM product_enrolled WHERE created_at >= ${lo} AND created_at < ${hi} GROUP BY 1
      )
      INSERT INTO overview_days (zone, day, gross_cents, vat_cents, invoices, payfast_started, payfast_completed,
                                 payfast_failed, payfast_cancelled, started_all, course_enrollments, product_enrollments)
      SELECT ${zone}, d.day, coalesce(inv.gross, 0), coalesce(inv.vat, 0), coalesce(inv.n, 0),
             coalesce(pay.started, 0), coalesce(pay.completed, 0), coalesce(pay.failed, 0), coalesce(pay.cancelled, 0),
             coalesce(pay.started_all, 0), coalesce(ce.n, 0), coalesce(pe.n, 0)
      FROM days d
      LEFT JOIN inv ON inv.day = d.day
      LEFT JOIN pay ON pay.day = d.day
      LEFT JOIN ce ON ce.day = d.day
      LEFT JOIN pe ON pe.day = d.day
      ON CONFLICT (zone, day) DO NOTHING
      RETURNING day`),
  );
  return rows.length;
}

/**
 * Fills every closed day in [from, to) (YYYY-MM-DD, `to` exclusive) that has no row yet, in
 * batches of contiguous missing days. Open days (today, and yesterday during the grace period)
 * are never written. Without a range: every closed day from the first day with data.
 * Returns how many days it inserted.
 */
export async function fillClosedDays(zone: string, range?: { from: string; to: string }, exec: Executor = db): Promise<number> {
  let from = range?.from;
  if (!from) {
    const first = await firstDataDay(zone, exec);
    if (!first) return 0;
    from = first;
  }
  const to = range?.to ?? "9999-12-31";
  // The missing days as runs of consecutive days: [start, end).
  const runs = rowsOf(
    await exec.execute(sql`
      SELECT min(day)::text AS start, (max(day) + 1)::text AS stop FROM (
        SELECT g::date AS day, g::date - (row_number() OVER (ORDER BY g))::int AS island
        FROM generate_series(${from}::date, least(${to}::date, ${openDaySql(zone)}) - 1, interval '1 day') g
        WHERE NOT EXISTS (SELECT 1 FROM overview_days o WHERE o.zone = ${zone} AND o.day = g::date)
      ) m GROUP BY island ORDER BY 1`),
  );
  let inserted = 0;
  for (const run of runs) {
    const stop = String(run.stop);
    for (let start = String(run.start); start < stop; start = addDays(start, CHUNK_DAYS)) {
      const end = addDays(start, CHUNK_DAYS);
      inserted += await fillChunk(exec, zone, start, end < stop ? end : stop);
    }
  }
  return inserted;
}

/** `to`, but never past the first open day. */
const closedUntil = (zone: string, to: string): SQL => sql`least(${to}::date, ${openDaySql(zone)})`;

/**
 * Over the closed days in [from, to), which must all be filled: the stored sum of started_all
 * and the live count of STARTED payments. Equal means no payment of those days moved since its
 * day was filled (the count only falls), so their stored payment counts are exact.
 */
export async function startedDrift(zone: string, from: string, to: string, exec: Executor = db) {
  const [row] = rowsOf(
    await exec.execute(sql`
      SELECT (SELECT coalesce(sum(started_all), 0)::bigint FROM overview_days
               WHERE zone = ${zone} AND day >= ${from}::date AND day < ${closedUntil(zone, to)}) AS stored,
             (SELECT count(*)::bigint FROM payments WHERE status = 'STARTED'
               AND created_at >= ${dayStartSql(zone, sql`${from}::date`)} AND created_at < ${dayStartSql(zone, closedUntil(zone, to))}) AS live`),
  );
  return { stored: Number(row?.stored ?? 0), live: Number(row?.live ?? 0) };
}

/**
 * Recounts the payment columns of the filled days in [from, to) whose payments left STARTED
 * after the fill (live STARTED count below the stored one). Returns the days it recounted.
 */
export async function healStartedDays(zone: string, from: string, to: string, exec: Executor = db): Promise<string[]> {
  const lo = dayStartSql(zone, sql`${from}::date`);
  const hi = dayStartSql(zone, closedUntil(zone, to));
  const rows = rowsOf(
    await exec.execute(sql`
      WITH live AS (
        SELECT (created_at AT TIME ZONE ${zone})::date AS day, count(*) AS n
        FROM payments WHERE status = 'STARTED' AND created_at >= ${lo} AND created_at < ${hi} GROUP BY 1
      ),
      moved AS (
        SELECT o.day FROM overview_days o LEFT JOIN live ON live.day = o.day
        WHERE o.zone = ${zone} AND o.day >= ${from}::date AND o.day < ${closedUntil(zone, to)} AND o.started_all <> coalesce(live.n, 0)
      ),
      recount AS (
        SELECT m.day,
               count(p.id) FILTER (WHERE p.method = 'payfast' AND p.status = 'STARTED') AS started,
               count(p.id) FILTER (WHERE p.method = 'payfast' AND p.status = 'COMPLETED') AS completed,
               count(p.id) FILTER (WHERE p.method = 'payfast' AND p.status = 'FAILED') AS failed,
               count(p.id) FILTER (WHERE p.method = 'payfast' AND p.status = 'CANCELLED') AS cancelled,
               count(p.id) FILTER (WHERE p.status = 'STARTED') AS started_all
        FROM moved m
        LEFT JOIN payments p ON p.created_at >= ${dayStartSql(zone, sql`m.day`)} AND p.created_at < ${dayStartSql(zone, sql`m.day + 1`)}
        GROUP BY m.day
      )
      UPDATE overview_days o
         SET payfast_started = r.started, payfast_completed = r.completed, payfast_failed = r.failed,
             payfast_cancelled = r.cancelled, started_all = r.started_all, filled_at = now()
        FROM recount r
       WHERE o.zone = ${zone} AND o.day = r.day
      RETURNING o.day::text AS day`),
  );
  return rows.map((r) => String(r.day));
}

/**
 * The worker's share: fill every missing closed day, then recount days whose payments left
 * STARTED since their fill (cheap check first). Returns what it did.
 */
export async function maintainRollup(zone: string, exec: Executor = db): Promise<{ filled: number; healed: number }> {
  const filled = await fillClosedDays(zone, undefined, exec);
  const first = await firstDataDay(zone, exec);
  if (!first) return { filled, healed: 0 };
  const to = "9999-12-31";
  const drift = await startedDrift(zone, first, to, exec);
  const healed = drift.stored === drift.live ? [] : await healStartedDays(zone, first, to, exec);
  return { filled, healed: healed.length };
}
