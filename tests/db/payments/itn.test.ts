// PayFast ITNs through the real route handler (app/api/payfast/notify/route.ts) on real
// PostgreSQL. PayFast's validate endpoint is a local fake HTTP server whose answer each test
// chooses. After every case the test asserts the HTTP status and the exact row count of every
// table a payment can write (tests/helpers/payments.ts `counts()`), so "nothing else written"
// is checked, not assumed.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/payfast/notify/route";
import { db } from "@/db/index";
import {
  invoices,
  mailQueue,
  notifications,
  payfastItnLog,
  payfastTransactions,
  payments,
  studentPayments,
  timeline,
} from "@/db/schema";
import { env } from "@/lib/env";
import { centsToAmount } from "@/lib/payfast/amount";
import { itnValidationBody, type Pair } from "@/lib/payfast/signature";
import { buildItn } from "@/lib/payfast/simulator";
import { startCheckout } from "@/lib/payments/checkout";
import { closePayment } from "@/lib/payments/complete";
import { createCourse, createProduct, createUser } from "../../helpers/db";
import {
  counts,
  expected,
  FakeValidator,
  independentItnSignature,
  invoiceYear,
  itnPairs,
  postItn,
  resetPaymentTables,
  SANDBOX_MERCHANT_ID,
  SANDBOX_PASSPHRASE,
  setField,
  signItn,
  usePayfastEnv,
  withEnv,
  withoutField,
} from "../../helpers/payments";

const PRICE = 49_900; // R499.00
const send = (body: string | Pair[], opts?: { forwardedFor?: string; headers?: Record<string, string> }) =>
  postItn(POST, body, opts);

let validator: FakeValidator;
let restoreEnv: () => void;

beforeAll(async () => {
  validator = await FakeValidator.start();
  restoreEnv = usePayfastEnv({ PAYFAST_VALIDATE_URL: validator.url, PAYFAST_VALIDATE_TIMEOUT_MS: "5000" });
});

afterAll(async () => {
  restoreEnv();
  await validator.close();
});

beforeEach(async () => {
  await resetPaymentTables();
  validator.reset();
});

type Bought = { paymentId: string; userId: string; email: string; itemId: string; slug: string; amountCents: number; itemName: string };

/** A student starts checkout for a new published course or product (the real startCheckout). */
async function buy(kind: "course" | "product", priceCents = PRICE): Promise<Bought> {
  const user = await createUser({ name: "Thandi Nkosi" });
  const item =
    kind === "course"
      ? await createCourse({ priceCents, title: "Intro to Pottery" })
      : await createProduct({ priceCents, name: "Pottery Kit" });
  const result = await startCheckout(user.id, kind, item.slug);
  expect(result.kind).toBe("redirect");
  const paymentId = (result as { paymentId: string }).paymentId;
  return {
    paymentId,
    userId: user.id,
    email: user.email,
    itemId: item.id,
    slug: item.slug,
    amountCents: priceCents,
    itemName: "title" in item ? item.title : item.name,
  };
}

let pfSeq = 1_000_000;
const nextPfId = () => String(++pfSeq);

/** A correctly signed ITN for the purchase, laid out in PayFast's field order. */
function itnFor(
  b: Bought,
  o: { status?: string; pfPaymentId?: string; grossCents?: number; merchantId?: string; mPaymentId?: string; passphrase?: string } = {},
): Pair[] {
  const gross = o.grossCents ?? b.amountCents;
  const fee = Math.min(gross, 230);
  return signItn(
    itnPairs({
      m_payment_id: o.mPaymentId ?? b.paymentId,
      pf_payment_id: o.pfPaymentId ?? nextPfId(),
      payment_status: o.status ?? "COMPLETE",
      item_name: b.itemName,
      amount_gross: centsToAmount(gross),
      amount_fee: `-${centsToAmount(fee)}`,
      amount_net: centsToAmount(gross - fee),
      name_first: "Test",
      name_last: "User 01",
      email_address: "sbtu01@payfast.co.za",
      merchant_id: o.merchantId ?? SANDBOX_MERCHANT_ID,
    }),
    o.passphrase ?? SANDBOX_PASSPHRASE,
  );
}

