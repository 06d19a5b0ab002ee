// The mail-queue worker (lib/mail/worker.ts) on real PostgreSQL, sending through the real Resend
// SDK (lib/mail/transport.ts) to a fake Resend API on 127.0.0.1 (tests/helpers/fake-resend.ts):
// claiming under concurrency, retries and backoff, Retry-After, giving up, admin retry/cancel,
// reclaiming rows of a crashed worker, bad template data, the timeline, the shared send rate and
// the development transport.
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db/index";
import { auditLog, mailQueue, timeline } from "@/db/schema";
import { env, resetEnvCache } from "@/lib/env";
import { enqueueMail } from "@/lib/mail/enqueue";
import { developmentTransport, resendTransport } from "@/lib/mail/transport";
import { cancelMail, claimMail, idempotencyKeyFor, requeueMail, runMailBatch, sendOne } from "@/lib/mail/worker";
import { createUser } from "../../helpers/db";
import { FakeResend } from "../../helpers/fake-resend";
import { queryRows, withEnv } from "../../helpers/payments";

// Set before the first use of `db` (it opens lazily; the imports above do not touch it).
const TEST_ENV: Record<string, string> = {
  DB_POOL_MAX: "20",
  RESEND_API_KEY: "re_test",
  MAIL_SEND_RATE_PER_SECOND: "1000",
  MAIL_RETRY_BASE_MS: "50",
  MAIL_MAX_ATTEMPTS: "3",
  MAIL_LOCK_TIMEOUT_MS: "60000",
};
const savedEnv: Record<string, string | undefined> = {};
for (const key of [...Object.keys(TEST_ENV), "RESEND_BASE_URL"]) savedEnv[key] = process.env[key];
Object.assign(process.env, TEST_ENV);
resetEnvCache();

let fake: FakeResend;

beforeAll(async () => {
  fake = await FakeResend.start();
  process.env.RESEND_BASE_URL = fake.url;
  resetEnvCache();
});

afterAll(async () => {
  await fake.close();
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvCache();
});

beforeEach(async () => {
  fake.reset();
  await db.execute(sql`TRUNCATE mail_queue, mail_send_clock, timeline, users CASCADE`);
});

type ReceiptPayload = { name: string; itemName: string; amountCents: number; invoiceNumber: string; invoiceUrl?: string };

let counter = 0;
/** A queued purchase_receipt email, through the app's enqueueMail. */
async function queueReceipt(opts: { toEmail?: string; userId?: string; payload?: Partial<ReceiptPayload>; omitInvoiceUrl?: boolean } = {}) {
  counter += 1;
  const payload: ReceiptPayload = {
    name: "Lerato",
    itemName: `Item ${counter}`,
    amountCents: 49_900,
    invoiceNumber: `INV-2025-${String(counter).padStart(6, "0")}`,
    invoiceUrl: `https://classbook.test/invoices/${counter}`,
    ...opts.payload,
  };
  if (opts.omitInvoiceUrl) delete payload.invoiceUrl;
  return enqueueMail(db, {
    toEmail: opts.toEmail ?? `buyer-${counter}@example.com`,
    template: "purchase_receipt",
    payload,
    userId: opts.userId ?? null,
  });
}

async function mailRow(id: string) {
  const [row] = await db.select().from(mailQueue).where(eq(mailQueue.id, id));
  return row!;
}

/** Milliseconds from the database's now() to the row's next_attempt_at. */
async function msUntilNextAttempt(id: string): Promise<number> {
  const [row] = await queryRows<{ ms: number }>(
    sql`SELECT (extract(epoch from (next_attempt_at - now())) * 1000)::float8 AS ms FROM mail_queue WHERE id = ${id}`,
  );
  return Number(row!.ms);
}

