// The database refuses rows that break the domain's rules (docs/domain.md, "Rules that always
// hold"), on real PostgreSQL. Each refusal is matched by SQLSTATE and constraint name, so dropping
// or renaming a constraint fails its test; positive controls show the valid neighbour is accepted.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/index";
import {
  courses,
  coursesEnrolled,
  invoiceCounters,
  invoices,
  payfastTransactions,
  payments,
  productEnrolled,
  products,
  sessionInstructors,
  sessions,
  slotEnrolled,
  slots,
  studentPayments,
  users,
} from "@/db/schema";
import { countRows, createCourse, createPayment, createProduct, createUser, expectDbError, uniq } from "../helpers/db";

const FK = "23503";
const UNIQUE = "23505";
const CHECK = "23514";
const INVALID_TEXT = "22P02";

const HOUR = 3_600_000;

async function createSession() {
  const [session] = await db
    .insert(sessions)
    .values({ title: "Test session", mode: "online", meetingUrl: "https://meet.example/room" })
    .returning();
  return session!;
}

async function createSlot(sessionId: string, opts: { capacity?: number } = {}) {
  const startsAt = new Date(Date.now() + 24 * HOUR);
  const [slot] = await db
    .insert(slots)
    .values({ sessionId, startsAt, endsAt: new Date(startsAt.getTime() + HOUR), capacity: opts.capacity ?? 2 })
    .returning();
  return slot!;
}

/** A student with a COMPLETED course payment: the state in which follow-up rows are allowed. */
async function completedCoursePayment() {
  const user = await createUser();
  const course = await createCourse();
  const payment = await createPayment({ userId: user.id, courseId: course.id, status: "COMPLETED" });
  return { user, course, payment };
}

let invoiceSeq = 0;
function invoiceValues(paymentId: string, userId: string, over: Partial<typeof invoices.$inferInsert> = {}) {
  invoiceSeq += 1;
  return {
    number: `TEST-${invoiceSeq}-${uniq()}`,
    year: 2026,
    seq: invoiceSeq,
    paymentId,
    userId,
    billedToName: "Test User",
    billedToEmail: "billing@test.local",
    sellerName: "Classbook",
    lines: [{ description: "Course", quantity: 1, unitPriceCents: 115_000, totalCents: 115_000 }],
    vatRateBasisPoints: 1500,
    subtotalCents: 100_000,
    vatCents: 15_000,
    totalCents: 115_000,
    ...over,
  } satisfies typeof invoices.$inferInsert;
}

function payfastValues(paymentId: string, pfPaymentId: string, paymentStatus: string) {
  return {
    paymentId,
    pfPaymentId,
    paymentStatus,
    amountGrossCents: 150_000,
    amountFeeCents: 3_450,
    amountNetCents: 146_550,
    rawItn: [
      ["pf_payment_id", pfPaymentId],
      ["payment_status", paymentStatus],
    ] as [string, string][],
  };
}

describe("foreign keys", () => {
  it("refuses a payment for an unknown user", async () => {
    const course = await createCourse();
    await expectDbError(
      db.insert(payments).values({ userId: randomUUID(), courseId: course.id, method: "payfast", amountCents: 100, itemName: "x" }),
      { code: FK, constraint: "payments_user_id_users_id_fk" },
    );
  });

  it("refuses a payment for an unknown course", async () => {
    const user = await createUser();
    await expectDbError(
      db.insert(payments).values({ userId: user.id, courseId: randomUUID(), method: "payfast", amountCents: 100, itemName: "x" }),
      { code: FK, constraint: "payments_course_id_courses_id_fk" },
    );
  });

  it("refuses a slot of an unknown session", async () => {
    const startsAt = new Date();
    await expectDbError(
      db.insert(slots).values({ sessionId: randomUUID(), startsAt, endsAt: new Date(startsAt.getTime() + HOUR), capacity: 5 }),
      { code: FK, constraint: "slots_session_id_sessions_id_fk" },
    );
  });

  it("refuses a booking whose session is not its slot's session (composite key)", async () => {
    const user = await createUser();
    const sessionA = await createSession();
    const sessionB = await createSession();
    const slotA = await createSlot(sessionA.id);

    await expectDbError(db.insert(slotEnrolled).values({ slotId: slotA.id, sessionId: sessionB.id, userId: user.id }), {
      code: FK,
      constraint: "slot_enrolled_slot_session_fk",
    });
    // Control: the slot's own session is accepted.
    await db.insert(slotEnrolled).values({ slotId: slotA.id, sessionId: sessionA.id, userId: user.id });
    expect(await db.$count(slotEnrolled, eq(slotEnrolled.slotId, slotA.id))).toBe(1);
  });
});

