"use client";
import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-error";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/action";
import { changeRoleAction, setDisabledAction } from "./actions";

const roles = [
  ["student", "Student"],
  ["instructor", "Instructor"],
  ["super_admin", "Super admin"],
] as const;

export function RoleForm({ userId, role }: { userId: string; role: string }) {
  const [state, action] = useActionState<ActionState, FormData>(changeRoleAction, {});
  return (
    <form action={action} className="space-y-2" key={state.id ?? 0}>
      <FormMessage state={state} />
      <input type="hidden" name="userId" value={userId} />
      <label htmlFor="field-role" className="block text-sm font-medium">Role</label>
      <div className="flex flex-wrap gap-2">
        <select id="field-role" name="role" defaultValue={role} className="min-h-11 rounded-lg border border-slate-300 bg-white px-3 text-sm">
          {roles.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
        </select>
        <SubmitButton variant="secondary" pendingLabel="Saving…">Change role</SubmitButton>
      </div>
    </form>
  );
}

export function DisableForm({ userId, disabled }: { userId: string; disabled: boolean }) {
  const [state, action] = useActionState<ActionState, FormData>(setDisabledAction, {});
  return (
    <form action={action} className="space-y-2">
      <FormMessage state={state} />
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="disabled" value={disabled ? "false" : "true"} />
      <SubmitButton variant={disabled ? "secondary" : "danger"} pendingLabel="Saving…">{disabled ? "Enable account" : "Disable account"}</SubmitButton>
    </form>
  );
}