async function makeDue(id: string) {
  await db.update(mailQueue).set({ nextAttemptAt: sql`now()` }).where(eq(mailQueue.id, id));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("sending through Resend (fake API)", () => {
  it("sends a queued email with the row's Idempotency-Key, the API key, and the rendered content", async () => {
    const id = await queueReceipt({ toEmail: "ann@example.com", payload: { itemName: "Glaze Kit", amountCents: 49_900 } });

    const result = await runMailBatch(resendTransport("re_test"), 10);

    expect(result).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });
    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0]!;
    expect(request.idempotencyKey).toBe(idempotencyKeyFor({ id }));
    expect(request.idempotencyKey).toBe(`classbook-mail-${id}`);
    expect(request.headers.authorization).toBe("Bearer re_test");
    expect(request.body).toMatchObject({ to: "ann@example.com", from: env().MAIL_FROM, subject: "Your receipt for Glaze Kit" });
    expect(String(request.body.html)).toContain("Thank you for your purchase");
    expect(String(request.body.text).replace(/\s+/g, " ")).toContain("R 499,00");

    const row = await mailRow(id);
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null, lockedAt: null });
    expect(row.providerMessageId).toBe(fake.sentIds.get(request.idempotencyKey!));
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  it("four concurrent workers over 200 queued rows send each email exactly once", async () => {
    const ids = await Promise.all(Array.from({ length: 200 }, () => queueReceipt()));
    // A little latency so the workers' requests really overlap.
    fake.reply = () => ({ status: 200, delayMs: 3 });
    const transport = resendTransport("re_test");
    const claimedBy = [0, 0, 0, 0];

    await Promise.all(
      claimedBy.map(async (_, w) => {
        for (;;) {
          const r = await runMailBatch(transport, 5);
          expect(r.retried + r.failed).toBe(0);
          if (r.claimed === 0) return;
          claimedBy[w]! += r.claimed;
        }
      }),
    );

    // Negative control: the workers really ran side by side.
    expect(claimedBy.filter((n) => n > 0).length).toBeGreaterThan(1);
    expect(fake.maxInFlight).toBeGreaterThan(1);
    expect(claimedBy.reduce((a, b) => a + b, 0)).toBe(200);

    expect(fake.requests).toHaveLength(200);
    const keys = fake.requests.map((r) => r.idempotencyKey);
    expect(new Set(keys).size).toBe(200);
    expect(new Set(keys)).toEqual(new Set(ids.map((id) => idempotencyKeyFor({ id }))));

    const rows = await db.select().from(mailQueue).where(inArray(mailQueue.id, ids));
    expect(rows).toHaveLength(200);
    for (const row of rows) {
      expect(row.status).toBe("sent");
      expect(row.attempts).toBe(1);
      expect(row.sentAt).toBeInstanceOf(Date);
      expect(row.providerMessageId).toBe(fake.sentIds.get(idempotencyKeyFor(row)));
      expect(fake.requestsFor(idempotencyKeyFor(row))[0]!.body.to).toBe(row.toEmail);
    }
  });
});