const startedOnly = (n = 1) => expected({ payments: { STARTED: n }, timeline: n });

/** One fulfilled course purchase: the complete set of rows, plus the given ITN log. */
const courseFulfilled = (log: Partial<ReturnType<typeof expected>["payfast_itn_log"]>) =>
  expected({
    payments: { COMPLETED: 1 },
    student_payments: 1,
    invoices: 1,
    payfast_transactions: 1,
    courses_enrolled: 1,
    notifications: 1,
    mail_queue: 1,
    // payment_started, payment_completed, invoice_issued, course_enrolled
    timeline: 4,
    payfast_itn_log: log,
  });

async function logRows() {
  return db.select().from(payfastItnLog).orderBy(payfastItnLog.receivedAt);
}

async function paymentRow(id: string) {
  const [row] = await db.select().from(payments).where(eq(payments.id, id));
  return row!;
}

describe("configuration", () => {
  it("runs on the simulator defaults with the fake validate URL", () => {
    const pf = env().payfast;
    expect(pf.simulator).toBe(true);
    expect(pf.merchantId).toBe(SANDBOX_MERCHANT_ID);
    expect(pf.passphrase).toBe(SANDBOX_PASSPHRASE);
    expect(pf.allowedSources).toBe("127.0.0.0/8,::1/128");
    expect(pf.checkSource).toBe(true);
    expect(pf.validateUrl).toBe(validator.url);
  });

  it("signs ITNs the way the simulator and an independent MD5 do", async () => {
    const b = await buy("course");
    const mine = itnFor(b, { pfPaymentId: "1234567" });
    const sim = buildItn(
      {
        m_payment_id: b.paymentId,
        pf_payment_id: "1234567",
        item_name: b.itemName,
        amount: centsToAmount(b.amountCents),
        name_first: "Test",
        name_last: "User 01",
        email_address: "sbtu01@payfast.co.za",
        merchant_id: SANDBOX_MERCHANT_ID,
      },
      "COMPLETE",
    );
    expect(sim.map(([k]) => k)).toEqual(mine.map(([k]) => k));
    const sig = mine.at(-1)![1];
    expect(sig).toBe(independentItnSignature(mine, SANDBOX_PASSPHRASE));
    // The simulator's fee differs from ours, so compare its signature with its own fields.
    expect(sim.at(-1)![1]).toBe(independentItnSignature(sim, SANDBOX_PASSPHRASE));
    expect(await counts()).toEqual(startedOnly());
  });
});

