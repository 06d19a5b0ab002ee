"use client";
import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-error";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState, FormAction } from "@/lib/actions/action";
import Link from "next/link";
import { acceptOfferAction, bookSlotAction, cancelBookingAction, joinWaitlistAction, moveBookingAction } from "./actions";

function ActionButton({ action: serverAction, name, value, label, pendingLabel, variant }: { action: FormAction; name: string; value: string; label: string; pendingLabel: string; variant?: "primary" | "secondary" | "danger" }) {
  const [state, action] = useActionState<ActionState, FormData>(serverAction, {});
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name={name} value={value} />
      <FormMessage state={state} />
      {state.ok ? null : (
        <SubmitButton pendingLabel={pendingLabel} variant={variant}>
          {label}
        </SubmitButton>
      )}
      {state.values?.code === "full" ? <WaitlistButton slotId={value} /> : null}
    </form>
  );
}

export function WaitlistButton({ slotId }: { slotId: string }) {
  return <ActionButton action={joinWaitlistAction} name="slotId" value={slotId} label="Join the waitlist" pendingLabel="Joining…" variant="secondary" />;
}

export const BookButton = ({ slotId }: { slotId: string }) => <ActionButton action={bookSlotAction} name="slotId" value={slotId} label="Book this slot" pendingLabel="Booking…" />;

export const CancelBookingButton = ({ bookingId }: { bookingId: string }) => (
  <ActionButton action={cancelBookingAction} name="bookingId" value={bookingId} label="Cancel booking" pendingLabel="Cancelling…" variant="danger" />
);

export const AcceptOfferButton = ({ waitlistId }: { waitlistId: string }) => (
  <ActionButton action={acceptOfferAction} name="waitlistId" value={waitlistId} label="Take the seat" pendingLabel="Booking…" />
);

/** Moves a booking to the given time; after success it points back to the bookings list. */
export function MoveBookingButton({ bookingId, slotId }: { bookingId: string; slotId: string }) {
  const [state, action] = useActionState<ActionState, FormData>(moveBookingAction, {});
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="bookingId" value={bookingId} />
      <input type="hidden" name="slotId" value={slotId} />
      <FormMessage state={state} />
      {state.ok ? (
        <Link href="/bookings" className="text-sm font-semibold text-brand-700 hover:underline">
          Back to my bookings
        </Link>
      ) : (
        <SubmitButton pendingLabel="Moving…">Move here</SubmitButton>
      )}
    </form>
  );
}
