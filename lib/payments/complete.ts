// Completing a payment is one business event: one function, one transaction. The payment turns
// COMPLETED (only from STARTED), and in the same transaction get written: its student_payments
// row, its invoice, its PayFast transaction (if any), the enrollment, and the enrollment's side
// effects (admin notification, email, timeline).
//
// Speed matters here because PayFast waits on us: the conditional UPDATE is one round trip, and
// every other row is written by one more statement (ids are made here, so no insert waits for
// another's RETURNING). The invoice's number is taken by a deferred trigger at COMMIT
// (migration 0010), so completions hold the year's counter only while they commit.
import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, getTableColumns, sql, type SQLWrapper } from "drizzle-orm";
import type { Executor, Tx } from "@/db";
import {
  courses,
  coursesEnrolled,
  invoices,
  mailQueue,
  notifications,
  payfastItnLog,
  payfastTransactions,
  payments,
  productEnrolled,
  studentPayments,
  timeline,
  users,
  type Payment,
} from "@/db/schema";
import { writeAll } from "@/lib/db-batch";
import { env } from "@/lib/env";
import { mailRow } from "@/lib/mail/enqueue";
import { formatZar, vatInclusiveSplit } from "@/lib/money";
import { adminNotification } from "@/lib/notifications/notify";
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

type ItnLogRow = typeof payfastItnLog.$inferInsert;

const paymentCol = { userId: sql.raw(`"payments"."user_id"`), courseId: sql.raw(`"payments"."course_id"`) };

export type CompletionResult =
  | { outcome: "completed"; payment: Payment; invoiceId: string; enrolled: boolean }
  | { outcome: "not_started"; status: Payment["status"] };

type Buyer = { name: string; email: string };
type Completed = Payment & { buyerName: string; buyerEmail: string; courseSlug: string | null; ownsCourse: boolean };

/**
 * Completes a STARTED payment inside `tx`. The conditional UPDATE is what makes a repeated or
 * concurrent delivery harmless: a second caller blocks on the row lock, then finds the payment
 * no longer STARTED and changes nothing. `itnLog` is the ITN that caused it, recorded in the
 * same commit.
 */
export async function completePayment(
  tx: Tx,
  paymentId: string,
  payfast?: PayfastRecord,
  itnLog?: ItnLogRow,
): Promise<CompletionResult> {
  const [row] = await tx
    .update(payments)
    .set({ status: "COMPLETED", completedAt: sql`now()` })
    .where(and(eq(payments.id, paymentId), eq(payments.status, "STARTED")))
    .returning({
      ...getTableColumns(payments),
      // Spelled out with the table name: inside RETURNING drizzle writes a bare column name,
      // which a subquery would resolve against its own table first.
      buyerName: sql<string>`(select u.name from ${users} u where u.id = ${paymentCol.userId})`,
      buyerEmail: sql<string>`(select u.email from ${users} u where u.id = ${paymentCol.userId})`,
      courseSlug: sql<string | null>`(select c.slug from ${courses} c where c.id = ${paymentCol.courseId})`,
      ownsCourse: sql<boolean>`exists (select 1 from ${coursesEnrolled} ce where ce.user_id = ${paymentCol.userId} and ce.course_id = ${paymentCol.courseId})`,
    });
  if (!row) {
    const [current] = await tx.select({ status: payments.status }).from(payments).where(eq(payments.id, paymentId));
    return { outcome: "not_started", status: current?.status ?? "STARTED" };
  }
  const { buyerName, buyerEmail, courseSlug, ownsCourse, ...payment } = row satisfies Completed;
  const buyer = { name: buyerName, email: buyerEmail };
  const invoiceId = randomUUID();

  const writes: SQLWrapper[] = [
    tx.insert(studentPayments).values({ paymentId: payment.id, userId: payment.userId, amountCents: payment.amountCents, paidAt: sql`now()` }),
    tx.insert(invoices).values(invoiceValues(invoiceId, payment, buyer)),
  ];
  if (payfast) writes.push(tx.insert(payfastTransactions).values({ paymentId: payment.id, ...payfast }));
  if (itnLog) writes.push(tx.insert(payfastItnLog).values(itnLog));
  const timelineRows: (typeof timeline.$inferInsert)[] = [
    { userId: payment.userId, event: "payment_completed", summary: `Paid ${formatZar(payment.amountCents)} for ${payment.itemName}`, paymentId: payment.id },
    { userId: payment.userId, event: "invoice_issued", summary: `Invoice issued for ${payment.itemName}`, paymentId: payment.id },
  ];
  const enrolled = enrollmentWrites(tx, { ...payment, courseSlug, ownsCourse }, buyer, invoiceId, writes, timelineRows);
  writes.push(insertTimeline(tx, timelineRows));
  // All of it as one statement; a failure rejects and the caller's transaction rolls back.
  await writeAll(tx, writes);
  return { outcome: "completed", payment, invoiceId, enrolled };
}