describe("valid COMPLETE ITN", () => {
  it("completes a course purchase: payment, student payment, invoice, PayFast row, enrollment and its side effects", async () => {
    const b = await buy("course");
    expect(await counts()).toEqual(startedOnly());
    const itn = itnFor(b, { pfPaymentId: "7654321" });

    const res = await send(itn);

    expect(res.status).toBe(200);
    expect(res.text).toBe("OK");
    expect(await counts()).toEqual(courseFulfilled({ processed: 1 }));

    const payment = await paymentRow(b.paymentId);
    expect(payment.status).toBe("COMPLETED");
    expect(payment.completedAt).toBeInstanceOf(Date);
    const [sp] = await db.select().from(studentPayments);
    expect(sp).toMatchObject({ paymentId: b.paymentId, userId: b.userId, amountCents: PRICE });
    const [invoice] = await db.select().from(invoices);
    expect(invoice).toMatchObject({
      number: `INV-${invoiceYear()}-000001`,
      seq: 1,
      paymentId: b.paymentId,
      totalCents: PRICE,
      vatCents: 6_509,
      subtotalCents: 43_391,
    });
    const [pf] = await db.select().from(payfastTransactions);
    expect(pf).toMatchObject({
      paymentId: b.paymentId,
      pfPaymentId: "7654321",
      paymentStatus: "COMPLETE",
      amountGrossCents: PRICE,
      amountFeeCents: -230,
      amountNetCents: PRICE - 230,
      sourceIp: "127.0.0.1",
    });
    expect(pf!.rawItn).toEqual(itn);
    const [note] = await db.select().from(notifications);
    expect(note).toMatchObject({ audience: "super_admins", type: "course_enrolled", paymentId: b.paymentId });
    const [mail] = await db.select().from(mailQueue);
    expect(mail).toMatchObject({ toEmail: b.email, template: "course_enrollment", status: "queued", paymentId: b.paymentId });
    const events = (await db.select({ e: timeline.event }).from(timeline)).map((r) => r.e).sort();
    expect(events).toEqual(["course_enrolled", "invoice_issued", "payment_completed", "payment_started"]);

    const [log] = await logRows();
    expect(log).toMatchObject({
      verdict: "processed",
      httpStatus: 200,
      paymentId: b.paymentId,
      mPaymentId: b.paymentId,
      pfPaymentId: "7654321",
      paymentStatus: "COMPLETE",
      sourceIp: "127.0.0.1",
    });
    // The postback: one POST of the ITN without its signature (and without the passphrase).
    expect(validator.requests).toHaveLength(1);
    expect(validator.requests[0]!.method).toBe("POST");
    expect(validator.requests[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(validator.requests[0]!.body).toBe(itnValidationBody(itn));
    expect(validator.requests[0]!.body).not.toContain("signature=");
    expect(validator.requests[0]!.body).not.toContain(SANDBOX_PASSPHRASE);
  });

  it("completes a product purchase: product enrollment, receipt email, admin notification", async () => {
    const b = await buy("product", 25_000);
    const res = await send(itnFor(b));

    expect(res.status).toBe(200);
    expect(await counts()).toEqual(
      expected({
        payments: { COMPLETED: 1 },
        student_payments: 1,
        invoices: 1,
        payfast_transactions: 1,
        product_enrolled: 1,
        notifications: 1,
        mail_queue: 1,
        timeline: 4,
        payfast_itn_log: { processed: 1 },
      }),
    );
    const [note] = await db.select().from(notifications);
    expect(note).toMatchObject({ type: "product_purchased", paymentId: b.paymentId });
    const [mail] = await db.select().from(mailQueue);
    expect(mail).toMatchObject({ toEmail: b.email, template: "purchase_receipt" });
    const [invoice] = await db.select().from(invoices);
    expect(invoice).toMatchObject({ totalCents: 25_000, vatCents: 3_261, subtotalCents: 21_739 });
  });
});

describe("repeated and concurrent ITNs", () => {
  it("the same ITN twice: the second is a duplicate and writes nothing", async () => {
    const b = await buy("course");
    const itn = itnFor(b);

    const first = await send(itn);
    expect(first.status).toBe(200);
    expect(await counts()).toEqual(courseFulfilled({ processed: 1 }));

    const second = await send(itn);
    expect(second.status).toBe(200);
    expect(await counts()).toEqual(courseFulfilled({ processed: 1, duplicate: 1 }));
  });

  it("20 identical ITNs at once: exactly one set of rows, every one answered 200", async () => {
    const b = await buy("course");
    const itn = itnFor(b);
    // Hold every postback a little so the 20 deliveries overlap before they reach the database.
    validator.delayMs = 100;

    const results = await Promise.all(Array.from({ length: 20 }, () => send(itn)));

    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    // Negative control: the deliveries really were in flight together, so a race was possible.
    expect(validator.requests).toHaveLength(20);
    expect(validator.maxInFlight).toBeGreaterThan(1);
    expect(await counts()).toEqual(courseFulfilled({ processed: 1, duplicate: 19 }));
    const invoiceNumbers = await db.select({ n: invoices.number }).from(invoices);
    expect(invoiceNumbers).toEqual([{ n: `INV-${invoiceYear()}-000001` }]);
  });

  it("COMPLETE and CANCELLED racing: the payment ends in one state with exactly its rows", async () => {
    const b = await buy("course");
    const pfId = nextPfId();
    validator.delayMs = 50;
    const itns = [itnFor(b, { pfPaymentId: pfId }), itnFor(b, { pfPaymentId: pfId, status: "CANCELLED" })];

    const results = await Promise.all([...itns, ...itns, ...itns].map((itn) => send(itn)));

    expect(results.every((r) => r.status === 200)).toBe(true);
    const status = (await paymentRow(b.paymentId)).status;
    if (status === "COMPLETED") {
      // the 3 COMPLETEs: 1 processed + 2 duplicates; the 3 CANCELLEDs arrive too late: ignored
      expect(await counts()).toEqual(courseFulfilled({ processed: 1, duplicate: 2, ignored: 3 }));
    } else {
      expect(status).toBe("CANCELLED");
      // Nothing fulfilled. (Whether admins are told about the late COMPLETEs is the subject of
      // the "already CANCELLED" test below, so notifications are left out here.)
      const { notifications: _notes, payfast_itn_log: log, ...rest } = await counts();
      const { notifications: _n, payfast_itn_log: _l, ...want } = expected({ payments: { CANCELLED: 1 }, timeline: 2 });
      expect(rest).toEqual(want);
      expect(log.processed).toBe(1);
      expect(log.invalid + log.retry).toBe(0);
      expect(Object.values(log).reduce((a, b) => a + b, 0)).toBe(6);
    }
  });
});

describe("status changes", () => {
  it("CANCELLED after COMPLETE: the payment stays COMPLETED and nothing else is written", async () => {
    const b = await buy("course");
    const pfId = nextPfId();
    expect((await send(itnFor(b, { pfPaymentId: pfId }))).status).toBe(200);
    expect(await counts()).toEqual(courseFulfilled({ processed: 1 }));

    const res = await send(itnFor(b, { pfPaymentId: pfId, status: "CANCELLED" }));

    expect(res.status).toBe(200);
    expect((await paymentRow(b.paymentId)).status).toBe("COMPLETED");
    expect(await counts()).toEqual(courseFulfilled({ processed: 1, ignored: 1 }));
  });

  it("FAILED: only the payment's status changes (no student payment, invoice, PayFast row or enrollment)", async () => {
    const b = await buy("course");

    const res = await send(itnFor(b, { status: "FAILED", grossCents: PRICE }));

    expect(res.status).toBe(200);
    const payment = await paymentRow(b.paymentId);
    expect(payment.status).toBe("FAILED");
    expect(payment.completedAt).toBeNull();
    expect(payment.failureReason).toBe("PayFast reported FAILED");
    // timeline: payment_started + payment_failed (the student's activity feed)
    expect(await counts()).toEqual(expected({ payments: { FAILED: 1 }, timeline: 2, payfast_itn_log: { processed: 1 } }));
  });

  it("COMPLETE after FAILED does not revive the payment or fulfil anything", async () => {
    const b = await buy("course");
    const pfId = nextPfId();
    await send(itnFor(b, { pfPaymentId: pfId, status: "FAILED" }));

    const res = await send(itnFor(b, { pfPaymentId: pfId }));

    expect(res.status).toBe(200);
    expect((await paymentRow(b.paymentId)).status).toBe("FAILED");
    // Whether admins hear about it is the next test's subject; here: nothing fulfilled.
    const { notifications: _notes, payfast_itn_log: log, ...rest } = await counts();
    const { notifications: _n, payfast_itn_log: _l, ...want } = expected({ payments: { FAILED: 1 }, timeline: 2 });
    expect(rest).toEqual(want);
    expect(log.processed).toBe(1); // the FAILED
    expect(log.processed + log.duplicate + log.refused + log.ignored).toBe(2);
    expect(log.invalid + log.retry).toBe(0);
  });

  // Money was taken for a payment we had already closed (the buyer went through cancel_url in
  // another tab, which runs closePayment, then paid anyway). The payment must stay CANCELLED
  // (final state), but someone has to refund or honour it: the super admins must be told, the
  // way a duplicate course purchase is flagged. Today the ITN is logged as a "duplicate" and
  // nobody is told.
  it("a COMPLETE ITN for a payment already CANCELLED (buyer went through cancel_url) alerts the super admins", async () => {
    const b = await buy("product", 25_000);
    await db.transaction((tx) => closePayment(tx, b.paymentId, "CANCELLED", "Buyer cancelled on PayFast"));
    expect(await counts()).toEqual(expected({ payments: { CANCELLED: 1 }, timeline: 2 }));

    const res = await send(itnFor(b));

    expect(res.status).toBe(200);
    expect((await paymentRow(b.paymentId)).status).toBe("CANCELLED");
    // nothing fulfilled...
    const { notifications: _notes, payfast_itn_log: log, ...rest } = await counts();
    const { notifications: _n, payfast_itn_log: _l, ...want } = expected({ payments: { CANCELLED: 1 }, timeline: 2 });
    expect(rest).toEqual(want);
    expect(log.duplicate + log.refused + log.ignored).toBe(1);
    expect(log.processed + log.invalid + log.retry).toBe(0);
    // ...but a payment PayFast took is not silently dropped
    const notes = await db.select().from(notifications).where(eq(notifications.paymentId, b.paymentId));
    expect(notes, "no admin notification for money received on a CANCELLED payment").toHaveLength(1);
    expect(notes[0]!.audience).toBe("super_admins");
  });

  it("a PENDING ITN needs no action", async () => {
    const b = await buy("course");
    const res = await send(itnFor(b, { status: "PENDING" }));
    expect(res.status).toBe(200);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1, payfast_itn_log: { ignored: 1 } }));
  });

  it("a second paid course payment for a course already owned is kept and flagged for a refund, not enrolled twice", async () => {
    const b = await buy("course");
    // The first checkout is older than the 30-minute resume window, so a second one is opened.
    await db
      .update(payments)
      .set({ createdAt: sql`now() - interval '31 minutes'` })
      .where(eq(payments.id, b.paymentId));
    const again = await startCheckout(b.userId, "course", b.slug);
    expect(again.kind).toBe("redirect");
    const second = { ...b, paymentId: (again as { paymentId: string }).paymentId };
    expect(second.paymentId).not.toBe(b.paymentId);

    expect((await send(itnFor(b))).status).toBe(200);
    expect((await send(itnFor(second))).status).toBe(200);

    expect(await counts()).toEqual(
      expected({
        payments: { COMPLETED: 2 },
        student_payments: 2,
        invoices: 2,
        payfast_transactions: 2,
        courses_enrolled: 1,
        notifications: 2, // course_enrolled + duplicate_purchase
        mail_queue: 1,
        timeline: 7, // 2 × (started, completed, invoice) + 1 enrolled
        payfast_itn_log: { processed: 2 },
      }),
    );
    const types = (await db.select({ t: notifications.type }).from(notifications)).map((r) => r.t).sort();
    expect(types).toEqual(["course_enrolled", "duplicate_purchase"]);
  });
});

