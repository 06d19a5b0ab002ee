"use client";
import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-error";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/action";
import { repairPaymentAction } from "./actions";

export function RepairButton({ paymentId }: { paymentId: string }) {
  const [state, action] = useActionState<ActionState, FormData>(repairPaymentAction, {});
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="paymentId" value={paymentId} />
      <FormMessage state={state} />
      {state.ok ? null : <SubmitButton variant="secondary" pendingLabel="Repairing…">Repair</SubmitButton>}
    </form>
  );
}
