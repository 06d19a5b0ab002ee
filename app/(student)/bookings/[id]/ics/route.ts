import { getCurrentUser } from "@/lib/auth/current-user";
import { slotIcs } from "@/lib/booking/ics";
import { bookingForOwner } from "@/lib/booking/queries";

export const runtime = "nodejs";

export async function GET(_request: Request, ctx: RouteContext<"/bookings/[id]/ics">) {
  const { id } = await ctx.params;
  const user = await getCurrentUser();
  if (!user) return new Response("Sign in to download your bookings.", { status: 401 });
  const row = await bookingForOwner(id, user.id);
  if (!row) return new Response("Booking not found.", { status: 404 });
  const ics = slotIcs({
    bookingId: row.booking.id,
    title: row.session.title,
    description: row.session.description,
    startsAt: row.slot.startsAt,
    endsAt: row.slot.endsAt,
    place: row.session.mode === "online" ? (row.session.meetingUrl ?? "Online") : (row.session.location ?? ""),
    url: row.session.meetingUrl ?? undefined,
    cancelled: row.booking.status === "cancelled" || row.slot.status === "cancelled",
  });
  return new Response(ics, {
    headers: { "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": `attachment; filename="classbook-${row.booking.id.slice(0, 8)}.ics"` },
  });
}
