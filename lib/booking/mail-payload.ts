import type { sessions, slots } from "@/db/schema";
import { env } from "@/lib/env";

/** What every booking email needs about its slot; times are rendered in the platform timezone. */
export function slotMailPayload(name: string, session: typeof sessions.$inferSelect, slot: typeof slots.$inferSelect, bookingId: string) {
  return {
    name,
    sessionTitle: session.title,
    startsAt: slot.startsAt.toISOString(),
    endsAt: slot.endsAt.toISOString(),
    place: session.mode === "online" ? (session.meetingUrl ?? "Online") : (session.location ?? ""),
    bookingsUrl: new URL("/bookings", env().APP_URL).toString(),
    bookingId,
  };
}
