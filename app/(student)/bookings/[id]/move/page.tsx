import { notFound } from "next/navigation";
import Link from "next/link";
import { SlotRow } from "@/components/slot-row";
import { ButtonLink } from "@/components/ui/button";
import { Alert, EmptyState, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/current-user";
import { bookingForOwner, finalBookingOf, moveOptions } from "@/lib/booking/queries";
import { changesOpen } from "@/lib/booking/time";
import { env } from "@/lib/env";
import { formatSlotRange, requestNow } from "@/lib/time";
import { MoveBookingButton } from "../../booking-buttons";

export const metadata = { title: "Change the time" };

export default async function MoveBookingPage({ params }: PageProps<"/bookings/[id]/move">) {
  const { id } = await params;
  const user = await requireUser(`/bookings/${id}/move`);
  const options = await moveOptions(id, user.id, env().BOOKING_MIN_NOTICE_MINUTES);
  if (!options) {
    // Not active any more: after a move this page is rendered again, and says where it went.
    const old = await bookingForOwner(id, user.id);
    if (!old) notFound();
    const latest = old.booking.movedToId ? await finalBookingOf(old.booking.movedToId, user.id) : null;
    const moved = latest?.booking.status === "booked" ? latest : null;
    return (
      <>
        <PageHeader title="Change the time" />
        <Alert tone={moved ? "success" : "info"}>
          {moved ? (
            <>
              Your booking for <strong>{moved.session.title}</strong> is now on {formatSlotRange(moved.slot.startsAt, moved.slot.endsAt)}. A new calendar file is on its way.
            </>
          ) : (
            "This booking is no longer active."
          )}
        </Alert>
        <div className="mt-4">
          <ButtonLink href="/bookings">My bookings</ButtonLink>
        </div>
      </>
    );
  }
  const { session, slot, times } = options;
  const canMove = changesOpen(slot.startsAt, requestNow());
  const zone = env().PLATFORM_TIMEZONE;
  return (
    <>
      <PageHeader
        title="Change the time"
        description={
          <>
            <Link href={`/sessions/${session.id}`} className="font-semibold hover:underline">{session.title}</Link>, now booked for {formatSlotRange(slot.startsAt, slot.endsAt)}. Your seat is kept until the new one is yours.
          </>
        }
      />
      {!canMove ? (
        <Alert tone="info">Bookings can be moved up to {env().BOOKING_CANCEL_CUTOFF_HOURS} hours before the start, so this one stays where it is.</Alert>
      ) : times.length === 0 ? (
        <EmptyState title="No other times to move to" action={<ButtonLink href={`/sessions/${session.id}`} variant="secondary">See the session</ButtonLink>}>
          This session has no other upcoming time open for bookings.
        </EmptyState>
      ) : (
        <ul className="space-y-3">
          {times.map(({ slot: time, heldForMe }) => {
            const left = time.capacity - time.bookedCount - time.heldCount + (heldForMe ? 1 : 0);
            return (
              <SlotRow
                key={time.id}
                testId="move-option"
                startsAt={time.startsAt}
                endsAt={time.endsAt}
                zone={zone}
                seats={heldForMe ? "A seat is held for you here" : left > 0 ? `${left} of ${time.capacity} seats left` : "Full"}
                action={left > 0 ? <MoveBookingButton bookingId={options.booking.id} slotId={time.id} /> : null}
              />
            );
          })}
        </ul>
      )}
    </>
  );
}
