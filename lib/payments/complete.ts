// Completing a payment is one business event: one function, one transaction. The payment turns
// COMPLETED (only from STARTED), and in the same transaction get written: its student_payments
// row, its invoice (numbered here, so numbers are gapless), its PayFast transaction (if any),
// the enrollment, and the enrollment's side effects (admin notification, email, timeline).
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Executor, Tx } from "@/db";
import {
  courses,
  coursesEnrolled,
  invoiceCounters,
  invoices,
  payfastTransactions,
  payments,
  productEnrolled,
  studentPayments,
  users,
  type Payment,
} from "@/db/schema";
import { env } from "@/lib/env";
import { enqueueMail, InvalidRecipientError, type EnqueueMail } from "@/lib/mail/enqueue";
import { formatZar, vatInclusiveSplit } from "@/lib/money";
import { notifyAdmins } from "@/lib/notifications/notify";
import { recordTimeline } from "@/lib/timeline/record";

export type PayfastRecord = {
  pfPaymentId: string;
  paymentStatus: string;
  amountGrossCents: number;
  amountFeeCents: number;
  amountNetCents: number;
  rawItn: [string, string][];
  sourceIp: string | null;
};

export type CompletionResult =
  | { outcome: "completed"; payment: Payment; invoiceNumber: string; enrolled: boolean }
  | { outcome: "not_started"; status: Payment["status"] };

/**
 * Completes a STARTED payment inside `tx`. The conditional UPDATE is what makes a repeated or
 * concurrent delivery harmless: a second caller blocks on the row lock, then finds the payment
 * no longer STARTED and changes nothing.
 */
export async function completePayment(tx: Tx, paymentId: string, payfast?: PayfastRecord): Promise<CompletionResult> {
  const [payment] = await tx
    .update(payments)
    .set({ status: "COMPLETED", completedAt: sql`now()` })
    .where(and(eq(payments.id, paymentId), eq(payments.status, "STARTED")))
    .returning();
  if (!payment) {
    const [current] = await tx.select({ status: payments.status }).from(payments).where(eq(payments.id, paymentId));
    return { outcome: "not_started", status: current?.status ?? "STARTED" };
  }

  const [buyer] = await tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, payment.userId));
  if (!buyer) throw new Error(`payment ${payment.id} has no buyer`);
  const paidAt = new Date();

  await tx.insert(studentPayments).values({
    paymentId: payment.id,
    userId: payment.userId,
    amountCents: payment.amountCents,
    paidAt,
  });

  if (payfast) await tx.insert(payfastTransactions).values({ paymentId: payment.id, ...payfast });

  const invoice = await issueInvoice(tx, payment, buyer);
  const appUrl = env().APP_URL;
  const invoiceUrl = new URL(`/invoices/${invoice.id}`, appUrl).toString();

  await recordTimeline(tx, {
    userId: payment.userId,
    event: "payment_completed",
    summary: `Paid ${formatZar(payment.amountCents)} for ${payment.itemName}`,
    paymentId: payment.id,
  });
  await recordTimeline(tx, {
    userId: payment.userId,
    event: "invoice_issued",
    summary: `Invoice ${invoice.number} issued`,
    paymentId: payment.id,
  });

  let enrolled = false;
  if (payment.courseId) {
    enrolled = await enrollInCourse(tx, payment, buyer, invoice.number, appUrl);
  } else if (payment.productId) {
    enrolled = await enrollInProduct(tx, payment, buyer, invoice.number, invoiceUrl);
  }
  return { outcome: "completed", payment, invoiceNumber: invoice.number, enrolled };
}

