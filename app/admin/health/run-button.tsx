"use client";
import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-error";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/action";
import { runReconciliationAction } from "./actions";

export function RunReconciliationButton() {
  const [state, action] = useActionState<ActionState, FormData>(runReconciliationAction, {});
  return (
    <form action={action} className="space-y-2">
      <SubmitButton variant="secondary" pendingLabel="Running…">Run reconciliation now</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
