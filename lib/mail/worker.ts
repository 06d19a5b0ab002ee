// The mail-queue worker. Rows are claimed with FOR UPDATE SKIP LOCKED, so any number of workers
// (in-app, `npm run worker`, the cron route) never take the same row; a row left in `sending` by
// a crashed worker is taken back after MAIL_LOCK_TIMEOUT_MS. Each send carries a key derived from
// the row, so a retry can never deliver twice; failures back off exponentially with jitter.
import { and, eq, inArray, lt, lte, or, sql } from "drizzle-orm";
import { db } from "@/db";
import { mailQueue, mailSendClock } from "@/db/schema";
import { audit } from "@/lib/admin/audit";
import { env } from "@/lib/env";
import { recordTimeline } from "@/lib/timeline/record";
import { withInvoiceNumber } from "./late-fields";
import { renderMail } from "./render";
import { configuredTransport, type MailTransport } from "./transport";

type Claimed = typeof mailQueue.$inferSelect;

export const idempotencyKeyFor = (row: { id: string }) => `classbook-mail-${row.id}`;

export async function claimMail(limit: number): Promise<Claimed[]> {
  const lockTimeoutSeconds = env().MAIL_LOCK_TIMEOUT_MS / 1000;
  const due = db
    .select({ id: mailQueue.id })
    .from(mailQueue)
    .where(
      or(
        and(eq(mailQueue.status, "queued"), lte(mailQueue.nextAttemptAt, sql`now()`)),
        and(eq(mailQueue.status, "sending"), lt(mailQueue.lockedAt, sql`now() - make_interval(secs => ${lockTimeoutSeconds})`)),
      ),
    )
    .orderBy(mailQueue.nextAttemptAt)
    .limit(limit)
    .for("update", { skipLocked: true });
  const claimed = await db
    .update(mailQueue)
    .set({ status: "sending", lockedAt: sql`clock_timestamp()`, attempts: sql`${mailQueue.attempts} + 1` })
    .where(inArray(mailQueue.id, due))
    .returning();
  return claimed.sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime()); // oldest first
}

/** Waits for this process's turn under the global send rate (one row shared by all workers). */
export async function waitForSendSlot(ratePerSecond = env().MAIL_SEND_RATE_PER_SECOND) {
  const gapMs = 1000 / ratePerSecond;
  const [row] = await db
    .insert(mailSendClock)
    .values({ id: 1, nextSlot: sql`clock_timestamp() + make_interval(secs => ${gapMs / 1000})` })
    .onConflictDoUpdate({
      target: mailSendClock.id,
      set: { nextSlot: sql`greatest(${mailSendClock.nextSlot}, clock_timestamp()) + make_interval(secs => ${gapMs / 1000})` },
    })
    .returning({ waitMs: sql<number>`greatest(0, extract(epoch from (${mailSendClock.nextSlot} - clock_timestamp())) * 1000 - ${gapMs})::float8` });
  const waitMs = Number(row?.waitMs ?? 0);
  if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
}

export function backoffMs(attempt: number, baseMs = env().MAIL_RETRY_BASE_MS): number {
  const exp = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 2 * 60 * 60 * 1000);
  return Math.round(exp / 2 + Math.random() * (exp / 2)); // "equal jitter": spread, but never instant
}

export type BatchResult = { claimed: number; sent: number; retried: number; failed: number };