describe("unique rules", () => {
  it("allows one course enrollment per user and course", async () => {
    const { user, course, payment } = await completedCoursePayment();
    const second = await createPayment({ userId: user.id, courseId: course.id, status: "COMPLETED" });
    await db.insert(coursesEnrolled).values({ userId: user.id, courseId: course.id, paymentId: payment.id });

    await expectDbError(db.insert(coursesEnrolled).values({ userId: user.id, courseId: course.id, paymentId: second.id }), {
      code: UNIQUE,
      constraint: "courses_enrolled_user_course_key",
    });
    // Control: another student may enroll in the same course.
    const other = await createUser();
    const otherPayment = await createPayment({ userId: other.id, courseId: course.id, status: "COMPLETED" });
    await db.insert(coursesEnrolled).values({ userId: other.id, courseId: course.id, paymentId: otherPayment.id });
    expect(await db.$count(coursesEnrolled, eq(coursesEnrolled.courseId, course.id))).toBe(2);
  });

  it("allows one student_payments row per payment", async () => {
    const { user, payment } = await completedCoursePayment();
    const row = { paymentId: payment.id, userId: user.id, amountCents: payment.amountCents, paidAt: new Date() };
    await db.insert(studentPayments).values(row);
    await expectDbError(db.insert(studentPayments).values(row), { code: UNIQUE, constraint: "student_payments_payment_id_key" });
    expect(await db.$count(studentPayments, eq(studentPayments.paymentId, payment.id))).toBe(1);
  });

  it("allows one invoice per payment", async () => {
    const { user, payment } = await completedCoursePayment();
    await db.insert(invoices).values(invoiceValues(payment.id, user.id));
    await expectDbError(db.insert(invoices).values(invoiceValues(payment.id, user.id)), {
      code: UNIQUE,
      constraint: "invoices_payment_id_key",
    });
  });

  it("refuses a second invoice with the same number", async () => {
    const a = await completedCoursePayment();
    const b = await completedCoursePayment();
    const first = invoiceValues(a.payment.id, a.user.id);
    await db.insert(invoices).values(first);
    await expectDbError(db.insert(invoices).values(invoiceValues(b.payment.id, b.user.id, { number: first.number })), {
      code: UNIQUE,
      constraint: "invoices_number_key",
    });
    // Control: the second payment gets its invoice under a fresh number.
    await db.insert(invoices).values(invoiceValues(b.payment.id, b.user.id));
    expect(await db.$count(invoices, eq(invoices.paymentId, b.payment.id))).toBe(1);
  });

  it("stores one payfast_transactions row per (pf_payment_id, payment_status)", async () => {
    const { payment } = await completedCoursePayment();
    const pfId = `pf-${uniq()}`;
    await db.insert(payfastTransactions).values(payfastValues(payment.id, pfId, "COMPLETE"));
    await expectDbError(db.insert(payfastTransactions).values(payfastValues(payment.id, pfId, "COMPLETE")), {
      code: UNIQUE,
      constraint: "payfast_transactions_pf_id_status_key",
    });
    // The same PayFast payment with another status is a different notification: accepted.
    await db.insert(payfastTransactions).values(payfastValues(payment.id, pfId, "PENDING"));
    expect(await db.$count(payfastTransactions, eq(payfastTransactions.pfPaymentId, pfId))).toBe(2);
  });

  it("treats emails case-insensitively", async () => {
    await createUser({ email: "Ann@x.io" });
    await expectDbError(createUser({ email: "ann@x.io" }), { code: UNIQUE, constraint: "users_email_lower_key" });
    await expectDbError(createUser({ email: "ANN@X.IO" }), { code: UNIQUE, constraint: "users_email_lower_key" });
    expect(await db.$count(users, sql`lower(${users.email}) = 'ann@x.io'`)).toBe(1);
  });

  it("assigns an instructor to a session once", async () => {
    const instructor = await createUser({ role: "instructor" });
    const session = await createSession();
    await db.insert(sessionInstructors).values({ sessionId: session.id, instructorId: instructor.id });
    await expectDbError(db.insert(sessionInstructors).values({ sessionId: session.id, instructorId: instructor.id }), {
      code: UNIQUE,
      constraint: "session_instructors_pair_key",
    });
    // Control: a second instructor on the same session is fine.
    const second = await createUser({ role: "instructor" });
    await db.insert(sessionInstructors).values({ sessionId: session.id, instructorId: second.id });
    expect(await db.$count(sessionInstructors, eq(sessionInstructors.sessionId, session.id))).toBe(2);
  });
});

