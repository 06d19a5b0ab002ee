// completePayment writes from what it read a moment earlier (the ITN's lookup), in one statement
// whose every row depends on the conditional UPDATE matching. These cases change the payment
// between that read and the statement: the statement must then write nothing at all.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db/index";
import { notifications, payments } from "@/db/schema";
import { closePayment, completePayment, readPaymentToComplete, type PayfastRecord } from "@/lib/payments/complete";
import { createCourse, createPayment, createProduct, createUser } from "../../helpers/db";
import { counts, expected, resetPaymentTables } from "../../helpers/payments";

beforeEach(async () => {
  await resetPaymentTables();
});

const payfast = (pfPaymentId: string, amountCents: number): PayfastRecord => ({
  pfPaymentId,
  paymentStatus: "COMPLETE",
  amountGrossCents: amountCents,
  amountFeeCents: 0,
  amountNetCents: amountCents,
  rawItn: [["pf_payment_id", pfPaymentId]],
  sourceIp: "127.0.0.1",
});

const itnLog = (paymentId: string) => ({ body: "test", paymentId, verdict: "processed" as const, reason: "completed; invoice issued", httpStatus: 200 });

async function startedProductPayment() {
  const user = await createUser();
  const product = await createProduct({ priceCents: 12_345 });
  return createPayment({ userId: user.id, productId: product.id, amountCents: 12_345 });
}

describe("completePayment after the payment changed since it was read", () => {
  it("cancelled in between: not completed, and not one row written by the completion", async () => {
    const payment = await startedProductPayment();
    const read = await readPaymentToComplete(db, payment.id);
    expect(read?.status).toBe("STARTED");

    await db.transaction((tx) => closePayment(tx, payment.id, "CANCELLED", "buyer cancelled"));
    const result = await completePayment(db, read!, payfast("pf-1", 12_345), itnLog(payment.id));

    expect(result).toEqual({ outcome: "not_started", status: "CANCELLED" });
    // The cancellation's own timeline row only.
    expect(await counts()).toEqual(expected({ payments: { CANCELLED: 1 }, timeline: 1 }));
  });

  it("completed in between by another delivery: one set of rows, the stale one writes nothing", async () => {
    const payment = await startedProductPayment();
    const first = await readPaymentToComplete(db, payment.id);
    const second = await readPaymentToComplete(db, payment.id);

    const done = await completePayment(db, first!, payfast("pf-2", 12_345), itnLog(payment.id));
    const again = await completePayment(db, second!, payfast("pf-2", 12_345), itnLog(payment.id));

    expect(done.outcome).toBe("completed");
    expect(again).toEqual({ outcome: "not_started", status: "COMPLETED" });
    expect(await counts()).toEqual(
      expected({
        payments: { COMPLETED: 1 },
        student_payments: 1,
        invoices: 1,
        payfast_transactions: 1,
        product_enrolled: 1,
        notifications: 1,
        mail_queue: 1,
        timeline: 3,
        payfast_itn_log: { processed: 1 },
      }),
    );
  });

  it("reports the payment as the database completed it", async () => {
    const payment = await startedProductPayment();
    const result = await completePayment(db, payment.id);
    if (result.outcome !== "completed") throw new Error("not completed");
    const [stored] = await db.select().from(payments).where(eq(payments.id, payment.id));
    expect(result.payment.status).toBe("COMPLETED");
    expect(result.payment.completedAt?.getTime()).toBe(stored!.completedAt!.getTime());
    // updated_at moves on every change of a payment, this one included.
    expect(stored!.updatedAt.getTime()).toBeGreaterThan(payment.updatedAt.getTime());
  });

  it("the same course bought twice, the other payment completed after the read: kept and flagged for a refund, not an error", async () => {
    const user = await createUser();
    const course = await createCourse({ priceCents: 50_000 });
    const first = await createPayment({ userId: user.id, courseId: course.id, amountCents: 50_000 });
    const second = await createPayment({ userId: user.id, courseId: course.id, amountCents: 50_000 });
    // Both read while neither was complete (the ITN reads before its validate postback).
    const readFirst = await readPaymentToComplete(db, first.id);
    const readSecond = await readPaymentToComplete(db, second.id);
    expect(readSecond?.ownsCourse).toBe(false);

    expect(await completePayment(db, readFirst!, payfast("pf-a", 50_000))).toMatchObject({ outcome: "completed", enrolled: true });
    const late = await completePayment(db, readSecond!, payfast("pf-b", 50_000));

    expect(late).toMatchObject({ outcome: "completed", enrolled: false });
    const flagged = await db.select({ type: notifications.type }).from(notifications).where(eq(notifications.paymentId, second.id));
    expect(flagged).toEqual([{ type: "duplicate_purchase" }]);
    expect(await counts()).toEqual(
      expected({
        payments: { COMPLETED: 2 },
        student_payments: 2,
        invoices: 2,
        payfast_transactions: 2,
        courses_enrolled: 1,
        notifications: 2,
        mail_queue: 1,
        timeline: 5,
      }),
    );
  });

  it("inside a caller's transaction the same refusal rolls the transaction back (the caller decides)", async () => {
    const user = await createUser();
    const course = await createCourse({ priceCents: 50_000 });
    const first = await createPayment({ userId: user.id, courseId: course.id, amountCents: 50_000 });
    const second = await createPayment({ userId: user.id, courseId: course.id, amountCents: 50_000 });
    const readSecond = await readPaymentToComplete(db, second.id);
    await completePayment(db, first.id);

    await expect(db.transaction((tx) => completePayment(tx, readSecond!))).rejects.toThrow();
    const [stillStarted] = await db.select({ status: payments.status }).from(payments).where(eq(payments.id, second.id));
    expect(stillStarted!.status).toBe("STARTED");
  });
});
