"use client";
import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-error";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/action";
import { saveCatalogItemAction } from "./actions";

export type ItemValues = { kind: "course" | "product"; id?: string; name: string; slug: string; description: string; price: string; status: string; imageUrl: string };

export function CatalogItemForm({ initial }: { initial: ItemValues }) {
  const [state, action] = useActionState<ActionState, FormData>(saveCatalogItemAction, {});
  const v = { ...initial, ...(state.values ?? {}) };
  const e = state.fieldErrors ?? {};
  const input = "mt-1 block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base sm:text-sm";
  return (
    <form action={action} className="space-y-4" noValidate key={state.id ?? 0}>
      <FormMessage state={state} />
      <input type="hidden" name="kind" value={initial.kind} />
      <input type="hidden" name="id" value={initial.id ?? ""} />
      <Field label="Name" name="name" defaultValue={v.name} errors={e.name} />
      <Field label="Slug" name="slug" defaultValue={v.slug} errors={e.slug} hint={`The address: /${initial.kind === "course" ? "courses" : "products"}/your-slug`} />
      <div>
        <label htmlFor="field-description" className="block text-sm font-medium text-slate-800">Description</label>
        <textarea id="field-description" name="description" rows={4} defaultValue={v.description} className={input} />
        {e.description?.[0] ? <p className="mt-1 text-sm text-red-700">{e.description[0]}</p> : null}
      </div>
      <Field label="Price in rand, VAT included" name="price" inputMode="decimal" defaultValue={v.price} errors={e.price} hint="0 makes it free." />
      <Field label="Image address (optional)" name="imageUrl" type="url" defaultValue={v.imageUrl} errors={e.imageUrl} />
      <div>
        <label htmlFor="field-status" className="block text-sm font-medium text-slate-800">Status</label>
        <select id="field-status" name="status" defaultValue={v.status} className={input}>
          <option value="draft">Draft (hidden)</option>
          <option value="published">Published (for sale)</option>
          <option value="archived">Archived (no longer sold; owners keep access)</option>
        </select>
      </div>
      <SubmitButton pendingLabel="Saving…">{initial.id ? "Save changes" : `Create ${initial.kind}`}</SubmitButton>
    </form>
  );
}