describe("retries", () => {
  it("500 then 200: queued with backoff after the first attempt, delivered by a later batch with the same key", async () => {
    const id = await queueReceipt();
    fake.script = [{ status: 500 }];
    const transport = resendTransport("re_test");

    // A base big enough that "in the future" cannot lapse while the test looks at it.
    await withEnv({ MAIL_RETRY_BASE_MS: "2000" }, async () => {
      expect(await runMailBatch(transport, 10)).toEqual({ claimed: 1, sent: 0, retried: 1, failed: 0 });

      const row = await mailRow(id);
      expect(row).toMatchObject({ status: "queued", attempts: 1, lockedAt: null, sentAt: null, providerMessageId: null });
      expect(row.lastError).toContain("500");
      // Equal jitter on attempt 1: between base/2 and base.
      const wait = await msUntilNextAttempt(id);
      expect(wait).toBeGreaterThan(500);
      expect(wait).toBeLessThanOrEqual(2000);

      // Not due yet: the next batch leaves it alone.
      expect((await runMailBatch(transport, 10)).claimed).toBe(0);
      expect(fake.requests).toHaveLength(1);

      await makeDue(id);
      expect(await runMailBatch(transport, 10)).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });
    });

    const row = await mailRow(id);
    expect(row).toMatchObject({ status: "sent", attempts: 2, lastError: null });
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests.map((r) => r.idempotencyKey)).toEqual([idempotencyKeyFor({ id }), idempotencyKeyFor({ id })]);
    expect(row.providerMessageId).toBe(fake.sentIds.get(idempotencyKeyFor({ id })));
  });

  it("after the (small) backoff really passes, the next batch delivers it", async () => {
    const id = await queueReceipt();
    fake.script = [{ status: 503 }];
    const transport = resendTransport("re_test");

    expect((await runMailBatch(transport, 10)).retried).toBe(1);
    await sleep(120); // MAIL_RETRY_BASE_MS=50: the first backoff is at most 50 ms

    expect((await runMailBatch(transport, 10)).sent).toBe(1);
    expect((await mailRow(id)).status).toBe("sent");
  });

  it("429 with retry-after: 2 waits about two seconds, not the tiny backoff", async () => {
    const id = await queueReceipt();
    fake.script = [{ status: 429, headers: { "retry-after": "2" } }];

    expect((await runMailBatch(resendTransport("re_test"), 10)).retried).toBe(1);

    const row = await mailRow(id);
    expect(row).toMatchObject({ status: "queued", attempts: 1 });
    expect(row.lastError).toContain("429");
    const wait = await msUntilNextAttempt(id);
    expect(wait).toBeGreaterThanOrEqual(1500);
    expect(wait).toBeLessThanOrEqual(3000);
  });

  it("always 500: after MAIL_MAX_ATTEMPTS attempts the row is failed with the last error kept", async () => {
    const id = await queueReceipt();
    fake.reply = (_req, i) => ({ status: 500, body: { statusCode: 500, message: `boom #${i + 1}`, name: "internal_server_error" } });
    const transport = resendTransport("re_test");

    for (let i = 0; i < 10 && (await mailRow(id)).status !== "failed"; i++) {
      await runMailBatch(transport, 10);
      await sleep(250); // longer than any backoff of attempts 1-2 with base 50 ms
    }

    const row = await mailRow(id);
    expect(row).toMatchObject({ status: "failed", attempts: 3, lockedAt: null, sentAt: null });
    expect(row.lastError).toContain("500");
    expect(row.lastError).toContain("boom #3");
    expect(fake.requests).toHaveLength(3);
    expect(new Set(fake.requests.map((r) => r.idempotencyKey))).toEqual(new Set([idempotencyKeyFor({ id })]));

    // A failed row is never claimed again on its own.
    await makeDue(id);
    expect((await runMailBatch(transport, 10)).claimed).toBe(0);
    expect(fake.requests).toHaveLength(3);
  });

  it("a permanent 4xx (422) fails the row at once, without retrying", async () => {
    const id = await queueReceipt();
    fake.reply = () => ({ status: 422 });

    expect(await runMailBatch(resendTransport("re_test"), 10)).toEqual({ claimed: 1, sent: 0, retried: 0, failed: 1 });

    const row = await mailRow(id);
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row.lastError).toContain("422");
    expect(fake.requests).toHaveLength(1);
  });

  it("an unreachable API is a retryable network failure", async () => {
    const id = await queueReceipt();
    const down = await FakeResend.start();
    const deadUrl = down.url;
    await down.close();

    await withEnv({ RESEND_BASE_URL: deadUrl }, async () => {
      expect((await runMailBatch(resendTransport("re_test"), 10)).retried).toBe(1);
    });

    const row = await mailRow(id);
    expect(row).toMatchObject({ status: "queued", attempts: 1 });
    expect(row.lastError).toMatch(/^network: /);
  });
});