/**
 * The rows in one insert, a microsecond apart in the order given: clock_timestamp() alone can
 * repeat within one statement (PGlite's clock is coarse), and the timeline sorts by time.
 */
function insertTimeline(tx: Tx, rows: (typeof timeline.$inferInsert)[]) {
  return tx.insert(timeline).values(rows.map((row, i) => ({ ...row, createdAt: sql`clock_timestamp() + make_interval(secs => ${i / 1_000_000})` })));
}

/** The invoice without its number: the deferred trigger numbers it at COMMIT. */
function invoiceValues(id: string, payment: Payment, buyer: Buyer): typeof invoices.$inferInsert {
  const e = env();
  return {
    id,
    year: invoiceYear(),
    paymentId: payment.id,
    userId: payment.userId,
    billedToName: buyer.name,
    billedToEmail: buyer.email,
    sellerName: e.SELLER_NAME,
    sellerVatNumber: e.SELLER_VAT_NUMBER ?? null,
    lines: [{ description: payment.itemName, quantity: 1, unitPriceCents: payment.amountCents, totalCents: payment.amountCents }],
    vatRateBasisPoints: e.VAT_RATE_BASIS_POINTS,
    ...vatInclusiveSplit(payment.amountCents, e.VAT_RATE_BASIS_POINTS),
  };
}

let yearFormat: { zone: string; format: Intl.DateTimeFormat } | undefined;
/** The invoice year is the calendar year in the platform timezone. */
function invoiceYear(now = new Date()): number {
  const zone = env().PLATFORM_TIMEZONE;
  if (yearFormat?.zone !== zone) yearFormat = { zone, format: new Intl.DateTimeFormat("en-ZA", { year: "numeric", timeZone: zone }) };
  return Number(yearFormat.format.format(now));
}

/**
 * Adds the enrollment and its side effects to `writes` (and its timeline row to `timelineRows`).
 * Owning the course already was refused at checkout; if two checkouts raced, the second payment
 * is kept (money was taken) and flagged for a refund instead of failing the ITN. Returns whether
 * an enrollment is written.
 */
