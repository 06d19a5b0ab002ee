"use client";
import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-error";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/action";
import { retryPaymentAction } from "./actions";

export function RetryButton({ paymentId }: { paymentId: string }) {
  const [state, action] = useActionState<ActionState, FormData>(retryPaymentAction, {});
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="paymentId" value={paymentId} />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Starting…">Try again</SubmitButton>
    </form>
  );
}