describe("admin retry and cancel", () => {
  it("requeueMail puts a failed row back with attempts 0, and it is delivered", async () => {
    const id = await queueReceipt();
    fake.reply = () => ({ status: 500 });
    const transport = resendTransport("re_test");
    await withEnv({ MAIL_MAX_ATTEMPTS: "1" }, async () => {
      expect((await runMailBatch(transport, 10)).failed).toBe(1);
    });
    expect((await mailRow(id)).status).toBe("failed");

    const admin = await createUser({ role: "super_admin" });
    expect(await requeueMail(id, { actorId: admin.id })).toBe(true);
    // Audited in the same transaction as the change.
    expect(await db.select().from(auditLog).where(eq(auditLog.entityId, id))).toMatchObject([{ actorId: admin.id, action: "mail.retried" }]);
    const requeued = await mailRow(id);
    expect(requeued).toMatchObject({ status: "queued", attempts: 0, lockedAt: null });
    expect(await msUntilNextAttempt(id)).toBeLessThanOrEqual(0);

    fake.reply = () => ({ status: 200 });
    expect(await runMailBatch(transport, 10)).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });
    const sent = await mailRow(id);
    expect(sent).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect(fake.requestsFor(idempotencyKeyFor({ id }))).toHaveLength(2);

    // Only failed or cancelled rows can be retried; a refused retry is not audited.
    expect(await requeueMail(id, { actorId: admin.id })).toBe(false);
    expect(await db.select().from(auditLog).where(eq(auditLog.entityId, id))).toHaveLength(1);
    expect((await mailRow(id)).status).toBe("sent");
  });

  it("cancelMail on a queued row: cancelled and never sent; a sent row cannot be cancelled", async () => {
    const cancelled = await queueReceipt();
    const other = await queueReceipt();

    expect(await cancelMail(cancelled)).toBe(true);
    expect((await mailRow(cancelled)).status).toBe("cancelled");

    expect(await runMailBatch(resendTransport("re_test"), 10)).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });
    expect(fake.requestsFor(idempotencyKeyFor({ id: cancelled }))).toHaveLength(0);
    expect(fake.requestsFor(idempotencyKeyFor({ id: other }))).toHaveLength(1);
    expect((await mailRow(cancelled)).status).toBe("cancelled");
    expect((await mailRow(cancelled)).attempts).toBe(0);

    expect(await cancelMail(other)).toBe(false);
    expect((await mailRow(other)).status).toBe("sent");
  });
});

describe("rows left in `sending` by a crashed worker", () => {
  it("a row locked longer than MAIL_LOCK_TIMEOUT_MS is claimed again; a fresh one is not", async () => {
    const stuck = await queueReceipt();
    const fresh = await queueReceipt();
    await db
      .update(mailQueue)
      .set({ status: "sending", attempts: 1, lockedAt: sql`now() - interval '5 seconds'` })
      .where(eq(mailQueue.id, stuck));
    await db.update(mailQueue).set({ status: "sending", attempts: 1, lockedAt: sql`now()` }).where(eq(mailQueue.id, fresh));
    const staleCopy = await mailRow(stuck);

    await withEnv({ MAIL_LOCK_TIMEOUT_MS: "1000" }, async () => {
      const claimed = await claimMail(10);
      expect(claimed.map((r) => r.id)).toEqual([stuck]);
      expect(claimed[0]).toMatchObject({ status: "sending", attempts: 2 });
      expect(claimed[0]!.lockedAt!.getTime()).toBeGreaterThan(staleCopy.lockedAt!.getTime() + 4000);

      // The crashed worker wakes up and reports a failure with its old copy: the row is no longer
      // its to change.
      fake.script = [{ status: 500 }];
      expect(await sendOne(staleCopy, resendTransport("re_test"))).toBe("retried");
      expect(await mailRow(stuck)).toMatchObject({ status: "sending", attempts: 2, lastError: null });

      // The new owner delivers it, under the same Idempotency-Key.
      expect(await sendOne(claimed[0]!, resendTransport("re_test"))).toBe("sent");
      expect(await mailRow(stuck)).toMatchObject({ status: "sent", attempts: 2 });
      expect(fake.requestsFor(idempotencyKeyFor({ id: stuck }))).toHaveLength(2);

      // The fresh `sending` row stays with its worker.
      expect(await claimMail(10)).toEqual([]);
      expect(await mailRow(fresh)).toMatchObject({ status: "sending", attempts: 1 });
      expect(fake.requestsFor(idempotencyKeyFor({ id: fresh }))).toHaveLength(0);
    });
  });
});

describe("bad template data", () => {
  it("fails that row with an error naming the missing field; the rest of the batch is sent", async () => {
    const before = await queueReceipt();
    const broken = await queueReceipt({ omitInvoiceUrl: true });
    const after = await queueReceipt();

    const result = await runMailBatch(resendTransport("re_test"), 10);

    expect(result).toEqual({ claimed: 3, sent: 2, retried: 0, failed: 1 });
    const row = await mailRow(broken);
    expect(row.status).toBe("failed");
    expect(row.lastError).toContain("purchase_receipt");
    expect(row.lastError).toContain("invoiceUrl");
    expect(row.lockedAt).toBeNull();
    expect(fake.requestsFor(idempotencyKeyFor({ id: broken }))).toHaveLength(0);
    expect((await mailRow(before)).status).toBe("sent");
    expect((await mailRow(after)).status).toBe("sent");
    expect(fake.requests).toHaveLength(2);
  });
});

