import Link from "next/link";
import { ViewerTime } from "@/components/local-time";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/current-user";
import { bookingsOf } from "@/lib/booking/queries";
import { changesOpen } from "@/lib/booking/time";
import { env } from "@/lib/env";
import { formatDateTime, formatSlotRange, requestNow } from "@/lib/time";
import { AcceptOfferButton, CancelBookingButton } from "./booking-buttons";

export const metadata = { title: "My bookings" };

const statusLabel = { booked: "Booked", cancelled: "Cancelled", attended: "Attended", no_show: "Missed" } as const;

export default async function MyBookingsPage() {
  const user = await requireUser("/bookings");
  const { bookings, waitlist } = await bookingsOf(user.id);
  const now = requestNow();
  const upcoming = bookings.filter((b) => b.slot.endsAt.getTime() > now && b.booking.status === "booked").reverse();
  const history = bookings.filter((b) => !(b.slot.endsAt.getTime() > now && b.booking.status === "booked"));
  const zone = env().PLATFORM_TIMEZONE;
  return (
    <>
      <PageHeader title="My bookings" actions={<ButtonLink href="/sessions" variant="secondary">Find a session</ButtonLink>} />
      {waitlist.length ? (
        <section className="mb-8 space-y-3" aria-labelledby="waitlist">
          <h2 id="waitlist" className="text-lg font-semibold">Waitlist</h2>
          {waitlist.map(({ entry, slot, session }) => (
            <div key={entry.id} className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="waitlist-entry">
              <p className="font-semibold">{session.title}</p>
              <p className="text-sm">{formatSlotRange(slot.startsAt, slot.endsAt)}</p>
              {entry.status === "offered" && entry.offerExpiresAt ? (
                <div className="mt-3 space-y-2">
                  <p className="text-sm font-medium text-green-800">A seat is held for you until {formatDateTime(entry.offerExpiresAt)}.</p>
                  <AcceptOfferButton waitlistId={entry.id} />
                </div>
              ) : (
                <p className="mt-1 text-sm text-slate-600">Waiting for a seat. We will email you if one opens.</p>
              )}
            </div>
          ))}
        </section>
      ) : null}
      <section className="space-y-3" aria-labelledby="upcoming">
        <h2 id="upcoming" className="text-lg font-semibold">Upcoming</h2>
        {upcoming.length === 0 ? (
          <EmptyState title="No upcoming bookings" action={<ButtonLink href="/sessions">Browse sessions</ButtonLink>} />
        ) : (
          upcoming.map(({ booking, slot, session }) => {
            const canCancel = changesOpen(slot.startsAt, now);
            return (
              <div key={booking.id} className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-5" data-testid="booking">
                <div className="flex flex-col gap-3 sm:flex-row sm:justify-between">
                  <div>
                    <Link href={`/sessions/${session.id}`} className="font-semibold hover:underline">{session.title}</Link>
                    <p className="text-sm">{formatSlotRange(slot.startsAt, slot.endsAt)}</p>
                    <ViewerTime iso={slot.startsAt.toISOString()} platformZone={zone} />
                    <p className="text-sm text-slate-600">{session.mode === "online" ? session.meetingUrl : session.location}</p>
                  </div>
                  <div className="flex flex-col gap-2 sm:items-end">
                    <a href={`/bookings/${booking.id}/ics`} className="text-sm font-medium text-brand-700 hover:underline">Add to calendar (.ics)</a>
                    {canCancel ? (
                      <>
                        <Link href={`/bookings/${booking.id}/move`} className="text-sm font-medium text-brand-700 hover:underline">Change the time</Link>
                        <CancelBookingButton bookingId={booking.id} />
                      </>
                    ) : (
                      <p className="text-xs text-slate-600">Changes closed ({env().BOOKING_CANCEL_CUTOFF_HOURS} h before the start)</p>
                    )}
                  </div>
                </div>
              </div>
            );
          })
        )}
      </section>
      {history.length ? (
        <section className="mt-8 space-y-2" aria-labelledby="history">
          <h2 id="history" className="text-lg font-semibold">Past and cancelled</h2>
          <ul className="divide-y divide-slate-200 rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
            {history.map(({ booking, slot, session }) => (
              <li key={booking.id} className="flex flex-wrap justify-between gap-2 p-4 text-sm" data-testid="past-booking">
                <span>{session.title} · {formatSlotRange(slot.startsAt, slot.endsAt)}</span>
                <span className="font-medium">{booking.movedToId ? "Moved to another time" : statusLabel[booking.status]}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
