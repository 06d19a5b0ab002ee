"use client";
import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-error";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState, FormAction } from "@/lib/actions/action";
import { acceptOfferAction, bookSlotAction, cancelBookingAction, joinWaitlistAction, moveBookingAction } from "./actions";

type ActionButtonProps = {
  action: FormAction;
  fields: Record<string, string>;
  label: string;
  pendingLabel: string;
  variant?: "primary" | "secondary" | "danger";
  /** A "full" refusal offers the slot's waitlist (booking only). */
  waitlistWhenFull?: boolean;
};

function ActionButton({ action: serverAction, fields, label, pendingLabel, variant, waitlistWhenFull }: ActionButtonProps) {
  const [state, action] = useActionState<ActionState, FormData>(serverAction, {});
  // The fields are hidden, so a field error (a tampered or stale id) is shown as the form's.
  const fieldError = Object.values(state.fieldErrors ?? {}).flat()[0];
  return (
    <form action={action} className="space-y-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <FormMessage state={fieldError && !state.formError ? { ...state, formError: fieldError } : state} />
      {state.ok ? null : (
        <SubmitButton pendingLabel={pendingLabel} variant={variant}>
          {label}
        </SubmitButton>
      )}
      {waitlistWhenFull && state.values?.code === "full" && fields.slotId ? <WaitlistButton slotId={fields.slotId} /> : null}
    </form>
  );
}

export function WaitlistButton({ slotId }: { slotId: string }) {
  return <ActionButton action={joinWaitlistAction} fields={{ slotId }} label="Join the waitlist" pendingLabel="Joining…" variant="secondary" />;
}

export const BookButton = ({ slotId }: { slotId: string }) => (
  <ActionButton action={bookSlotAction} fields={{ slotId }} label="Book this slot" pendingLabel="Booking…" waitlistWhenFull />
);

export const CancelBookingButton = ({ bookingId }: { bookingId: string }) => (
  <ActionButton action={cancelBookingAction} fields={{ bookingId }} label="Cancel booking" pendingLabel="Cancelling…" variant="danger" />
);

export const AcceptOfferButton = ({ waitlistId }: { waitlistId: string }) => (
  <ActionButton action={acceptOfferAction} fields={{ waitlistId }} label="Take the seat" pendingLabel="Booking…" />
);

/** After a move the page renders again and says where the booking went. */
export const MoveBookingButton = ({ bookingId, slotId }: { bookingId: string; slotId: string }) => (
  <ActionButton action={moveBookingAction} fields={{ bookingId, slotId }} label="Move here" pendingLabel="Moving…" />
);
