// Booking, cancelling and the waitlist. The database holds the rules that races could break:
// slot_enrolled's trigger keeps booked_count equal to the rows and refuses a booking in a slot
// that is not scheduled, slots_booked_within_capacity forbids overbooking, a partial unique index
// forbids two active bookings of one slot by one student, and the exclusion constraint
// slot_enrolled_no_overlap forbids one student two overlapping bookings. A booking is therefore
// one statement (bookSlot). The other functions are one transaction each that locks the
// student's row first and then the slot's row, always in that order: the slot lock serializes
// seat changes of one slot (the fix cal.com needed for its seat race). A booking that also
// leaves the waitlist can meet a cancellation or offer in the other order; bookSlot retries the
// one PostgreSQL aborts.
import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, lt, lte, sql } from "drizzle-orm";
import { db, type Executor, type Tx } from "@/db";
import { coursesEnrolled, courses, mailQueue, notifications, sessions, slotEnrolled, slotWaitlist, slots, timeline, users } from "@/db/schema";
import { oneStatement, rowFor, SqlText, Statement } from "@/lib/db-batch";
import { isUniqueViolation, pgErrorCode, violatedConstraint } from "@/lib/db-errors";
import { env } from "@/lib/env";
import { enqueueMail, mailRow } from "@/lib/mail/enqueue";
import { adminNotification, notifyAdmins } from "@/lib/notifications/notify";
import { recordTimeline } from "@/lib/timeline/record";
import { formatDateTime } from "@/lib/time";
import { BookingRefused } from "./errors";
import { slotMailPayload } from "./mail-payload";
import { changesOpen } from "./time";

type SlotRow = typeof slots.$inferSelect;
type SessionRow = typeof sessions.$inferSelect;

/**
 * NO KEY UPDATE serializes one student's booking changes like FOR UPDATE does, without blocking
 * the foreign-key checks (KEY SHARE) of rows that merely refer to the student meanwhile.
 */
export async function lockStudent(tx: Tx, userId: string) {
  const [user] = await tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, userId)).for("no key update");
  if (!user) throw new BookingRefused("Your account was not found.", "not_found");
  return user;
}

export async function lockSlot(tx: Tx, slotId: string): Promise<{ slot: SlotRow; session: SessionRow }> {
  const [slot] = await tx.select().from(slots).where(eq(slots.id, slotId)).for("update");
  if (!slot) throw new BookingRefused("That slot does not exist.", "not_found");
  const [session] = await tx.select().from(sessions).where(eq(sessions.id, slot.sessionId));
  return { slot, session: session! };
}

/** A slot takes bookings while it is scheduled, from the minimum notice until its start. */
function assertOpen(slot: SlotRow) {
  if (slot.status === "cancelled") throw new BookingRefused("This slot was cancelled.", "cancelled");
  const now = Date.now();
  if (slot.startsAt.getTime() <= now) throw new BookingRefused("This slot has already started; bookings are closed.", "started");
  const noticeMs = env().BOOKING_MIN_NOTICE_MINUTES * 60_000;
  if (slot.startsAt.getTime() - now < noticeMs) {
    throw new BookingRefused(`Bookings close ${env().BOOKING_MIN_NOTICE_MINUTES} minutes before the start.`, "too_soon");
  }
}

type Clash = { title: string; startsAt: Date };
const overlapMessage = (clash: Clash) => `You already have a booking at that time: ${clash.title} on ${formatDateTime(clash.startsAt)}.`;

/** The student's active booking that overlaps `slot`, if any. */
async function findClash(userId: string, slot: SlotRow, tx: Executor = db): Promise<Clash | undefined> {
  const [clash] = await tx
    .select({ title: sessions.title, startsAt: slots.startsAt })
    .from(slotEnrolled)
    .innerJoin(slots, eq(slots.id, slotEnrolled.slotId))
    .innerJoin(sessions, eq(sessions.id, slots.sessionId))
    .where(and(eq(slotEnrolled.userId, userId), eq(slotEnrolled.status, "booked"), lt(slots.startsAt, slot.endsAt), gt(slots.endsAt, slot.startsAt)))
    .limit(1);
  return clash;
}

/**
 * What the rules need to know about a student and a slot, as fields of a query that joins
 * users, slots and sessions (bookSlot's read and assertBookable).
 */