describe("forged or malformed ITNs (400, logged invalid, nothing written)", () => {
  it("a tampered field (signature mismatch)", async () => {
    const b = await buy("course");
    const tampered = setField(itnFor(b), "item_name", "Something else");

    const res = await send(tampered);

    expect(res.status).toBe(400);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1, payfast_itn_log: { invalid: 1 } }));
    const [log] = await logRows();
    expect(log).toMatchObject({ verdict: "invalid", httpStatus: 400, reason: "signature mismatch", mPaymentId: b.paymentId });
    expect(validator.requests).toHaveLength(0);
  });

  it("a tampered amount with the old signature", async () => {
    const b = await buy("course");
    const tampered = setField(itnFor(b), "amount_gross", "1.00");
    const res = await send(tampered);
    expect(res.status).toBe(400);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1, payfast_itn_log: { invalid: 1 } }));
  });

  it("no signature", async () => {
    const b = await buy("course");
    const res = await send(withoutField(itnFor(b), "signature"));
    expect(res.status).toBe(400);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1, payfast_itn_log: { invalid: 1 } }));
    expect((await logRows())[0]!.reason).toBe("no signature");
  });

  it("the signature posted twice", async () => {
    const b = await buy("course");
    const itn = itnFor(b);
    const res = await send([...itn, itn.at(-1)!]);
    expect(res.status).toBe(400);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1, payfast_itn_log: { invalid: 1 } }));
  });

  it("signed with the wrong passphrase", async () => {
    const b = await buy("course");
    const res = await send(itnFor(b, { passphrase: "not-the-passphrase" }));
    expect(res.status).toBe(400);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1, payfast_itn_log: { invalid: 1 } }));
    expect((await logRows())[0]!.reason).toBe("signature mismatch");
    expect(validator.requests).toHaveLength(0);
  });

  it("signed with no passphrase at all", async () => {
    const b = await buy("course");
    const unsigned = withoutField(itnFor(b), "signature");
    const res = await send(signItn(unsigned, null));
    expect(unsigned).toHaveLength(22);
    expect(res.status).toBe(400);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1, payfast_itn_log: { invalid: 1 } }));
  });

  const junk: [string, string][] = [
    ["plain text", "this is not an ITN"],
    ["JSON", JSON.stringify({ payment_status: "COMPLETE", m_payment_id: randomUUID() })],
    ["broken percent-encoding", "payment_status=%E0%A4%A&&&==%%%&signature=%ZZ"],
    ["invalid UTF-8 bytes", Buffer.from([0xff, 0xfe, 0x3d, 0xc3, 0x28]).toString("latin1")],
    ["an empty body", ""],
  ];
  it.each(junk)("junk body (%s) → 400, recorded, never a 5xx", async (_label, body) => {
    await buy("course");
    const res = await send(body);
    expect(res.status).toBe(400);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1, payfast_itn_log: { invalid: 1 } }));
    const [log] = await logRows();
    expect(log).toMatchObject({ verdict: "invalid", httpStatus: 400, paymentId: null });
    expect(validator.requests).toHaveLength(0);
  });

  // A NUL byte cannot be stored in a PostgreSQL text column. The body (or a field decoded from
  // it, e.g. payment_status=%00) reaches the payfast_itn_log insert unchanged, the insert fails,
  // and the handler answers 503 ("retry") without recording anything.
  it.each([
    ["a raw NUL byte in the body", "payment_status=COMPLETE\u0000&signature=abc"],
    ["a %00 in a logged field", "m_payment_id=x%00y&payment_status=COMPLETE&signature=abc"],
  ])("junk body with %s → 400 and recorded", async (_label, body) => {
    await buy("course");
    const res = await send(body);
    expect(res.status).toBe(400);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1, payfast_itn_log: { invalid: 1 } }));
  });

  it("an oversized body (> 16 KiB, even if correctly signed) → 400, recorded (truncated)", async () => {
    const b = await buy("course");
    const big = signItn(setField(withoutField(itnFor(b), "signature"), "item_description", "x".repeat(17 * 1024)));
    const body = new URLSearchParams(big).toString();
    expect(Buffer.byteLength(body)).toBeGreaterThan(16 * 1024);

    const res = await send(body);

    expect(res.status).toBe(400);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1, payfast_itn_log: { invalid: 1 } }));
    const [log] = await logRows();
    expect(log!.body.length).toBe(16 * 1024);
    expect(log!.reason).toMatch(/larger than 16384 bytes/);
    expect(validator.requests).toHaveLength(0);
  });

  it("a declared Content-Length far beyond the limit is refused without reading the body", async () => {
    const b = await buy("course");
    const res = await send(itnFor(b), { headers: { "content-length": String(1024 * 1024) } });
    expect(res.status).toBe(400);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1, payfast_itn_log: { invalid: 1 } }));
  });
});

