"use client";
import { useActionState } from "react";
import type { ActionState } from "@/lib/actions/action";
import { markAllReadAction, markReadAction } from "./actions";

export function MarkReadButton({ id }: { id: string }) {
  const [, action, pending] = useActionState<ActionState, FormData>(markReadAction, {});
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending} className="min-h-11 rounded-md px-3 text-sm font-medium text-brand-700 hover:bg-brand-50">
        Mark as read
      </button>
    </form>
  );
}

export function MarkAllReadButton() {
  const [, action, pending] = useActionState<ActionState, FormData>(markAllReadAction, {});
  return (
    <form action={action}>
      <button type="submit" disabled={pending} className="min-h-11 rounded-lg px-4 text-sm font-semibold ring-1 ring-slate-300 hover:bg-slate-50">
        {pending ? "Marking…" : "Mark all as read"}
      </button>
    </form>
  );
}
