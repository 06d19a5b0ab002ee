// The same committed migrations build a working schema on PGlite (the embedded engine used when
// DATABASE_URL is unset), including the expression index and the PL/pgSQL payment triggers.
import { readFileSync } from "node:fs";
import path from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsFolder, openPglite } from "@/db/index";
import { runMigrations } from "@/db/migrate";
import { courses, coursesEnrolled, invoices, mailQueue, notifications, payments, sessions, slotEnrolled, slots, studentPayments, timeline, users } from "@/db/schema";
import { bookSlot } from "@/lib/booking/book";
import { moveBooking } from "@/lib/booking/move";
import { finalBookingOf } from "@/lib/booking/queries";
import { completePayment } from "@/lib/payments/complete";
import { DUMMY_PASSWORD_HASH, expectDbError } from "../helpers/db";

describe("migrations on PGlite (memory://)", () => {
  const handle = openPglite("memory://");
  const db = handle.db;

  beforeAll(async () => {
    await runMigrations(handle);
  });

  afterAll(async () => {
    await handle.close();
  });

  const newUser = (email: string) =>
    db.insert(users).values({ name: "Ann", email, passwordHash: DUMMY_PASSWORD_HASH }).returning();

  it("applies every migration of the journal", async () => {
    expect(handle.engine).toBe("pglite");
    const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as {
      entries: unknown[];
    };
    // PGlite's drizzle driver answers execute() with { rows }.
    const result = await db.execute(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
    const { rows } = result as { rows: { n: number }[] };
    expect(journal.entries.length).toBeGreaterThan(0);
    expect(rows[0]!.n).toBe(journal.entries.length);
  });

  it("keeps emails unique case-insensitively", async () => {
    await newUser("Ann@x.io");
    await expectDbError(newUser("ann@x.io"), { code: "23505", constraint: "users_email_lower_key" });
  });

  it("guards payment transitions and completed-only rows with the triggers", async () => {
    const [user] = await newUser("buyer@x.io");
    const [course] = await db.insert(courses).values({ slug: "pglite-course", title: "Course", priceCents: 1000 }).returning();
    const [payment] = await db
      .insert(payments)
      .values({ userId: user!.id, courseId: course!.id, method: "manual", amountCents: 1000, itemName: "Course" })
      .returning();

    await expectDbError(
      db.insert(studentPayments).values({ paymentId: payment!.id, userId: user!.id, amountCents: 1000, paidAt: new Date() }),
      { code: "23514", constraint: "student_payments_payment_completed" },
    );
    await db.update(payments).set({ status: "CANCELLED" }).where(eq(payments.id, payment!.id));
    await expectDbError(
      db.update(payments).set({ status: "COMPLETED", completedAt: new Date() }).where(eq(payments.id, payment!.id)),
      { code: "23514", constraint: "payments_status_transition" },
    );
    await expectDbError(db.update(payments).set({ amountCents: 1 }).where(eq(payments.id, payment!.id)), {
      code: "23514",
      constraint: "payments_immutable_terms",
    });
  });

  it("completes a purchase the demo way: pipelined writes, invoice numbered at COMMIT", async () => {
    const [user] = await newUser("demo-buyer@x.io");
    const [course] = await db.insert(courses).values({ slug: "pglite-course-2", title: "Course two", priceCents: 2300 }).returning();
    const [payment] = await db
      .insert(payments)
      .values({ userId: user!.id, courseId: course!.id, method: "payfast", amountCents: 2300, itemName: "Course two" })
      .returning();

    const result = await db.transaction((tx) => completePayment(tx, payment!.id));

    expect(result.outcome).toBe("completed");
    const [invoice] = await db.select().from(invoices).where(eq(invoices.paymentId, payment!.id));
    expect(invoice!.number).toMatch(/^INV-\d{4}-000001$/);
    expect(await db.$count(coursesEnrolled, eq(coursesEnrolled.paymentId, payment!.id))).toBe(1);
    expect(await db.$count(mailQueue, eq(mailQueue.paymentId, payment!.id))).toBe(1);
    // In the order they happened, with distinct times (the timeline sorts by time, then by a
    // random id), also on PGlite's coarse clock.
    const events = await db
      .select({ event: timeline.event, at: sql<string>`${timeline.createdAt}::text` })
      .from(timeline)
      .where(eq(timeline.paymentId, payment!.id))
      .orderBy(asc(timeline.createdAt));
    expect(events.map((e) => e.event)).toEqual(["payment_completed", "invoice_issued", "course_enrolled"]);
    expect(new Set(events.map((e) => e.at)).size).toBe(3);
  });

  it("completes a purchase on its own, outside any transaction, as the ITN does: numbered at the statement's commit", async () => {
    const [user] = await newUser("demo-itn@x.io");
    const [course] = await db.insert(courses).values({ slug: "pglite-course-3", title: "Course three", priceCents: 900 }).returning();
    const [payment] = await db
      .insert(payments)
      .values({ userId: user!.id, courseId: course!.id, method: "payfast", amountCents: 900, itemName: "Course three" })
      .returning();

    const result = await completePayment(db, payment!.id);

    expect(result.outcome).toBe("completed");
    const [invoice] = await db.select().from(invoices).where(eq(invoices.paymentId, payment!.id));
    expect(invoice!.number).toMatch(/^INV-\d{4}-00000\d$/);
    expect(await db.$count(studentPayments, eq(studentPayments.paymentId, payment!.id))).toBe(1);
    expect(await db.$count(coursesEnrolled, eq(coursesEnrolled.paymentId, payment!.id))).toBe(1);
  });

  it("books a seat the demo way (the booking and its side effects as one statement), then moves it", async () => {
    // bookSlot uses the process's database: point it at this PGlite for the call.
    const global = globalThis as unknown as { classbookDb?: typeof handle };
    const previous = global.classbookDb;
    global.classbookDb = handle;
    try {
      const [user] = await newUser("demo-booker@x.io");
      const [session] = await db.insert(sessions).values({ title: "Wheel throwing", mode: "in_person", location: "Studio" }).returning();
      const [slot] = await db
        .insert(slots)
        .values({ sessionId: session!.id, startsAt: new Date(Date.now() + 3 * 86_400_000), endsAt: new Date(Date.now() + 3 * 86_400_000 + 3_600_000), capacity: 2 })
        .returning();

      const booking = await bookSlot(user!.id, slot!.id);

      const [stored] = await db.select().from(slotEnrolled).where(eq(slotEnrolled.id, booking.id));
      expect(stored).toMatchObject({ userId: user!.id, slotId: slot!.id, status: "booked" });
      const [after] = await db.select({ booked: slots.bookedCount }).from(slots).where(eq(slots.id, slot!.id));
      expect(after!.booked).toBe(1);
      expect(await db.$count(timeline, eq(timeline.slotEnrollmentId, booking.id))).toBe(1);
      expect(await db.$count(notifications, eq(notifications.slotEnrollmentId, booking.id))).toBe(1);
      expect(await db.$count(mailQueue, eq(mailQueue.slotEnrollmentId, booking.id))).toBe(1);
      await expect(bookSlot(user!.id, slot!.id)).rejects.toThrow("You have already booked this slot.");

      // Moving it to the session's other time (migration 0019's column and enum value in use).
      const [later] = await db
        .insert(slots)
        .values({ sessionId: session!.id, startsAt: new Date(Date.now() + 4 * 86_400_000), endsAt: new Date(Date.now() + 4 * 86_400_000 + 3_600_000), capacity: 2 })
        .returning();
      const moved = await moveBooking(user!.id, booking.id, later!.id);
      const [old] = await db.select().from(slotEnrolled).where(eq(slotEnrolled.id, booking.id));
      expect(old).toMatchObject({ status: "cancelled", movedToId: moved.id });
      const counts = await db.select({ id: slots.id, booked: slots.bookedCount }).from(slots).where(eq(slots.sessionId, session!.id)).orderBy(asc(slots.startsAt));
      expect(counts.map((c) => c.booked)).toEqual([0, 1]);
      expect(await db.$count(timeline, eq(timeline.event, "booking_moved"))).toBe(1);
      // The page after a move finds it with a recursive query (rows come back in PGlite's shape).
      expect((await finalBookingOf(booking.id, user!.id))?.booking.id).toBe(moved.id);
    } finally {
      global.classbookDb = previous;
    }
  });
});