describe("business refusals (200 so PayFast stops, logged refused, admins told, nothing fulfilled)", () => {
  it("amount mismatch, correctly signed", async () => {
    const b = await buy("course");

    const res = await send(itnFor(b, { grossCents: PRICE - 100 }));

    expect(res.status).toBe(200);
    expect(await counts()).toEqual(
      expected({ payments: { STARTED: 1 }, timeline: 1, notifications: 1, payfast_itn_log: { refused: 1 } }),
    );
    const [note] = await db.select().from(notifications);
    expect(note).toMatchObject({ audience: "super_admins", type: "itn_refused", paymentId: b.paymentId });
    expect(note!.body).toMatch(/amount_gross 498\.00/);
    expect((await logRows())[0]).toMatchObject({ verdict: "refused", httpStatus: 200, paymentId: b.paymentId });
    expect(validator.requests).toHaveLength(0);
  });

  it("amount one cent too high", async () => {
    const b = await buy("product", 25_000);
    const res = await send(itnFor(b, { grossCents: 25_001 }));
    expect(res.status).toBe(200);
    expect(await counts()).toEqual(
      expected({ payments: { STARTED: 1 }, timeline: 1, notifications: 1, payfast_itn_log: { refused: 1 } }),
    );
  });

  it("wrong merchant_id", async () => {
    const b = await buy("course");
    const res = await send(itnFor(b, { merchantId: "10000101" }));
    expect(res.status).toBe(200);
    expect(await counts()).toEqual(
      expected({ payments: { STARTED: 1 }, timeline: 1, notifications: 1, payfast_itn_log: { refused: 1 } }),
    );
    expect((await db.select().from(notifications))[0]).toMatchObject({ type: "itn_refused" });
    expect((await logRows())[0]!.reason).toMatch(/merchant_id 10000101 is not ours/);
  });

  it.each([
    ["an unknown payment id", () => randomUUID()],
    ["a payment id that is not a UUID", () => "order-42"],
    ["an empty m_payment_id", () => ""],
  ])("unknown m_payment_id (%s)", async (_label, id) => {
    const b = await buy("course");
    const res = await send(itnFor(b, { mPaymentId: id() }));
    expect(res.status).toBe(200);
    expect(await counts()).toEqual(
      expected({ payments: { STARTED: 1 }, timeline: 1, notifications: 1, payfast_itn_log: { refused: 1 } }),
    );
    expect((await logRows())[0]).toMatchObject({ verdict: "refused", paymentId: null });
  });
});