describe("slot checks", () => {
  it("refuses a slot without capacity", async () => {
    const session = await createSession();
    const startsAt = new Date();
    const endsAt = new Date(startsAt.getTime() + HOUR);
    // Capacity 0 (a negative one would also break slots_booked_within_capacity, as 0 > -1).
    await expectDbError(db.insert(slots).values({ sessionId: session.id, startsAt, endsAt, capacity: 0 }), {
      code: CHECK,
      constraint: "slots_capacity_positive",
    });
    await db.insert(slots).values({ sessionId: session.id, startsAt, endsAt, capacity: 1 });
  });

  it("refuses a slot that does not end after it starts", async () => {
    const session = await createSession();
    const startsAt = new Date();
    for (const endsAt of [startsAt, new Date(startsAt.getTime() - HOUR)]) {
      await expectDbError(db.insert(slots).values({ sessionId: session.id, startsAt, endsAt, capacity: 5 }), {
        code: CHECK,
        constraint: "slots_ends_after_starts",
      });
    }
    // Control: one second later is enough.
    await db.insert(slots).values({ sessionId: session.id, startsAt, endsAt: new Date(startsAt.getTime() + 1000), capacity: 5 });
  });

  it("never counts more bookings than the capacity", async () => {
    const session = await createSession();
    const slot = await createSlot(session.id, { capacity: 2 });
    await db.update(slots).set({ bookedCount: 2 }).where(eq(slots.id, slot.id));
    await expectDbError(db.update(slots).set({ bookedCount: 3 }).where(eq(slots.id, slot.id)), {
      code: CHECK,
      constraint: "slots_booked_within_capacity",
    });
    await expectDbError(db.update(slots).set({ capacity: 1 }).where(eq(slots.id, slot.id)), {
      code: CHECK,
      constraint: "slots_booked_within_capacity",
    });
    const [row] = await db.select().from(slots).where(eq(slots.id, slot.id));
    expect(row).toMatchObject({ capacity: 2, bookedCount: 2 });
  });
});

describe("slot bookings", () => {
  it("allows one active booking per student and slot; a cancelled one does not count", async () => {
    const user = await createUser();
    const session = await createSession();
    const slot = await createSlot(session.id);
    const booking = { slotId: slot.id, sessionId: session.id, userId: user.id };

    const [first] = await db.insert(slotEnrolled).values(booking).returning();
    await expectDbError(db.insert(slotEnrolled).values(booking), { code: UNIQUE, constraint: "slot_enrolled_one_active_per_user" });

    await db.update(slotEnrolled).set({ status: "cancelled", cancelledAt: new Date() }).where(eq(slotEnrolled.id, first!.id));
    await db.insert(slotEnrolled).values(booking);
    const rows = await db.select({ status: slotEnrolled.status }).from(slotEnrolled).where(eq(slotEnrolled.slotId, slot.id));
    expect(rows.map((r) => r.status).sort()).toEqual(["booked", "cancelled"]);
    // ...and the new booking is active again: a third one is refused.
    await expectDbError(db.insert(slotEnrolled).values(booking), { code: UNIQUE, constraint: "slot_enrolled_one_active_per_user" });
  });

  it("has cancelled_at exactly when the booking is cancelled", async () => {
    const user = await createUser();
    const session = await createSession();
    const slot = await createSlot(session.id);
    const booking = { slotId: slot.id, sessionId: session.id, userId: user.id };

    await expectDbError(db.insert(slotEnrolled).values({ ...booking, status: "cancelled" }), {
      code: CHECK,
      constraint: "slot_enrolled_cancelled_at_iff_cancelled",
    });
    await expectDbError(db.insert(slotEnrolled).values({ ...booking, status: "booked", cancelledAt: new Date() }), {
      code: CHECK,
      constraint: "slot_enrolled_cancelled_at_iff_cancelled",
    });
  });
});

