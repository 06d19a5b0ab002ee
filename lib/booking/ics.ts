import { createEvent } from "ics";

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
  });
  if (error || !value) throw new Error(`could not build the calendar file: ${error?.message ?? "unknown"}`);
  return value;
}
