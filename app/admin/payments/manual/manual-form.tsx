"use client";
import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-error";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/action";
import { recordManualPaymentAction } from "../actions";

type Option = { value: string; label: string };

function Select({ label, name, options, errors, defaultValue }: { label: string; name: string; options: Option[]; errors?: string[]; defaultValue?: string }) {
  const id = `field-${name}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue ?? ""}
        aria-invalid={errors?.[0] ? true : undefined}
        aria-describedby={errors?.[0] ? `${id}-error` : undefined}
        className={`mt-1 block min-h-11 w-full rounded-lg border bg-white px-3 py-2 text-base sm:text-sm ${errors?.[0] ? "border-red-600" : "border-slate-300"}`}
      >
        <option value="">Choose…</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {errors?.[0] ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {errors[0]}
        </p>
      ) : null}
    </div>
  );
}

export function ManualPaymentForm({ students, items }: { students: Option[]; items: Option[] }) {
  const [state, action] = useActionState<ActionState, FormData>(recordManualPaymentAction, {});
  return (
    <form action={action} className="space-y-4" noValidate key={state.id ?? 0}>
      <FormMessage state={state} />
      <Select label="Student" name="studentId" options={students} errors={state.fieldErrors?.studentId} defaultValue={state.values?.studentId} />
      <Select label="Paid for" name="item" options={items} errors={state.fieldErrors?.item} defaultValue={state.values?.item} />
      <Field label="Reference" name="reference" hint="The EFT reference or cash receipt number." defaultValue={state.values?.reference} errors={state.fieldErrors?.reference} />
      <SubmitButton pendingLabel="Recording…">Record payment</SubmitButton>
    </form>
  );
}
