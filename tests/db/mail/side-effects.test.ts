// An enrollment's side effects (admin notification, mail_queue row, timeline rows) are written in
// the same database transaction as the enrollment: all of them or none (docs/domain.md). Checked
// on real PostgreSQL through the app's startCheckout and completePayment; the rollback is forced
// from outside completePayment, and also comes from inside it.
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db/index";
import {
  coursesEnrolled,
  invoices,
  mailQueue,
  notifications,
  payments,
  productEnrolled,
  studentPayments,
  timeline,
} from "@/db/schema";
import { enqueueMail, InvalidRecipientError } from "@/lib/mail/enqueue";
import { withInvoiceNumber } from "@/lib/mail/late-fields";
import { renderMail } from "@/lib/mail/render";
import { startCheckout } from "@/lib/payments/checkout";
import { completePayment } from "@/lib/payments/complete";
import { countRows, createCourse, createPayment, createProduct, createUser } from "../../helpers/db";
import { invoiceYear, queryRows, resetPaymentTables, usePayfastEnv } from "../../helpers/payments";

const APP_URL = "https://classbook.test";

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = usePayfastEnv({ APP_URL });
});
afterAll(() => restoreEnv());
beforeEach(async () => {
  await resetPaymentTables();
});

const ENROLLMENT_EVENTS = ["payment_completed", "invoice_issued", "course_enrolled", "product_enrolled", "email_sent"] as const;

/** Every row a completion of `paymentId` can write, read straight from PostgreSQL. */
async function sideEffects(paymentId: string) {
  const [payment] = await db.select().from(payments).where(eq(payments.id, paymentId));
  return {
    payment: payment!,
    coursesEnrolled: await db.select().from(coursesEnrolled).where(eq(coursesEnrolled.paymentId, paymentId)),
    productEnrolled: await db.select().from(productEnrolled).where(eq(productEnrolled.paymentId, paymentId)),
    notifications: await db.select().from(notifications).where(eq(notifications.paymentId, paymentId)),
    mail: await db.select().from(mailQueue).where(eq(mailQueue.paymentId, paymentId)),
    timeline: await db
      .select()
      .from(timeline)
      .where(and(eq(timeline.paymentId, paymentId), inArray(timeline.event, [...ENROLLMENT_EVENTS]))),
    studentPayments: await db.select().from(studentPayments).where(eq(studentPayments.paymentId, paymentId)),
    invoices: await db.select().from(invoices).where(eq(invoices.paymentId, paymentId)),
  };
}

async function expectNothingWritten(paymentId: string) {
  const s = await sideEffects(paymentId);
  expect(s.payment.status).toBe("STARTED");
  expect(s.payment.completedAt).toBeNull();
  expect(s.coursesEnrolled).toEqual([]);
  expect(s.productEnrolled).toEqual([]);
  expect(s.notifications).toEqual([]);
  expect(s.mail).toEqual([]);
  expect(s.timeline).toEqual([]);
  expect(s.studentPayments).toEqual([]);
  expect(s.invoices).toEqual([]);
  // Nothing elsewhere either (a side effect written without its payment_id would hide above).
  expect(await countRows(coursesEnrolled)).toBe(0);
  expect(await countRows(productEnrolled)).toBe(0);
  expect(await countRows(notifications)).toBe(0);
  expect(await countRows(mailQueue)).toBe(0);
  expect(await countRows(studentPayments)).toBe(0);
  expect(await countRows(invoices)).toBe(0);
}

async function completeThenRollBack(paymentId: string) {
  let completedInside = false;
  await expect(
    db.transaction(async (tx) => {
      const result = await completePayment(tx, paymentId);
      // The rows really were written inside the transaction before it rolled back.
      expect(result.outcome).toBe("completed");
      const inside = await queryRows<{ n: number }>(sql`SELECT count(*)::int AS n FROM mail_queue WHERE payment_id = ${paymentId}`, tx);
      expect(inside).toEqual([{ n: 1 }]);
      completedInside = true;
      throw new Error("force rollback");
    }),
  ).rejects.toThrow("force rollback");
  expect(completedInside).toBe(true);
}

const paymentIdOf = (r: Awaited<ReturnType<typeof startCheckout>>) => {
  expect(r.kind).toBe("redirect");
  return (r as { paymentId: string }).paymentId;
};