/** Takes the next number for the year under the counter's row lock: rolled back with the payment, so no gaps. */
async function issueInvoice(tx: Executor, payment: Payment, buyer: { name: string; email: string }) {
  const e = env();
  const year = Number(
    new Intl.DateTimeFormat("en-ZA", { year: "numeric", timeZone: e.PLATFORM_TIMEZONE }).format(new Date()),
  );
  const [counter] = await tx
    .insert(invoiceCounters)
    .values({ year, lastSeq: 1 })
    .onConflictDoUpdate({ target: invoiceCounters.year, set: { lastSeq: sql`${invoiceCounters.lastSeq} + 1` } })
    .returning({ seq: invoiceCounters.lastSeq });
  const seq = counter!.seq;
  const number = `INV-${year}-${String(seq).padStart(6, "0")}`;
  const split = vatInclusiveSplit(payment.amountCents, e.VAT_RATE_BASIS_POINTS);
  const [invoice] = await tx
    .insert(invoices)
    .values({
      number,
      year,
      seq,
      paymentId: payment.id,
      userId: payment.userId,
      billedToName: buyer.name,
      billedToEmail: buyer.email,
      sellerName: e.SELLER_NAME,
      sellerVatNumber: e.SELLER_VAT_NUMBER ?? null,
      lines: [{ description: payment.itemName, quantity: 1, unitPriceCents: payment.amountCents, totalCents: payment.amountCents }],
      vatRateBasisPoints: e.VAT_RATE_BASIS_POINTS,
      ...split,
    })
    .returning({ id: invoices.id, number: invoices.number });
  return invoice!;
}

async function enrollInCourse(
  tx: Tx,
  payment: Payment,
  buyer: { name: string; email: string },
  invoiceNumber: string,
  appUrl: string,
): Promise<boolean> {
  // Owning the course already was refused at checkout; if two checkouts raced, the second
  // payment is kept (money was taken) and flagged for a refund instead of failing the ITN.
  const [enrollment] = await tx
    .insert(coursesEnrolled)
    .values({ userId: payment.userId, courseId: payment.courseId!, paymentId: payment.id })
    .onConflictDoNothing({ target: [coursesEnrolled.userId, coursesEnrolled.courseId] })
    .returning({ id: coursesEnrolled.id });
  if (!enrollment) {
    await notifyAdmins(tx, {
      type: "duplicate_purchase",
      title: "Course bought twice: refund needed",
      body: `${buyer.name} (${buyer.email}) paid ${formatZar(payment.amountCents)} for ${payment.itemName}, which they already own.`,
      link: `/admin/payments/${payment.id}`,
      paymentId: payment.id,
    });
    return false;
  }
  const [course] = await tx.select({ slug: courses.slug, title: courses.title }).from(courses).where(eq(courses.id, payment.courseId!));
  const payload = {
    name: buyer.name,
    courseTitle: course!.title,
    courseUrl: new URL(`/courses/${course!.slug}`, appUrl).toString(),
    invoiceNumber,
  };
  await notifyAdmins(tx, {
    type: "course_enrolled",
    title: `New enrollment: ${course!.title}`,
    body: `${buyer.name} enrolled (${payment.amountCents === 0 ? "free" : formatZar(payment.amountCents)}).`,
    link: `/admin/payments/${payment.id}`,
    courseEnrollmentId: enrollment.id,
    paymentId: payment.id,
  });
  await enqueueOrFlag(tx, payment, {
    toEmail: buyer.email,
    template: "course_enrollment",
    payload,
    userId: payment.userId,
    courseEnrollmentId: enrollment.id,
    paymentId: payment.id,
  });
  await recordTimeline(tx, {
    userId: payment.userId,
    event: "course_enrolled",
    summary: `Enrolled in ${course!.title}`,
    courseEnrollmentId: enrollment.id,
    paymentId: payment.id,
  });
  return true;
}

async function enrollInProduct(
  tx: Tx,
  payment: Payment,
  buyer: { name: string; email: string },
  invoiceNumber: string,
  invoiceUrl: string,
): Promise<boolean> {
  const [enrollment] = await tx
    .insert(productEnrolled)
    .values({ userId: payment.userId, productId: payment.productId!, paymentId: payment.id })
    .returning({ id: productEnrolled.id });
  const payload = { name: buyer.name, itemName: payment.itemName, amountCents: payment.amountCents, invoiceNumber, invoiceUrl };
  await notifyAdmins(tx, {
    type: "product_purchased",
    title: `Product sold: ${payment.itemName}`,
    body: `${buyer.name} bought it for ${formatZar(payment.amountCents)}.`,
    link: `/admin/payments/${payment.id}`,
    productEnrollmentId: enrollment!.id,
    paymentId: payment.id,
  });
  await enqueueOrFlag(tx, payment, {
    toEmail: buyer.email,
    template: "purchase_receipt",
    payload,
    userId: payment.userId,
    productEnrollmentId: enrollment!.id,
    paymentId: payment.id,
  });
  await recordTimeline(tx, {
    userId: payment.userId,
    event: "product_enrolled",
    summary: `Bought ${payment.itemName}`,
    productEnrollmentId: enrollment!.id,
    paymentId: payment.id,
  });
  return true;
}