describe("timeline", () => {
  it("a sent row with a user writes one email_sent entry for that user, also after a retry", async () => {
    const user = await createUser();
    const withUser = await queueReceipt({ userId: user.id, toEmail: user.email, payload: { itemName: "Wheel Class" } });
    const withoutUser = await queueReceipt();
    // The first request for `withUser` fails; everything else succeeds.
    const key = idempotencyKeyFor({ id: withUser });
    fake.reply = (req) => ({ status: req.idempotencyKey === key && fake.requestsFor(key).length === 1 ? 500 : 200 });
    const transport = resendTransport("re_test");

    expect(await runMailBatch(transport, 10)).toEqual({ claimed: 2, sent: 1, retried: 1, failed: 0 });
    expect(await db.select().from(timeline).where(eq(timeline.event, "email_sent"))).toEqual([]);
    await makeDue(withUser);
    expect((await runMailBatch(transport, 10)).sent).toBe(1);

    expect((await mailRow(withUser)).status).toBe("sent");
    expect((await mailRow(withoutUser)).status).toBe("sent");
    const entries = await db.select().from(timeline).where(eq(timeline.event, "email_sent"));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ userId: user.id, mailId: withUser });
    expect(entries[0]!.summary).toContain("Your receipt for Wheel Class");
  });
});

describe("global send rate", () => {
  it("is shared by all workers through mail_send_clock: 10 emails at 5/s from 2 workers take at least ~1.6 s", async () => {
    await Promise.all(Array.from({ length: 10 }, () => queueReceipt()));
    const transport = resendTransport("re_test");
    const sentBy = [0, 0];

    await withEnv({ MAIL_SEND_RATE_PER_SECOND: "5" }, async () => {
      const started = Date.now();
      await Promise.all(
        sentBy.map(async (_, w) => {
          for (;;) {
            const r = await runMailBatch(transport, 1);
            if (r.claimed === 0) return;
            sentBy[w]! += r.sent;
          }
        }),
      );
      const elapsed = Date.now() - started;
      // Per-worker pacing would finish in about 0.8 s; one shared clock needs 9 gaps of 200 ms.
      expect(elapsed).toBeGreaterThanOrEqual(1600);
    });

    expect(sentBy[0]).toBeGreaterThan(0);
    expect(sentBy[1]).toBeGreaterThan(0);
    expect(sentBy[0]! + sentBy[1]!).toBe(10);
    const arrivals = fake.requests.map((r) => r.at).sort((a, b) => a - b);
    expect(arrivals).toHaveLength(10);
    expect(arrivals[9]! - arrivals[0]!).toBeGreaterThanOrEqual(1500);
    // The pacing lives in PostgreSQL: the one clock row was pushed ten 200 ms slots past the
    // first send.
    const clock = await queryRows<{ id: number; ms: number }>(
      sql`SELECT id, (extract(epoch from next_slot) * 1000)::float8 AS ms FROM mail_send_clock`,
    );
    expect(clock).toHaveLength(1);
    expect(clock[0]!.id).toBe(1);
    expect(Number(clock[0]!.ms) - arrivals[0]!).toBeGreaterThanOrEqual(1700);
  });
});

describe("development transport", () => {
  it("marks rows sent and keeps the rendered HTML and text on the row", async () => {
    const user = await createUser();
    const id = await queueReceipt({ userId: user.id, payload: { itemName: "Raku Workshop", amountCents: 49_900 } });

    expect(await runMailBatch(developmentTransport, 10)).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });

    const row = await mailRow(id);
    expect(row).toMatchObject({ status: "sent", providerMessageId: `dev-${idempotencyKeyFor({ id })}`, subject: "Your receipt for Raku Workshop" });
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(row.renderedHtml).toContain("Thank you for your purchase");
    const text = row.renderedText!.replace(/\s+/g, " ");
    expect(text).toContain("R 499,00");
    expect(text).toContain("Raku Workshop");
    expect(fake.requests).toHaveLength(0);
    expect(await db.select().from(timeline).where(eq(timeline.mailId, id))).toHaveLength(1);
  });
});
