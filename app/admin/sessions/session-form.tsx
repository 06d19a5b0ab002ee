"use client";
import { useActionState, useState } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-error";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/action";
import { saveSessionAction } from "./actions";

type Option = { id: string; label: string };
export type SessionValues = { id?: string; title: string; description: string; courseId: string; mode: "online" | "in_person"; location: string; meetingUrl: string; instructorIds: string[] };

export function SessionForm({ initial, courses, instructors }: { initial: SessionValues; courses: Option[]; instructors: Option[] }) {
  const [state, action] = useActionState<ActionState, FormData>(saveSessionAction, {});
  const v = state.values;
  const [mode, setMode] = useState(v?.mode ?? initial.mode);
  const e = state.fieldErrors ?? {};
  const select = "mt-1 block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base sm:text-sm";
  return (
    <form action={action} className="space-y-4" noValidate key={state.id ?? 0}>
      <FormMessage state={state} />
      <input type="hidden" name="id" value={initial.id ?? ""} />
      <Field label="Title" name="title" defaultValue={v?.title ?? initial.title} errors={e.title} />
      <div>
        <label htmlFor="field-description" className="block text-sm font-medium text-slate-800">Description</label>
        <textarea id="field-description" name="description" rows={3} defaultValue={v?.description ?? initial.description} className={select} />
        {e.description?.[0] ? <p className="mt-1 text-sm text-red-700">{e.description[0]}</p> : null}
      </div>
      <div>
        <label htmlFor="field-courseId" className="block text-sm font-medium text-slate-800">Only for students of (optional)</label>
        <select id="field-courseId" name="courseId" defaultValue={v?.courseId ?? initial.courseId} className={select}>
          <option value="">Anyone can book</option>
          {courses.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
        </select>
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Where</legend>
        <div className="mt-1 flex gap-4">
          {(["online", "in_person"] as const).map((m) => (
            <label key={m} className="flex min-h-11 items-center gap-2 text-sm">
              <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} /> {m === "online" ? "Online" : "In person"}
            </label>
          ))}
        </div>
      </fieldset>
      {mode === "online" ? (
        <Field label="Meeting link" name="meetingUrl" type="url" placeholder="https://" defaultValue={v?.meetingUrl ?? initial.meetingUrl} errors={e.meetingUrl} />
      ) : (
        <Field label="Location" name="location" defaultValue={v?.location ?? initial.location} errors={e.location} />
      )}
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Instructors</legend>
        <div className="mt-1 grid gap-1 sm:grid-cols-2">
          {instructors.map((i) => (
            <label key={i.id} className="flex min-h-11 items-center gap-2 text-sm">
              <input type="checkbox" name="instructorIds" value={i.id} defaultChecked={initial.instructorIds.includes(i.id)} /> {i.label}
            </label>
          ))}
        </div>
        {e.instructorIds?.[0] ? <p className="mt-1 text-sm text-red-700">{e.instructorIds[0]}</p> : null}
      </fieldset>
      <SubmitButton pendingLabel="Saving…">{initial.id ? "Save session" : "Create session"}</SubmitButton>
    </form>
  );
}