describe("money checks", () => {
  it("refuses negative payment amounts", async () => {
    const user = await createUser();
    const course = await createCourse();
    await expectDbError(createPayment({ userId: user.id, courseId: course.id, amountCents: -1 }), {
      code: CHECK,
      constraint: "payments_amount_nonneg",
    });
    // Control: zero is a valid (free) amount.
    await createPayment({ userId: user.id, courseId: course.id, amountCents: 0, method: "free" });
  });

  it("refuses negative course and product prices", async () => {
    await expectDbError(createCourse({ priceCents: -1 }), { code: CHECK, constraint: "courses_price_nonneg" });
    await expectDbError(createProduct({ priceCents: -1 }), { code: CHECK, constraint: "products_price_nonneg" });
    await createCourse({ priceCents: 0 });
    await createProduct({ priceCents: 0 });
  });

  it("refuses negative invoice amounts", async () => {
    const { user, payment } = await completedCoursePayment();
    // The total still adds up (0 = -100 + 100), so only the sign rule is broken.
    await expectDbError(
      db.insert(invoices).values(invoiceValues(payment.id, user.id, { subtotalCents: -100, vatCents: 100, totalCents: 0 })),
      { code: CHECK, constraint: "invoices_amounts_nonneg" },
    );
  });

  it("refuses an invoice whose total is not subtotal + VAT", async () => {
    const { user, payment } = await completedCoursePayment();
    await expectDbError(
      db.insert(invoices).values(invoiceValues(payment.id, user.id, { subtotalCents: 100_000, vatCents: 15_000, totalCents: 115_001 })),
      { code: CHECK, constraint: "invoices_total_adds_up" },
    );
    await db.insert(invoices).values(invoiceValues(payment.id, user.id, { subtotalCents: 100_000, vatCents: 15_000, totalCents: 115_000 }));
  });

  it("an invoice has a number and sequence together, and one written without them is numbered at COMMIT", async () => {
    const { user, payment } = await completedCoursePayment();
    await expectDbError(
      db.insert(invoices).values(invoiceValues(payment.id, user.id, { seq: null })),
      { code: CHECK, constraint: "invoices_number_with_seq" },
    );
    const year = 2031;
    const [inserted] = await db
      .insert(invoices)
      .values(invoiceValues(payment.id, user.id, { number: null, seq: null, year }))
      .returning({ id: invoices.id });
    const [stored] = await db.select().from(invoices).where(eq(invoices.id, inserted!.id));
    const [counter] = await db.select().from(invoiceCounters).where(eq(invoiceCounters.year, year));
    expect(stored).toMatchObject({ seq: counter!.lastSeq, number: `INV-${year}-${String(counter!.lastSeq).padStart(6, "0")}` });
  });

  it("accepts only ZAR", async () => {
    const user = await createUser();
    const course = await createCourse();
    await expectDbError(
      db.insert(payments).values({ userId: user.id, courseId: course.id, method: "payfast", amountCents: 100, currency: "USD", itemName: "x" }),
      { code: CHECK, constraint: "payments_currency_zar" },
    );
    const [row] = await db
      .insert(payments)
      .values({ userId: user.id, courseId: course.id, method: "payfast", amountCents: 100, itemName: "x" })
      .returning();
    expect(row!.currency).toBe("ZAR");
  });

  it("makes a free payment zero", async () => {
    const user = await createUser();
    const course = await createCourse();
    await expectDbError(createPayment({ userId: user.id, courseId: course.id, method: "free", amountCents: 100 }), {
      code: CHECK,
      constraint: "payments_free_is_zero",
    });
  });
});

