import { createEvent } from "ics";
import { env } from "@/lib/env";

/** The sender of booking emails as the event's organizer (calendars expect one on a cancellation). */
function organizer() {
  const from = env().MAIL_FROM;
  const email = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return { name: "Classbook", email: email.trim() };
}

export type CalendarSlot = { bookingId: string; title: string; description?: string; startsAt: Date; endsAt: Date; place: string; url?: string; cancelled?: boolean };

/** An .ics event in UTC (calendars show it in the viewer's own zone). Same UID for updates. */
export function slotIcs(slot: CalendarSlot): string {
  const { error, value } = createEvent({
    uid: `${slot.bookingId}@classbook`,
    title: slot.title,
    description: slot.description,
    start: slot.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: slot.endsAt.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    location: slot.place,
    url: slot.url && /^https?:/.test(slot.url) ? slot.url : undefined,
    status: slot.cancelled ? "CANCELLED" : "CONFIRMED",
    method: slot.cancelled ? "CANCEL" : "PUBLISH",
    productId: "classbook",
    organizer: organizer(),
    // A cancellation is a newer version of the event it cancels.
    sequence: slot.cancelled ? 1 : 0,
  });
  if (error || !value) throw new Error(`could not build the calendar file: ${error?.message ?? "unknown"}`);
  return value;
}
