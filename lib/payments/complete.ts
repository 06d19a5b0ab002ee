// Completing a payment is one business event: one function, one statement. The payment turns
// COMPLETED (only from STARTED), and in the same statement get written: its student_payments
// row, its invoice, its PayFast transaction (if any), the enrollment, and the enrollment's side
// effects (admin notification, email, timeline).
//
// Speed matters here because PayFast waits on us. What the rows say is worked out from one read
// made before (the payment, its buyer, whether they own the course); then one statement makes
// the conditional UPDATE and writes every row only if that UPDATE matched (each insert selects
// from it). On its own that statement is its own transaction: one round trip, one commit. The
// invoice's number is taken by a deferred trigger at COMMIT (migration 0010), so completions
// hold the year's counter only while they commit.
import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, getTableColumns, is, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
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
import { oneStatement, rowFor, SqlText, Statement, type RowFor } from "@/lib/db-batch";
import { isUniqueViolation } from "@/lib/db-errors";
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

export type CompletionResult =
  | { outcome: "completed"; payment: Payment; invoiceId: string; enrolled: boolean }
  | { outcome: "not_started"; status: Payment["status"] };

type Buyer = { name: string; email: string };
/** A payment with what its completion writes about it: the buyer, the course's page, whether they own the course already. */
export type PaymentToComplete = Payment & { buyerName: string; buyerEmail: string; courseSlug: string | null; ownsCourse: boolean };

/** One read: the payment and what its completion needs to know. */
export async function readPaymentToComplete(ex: Executor, paymentId: string): Promise<PaymentToComplete | undefined> {
  const [row] = await ex
    .select({
      ...getTableColumns(payments),
      buyerName: users.name,
      buyerEmail: users.email,
      courseSlug: courses.slug,
      ownsCourse: sql<boolean>`exists (select 1 from ${coursesEnrolled} where ${coursesEnrolled.userId} = ${payments.userId} and ${coursesEnrolled.courseId} = ${payments.courseId})`,
    })
    .from(payments)
    .innerJoin(users, eq(users.id, payments.userId))
    .leftJoin(courses, eq(courses.id, payments.courseId))
    .where(eq(payments.id, paymentId));
  return row;
}

/**
 * Completes a STARTED payment. Give it the payment as `readPaymentToComplete` read it (the ITN
 * has just done so) or its id. The conditional UPDATE is what makes a repeated or concurrent
 * delivery harmless: a second caller blocks on the row lock, then finds the payment no longer
 * STARTED, and its statement writes nothing. `itnLog` is the ITN that caused it, recorded in
 * the same commit. On `db` it is a transaction of its own; on `tx`, part of the caller's.
 */
export async function completePayment(
  ex: Executor,
  paymentOrId: string | PaymentToComplete,
  payfast?: PayfastRecord,
  itnLog?: ItnLogRow,
): Promise<CompletionResult> {
  const facts = typeof paymentOrId === "string" ? await readPaymentToComplete(ex, paymentOrId) : paymentOrId;
  if (!facts) return { outcome: "not_started", status: "STARTED" };
  try {
    return await writeCompletion(ex, facts, payfast, itnLog);
  } catch (error) {
    // The ITN read the payment before its validate postback (up to its timeout earlier): another
    // payment of the same student for the same course may have completed since, and the unique
    // (user, course) index refused this enrollment. The statement wrote nothing; read again and
    // complete it as a course bought twice (kept, flagged for a refund). Inside a caller's
    // transaction the failure has aborted it, so the caller's rollback stands.
    if (!facts.courseId || is(ex, PgTransaction) || !isUniqueViolation(error, "courses_enrolled_user_course_key")) throw error;
    const again = await readPaymentToComplete(ex, facts.id);
    if (!again) throw error;
    return writeCompletion(ex, again, payfast, itnLog);
  }
}