describe("payment shape", () => {
  it("buys exactly one of a course or a product", async () => {
    const user = await createUser();
    const course = await createCourse();
    const product = await createProduct();
    await expectDbError(createPayment({ userId: user.id, courseId: course.id, productId: product.id }), {
      code: CHECK,
      constraint: "payments_buys_exactly_one",
    });
    await expectDbError(createPayment({ userId: user.id }), { code: CHECK, constraint: "payments_buys_exactly_one" });
    // Controls: one of each is fine.
    await createPayment({ userId: user.id, courseId: course.id });
    await createPayment({ userId: user.id, productId: product.id });
    expect(await db.$count(payments, eq(payments.userId, user.id))).toBe(2);
  });

  it("has completed_at exactly when COMPLETED", async () => {
    const user = await createUser();
    const course = await createCourse();
    const base = { userId: user.id, courseId: course.id, method: "payfast" as const, amountCents: 100, itemName: "x" };
    await expectDbError(db.insert(payments).values({ ...base, status: "COMPLETED", completedAt: null }), {
      code: CHECK,
      constraint: "payments_completed_at_iff_completed",
    });
    await expectDbError(db.insert(payments).values({ ...base, status: "STARTED", completedAt: new Date() }), {
      code: CHECK,
      constraint: "payments_completed_at_iff_completed",
    });
    // Completing without stamping completed_at is refused too (the trigger allows the move itself).
    const payment = await createPayment({ userId: user.id, courseId: course.id });
    await expectDbError(db.update(payments).set({ status: "COMPLETED" }).where(eq(payments.id, payment.id)), {
      code: CHECK,
      constraint: "payments_completed_at_iff_completed",
    });
  });
});

