// WHAT-IF, NOT APP CODE: a candidate completePayment for bench/completion-tx.ts
// (BENCH_COMPLETION_MODULE=bench/what-if/complete-invoice-last.ts), measured for BENCHMARKS.md. It mirrors the
// completion logic of lib/payments/complete.ts at commit 05cf2e6 and will drift from it.
// The invoice number is taken as late as possible, after the enrollment, notification and
// timeline rows, so the invoice_counters row lock covers upsert + invoice + timeline + mail +
// COMMIT instead of 8 statements + COMMIT. Product purchases only (what the benchmark buys).
import { and, eq, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Tx } from "../../db/index";
import { invoiceCounters, invoices, payfastTransactions, payments, productEnrolled, studentPayments, users } from "../../db/schema";
import { env } from "../../lib/env";
import { enqueueMail } from "../../lib/mail/enqueue";
import { formatZar, vatInclusiveSplit } from "../../lib/money";
import { notifyAdmins } from "../../lib/notifications/notify";
import { recordTimeline } from "../../lib/timeline/record";
import type { PayfastRecord } from "../../lib/payments/complete";

const yearFormat = new Intl.DateTimeFormat("en-ZA", { year: "numeric", timeZone: "Africa/Johannesburg" });

export async function completePayment(tx: Tx, paymentId: string, payfast?: PayfastRecord) {
  const [payment] = await tx
    .update(payments)
    .set({ status: "COMPLETED", completedAt: sql`now()` })
    .where(and(eq(payments.id, paymentId), eq(payments.status, "STARTED")))
    .returning();
  if (!payment) return { outcome: "not_started" as const, status: "COMPLETED" as const };
  const [buyer] = await tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, payment.userId));
  await tx.insert(studentPayments).values({ paymentId: payment.id, userId: payment.userId, amountCents: payment.amountCents, paidAt: new Date() });
  if (payfast) await tx.insert(payfastTransactions).values({ paymentId: payment.id, ...payfast });
  await recordTimeline(tx, { userId: payment.userId, event: "payment_completed", summary: `Paid ${formatZar(payment.amountCents)} for ${payment.itemName}`, paymentId: payment.id });
  const [enrollment] = await tx.insert(productEnrolled).values({ userId: payment.userId, productId: payment.productId!, paymentId: payment.id }).returning({ id: productEnrolled.id });
  await notifyAdmins(tx, { type: "product_purchased", title: `Product sold: ${payment.itemName}`, body: `${buyer!.name} bought it for ${formatZar(payment.amountCents)}.`, link: `/admin/payments/${payment.id}`, productEnrollmentId: enrollment!.id, paymentId: payment.id });
  await recordTimeline(tx, { userId: payment.userId, event: "product_enrolled", summary: `Bought ${payment.itemName}`, productEnrollmentId: enrollment!.id, paymentId: payment.id });

  // ---- from here to COMMIT the counter row is locked
  const e = env();
  const year = Number(yearFormat.format(new Date()));
  const [counter] = await tx
    .insert(invoiceCounters)
    .values({ year, lastSeq: 1 })
    .onConflictDoUpdate({ target: invoiceCounters.year, set: { lastSeq: sql`${invoiceCounters.lastSeq} + 1` } })
    .returning({ seq: invoiceCounters.lastSeq });
  const seq = counter!.seq;
  const number = `INV-${year}-${String(seq).padStart(6, "0")}`;
  const invoiceId = randomUUID();
  const split = vatInclusiveSplit(payment.amountCents, e.VAT_RATE_BASIS_POINTS);
  await tx.insert(invoices).values({
    id: invoiceId, number, year, seq, paymentId: payment.id, userId: payment.userId,
    billedToName: buyer!.name, billedToEmail: buyer!.email, sellerName: e.SELLER_NAME, sellerVatNumber: e.SELLER_VAT_NUMBER ?? null,
    lines: [{ description: payment.itemName, quantity: 1, unitPriceCents: payment.amountCents, totalCents: payment.amountCents }],
    vatRateBasisPoints: e.VAT_RATE_BASIS_POINTS, ...split,
  });
  await recordTimeline(tx, { userId: payment.userId, event: "invoice_issued", summary: `Invoice ${number} issued`, paymentId: payment.id });
  await enqueueMail(tx, {
    toEmail: buyer!.email, template: "purchase_receipt",
    payload: { name: buyer!.name, itemName: payment.itemName, amountCents: payment.amountCents, invoiceNumber: number, invoiceUrl: new URL(`/invoices/${invoiceId}`, e.APP_URL).toString() },
    userId: payment.userId, productEnrollmentId: enrollment!.id, paymentId: payment.id,
  });
  return { outcome: "completed" as const, payment, invoiceNumber: number, enrolled: true };
}