function enrollmentWrites(
  tx: Tx,
  payment: Payment & { courseSlug: string | null; ownsCourse: boolean },
  buyer: Buyer,
  invoiceId: string,
  writes: SQLWrapper[],
  timelineRows: (typeof timeline.$inferInsert)[],
): boolean {
  const appUrl = env().APP_URL;
  const link = `/admin/payments/${payment.id}`;
  const admins = { paymentId: payment.id, link };
  if (payment.courseId && payment.ownsCourse) {
    writes.push(
      tx.insert(notifications).values(
        adminNotification({
          ...admins,
          type: "duplicate_purchase",
          title: "Course bought twice: refund needed",
          body: `${buyer.name} (${buyer.email}) paid ${formatZar(payment.amountCents)} for ${payment.itemName}, which they already own.`,
        }),
      ),
    );
    return false;
  }
  if (!payment.courseId && !payment.productId) return false;
  const enrollmentId = randomUUID();
  let mail: typeof mailQueue.$inferInsert | Error;
  if (payment.courseId) {
    // A second completion for the same course in a race hits the unique (user, course) index and
    // rolls back: PayFast retries the ITN, which then takes the "already owns" path above.
    writes.push(tx.insert(coursesEnrolled).values({ id: enrollmentId, userId: payment.userId, courseId: payment.courseId, paymentId: payment.id }));
    writes.push(
      tx.insert(notifications).values(
        adminNotification({
          ...admins,
          type: "course_enrolled",
          title: `New enrollment: ${payment.itemName}`,
          body: `${buyer.name} enrolled (${payment.amountCents === 0 ? "free" : formatZar(payment.amountCents)}).`,
          courseEnrollmentId: enrollmentId,
        }),
      ),
    );
    mail = mailRow({
      toEmail: buyer.email,
      template: "course_enrollment",
      payload: {
        name: buyer.name,
        courseTitle: payment.itemName,
        courseUrl: new URL(`/courses/${payment.courseSlug ?? ""}`, appUrl).toString(),
        invoiceId,
      },
      userId: payment.userId,
      courseEnrollmentId: enrollmentId,
      paymentId: payment.id,
    });
    timelineRows.push({ userId: payment.userId, event: "course_enrolled", summary: `Enrolled in ${payment.itemName}`, courseEnrollmentId: enrollmentId, paymentId: payment.id });
  } else {
    writes.push(tx.insert(productEnrolled).values({ id: enrollmentId, userId: payment.userId, productId: payment.productId!, paymentId: payment.id }));
    writes.push(
      tx.insert(notifications).values(
        adminNotification({
          ...admins,
          type: "product_purchased",
          title: `Product sold: ${payment.itemName}`,
          body: `${buyer.name} bought it for ${formatZar(payment.amountCents)}.`,
          productEnrollmentId: enrollmentId,
        }),
      ),
    );
    mail = mailRow({
      toEmail: buyer.email,
      template: "purchase_receipt",
      payload: {
        name: buyer.name,
        itemName: payment.itemName,
        amountCents: payment.amountCents,
        invoiceId,
        invoiceUrl: new URL(`/invoices/${invoiceId}`, appUrl).toString(),
      },
      userId: payment.userId,
      productEnrollmentId: enrollmentId,
      paymentId: payment.id,
    });
    timelineRows.push({ userId: payment.userId, event: "product_enrolled", summary: `Bought ${payment.itemName}`, productEnrollmentId: enrollmentId, paymentId: payment.id });
  }
  if (mail instanceof Error) {
    // Money was received: an address the mail queue refuses must not undo the payment. The
    // email is skipped and the super admins are told to reach the buyer another way.
    writes.push(
      tx.insert(notifications).values(
        adminNotification({
          ...admins,
          type: "email_undeliverable",
          title: "Purchase email not sent",
          body: `${mail.message} The purchase of ${payment.itemName} is complete; contact the buyer another way.`,
        }),
      ),
    );
  } else {
    writes.push(tx.insert(mailQueue).values(mail));
  }
  return true;
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
  let [invoice] = await tx.select({ id: invoices.id }).from(invoices).where(eq(invoices.paymentId, paymentId));
  if (!invoice) {
    invoice = { id: randomUUID() };
    await tx.insert(invoices).values(invoiceValues(invoice.id, payment, buyer!));
    added.push("invoice");
  }
  const writes: SQLWrapper[] = [];
  const timelineRows: (typeof timeline.$inferInsert)[] = [];
  let missing = false;
  if (payment.courseId) {
    const [enrolled] = await tx.select({ id: coursesEnrolled.id }).from(coursesEnrolled).where(and(eq(coursesEnrolled.userId, payment.userId), eq(coursesEnrolled.courseId, payment.courseId)));
    missing = !enrolled;
  } else if (payment.productId) {
    const [enrolled] = await tx.select({ id: productEnrolled.id }).from(productEnrolled).where(eq(productEnrolled.paymentId, paymentId));
    missing = !enrolled;
  }
  if (missing) {
    const [course] = payment.courseId ? await tx.select({ slug: courses.slug }).from(courses).where(eq(courses.id, payment.courseId)) : [];
    enrollmentWrites(tx, { ...payment, courseSlug: course?.slug ?? null, ownsCourse: false }, buyer!, invoice.id, writes, timelineRows);
    writes.push(insertTimeline(tx, timelineRows));
    await writeAll(tx, writes);
    added.push(payment.courseId ? "course enrollment" : "product enrollment");
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