describe("validate postback", () => {
  it("INVALID: not fulfilled", async () => {
    const b = await buy("course");
    validator.mode = "INVALID";

    const res = await send(itnFor(b));

    expect(res.status).toBe(400);
    expect(validator.requests).toHaveLength(1);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1, payfast_itn_log: { invalid: 1 } }));
  });

  it("validate endpoint answers HTTP 500: asks PayFast to retry, nothing fulfilled", async () => {
    const b = await buy("course");
    validator.mode = "http500";
    const res = await send(itnFor(b));
    expect(res.status).toBe(503);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1, payfast_itn_log: { retry: 1 } }));
  });

  it("timeout: 503 and nothing fulfilled; PayFast's retry with VALID then completes it", async () => {
    const b = await buy("course");
    const itn = itnFor(b);
    validator.mode = "hang";

    const started = Date.now();
    const res = await withEnv({ PAYFAST_VALIDATE_TIMEOUT_MS: "300" }, () => send(itn));
    const took = Date.now() - started;

    expect(res.status).toBe(503);
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(5_000);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1, payfast_itn_log: { retry: 1 } }));
    expect((await logRows())[0]).toMatchObject({ verdict: "retry", httpStatus: 503, paymentId: b.paymentId });
    validator.dropConnections();

    validator.mode = "VALID";
    const retry = await send(itn);

    expect(retry.status).toBe(200);
    expect(await counts()).toEqual(courseFulfilled({ retry: 1, processed: 1 }));
  });
});