async function writeCompletion(ex: Executor, facts: PaymentToComplete, payfast?: PayfastRecord, itnLog?: ItnLogRow): Promise<CompletionResult> {
  if (facts.status !== "STARTED") return { outcome: "not_started", status: facts.status };
  const { buyerName, buyerEmail, courseSlug, ownsCourse, ...payment } = facts;
  const buyer = { name: buyerName, email: buyerEmail };
  const invoiceId = randomUUID();

  const rows: RowFor[] = [
    rowFor(studentPayments, { paymentId: payment.id, userId: payment.userId, amountCents: payment.amountCents, paidAt: new SqlText("now()") }),
    rowFor(invoices, invoiceValues(invoiceId, payment, buyer)),
  ];
  if (payfast) rows.push(rowFor(payfastTransactions, { paymentId: payment.id, ...payfast }));
  if (itnLog) rows.push(rowFor(payfastItnLog, itnLog));
  const timelineRows: (typeof timeline.$inferInsert)[] = [
    { userId: payment.userId, event: "payment_completed", summary: `Paid ${formatZar(payment.amountCents)} for ${payment.itemName}`, paymentId: payment.id },
    { userId: payment.userId, event: "invoice_issued", summary: `Invoice issued for ${payment.itemName}`, paymentId: payment.id },
  ];
  const enrolled = enrollmentRows({ ...payment, courseSlug, ownsCourse }, buyer, invoiceId, rows, timelineRows);
  rows.push(...timelineRowsInOrder(timelineRows));

  // One statement: the UPDATE (the main query reads it, so it runs first), then every insert,
  // each only if the UPDATE matched. A failure rolls back the statement, or the caller's
  // transaction with it.
  const statement = new Statement();
  const update = statement.update(
    payments,
    { status: "COMPLETED", completedAt: new SqlText("now()") },
    `"id" = ${statement.value(payment.id, payments.id)} AND "status" = 'STARTED'`,
  );
  const inserts = rows.map((row, i) => `w${i} AS (${statement.insertFrom("completed", row)})`);
  const [done] = await statement.run(ex, `WITH completed AS (${update} RETURNING "completed_at", "updated_at"), ${inserts.join(", ")} SELECT "completed_at", "updated_at" FROM completed`);
  if (!done) {
    // Completed, failed or cancelled since it was read (a concurrent delivery, say).
    const [current] = await ex.select({ status: payments.status }).from(payments).where(eq(payments.id, payment.id));
    return { outcome: "not_started", status: current?.status ?? "STARTED" };
  }
  const completedAt = new Date(done.completed_at as string | Date);
  const updatedAt = new Date(done.updated_at as string | Date);
  return { outcome: "completed", payment: { ...payment, status: "COMPLETED", completedAt, updatedAt }, invoiceId, enrolled };
}

/**
 * Timeline rows a microsecond apart in the order given, from the statement's start: the rows go
 * in through separate WITH clauses, which PostgreSQL runs in no promised order, and the timeline
 * sorts by time.
 */
function timelineRowsInOrder(rows: (typeof timeline.$inferInsert)[]): RowFor[] {
  return rows.map((row, i) => rowFor(timeline, { ...row, createdAt: new SqlText(`statement_timestamp() + interval '${i} microseconds'`) }));
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
function enrollmentRows(
  payment: Payment & { courseSlug: string | null; ownsCourse: boolean },
  buyer: Buyer,
  invoiceId: string,
  writes: RowFor[],
  timelineRows: (typeof timeline.$inferInsert)[],
): boolean {
  const appUrl = env().APP_URL;
  const link = `/admin/payments/${payment.id}`;
  const admins = { paymentId: payment.id, link };
  if (payment.courseId && payment.ownsCourse) {
    writes.push(
      rowFor(
        notifications,
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
    writes.push(rowFor(coursesEnrolled, { id: enrollmentId, userId: payment.userId, courseId: payment.courseId, paymentId: payment.id }));
    writes.push(
      rowFor(
        notifications,
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
    writes.push(rowFor(productEnrolled, { id: enrollmentId, userId: payment.userId, productId: payment.productId!, paymentId: payment.id }));
    writes.push(
      rowFor(
        notifications,
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
      rowFor(
        notifications,
        adminNotification({
          ...admins,
          type: "email_undeliverable",
          title: "Purchase email not sent",
          body: `${mail.message} The purchase of ${payment.itemName} is complete; contact the buyer another way.`,
        }),
      ),
    );
  } else {
    writes.push(rowFor(mailQueue, mail));
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
  const writes: RowFor[] = [];
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
    enrollmentRows({ ...payment, courseSlug: course?.slug ?? null, ownsCourse: false }, buyer!, invoice.id, writes, timelineRows);
    writes.push(...timelineRowsInOrder(timelineRows));
    const statement = new Statement();
    await statement.run(tx, oneStatement(writes.map((w) => statement.insert(w))));
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