describe("payment triggers (0001_payment_transition_guard)", () => {
  async function setStatus(id: string, status: "STARTED" | "COMPLETED" | "FAILED" | "CANCELLED") {
    return db
      .update(payments)
      .set({ status, completedAt: status === "COMPLETED" ? new Date() : null })
      .where(eq(payments.id, id))
      .returning();
  }

  it("moves STARTED to COMPLETED, FAILED or CANCELLED", async () => {
    const user = await createUser();
    const course = await createCourse();
    for (const status of ["COMPLETED", "FAILED", "CANCELLED"] as const) {
      const payment = await createPayment({ userId: user.id, courseId: course.id });
      const [row] = await setStatus(payment.id, status);
      expect(row!.status).toBe(status);
    }
  });

  it("never leaves a final state", async () => {
    const user = await createUser();
    const course = await createCourse();
    const completed = await createPayment({ userId: user.id, courseId: course.id, status: "COMPLETED" });
    await expectDbError(setStatus(completed.id, "FAILED"), { code: CHECK, constraint: "payments_status_transition" });
    await expectDbError(setStatus(completed.id, "STARTED"), { code: CHECK, constraint: "payments_status_transition" });

    const cancelled = await createPayment({ userId: user.id, courseId: course.id });
    await setStatus(cancelled.id, "CANCELLED");
    await expectDbError(setStatus(cancelled.id, "COMPLETED"), { code: CHECK, constraint: "payments_status_transition" });

    const failed = await createPayment({ userId: user.id, courseId: course.id, status: "FAILED" });
    await expectDbError(setStatus(failed.id, "COMPLETED"), { code: CHECK, constraint: "payments_status_transition" });

    const rows = await db.select({ id: payments.id, status: payments.status }).from(payments).where(eq(payments.userId, user.id));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
      [completed.id]: "COMPLETED",
      [cancelled.id]: "CANCELLED",
      [failed.id]: "FAILED",
    });
  });

  it("allows other changes of a final payment (same status, e.g. a reference)", async () => {
    const user = await createUser();
    const course = await createCourse();
    const payment = await createPayment({ userId: user.id, courseId: course.id, status: "COMPLETED" });
    const [row] = await db.update(payments).set({ reference: "EFT-123" }).where(eq(payments.id, payment.id)).returning();
    expect(row!.reference).toBe("EFT-123");
  });

  it("keeps amount, buyer and item fixed", async () => {
    const user = await createUser();
    const course = await createCourse();
    const payment = await createPayment({ userId: user.id, courseId: course.id, amountCents: 150_000 });
    await expectDbError(db.update(payments).set({ amountCents: 1 }).where(eq(payments.id, payment.id)), {
      code: CHECK,
      constraint: "payments_immutable_terms",
    });
    const otherUser = await createUser();
    await expectDbError(db.update(payments).set({ userId: otherUser.id }).where(eq(payments.id, payment.id)), {
      code: CHECK,
      constraint: "payments_immutable_terms",
    });
    const otherCourse = await createCourse();
    await expectDbError(db.update(payments).set({ courseId: otherCourse.id }).where(eq(payments.id, payment.id)), {
      code: CHECK,
      constraint: "payments_immutable_terms",
    });
    const [row] = await db.select().from(payments).where(eq(payments.id, payment.id));
    expect(row).toMatchObject({ amountCents: 150_000, userId: user.id, courseId: course.id });
  });

  it("refuses follow-up rows for a payment that is not COMPLETED", async () => {
    const user = await createUser();
    const course = await createCourse();
    const product = await createProduct();
    const coursePayment = await createPayment({ userId: user.id, courseId: course.id });
    const productPayment = await createPayment({ userId: user.id, productId: product.id });

    await expectDbError(
      db.insert(studentPayments).values({ paymentId: coursePayment.id, userId: user.id, amountCents: 150_000, paidAt: new Date() }),
      { code: CHECK, constraint: "student_payments_payment_completed" },
    );
    await expectDbError(db.insert(invoices).values(invoiceValues(coursePayment.id, user.id)), {
      code: CHECK,
      constraint: "invoices_payment_completed",
    });
    await expectDbError(db.insert(coursesEnrolled).values({ userId: user.id, courseId: course.id, paymentId: coursePayment.id }), {
      code: CHECK,
      constraint: "courses_enrolled_payment_completed",
    });
    await expectDbError(
      db.insert(productEnrolled).values({ userId: user.id, productId: product.id, paymentId: productPayment.id }),
      { code: CHECK, constraint: "product_enrolled_payment_completed" },
    );

    // Once completed, the same rows are accepted.
    await setStatus(coursePayment.id, "COMPLETED");
    await setStatus(productPayment.id, "COMPLETED");
    await db.insert(studentPayments).values({ paymentId: coursePayment.id, userId: user.id, amountCents: 150_000, paidAt: new Date() });
    await db.insert(invoices).values(invoiceValues(coursePayment.id, user.id));
    await db.insert(coursesEnrolled).values({ userId: user.id, courseId: course.id, paymentId: coursePayment.id });
    await db.insert(productEnrolled).values({ userId: user.id, productId: product.id, paymentId: productPayment.id });
    expect(await db.$count(coursesEnrolled, and(eq(coursesEnrolled.userId, user.id), eq(coursesEnrolled.courseId, course.id)))).toBe(1);
    expect(await db.$count(productEnrolled, eq(productEnrolled.paymentId, productPayment.id))).toBe(1);
  });

  it("refuses follow-up rows for FAILED and CANCELLED payments", async () => {
    const user = await createUser();
    const course = await createCourse();
    for (const status of ["FAILED", "CANCELLED"] as const) {
      const payment = await createPayment({ userId: user.id, courseId: course.id });
      await setStatus(payment.id, status);
      await expectDbError(db.insert(coursesEnrolled).values({ userId: user.id, courseId: course.id, paymentId: payment.id }), {
        code: CHECK,
        constraint: "courses_enrolled_payment_completed",
      });
    }
  });
});

describe("enums", () => {
  it("refuses an unknown payment status", async () => {
    const user = await createUser();
    const course = await createCourse();
    await expectDbError(
      db.execute(sql`
        INSERT INTO payments (user_id, course_id, method, status, amount_cents, item_name)
        VALUES (${user.id}, ${course.id}, 'payfast', ${"PAID"}, 100, 'x')`),
      { code: INVALID_TEXT },
    );
  });

  it("refuses an unknown role", async () => {
    const user = await createUser();
    await expectDbError(db.execute(sql`UPDATE users SET role = ${"owner"} WHERE id = ${user.id}`), { code: INVALID_TEXT });
    const [row] = await db.select({ role: users.role }).from(users).where(eq(users.id, user.id));
    expect(row!.role).toBe("student");
  });
});

describe("helpers", () => {
  it("countRows counts a table's rows", async () => {
    const before = await countRows(products);
    await createProduct();
    await createProduct();
    expect(await countRows(products)).toBe(before + 2);
    expect(await countRows(courses)).toBeGreaterThan(0);
  });
});