const bookingFacts = {
  ownsCourse: sql<boolean>`(${sessions.courseId} is null or exists (select 1 from ${coursesEnrolled} ce where ce.user_id = ${users.id} and ce.course_id = ${sessions.courseId}))`,
  courseTitle: sql<string | null>`(select c.title from ${courses} c where c.id = ${sessions.courseId})`,
  mine: sql<boolean>`exists (select 1 from ${slotEnrolled} m where m.slot_id = ${slots.id} and m.user_id = ${users.id} and m.status <> 'cancelled')`,
};

function refuseByFacts(facts: { ownsCourse: boolean; courseTitle: string | null; mine: boolean }) {
  if (!facts.ownsCourse) {
    throw new BookingRefused(`This session is for students of ${facts.courseTitle ?? "the course"}. Buy the course to book a seat.`, "needs_course");
  }
  if (facts.mine) throw new BookingRefused("You have already booked this slot.", "already_booked");
}

/**
 * Every rule, checked under the student's lock (taken by the caller): a statement after the lock
 * sees bookings committed by whoever held it before.
 */
export async function assertBookable(tx: Tx, userId: string, slot: SlotRow) {
  assertOpen(slot);
  const [found] = await tx
    .select(bookingFacts)
    .from(users)
    .leftJoin(slots, eq(slots.id, slot.id))
    .leftJoin(sessions, eq(sessions.id, slots.sessionId))
    .where(eq(users.id, userId));
  if (!found) throw new BookingRefused("Your account was not found.", "not_found");
  refuseByFacts(found);
  const clash = await findClash(userId, slot, tx);
  if (clash) throw new BookingRefused(overlapMessage(clash), "overlap");
}

/** The booking and its side effects, written as one statement (ids are made here). */
async function insertBooking(
  tx: Executor,
  user: { id: string; name: string; email: string },
  slot: SlotRow,
  session: SessionRow,
  { leaveWaitlist = true } = {},
) {
  const bookingId = randomUUID();
  const when = formatDateTime(slot.startsAt);
  const mail = mailRow({
    toEmail: user.email,
    template: "booking_confirmation",
    payload: slotMailPayload(user.name, session, slot, bookingId),
    userId: user.id,
    slotEnrollmentId: bookingId,
  });
  if (mail instanceof Error) throw mail;
  // Built as text (lib/db-batch.ts Statement): this is the hottest write in the app. The booking
  // is the first WITH clause; the email is the main statement.
  const statement = new Statement();
  const booking = statement.insert(
    rowFor(slotEnrolled, {
      id: bookingId,
      slotId: slot.id,
      sessionId: slot.sessionId,
      // The student's row lock, taken before the row goes in: one student's bookings queue here,
      // so a second overlapping one meets the first one committed and gets a clean exclusion
      // violation. Two uncommitted overlapping rows would wait for each other: a deadlock.
      userId: new SqlText(`(SELECT "id" FROM "users" WHERE "id" = ${statement.value(user.id, users.id)} FOR NO KEY UPDATE)`),
    }),
  );
  const clauses = [booking];
  // A student who books directly leaves the slot's waitlist, so no seat is held for them later.
  // Skipped when the read found no entry: joining needs a full slot, so a new entry between the
  // read and this write takes a rare race, and costs at most an offer the student cannot accept.
  if (leaveWaitlist) {
    clauses.push(
      statement.update(
        slotWaitlist,
        { status: "left" },
        `"slot_id" = ${statement.value(slot.id, slotWaitlist.slotId)} AND "user_id" = ${statement.value(user.id, slotWaitlist.userId)} AND "status" = 'waiting'`,
      ),
    );
  }
  clauses.push(
    statement.insert(rowFor(timeline, { userId: user.id, event: "booking_made", summary: `Booked ${session.title} on ${when}`, slotEnrollmentId: bookingId })),
    statement.insert(
      rowFor(
        notifications,
        adminNotification({
          type: "booking_made",
          title: `New booking: ${session.title}`,
          body: `${user.name} booked ${when}.`,
          link: `/admin/sessions/${session.id}`,
          slotEnrollmentId: bookingId,
        }),
      ),
    ),
  );
  await statement.run(tx, oneStatement([...clauses, statement.insert(rowFor(mailQueue, mail))])).catch((error: unknown) => {
    throw refusalFor(error) ?? error;
  });
  return { id: bookingId };
}