describe("course purchase: side effects exist if and only if the enrollment commits", () => {
  it("a rolled-back completion leaves nothing; the committed one writes exactly one of each", async () => {
    const buyer = await createUser({ name: "Thandi Mokoena" });
    const course = await createCourse({ priceCents: 49_900, title: "Intro to Pottery", slug: `pottery-${Date.now()}` });
    const paymentId = paymentIdOf(await startCheckout(buyer.id, "course", course.slug));

    await completeThenRollBack(paymentId);
    await expectNothingWritten(paymentId);
    // startCheckout's own timeline row is untouched by the rollback.
    const started = await db.select().from(timeline).where(eq(timeline.paymentId, paymentId));
    expect(started.map((t) => t.event)).toEqual(["payment_started"]);

    const result = await db.transaction((tx) => completePayment(tx, paymentId));
    expect(result.outcome).toBe("completed");
    // The invoice counter rolled back too: the committed invoice is the first of the year.
    const [committedInvoice] = await db.select().from(invoices).where(eq(invoices.paymentId, paymentId));
    expect(committedInvoice!.number).toBe(`INV-${invoiceYear()}-000001`);

    const s = await sideEffects(paymentId);
    expect(s.payment.status).toBe("COMPLETED");
    expect(s.studentPayments).toHaveLength(1);
    expect(s.invoices).toHaveLength(1);
    expect(s.productEnrolled).toEqual([]);
    expect(s.coursesEnrolled).toHaveLength(1);
    const enrollment = s.coursesEnrolled[0]!;
    expect(enrollment).toMatchObject({ userId: buyer.id, courseId: course.id, paymentId });

    expect(s.notifications).toHaveLength(1);
    expect(s.notifications[0]).toMatchObject({
      audience: "super_admins",
      userId: null,
      type: "course_enrolled",
      courseEnrollmentId: enrollment.id,
      readAt: null,
    });

    expect(s.mail).toHaveLength(1);
    expect(s.mail[0]).toMatchObject({
      toEmail: buyer.email,
      template: "course_enrollment",
      status: "queued",
      attempts: 0,
      userId: buyer.id,
      courseEnrollmentId: enrollment.id,
      subject: "You're enrolled: Intro to Pottery",
      sentAt: null,
    });
    expect(s.mail[0]!.payload).toEqual({
      name: "Thandi Mokoena",
      courseTitle: "Intro to Pottery",
      courseUrl: `${APP_URL}/courses/${course.slug}`,
      invoiceId: committedInvoice!.id,
    });
    // The invoice is numbered at COMMIT, after the email was queued: the number is filled in at render.
    const rendered = await renderMail("course_enrollment", await withInvoiceNumber(s.mail[0]!.payload));
    expect(rendered.text).toContain(`Your invoice INV-${invoiceYear()}-000001 is under My payments.`);

    expect(s.timeline.map((t) => t.event).sort()).toEqual(["course_enrolled", "invoice_issued", "payment_completed"]);
    expect(s.timeline.every((t) => t.userId === buyer.id)).toBe(true);
    expect(s.timeline.find((t) => t.event === "course_enrolled")!.courseEnrollmentId).toBe(enrollment.id);

    // Table-wide: nothing beyond this one enrollment's rows.
    expect(await countRows(notifications)).toBe(1);
    expect(await countRows(mailQueue)).toBe(1);
    expect(await countRows(coursesEnrolled)).toBe(1);
  });

  it("completing the same payment again changes nothing", async () => {
    const buyer = await createUser();
    const course = await createCourse({ priceCents: 10_000 });
    const payment = await createPayment({ userId: buyer.id, courseId: course.id, amountCents: 10_000 });
    await db.transaction((tx) => completePayment(tx, payment.id));
    const before = await sideEffects(payment.id);

    const again = await db.transaction((tx) => completePayment(tx, payment.id));

    expect(again).toEqual({ outcome: "not_started", status: "COMPLETED" });
    expect(await sideEffects(payment.id)).toEqual(before);
  });
});

describe("product purchase: side effects exist if and only if the enrollment commits", () => {
  it("a rolled-back completion leaves nothing; the committed one writes exactly one of each", async () => {
    const buyer = await createUser({ name: "Pieter van Wyk" });
    const product = await createProduct({ priceCents: 25_000, name: "Glaze Starter Kit" });
    const paymentId = paymentIdOf(await startCheckout(buyer.id, "product", product.slug));

    await completeThenRollBack(paymentId);
    await expectNothingWritten(paymentId);

    const result = await db.transaction((tx) => completePayment(tx, paymentId));
    expect(result.outcome).toBe("completed");

    const s = await sideEffects(paymentId);
    expect(s.payment.status).toBe("COMPLETED");
    expect(s.studentPayments).toHaveLength(1);
    expect(s.invoices).toHaveLength(1);
    expect(s.coursesEnrolled).toEqual([]);
    expect(s.productEnrolled).toHaveLength(1);
    const enrollment = s.productEnrolled[0]!;
    expect(enrollment).toMatchObject({ userId: buyer.id, productId: product.id, paymentId });

    expect(s.notifications).toHaveLength(1);
    expect(s.notifications[0]).toMatchObject({
      audience: "super_admins",
      userId: null,
      type: "product_purchased",
      productEnrollmentId: enrollment.id,
    });

    expect(s.mail).toHaveLength(1);
    expect(s.mail[0]).toMatchObject({
      toEmail: buyer.email,
      template: "purchase_receipt",
      status: "queued",
      userId: buyer.id,
      productEnrollmentId: enrollment.id,
      subject: "Your receipt for Glaze Starter Kit",
    });
    expect(s.mail[0]!.payload).toEqual({
      name: "Pieter van Wyk",
      itemName: "Glaze Starter Kit",
      amountCents: 25_000,
      invoiceId: s.invoices[0]!.id,
      invoiceUrl: `${APP_URL}/invoices/${s.invoices[0]!.id}`,
    });
    const receipt = await renderMail("purchase_receipt", await withInvoiceNumber(s.mail[0]!.payload));
    expect(receipt.text).toContain(`Invoice ${s.invoices[0]!.number}`);
    expect(s.invoices[0]!.number).toMatch(/^INV-\d{4}-\d{6}$/);

    expect(s.timeline.map((t) => t.event).sort()).toEqual(["invoice_issued", "payment_completed", "product_enrolled"]);
    expect(s.timeline.find((t) => t.event === "product_enrolled")!.productEnrollmentId).toBe(enrollment.id);
    expect(await countRows(notifications)).toBe(1);
    expect(await countRows(mailQueue)).toBe(1);
  });
});

