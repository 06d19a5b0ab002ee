"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userAction, type ActionState } from "@/lib/actions/action";
import { acceptWaitlistOffer, bookSlot, cancelBooking, joinWaitlist } from "@/lib/booking/book";
import { BookingRefused } from "@/lib/booking/errors";
import { moveBooking } from "@/lib/booking/move";
import { formatDateTime } from "@/lib/time";

const slotSchema = z.object({ slotId: z.uuid({ error: "Choose a slot." }) });
const bookingSchema = z.object({ bookingId: z.uuid({ error: "Choose a booking." }) });
const moveSchema = z.object({ bookingId: z.uuid({ error: "Choose a booking." }), slotId: z.uuid({ error: "Choose a new time." }) });
const offerSchema = z.object({ waitlistId: z.uuid({ error: "Choose an offer." }) });

/** Booking refusals are answers for the student, not errors. */
async function answer(work: () => Promise<string>, slotId?: string): Promise<ActionState> {
  try {
    const message = await work();
    revalidatePath("/bookings");
    revalidatePath("/sessions", "layout");
    return { ok: true, message };
  } catch (error) {
    if (error instanceof BookingRefused) return { formError: error.message, values: { code: error.code, slotId: slotId ?? "" } };
    throw error;
  }
}

export const bookSlotAction = userAction(slotSchema, async (input, { user }) =>
  answer(async () => {
    await bookSlot(user.id, input.slotId);
    return "Booked! A confirmation with a calendar file is on its way.";
  }, input.slotId),
);

export const joinWaitlistAction = userAction(slotSchema, async (input, { user }) =>
  answer(async () => {
    const { position } = await joinWaitlist(user.id, input.slotId);
    return `You are number ${position} on the waitlist. We will email you if a seat opens.`;
  }, input.slotId),
);

export const cancelBookingAction = userAction(bookingSchema, async (input, { user }) =>
  answer(async () => {
    await cancelBooking(user.id, input.bookingId);
    return "Booking cancelled. Your seat is free for someone else.";
  }),
);

export const acceptOfferAction = userAction(offerSchema, async (input, { user }) =>
  answer(async () => {
    await acceptWaitlistOffer(user.id, input.waitlistId);
    return "The seat is yours. A confirmation is on its way.";
  }),
);

export const moveBookingAction = userAction(moveSchema, async (input, { user }) =>
  answer(async () => {
    const { startsAt } = await moveBooking(user.id, input.bookingId, input.slotId);
    return `Moved to ${formatDateTime(startsAt)}. A new calendar file is on its way.`;
  }, input.slotId),
);