/** The answer for a student when the database refused a new booking on one of its rules. */
export function refusalFor(error: unknown): BookingRefused | undefined {
  if (violatedConstraint(error) === "slots_booked_within_capacity") return new BookingRefused("This slot is full.", "full");
  if (isUniqueViolation(error, "slot_enrolled_one_active_per_user")) return new BookingRefused("You have already booked this slot.", "already_booked");
  if (violatedConstraint(error) === "slot_enrolled_slot_scheduled") return new BookingRefused("This slot was cancelled.", "cancelled");
  if (violatedConstraint(error) === "slot_enrolled_no_overlap") return new BookingRefused("You already have a booking at that time.", "overlap");
  return undefined;
}

/**
 * Books a seat: one read, then one statement. The read (no lock, no transaction) gives the clear
 * answers: full, already booked, needs the course, closed; an overlap is found when the database
 * refuses the write, and the clashing booking is then looked up for the message. The statement
 * writes the booking and its side effects in its own transaction, and every rule that could change
 * since the read is the database's to refuse: the seat counter and its capacity check (a full or
 * cancelled slot), the one-active-booking-per-student index, and the overlap exclusion constraint.
 * Two round trips and no lock held across them: a hot slot is locked only while its counter row
 * is updated at the statement's end.
 */
export async function bookSlot(userId: string, slotId: string) {
  const [row] = await db
    .select({
      user: { id: users.id, name: users.name, email: users.email },
      slot: slots,
      session: sessions,
      ...bookingFacts,
      waiting: sql<boolean>`exists (select 1 from ${slotWaitlist} w where w.slot_id = ${slots.id} and w.user_id = ${users.id} and w.status = 'waiting')`,
    })
    .from(users)
    .leftJoin(slots, eq(slots.id, slotId))
    .leftJoin(sessions, eq(sessions.id, slots.sessionId))
    .where(eq(users.id, userId));
  if (!row) throw new BookingRefused("Your account was not found.", "not_found");
  const { user, slot, session } = row;
  if (!slot || !session) throw new BookingRefused("That slot does not exist.", "not_found");
  assertOpen(slot);
  refuseByFacts(row);
  // A fast answer when it is already full; the capacity check at the statement's end is the guard.
  if (slot.bookedCount + slot.heldCount >= slot.capacity) throw new BookingRefused("This slot is full.", "full");
  // Leaving the waitlist locks the student's entry before the slot's row, where a slot
  // cancellation or a seat offer locks the slot first: PostgreSQL may then abort one of them.
  // The statement was rolled back whole, so trying again is safe.
  try {
    return await retryOnDeadlock(() => insertBooking(db, user, slot, session, { leaveWaitlist: row.waiting }));
  } catch (error) {
    if (error instanceof BookingRefused && error.code === "overlap") {
      const clash = await findClash(userId, slot);
      if (clash) throw new BookingRefused(overlapMessage(clash), "overlap");
    }
    throw error;
  }
}

/**
 * Offers free seats to the next waiting students, holding one seat per offer. The caller holds
 * the slot's row lock. No offers once bookings have closed: the student could not accept.
 */
export async function offerFreeSeats(tx: Tx, slot: SlotRow, session: SessionRow) {
  if (slot.status !== "scheduled" || slot.startsAt.getTime() - Date.now() < env().BOOKING_MIN_NOTICE_MINUTES * 60_000) return;
  // Re-read the counts: the caller's change went through the trigger or a capacity update.
  const [fresh] = await tx.select({ booked: slots.bookedCount, held: slots.heldCount, capacity: slots.capacity }).from(slots).where(eq(slots.id, slot.id));
  let free = fresh!.capacity - fresh!.booked - fresh!.held;
  while (free > 0) {
    const [next] = await tx
      .select({ id: slotWaitlist.id, userId: slotWaitlist.userId, name: users.name, email: users.email })
      .from(slotWaitlist)
      .innerJoin(users, eq(users.id, slotWaitlist.userId))
      .where(and(eq(slotWaitlist.slotId, slot.id), eq(slotWaitlist.status, "waiting")))
      .orderBy(asc(slotWaitlist.createdAt), asc(slotWaitlist.id))
      .limit(1);
    if (!next) return;
    const holdMinutes = env().WAITLIST_HOLD_MINUTES;
    await tx
      .update(slotWaitlist)
      .set({ status: "offered", offeredAt: sql`now()`, offerExpiresAt: sql`now() + make_interval(mins => ${holdMinutes})` })
      .where(eq(slotWaitlist.id, next.id));
    await tx.update(slots).set({ heldCount: sql`${slots.heldCount} + 1` }).where(eq(slots.id, slot.id));
    await recordTimeline(tx, {
      userId: next.userId,
      event: "waitlist_offered",
      summary: `A seat opened in ${session.title} on ${formatDateTime(slot.startsAt)}: held for you for ${holdMinutes} minutes`,
    });
    await enqueueMail(tx, {
      toEmail: next.email,
      template: "waitlist_offer",
      payload: { ...slotMailPayload(next.name, session, slot, next.id), holdMinutes },
      userId: next.userId,
    });
    free--;
  }
}