describe("owning a course is per student", () => {
  it("a second student buying a course someone else owns is enrolled, with no refund flag", async () => {
    const course = await createCourse({ priceCents: 12_000 });
    const first = await createUser({ name: "First Buyer" });
    const second = await createUser({ name: "Second Buyer" });
    const a = await createPayment({ userId: first.id, courseId: course.id, amountCents: 12_000 });
    const b = await createPayment({ userId: second.id, courseId: course.id, amountCents: 12_000 });

    expect(await db.transaction((tx) => completePayment(tx, a.id))).toMatchObject({ outcome: "completed", enrolled: true });
    expect(await db.transaction((tx) => completePayment(tx, b.id))).toMatchObject({ outcome: "completed", enrolled: true });

    const enrolled = await db.select().from(coursesEnrolled).where(eq(coursesEnrolled.courseId, course.id));
    expect(enrolled.map((e) => e.userId).sort()).toEqual([first.id, second.id].sort());
    expect(await db.select().from(notifications).where(eq(notifications.type, "duplicate_purchase"))).toEqual([]);
  });
});

describe("money received is never undone by an undeliverable address", () => {
  it("a buyer address PostgreSQL accepts but the mail queue refuses: completed and enrolled, no email, the admins are told", async () => {
    // users_email_shape only asks for something@something; enqueueMail uses zod's stricter rule.
    const buyer = await createUser({ email: `student-${Date.now()}@localhost` });
    const course = await createCourse({ priceCents: 5_000 });
    const payment = await createPayment({ userId: buyer.id, courseId: course.id, amountCents: 5_000 });

    const result = await db.transaction((tx) => completePayment(tx, payment.id));

    expect(result.outcome).toBe("completed");
    expect(await countRows(coursesEnrolled)).toBe(1);
    expect(await countRows(mailQueue)).toBe(0);
    const flags = await db.select().from(notifications).where(eq(notifications.type, "email_undeliverable"));
    expect(flags).toHaveLength(1);
    expect(flags[0]!.paymentId).toBe(payment.id);
    expect(flags[0]!.body).toContain(`Cannot send email to "${buyer.email}"`);
  });
});

describe("enqueueMail refuses a bad recipient before inserting anything", () => {
  const payload = {
    name: "Ann",
    itemName: "Kit",
    amountCents: 100,
    invoiceNumber: "INV-2025-000001",
    invoiceUrl: "https://classbook.test/invoices/1",
  };

  it.each(["not-an-email", "", "ann@", "@example.com", "ann @example.com", "ann@example.com\nbcc@evil.test"])(
    "refuses %j with InvalidRecipientError",
    async (toEmail) => {
      const attempt = enqueueMail(db, { toEmail, template: "purchase_receipt", payload });
      await expect(attempt).rejects.toBeInstanceOf(InvalidRecipientError);
      await expect(attempt).rejects.toThrow(`Cannot send email to "${toEmail}": it is not a valid email address.`);
      expect(await countRows(mailQueue)).toBe(0);
    },
  );

  it("inside a transaction, the refusal also undoes the transaction's earlier queued mail", async () => {
    await expect(
      db.transaction(async (tx) => {
        await enqueueMail(tx, { toEmail: "ok@example.com", template: "purchase_receipt", payload });
        await enqueueMail(tx, { toEmail: "not-an-email", template: "purchase_receipt", payload });
      }),
    ).rejects.toBeInstanceOf(InvalidRecipientError);
    expect(await countRows(mailQueue)).toBe(0);
  });

  it("a good address is queued (control)", async () => {
    const id = await enqueueMail(db, { toEmail: "ok@example.com", template: "purchase_receipt", payload });
    const [row] = await db.select().from(mailQueue).where(eq(mailQueue.id, id));
    expect(row).toMatchObject({ toEmail: "ok@example.com", status: "queued", subject: "Your receipt for Kit" });
    expect(await countRows(mailQueue)).toBe(1);
  });
});
