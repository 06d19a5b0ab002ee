"use client";
import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-error";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/action";
import { buyAction } from "./actions";

export function BuyButton({ kind, slug, label }: { kind: "course" | "product"; slug: string; label: string }) {
  const [state, action] = useActionState<ActionState, FormData>(buyAction, {});
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="slug" value={slug} />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Starting checkout…" className="w-full sm:w-auto">
        {label}
      </SubmitButton>
    </form>
  );
}