/**
 * Runs a whole transaction again when PostgreSQL aborted it as a deadlock victim (it was rolled
 * back whole, so that is safe). Offering a freed seat locks waitlist rows while holding the slot;
 * a booking that leaves that waitlist locks them in the other order.
 */
export async function retryOnDeadlock<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (pgErrorCode(error) !== "40P01") throw error;
      if (attempt >= 3) throw new BookingRefused("Many people are booking this slot right now. Please try again.", "busy");
    }
  }
}

/** A student cancels their own booking, before the cut-off. */
export async function cancelBooking(userId: string, bookingId: string, opts: { byAdmin?: boolean; reason?: string } = {}) {
  return retryOnDeadlock(() => cancelBookingOnce(userId, bookingId, opts));
}

async function cancelBookingOnce(userId: string, bookingId: string, opts: { byAdmin?: boolean; reason?: string }) {
  return db.transaction(async (tx) => {
    const [found] = await tx.select({ slotId: slotEnrolled.slotId, userId: slotEnrolled.userId }).from(slotEnrolled).where(eq(slotEnrolled.id, bookingId));
    if (!found || (!opts.byAdmin && found.userId !== userId)) throw new BookingRefused("That booking was not found.", "not_found");
    const user = await lockStudent(tx, found.userId);
    const { slot, session } = await lockSlot(tx, found.slotId);
    const [booking] = await tx.select().from(slotEnrolled).where(eq(slotEnrolled.id, bookingId));
    if (!booking || booking.status !== "booked") throw new BookingRefused("This booking is not active.", "not_found");
    if (!opts.byAdmin && !changesOpen(slot.startsAt)) {
      throw new BookingRefused(`Bookings can be cancelled up to ${env().BOOKING_CANCEL_CUTOFF_HOURS} hours before the start.`, "cutoff");
    }
    await cancelBookingIn(tx, bookingId, user, slot, session, opts);
    await offerFreeSeats(tx, slot, session);
  });
}

/** Cancels one active booking inside the caller's transaction: status, timeline, admin notification, email. */
export async function cancelBookingIn(
  tx: Tx,
  bookingId: string,
  user: { id: string; name: string; email: string },
  slot: SlotRow,
  session: SessionRow,
  opts: { reason?: string } = {},
) {
  await tx.update(slotEnrolled).set({ status: "cancelled", cancelledAt: sql`now()` }).where(eq(slotEnrolled.id, bookingId));
  const when = formatDateTime(slot.startsAt);
  await recordTimeline(tx, {
    userId: user.id,
    event: "booking_cancelled",
    summary: `Cancelled ${session.title} on ${when}${opts.reason ? ` (${opts.reason})` : ""}`,
    slotEnrollmentId: bookingId,
  });
  await notifyAdmins(tx, {
    type: "booking_cancelled",
    title: `Booking cancelled: ${session.title}`,
    body: `${user.name}'s booking for ${when} was cancelled${opts.reason ? `: ${opts.reason}` : ""}.`,
    link: `/admin/sessions/${session.id}`,
    slotEnrollmentId: bookingId,
  });
  const mail = mailRow({
    toEmail: user.email,
    template: "booking_cancellation",
    payload: { ...slotMailPayload(user.name, session, slot, bookingId), reason: opts.reason ?? "" },
    userId: user.id,
    slotEnrollmentId: bookingId,
  });
  if (mail instanceof Error) {
    // One bad address must not stop a slot's cancellation: the admins reach that student instead.
    await notifyAdmins(tx, {
      type: "email_undeliverable",
      title: "Cancellation email not sent",
      body: `${mail.message} ${user.name}'s booking for ${when} is cancelled; tell them another way.`,
      link: `/admin/sessions/${session.id}`,
      slotEnrollmentId: bookingId,
    });
  } else {
    await tx.insert(mailQueue).values(mail);
  }
}

