"use client";
import { useActionState } from "react";
import type { ActionState } from "@/lib/actions/action";
import { cancelMailAction, retryMailAction } from "./actions";

function RowAction({ id, label, action: serverAction }: { id: string; label: string; action: typeof retryMailAction }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(serverAction, {});
  return (
    <form action={action} className="inline">
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending} className="min-h-11 rounded-md px-3 text-sm font-semibold text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50">
        {pending ? "…" : label}
      </button>
      {state.formError ? <span className="ml-2 text-sm text-red-700">{state.formError}</span> : null}
    </form>
  );
}

export const RetryMailButton = ({ id }: { id: string }) => <RowAction id={id} label="Retry" action={retryMailAction} />;
export const CancelMailButton = ({ id }: { id: string }) => <RowAction id={id} label="Cancel" action={cancelMailAction} />;
