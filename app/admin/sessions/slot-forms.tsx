"use client";
import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-error";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/action";
import { addSlotsAction, cancelSlotAction, changeCapacityAction } from "./actions";

export function AddSlotsForm({ sessionId, zone }: { sessionId: string; zone: string }) {
  const [state, action] = useActionState<ActionState, FormData>(addSlotsAction, {});
  const v = state.values;
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="sessionId" value={sessionId} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={`Start (${zone})`} name="startsAt" type="datetime-local" defaultValue={v?.startsAt} errors={e.startsAt} />
        <Field label={`End (${zone})`} name="endsAt" type="datetime-local" defaultValue={v?.endsAt} errors={e.endsAt} />
        <Field label="Seats" name="capacity" type="number" inputMode="numeric" min={1} defaultValue={v?.capacity ?? "10"} errors={e.capacity} />
        <Field label="Repeat weekly for (weeks)" name="weeks" type="number" inputMode="numeric" min={1} max={52} defaultValue={v?.weeks ?? "1"} errors={e.weeks} hint="1 = a single slot" />
      </div>
      <SubmitButton pendingLabel="Adding…">Add slots</SubmitButton>
    </form>
  );
}

export function CapacityForm({ slotId, sessionId, capacity }: { slotId: string; sessionId: string; capacity: number }) {
  const [state, action] = useActionState<ActionState, FormData>(changeCapacityAction, {});
  return (
    <form action={action} className="flex flex-wrap items-end gap-2" noValidate>
      <input type="hidden" name="slotId" value={slotId} />
      <input type="hidden" name="sessionId" value={sessionId} />
      <Field label="Seats" name="capacity" id={`capacity-${slotId}`} type="number" min={1} defaultValue={state.values?.capacity ?? String(capacity)} errors={state.fieldErrors?.capacity} className="w-28" />
      <SubmitButton variant="secondary" pendingLabel="…">Change</SubmitButton>
      {state.message ? <p role="status" className="text-sm text-green-800">{state.message}</p> : null}
      {state.formError ? <p role="alert" className="text-sm text-red-700">{state.formError}</p> : null}
    </form>
  );
}

export function CancelSlotForm({ slotId, sessionId }: { slotId: string; sessionId: string }) {
  const [state, action] = useActionState<ActionState, FormData>(cancelSlotAction, {});
  if (state.ok) return <p role="status" className="text-sm text-green-800">{state.message}</p>;
  return (
    <details>
      <summary className="cursor-pointer text-sm font-medium text-red-700">Cancel this slot…</summary>
      <form action={action} className="mt-2 space-y-2" noValidate>
        <input type="hidden" name="slotId" value={slotId} />
        <input type="hidden" name="sessionId" value={sessionId} />
        <Field label="Reason (sent to the students)" name="reason" id={`reason-${slotId}`} defaultValue={state.values?.reason} errors={state.fieldErrors?.reason} />
        {state.formError ? <p role="alert" className="text-sm text-red-700">{state.formError}</p> : null}
        <SubmitButton variant="danger" pendingLabel="Cancelling…">Cancel slot and email students</SubmitButton>
      </form>
    </details>
  );
}