describe("source address", () => {
  it("a public address (8.8.8.8) is refused with 403 and nothing is fulfilled", async () => {
    const b = await buy("course");

    const res = await send(itnFor(b), { forwardedFor: "8.8.8.8" });

    expect(res.status).toBe(403);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1, payfast_itn_log: { invalid: 1 } }));
    expect((await logRows())[0]).toMatchObject({ sourceIp: "8.8.8.8", httpStatus: 403 });
    expect(validator.requests).toHaveLength(0);
  });

  it("a client-claimed loopback address in front of the real peer does not pass", async () => {
    const b = await buy("course");
    const res = await send(itnFor(b), { forwardedFor: "127.0.0.1, 8.8.8.8" });
    expect(res.status).toBe(403);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1, payfast_itn_log: { invalid: 1 } }));
  });

  it("no address at all is refused", async () => {
    const b = await buy("course");
    const res = await send(itnFor(b), { forwardedFor: "" });
    expect(res.status).toBe(403);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1, payfast_itn_log: { invalid: 1 } }));
  });

  it("IPv6 loopback is allowed (positive control)", async () => {
    const b = await buy("course");
    const res = await send(itnFor(b), { forwardedFor: "::1" });
    expect(res.status).toBe(200);
    expect(await counts()).toEqual(courseFulfilled({ processed: 1 }));
  });
});

