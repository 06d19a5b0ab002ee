// Moving a booking to another time of the same session, as one transaction: the student never
// holds two seats, and never loses the old one unless the new one is theirs. Locks follow
// book.ts's order (the student, then slots); the two slots are locked in id order, so two
// students moving between the same two times in opposite directions cannot deadlock.
import { and, eq, gt, sql } from "drizzle-orm";
import { db } from "@/db";
import { slotEnrolled, slots, slotWaitlist } from "@/db/schema";
import { env } from "@/lib/env";
import { enqueueMail } from "@/lib/mail/enqueue";
import { notifyAdmins } from "@/lib/notifications/notify";
import { recordTimeline } from "@/lib/timeline/record";
import { formatDateTime } from "@/lib/time";
import { assertBookable, lockSlot, lockStudent, offerFreeSeats, refusalFor, retryOnDeadlock } from "./book";
import { BookingRefused } from "./errors";
import { slotMailPayload } from "./mail-payload";
import { changesOpen } from "./time";

/**
 * Moves the student's booking to `toSlotId`, a slot of the same session. Every rule of a new
 * booking applies to the new time (open, notice, seats, no overlap with the student's other
 * bookings), and the cancellation cut-off applies to the old one. The old booking is cancelled
 * and points at the new one; its seat goes to the old slot's waitlist. One timeline row, one
 * admin notification and one email (with the new calendar file and the old one's cancellation).
 */
export async function moveBooking(userId: string, bookingId: string, toSlotId: string) {
  return retryOnDeadlock(() => moveBookingOnce(userId, bookingId, toSlotId));
}

async function moveBookingOnce(userId: string, bookingId: string, toSlotId: string) {
  return db.transaction(async (tx) => {
    const user = await lockStudent(tx, userId);
    const [owned] = await tx.select({ slotId: slotEnrolled.slotId }).from(slotEnrolled).where(and(eq(slotEnrolled.id, bookingId), eq(slotEnrolled.userId, userId)));
    if (!owned) throw new BookingRefused("That booking was not found.", "not_found");
    if (owned.slotId === toSlotId) throw new BookingRefused("Your booking is already at that time.", "same_slot");
    const lockedInOrder = [];
    for (const id of [owned.slotId, toSlotId].sort()) lockedInOrder.push(await lockSlot(tx, id));
    const from = lockedInOrder.find((l) => l.slot.id === owned.slotId)!;
    const to = lockedInOrder.find((l) => l.slot.id === toSlotId)!;

    // Read again under the slot locks: an admin cancelling the slot changes bookings without the student's lock.
    const [booking] = await tx.select().from(slotEnrolled).where(eq(slotEnrolled.id, bookingId));
    if (booking?.status !== "booked") throw new BookingRefused("This booking is not active.", "not_found");
    if (to.slot.sessionId !== from.slot.sessionId) {
      throw new BookingRefused("A booking can only move to another time of the same session.", "other_session");
    }
    if (!changesOpen(from.slot.startsAt)) {
      throw new BookingRefused(`Bookings can be moved up to ${env().BOOKING_CANCEL_CUTOFF_HOURS} hours before the start.`, "cutoff");
    }

    // The old seat goes first, so the new time is checked as if the old booking were not there
    // (two times of one session may touch or overlap).
    await tx.update(slotEnrolled).set({ status: "cancelled", cancelledAt: sql`now()` }).where(eq(slotEnrolled.id, bookingId));
    await assertBookable(tx, userId, to.slot);
    // A seat held for this student at the new time (a waitlist offer) is theirs to move into.
    const [offer] = await tx
      .update(slotWaitlist)
      .set({ status: "accepted" })
      .where(and(eq(slotWaitlist.slotId, to.slot.id), eq(slotWaitlist.userId, userId), eq(slotWaitlist.status, "offered"), gt(slotWaitlist.offerExpiresAt, sql`now()`)))
      .returning({ id: slotWaitlist.id });
    if (offer) {
      await tx.update(slots).set({ heldCount: sql`${slots.heldCount} - 1` }).where(eq(slots.id, to.slot.id));
      to.slot.heldCount -= 1;
    }
    if (to.slot.bookedCount + to.slot.heldCount >= to.slot.capacity) throw new BookingRefused("That time is full. Your booking stays where it was.", "full");
    const [moved] = await tx
      .insert(slotEnrolled)
      .values({ slotId: to.slot.id, sessionId: to.slot.sessionId, userId })
      .returning({ id: slotEnrolled.id })
      .catch((error: unknown) => {
        throw refusalFor(error) ?? error;
      });
    await tx.update(slotEnrolled).set({ movedToId: moved!.id }).where(eq(slotEnrolled.id, bookingId));

    const session = to.session;
    const before = formatDateTime(from.slot.startsAt);
    const after = formatDateTime(to.slot.startsAt);
    await recordTimeline(tx, { userId, event: "booking_moved", summary: `Moved ${session.title} from ${before} to ${after}`, slotEnrollmentId: moved!.id });
    await notifyAdmins(tx, {
      type: "booking_moved",
      title: `Booking moved: ${session.title}`,
      body: `${user.name} moved from ${before} to ${after}.`,
      link: `/admin/sessions/${session.id}`,
      slotEnrollmentId: moved!.id,
    });
    await enqueueMail(tx, {
      toEmail: user.email,
      template: "booking_moved",
      payload: {
        ...slotMailPayload(user.name, session, to.slot, moved!.id),
        previousStartsAt: from.slot.startsAt.toISOString(),
        previousEndsAt: from.slot.endsAt.toISOString(),
        previousBookingId: bookingId,
      },
      userId,
      slotEnrollmentId: moved!.id,
    });
    await offerFreeSeats(tx, from.slot, from.session);
    return { id: moved!.id, startsAt: to.slot.startsAt };
  });
}