export async function sendOne(row: Claimed, transport: MailTransport): Promise<"sent" | "retried" | "failed"> {
  const e = env();
  const stillOurs = and(eq(mailQueue.id, row.id), eq(mailQueue.status, "sending"), eq(mailQueue.attempts, row.attempts));
  let rendered;
  try {
    rendered = await renderMail(row.template, await withInvoiceNumber(row.payload));
  } catch (error) {
    await db
      .update(mailQueue)
      .set({ status: "failed", lockedAt: null, lastError: error instanceof Error ? error.message : String(error) })
      .where(stillOurs);
    return "failed";
  }
  await waitForSendSlot();
  let result;
  try {
    result = await transport.send({
      to: row.toEmail,
      from: e.MAIL_FROM,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      attachments: rendered.attachments,
      idempotencyKey: idempotencyKeyFor(row),
    });
  } catch (error) {
    result = { ok: false as const, permanent: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (result.ok) {
    await db.transaction(async (tx) => {
      const [done] = await tx
        .update(mailQueue)
        .set({
          status: "sent",
          sentAt: sql`now()`,
          lockedAt: null,
          lastError: null,
          providerMessageId: result.providerMessageId,
          subject: rendered.subject,
          renderedHtml: rendered.html,
          renderedText: rendered.text,
        })
        .where(stillOurs)
        .returning({ id: mailQueue.id });
      if (done && row.userId) {
        await recordTimeline(tx, { userId: row.userId, event: "email_sent", summary: `Email sent: ${rendered.subject}`, mailId: row.id });
      }
    });
    return "sent";
  }
  const giveUp = result.permanent || row.attempts >= e.MAIL_MAX_ATTEMPTS;
  const delay = result.retryAfterMs ?? backoffMs(row.attempts);
  await db
    .update(mailQueue)
    .set(
      giveUp
        ? { status: "failed", lockedAt: null, lastError: result.error }
        : { status: "queued", lockedAt: null, lastError: result.error, nextAttemptAt: sql`now() + make_interval(secs => ${delay / 1000})` },
    )
    .where(stillOurs);
  return giveUp ? "failed" : "retried";
}

/** Claims up to `limit` due emails and sends them one after another (the rate limits anyway). */
export async function runMailBatch(transport: MailTransport = configuredTransport(), limit = 10): Promise<BatchResult> {
  const rows = await claimMail(limit);
  const result: BatchResult = { claimed: rows.length, sent: 0, retried: 0, failed: 0 };
  for (const row of rows) result[await sendOne(row, transport)]++;
  return result;
}

/** Time-based jobs that feed the queue: booking reminders and lapsed waitlist offers. */
async function runScheduledJobs() {
  const [{ queueDueReminders }, { expireWaitlistOffers }] = await Promise.all([import("@/lib/booking/reminders"), import("@/lib/booking/book")]);
  await queueDueReminders();
  await expireWaitlistOffers();
}

/** Admin upkeep: reconciliation when due (every few minutes, across all workers) and the overview's daily rollup. */
async function runAdminUpkeep() {
  const [{ runReconciliationIfDue }, { maintainRollup }] = await Promise.all([import("@/lib/admin/reconciliation"), import("@/lib/admin/rollup")]);
  await runReconciliationIfDue();
  await maintainRollup(env().PLATFORM_TIMEZONE);
}

/**
 * Runs batches until stopped; idles briefly when the queue is empty. Admin upkeep runs in a
 * loop of its own, every `upkeepMs`, so it never holds up an email.
 */
export function startMailWorker(opts: { idleMs?: number; upkeepMs?: number; transport?: MailTransport; log?: (msg: string) => void } = {}) {
  let stopped = false;
  const idleMs = opts.idleMs ?? 2000;
  let wakeUpkeep = () => {};
  const upkeep = (async () => {
    while (!stopped) {
      try {
        await runAdminUpkeep();
      } catch (error) {
        console.error("[admin upkeep]", error);
      }
      if (stopped) break;
      await new Promise<void>((res) => {
        const timer = setTimeout(res, opts.upkeepMs ?? 60_000);
        wakeUpkeep = () => {
          clearTimeout(timer);
          res();
        };
      });
    }
  })();
  const loop = (async () => {
    let lastScheduled = 0;
    while (!stopped) {
      try {
        if (Date.now() - lastScheduled > 30_000) {
          lastScheduled = Date.now();
          await runScheduledJobs();
        }
        const r = await runMailBatch(opts.transport);
        if (r.claimed > 0) opts.log?.(`mail: ${r.sent} sent, ${r.retried} to retry, ${r.failed} failed`);
        if (r.claimed === 0) await new Promise((res) => setTimeout(res, idleMs));
      } catch (error) {
        console.error("[mail worker]", error);
        await new Promise((res) => setTimeout(res, idleMs * 5));
      }
    }
  })();
  return async () => {
    stopped = true;
    wakeUpkeep();
    await Promise.all([loop, upkeep]);
  };
}

/** An admin's "retry": a failed (or cancelled) email goes back on the queue with fresh attempts. */
export async function requeueMail(id: string, { actorId }: { actorId?: string } = {}): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(mailQueue)
      .set({ status: "queued", attempts: 0, nextAttemptAt: sql`now()`, lockedAt: null, lastError: null })
      .where(and(eq(mailQueue.id, id), sql`${mailQueue.status} IN ('failed', 'cancelled')`))
      .returning({ id: mailQueue.id });
    if (row && actorId) await audit(tx, { actorId, action: "mail.retried", entityType: "mail", entityId: id, after: { status: "queued" } });
    return Boolean(row);
  });
}

export async function cancelMail(id: string, { actorId }: { actorId?: string } = {}): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(mailQueue)
      .set({ status: "cancelled", lockedAt: null })
      .where(and(eq(mailQueue.id, id), sql`${mailQueue.status} IN ('queued', 'failed')`))
      .returning({ id: mailQueue.id });
    if (row && actorId) await audit(tx, { actorId, action: "mail.cancelled", entityType: "mail", entityId: id, after: { status: "cancelled" } });
    return Boolean(row);
  });
}