describe("only the ITN completes a payment", () => {
  it("a STARTED payment with no ITN (the buyer only came back through return_url) stays STARTED with nothing written", async () => {
    const b = await buy("course");
    // The return URL the browser is sent to carries no proof of payment; no request to it is
    // able to change anything in the database, so the state after checkout is the whole story.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const payment = await paymentRow(b.paymentId);
    expect(payment.status).toBe("STARTED");
    expect(payment.completedAt).toBeNull();
    expect(await counts()).toEqual(startedOnly());
    expect(validator.requests).toHaveLength(0);
  });
});

describe("free items", () => {
  it("a price-0 course completes at checkout: method free, invoice total 0, enrollment, no PayFast", async () => {
    const user = await createUser();
    const course = await createCourse({ priceCents: 0 });

    const result = await startCheckout(user.id, "course", course.slug);

    expect(result.kind).toBe("completed");
    const payment = await paymentRow((result as { paymentId: string }).paymentId);
    expect(payment).toMatchObject({ method: "free", status: "COMPLETED", amountCents: 0 });
    const [invoice] = await db.select().from(invoices);
    expect(invoice).toMatchObject({ totalCents: 0, subtotalCents: 0, vatCents: 0, paymentId: payment.id, seq: 1 });
    expect(await counts()).toEqual(
      expected({
        payments: { COMPLETED: 1 },
        student_payments: 1,
        invoices: 1,
        courses_enrolled: 1,
        notifications: 1,
        mail_queue: 1,
        timeline: 4,
      }),
    );
    // And it cannot be bought again.
    expect(await startCheckout(user.id, "course", course.slug)).toEqual({ kind: "refused", message: "You already own this course." });
  });

  it("a price-0 product completes at checkout the same way", async () => {
    const user = await createUser();
    const product = await createProduct({ priceCents: 0 });
    const result = await startCheckout(user.id, "product", product.slug);
    expect(result.kind).toBe("completed");
    expect(await counts()).toEqual(
      expected({
        payments: { COMPLETED: 1 },
        student_payments: 1,
        invoices: 1,
        product_enrolled: 1,
        notifications: 1,
        mail_queue: 1,
        timeline: 4,
      }),
    );
  });
});
