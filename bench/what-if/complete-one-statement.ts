// WHAT-IF, NOT APP CODE: a candidate completePayment for bench/completion-tx.ts
// (BENCH_COMPLETION_MODULE=bench/what-if/complete-one-statement.ts), measured for BENCHMARKS.md. It mirrors the
// completion logic of lib/payments/complete.ts at commit 05cf2e6 and will drift from it.
// Everything that does not need the invoice number first; then ONE statement takes the number
// and writes the invoice, its timeline row and the receipt email (data-modifying CTEs),
// immediately followed by COMMIT: the counter row is locked for one statement + COMMIT.
// Product purchases only (what the benchmark buys).
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/index";
import { payfastTransactions, payments, productEnrolled, studentPayments, users } from "../../db/schema";
import { env } from "../../lib/env";
import { mailSubject } from "../../lib/mail/render";
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

  const e = env();
  const year = Number(yearFormat.format(new Date()));
  const split = vatInclusiveSplit(payment.amountCents, e.VAT_RATE_BASIS_POINTS);
  const lines = JSON.stringify([{ description: payment.itemName, quantity: 1, unitPriceCents: payment.amountCents, totalCents: payment.amountCents }]);
  const subject = mailSubject("purchase_receipt", { name: buyer!.name, itemName: payment.itemName, amountCents: payment.amountCents, invoiceNumber: "x", invoiceUrl: "http://x/" });
  const rows: unknown = await tx.execute(sql`
    with c as (
      insert into invoice_counters (year, last_seq) values (${year}, 1)
      on conflict (year) do update set last_seq = invoice_counters.last_seq + 1
      returning last_seq
    ), i as (
      insert into invoices (number, year, seq, payment_id, user_id, billed_to_name, billed_to_email, seller_name, seller_vat_number,
                            lines, vat_rate_bp, subtotal_cents, vat_cents, total_cents)
      select 'INV-' || ${year}::int || '-' || lpad(c.last_seq::text, 6, '0'), ${year}, c.last_seq, ${payment.id}, ${payment.userId},
             ${buyer!.name}, ${buyer!.email}, ${e.SELLER_NAME}, ${e.SELLER_VAT_NUMBER ?? null}, ${lines}::jsonb, ${e.VAT_RATE_BASIS_POINTS},
             ${split.subtotalCents}, ${split.vatCents}, ${split.totalCents}
      from c returning id, number
    ), t as (
      insert into timeline (user_id, event, summary, payment_id)
      select ${payment.userId}, 'invoice_issued', 'Invoice ' || i.number || ' issued', ${payment.id} from i
    ), m as (
      insert into mail_queue (to_email, subject, template, payload, user_id, product_enrollment_id, payment_id)
      select ${buyer!.email}, ${subject}, 'purchase_receipt',
             jsonb_build_object('name', ${buyer!.name}::text, 'itemName', ${payment.itemName}::text, 'amountCents', ${payment.amountCents}::int,
                                'invoiceNumber', i.number, 'invoiceUrl', ${e.APP_URL.replace(/\/$/, "")}::text || '/invoices/' || i.id),
             ${payment.userId}, ${enrollment!.id}, ${payment.id}
      from i
    )
    select number from i`);
  // postgres.js returns the rows as an array.
  const [row] = rows as { number: string }[];
  return { outcome: "completed" as const, payment, invoiceNumber: row!.number, enrolled: true };
}