export async function joinWaitlist(userId: string, slotId: string) {
  return db.transaction(async (tx) => {
    await lockStudent(tx, userId);
    const { slot, session } = await lockSlot(tx, slotId);
    await assertBookable(tx, userId, slot);
    if (slot.bookedCount + slot.heldCount < slot.capacity) throw new BookingRefused("This slot still has seats: book one instead.", "not_full");
    try {
      const [entry] = await tx.insert(slotWaitlist).values({ slotId, userId }).returning();
      const [position] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(slotWaitlist)
                // Compared in SQL: a JavaScript Date would drop the microseconds clock_timestamp() stored.
        .where(
          and(
            eq(slotWaitlist.slotId, slotId),
            eq(slotWaitlist.status, "waiting"),
            lte(slotWaitlist.createdAt, sql`(SELECT created_at FROM slot_waitlist WHERE id = ${entry!.id})`),
          ),
        );
      await recordTimeline(tx, { userId, event: "waitlist_joined", summary: `Joined the waitlist for ${session.title} on ${formatDateTime(slot.startsAt)}` });
      return { entry: entry!, position: position?.n ?? 1 };
    } catch (error) {
      if (isUniqueViolation(error, "slot_waitlist_one_active_per_user")) throw new BookingRefused("You are already on the waitlist for this slot.", "already_waiting");
      throw error;
    }
  });
}

/** The offered student takes the held seat. */
export async function acceptWaitlistOffer(userId: string, waitlistId: string) {
  return db.transaction(async (tx) => {
    const user = await lockStudent(tx, userId);
    const [entry] = await tx.select().from(slotWaitlist).where(and(eq(slotWaitlist.id, waitlistId), eq(slotWaitlist.userId, userId)));
    if (!entry) throw new BookingRefused("That offer was not found.", "not_found");
    const { slot, session } = await lockSlot(tx, entry.slotId);
    const [current] = await tx.select().from(slotWaitlist).where(eq(slotWaitlist.id, waitlistId));
    if (current?.status !== "offered" || !current.offerExpiresAt || current.offerExpiresAt.getTime() <= Date.now()) {
      throw new BookingRefused("This offer has expired. You can join the waitlist again.", "offer_gone");
    }
    // Release the hold first, then book into the freed seat under the same lock.
    await tx.update(slots).set({ heldCount: sql`${slots.heldCount} - 1` }).where(eq(slots.id, slot.id));
    await tx.update(slotWaitlist).set({ status: "accepted" }).where(eq(slotWaitlist.id, waitlistId));
    await assertBookable(tx, userId, slot);
    return insertBooking(tx, user, { ...slot, heldCount: slot.heldCount - 1 }, session);
  });
}

/** Lapsed offers move on to the next student; run by the worker loop. Returns offers expired. */
export async function expireWaitlistOffers(limit = 50): Promise<number> {
  const due = await db
    .select({ id: slotWaitlist.id, slotId: slotWaitlist.slotId, userId: slotWaitlist.userId })
    .from(slotWaitlist)
    .where(and(eq(slotWaitlist.status, "offered"), lt(slotWaitlist.offerExpiresAt, sql`now()`)))
    .limit(limit);
  let expired = 0;
  for (const offer of due) {
    await db.transaction(async (tx) => {
      await lockStudent(tx, offer.userId);
      const { slot, session } = await lockSlot(tx, offer.slotId);
      const [row] = await tx
        .update(slotWaitlist)
        .set({ status: "expired" })
        .where(and(eq(slotWaitlist.id, offer.id), eq(slotWaitlist.status, "offered"), lt(slotWaitlist.offerExpiresAt, sql`now()`)))
        .returning({ id: slotWaitlist.id });
      if (!row) return; // accepted or handled meanwhile
      await tx.update(slots).set({ heldCount: sql`${slots.heldCount} - 1` }).where(eq(slots.id, slot.id));
      await recordTimeline(tx, {
        userId: offer.userId,
        event: "waitlist_expired",
        summary: `The seat held for you in ${session.title} on ${formatDateTime(slot.startsAt)} was offered to the next student`,
      });
      await offerFreeSeats(tx, slot, session);
      expired++;
    });
  }
  return expired;
}
