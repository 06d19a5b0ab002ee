// Reconciliation runs are stored (reconciliation_runs); the payment health page shows the latest.
// The worker runs it when due, an admin on demand, and a repair runs it again.
import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db/index";
import { auditLog, invoices, mailQueue, notifications, productEnrolled, reconciliationRuns, timeline } from "@/db/schema";
import { latestReconciliation, runReconciliation, runReconciliationIfDue } from "@/lib/admin/reconciliation";
import { completePayment, repairCompletedPayment } from "@/lib/payments/complete";
import { createPayment, createProduct, createUser } from "../../helpers/db";

beforeEach(async () => {
  await db.execute(sql`
    TRUNCATE users, courses, products, payments, student_payments, invoices, invoice_counters, payfast_transactions,
      payfast_itn_log, courses_enrolled, product_enrolled, notifications, mail_queue, timeline, reconciliation_runs, audit_log CASCADE`);
});

async function completedPurchase() {
  const user = await createUser();
  const product = await createProduct({ priceCents: 25_000 });
  const payment = await createPayment({ userId: user.id, productId: product.id, amountCents: 25_000 });
  await db.transaction((tx) => completePayment(tx, payment.id));
  return payment;
}

describe("stored reconciliation", () => {
  it("finds a completed payment that lost its invoice only when it runs, and not after the repair's run", async () => {
    const payment = await completedPurchase();
    expect(await latestReconciliation()).toBeNull();
    const clean = await runReconciliation("admin");
    expect(clean).toMatchObject({ source: "admin", windowDays: 30, missing: [], orphanEnrollments: [], gaps: [] });

    await db.delete(invoices).where(eq(invoices.paymentId, payment.id));
    // The page shows the stored run until the next one.
    expect((await latestReconciliation())!.id).toBe(clean.id);
    const found = await runReconciliation("worker");
    expect(found.missing).toEqual([{ id: payment.id, itemName: "Test item", amountCents: 25_000, problems: ["no invoice"] }]);
    // Invoice 1 of the year is gone, and it was the only one: no gap below the highest number.
    expect(found.gaps).toEqual([]);
    expect((await latestReconciliation())!.id).toBe(found.id);

    expect(await db.transaction((tx) => repairCompletedPayment(tx, payment.id))).toEqual(["invoice"]);
    const after = await runReconciliation("repair");
    expect(after.missing).toEqual([]);
    expect((await latestReconciliation())!.id).toBe(after.id);
  });

  it("a repair puts back a lost product enrollment with its side effects, once", async () => {
    const payment = await completedPurchase();
    await db.delete(productEnrolled).where(eq(productEnrolled.paymentId, payment.id));
    const before = {
      mail: await db.$count(mailQueue, eq(mailQueue.paymentId, payment.id)),
      timeline: await db.$count(timeline, eq(timeline.paymentId, payment.id)),
    };

    expect(await db.transaction((tx) => repairCompletedPayment(tx, payment.id))).toEqual(["product enrollment"]);
    const [enrollment] = await db.select().from(productEnrolled).where(eq(productEnrolled.paymentId, payment.id));
    expect(enrollment).toBeDefined();
    // A new notification, email and timeline row, each pointing at the new enrollment.
    expect(await db.$count(notifications, eq(notifications.productEnrollmentId, enrollment!.id))).toBe(1);
    expect(await db.$count(mailQueue, eq(mailQueue.productEnrollmentId, enrollment!.id))).toBe(1);
    expect(await db.$count(timeline, eq(timeline.productEnrollmentId, enrollment!.id))).toBe(1);
    expect(await db.$count(timeline, eq(timeline.paymentId, payment.id))).toBe(before.timeline + 1);
    expect(await db.$count(mailQueue, eq(mailQueue.paymentId, payment.id))).toBe(before.mail + 1);
    // Running it again adds nothing.
    expect(await db.transaction((tx) => repairCompletedPayment(tx, payment.id))).toEqual([]);
  });

  it("reports a gap in invoice numbers", async () => {
    const payments = [await completedPurchase(), await completedPurchase(), await completedPurchase()];
    const [middle] = await db.select({ year: invoices.year, seq: invoices.seq }).from(invoices).where(eq(invoices.paymentId, payments[1]!.id));
    await db.delete(invoices).where(eq(invoices.paymentId, payments[1]!.id));
    const run = await runReconciliation("admin");
    expect(run.gaps).toEqual([{ year: middle!.year, from: middle!.seq, to: middle!.seq }]);
  });

  it("an admin's run is audited in the same transaction", async () => {
    const admin = await createUser({ role: "super_admin" });
    const run = await runReconciliation("admin", { actorId: admin.id });
    const rows = await db.select().from(auditLog).where(eq(auditLog.action, "reconciliation.run"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: admin.id, entityType: "reconciliation_run", entityId: run.id, after: { missing: 0, orphanEnrollments: 0, gaps: 0 } });
  });

  it("the worker runs it only when the latest run is old enough, and only one worker at a time", async () => {
    const first = await runReconciliationIfDue(5);
    expect(first).not.toBeNull();
    expect(await runReconciliationIfDue(5)).toBeNull(); // ran less than 5 minutes ago

    await db.update(reconciliationRuns).set({ startedAt: sql`now() - interval '6 minutes'` }).where(sql`true`);
    // Four workers at once: one runs, the others find the lock taken or the new run.
    const results = await Promise.all([runReconciliationIfDue(5), runReconciliationIfDue(5), runReconciliationIfDue(5), runReconciliationIfDue(5)]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(reconciliationRuns);
    expect(n).toBe(2);
  });

  it("drops runs older than a week", async () => {
    await runReconciliation("worker");
    await db.update(reconciliationRuns).set({ startedAt: sql`now() - interval '8 days'` }).where(sql`true`);
    const latest = await runReconciliation("worker");
    expect((await db.select({ id: reconciliationRuns.id }).from(reconciliationRuns)).map((r) => r.id)).toEqual([latest.id]);
  });
});