/**
 * Money was received: an address the mail queue refuses must not undo the payment. The email is
 * skipped and the super admins are told to reach the buyer another way.
 */
async function enqueueOrFlag(tx: Tx, payment: Payment, mail: EnqueueMail) {
  try {
    await enqueueMail(tx, mail);
  } catch (error) {
    if (!(error instanceof InvalidRecipientError)) throw error;
    await notifyAdmins(tx, {
      type: "email_undeliverable",
      title: "Purchase email not sent",
      body: `${error.message} The purchase of ${payment.itemName} is complete; contact the buyer another way.`,
      link: `/admin/payments/${payment.id}`,
      paymentId: payment.id,
    });
  }
}

/**
 * Reconciliation repair: fills in what a COMPLETED payment is missing (student payment,
 * invoice, enrollment with its side effects). Safe to run twice: each part checks first, under
 * the payment's row lock. Returns what it added.
 */
export async function repairCompletedPayment(tx: Tx, paymentId: string): Promise<string[]> {
  const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
  if (!payment || payment.status !== "COMPLETED") return [];
  const [buyer] = await tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, payment.userId));
  const added: string[] = [];
  const [sp] = await tx.select({ id: studentPayments.id }).from(studentPayments).where(eq(studentPayments.paymentId, paymentId));
  if (!sp) {
    await tx.insert(studentPayments).values({ paymentId, userId: payment.userId, amountCents: payment.amountCents, paidAt: payment.completedAt ?? new Date() });
    added.push("student payment");
  }
  let [invoice] = await tx.select({ id: invoices.id, number: invoices.number }).from(invoices).where(eq(invoices.paymentId, paymentId));
  if (!invoice) {
    invoice = await issueInvoice(tx, payment, buyer!);
    added.push(`invoice ${invoice.number}`);
  }
  if (payment.courseId) {
    const [enrolled] = await tx.select({ id: coursesEnrolled.id }).from(coursesEnrolled).where(and(eq(coursesEnrolled.userId, payment.userId), eq(coursesEnrolled.courseId, payment.courseId)));
    if (!enrolled && (await enrollInCourse(tx, payment, buyer!, invoice.number, env().APP_URL))) added.push("course enrollment");
  } else if (payment.productId) {
    const [enrolled] = await tx.select({ id: productEnrolled.id }).from(productEnrolled).where(eq(productEnrolled.paymentId, paymentId));
    if (!enrolled) {
      await enrollInProduct(tx, payment, buyer!, invoice.number, new URL(`/invoices/${invoice.id}`, env().APP_URL).toString());
      added.push("product enrollment");
    }
  }
  return added;
}

/** FAILED or CANCELLED: only the payment's status changes, and only from STARTED. */
export async function closePayment(
  tx: Executor,
  paymentId: string,
  status: "FAILED" | "CANCELLED",
  reason: string,
): Promise<boolean> {
  const [row] = await tx
    .update(payments)
    .set({ status, failureReason: reason })
    .where(and(eq(payments.id, paymentId), eq(payments.status, "STARTED")))
    .returning({ id: payments.id, userId: payments.userId, itemName: payments.itemName });
  if (!row) return false;
  await recordTimeline(tx, {
    userId: row.userId,
    event: status === "FAILED" ? "payment_failed" : "payment_cancelled",
    summary: `${status === "FAILED" ? "Payment failed" : "Payment cancelled"} for ${row.itemName}`,
    paymentId: row.id,
  });
  return true;
}
