"use client";
import { useActionState } from "react";
import type { ActionState } from "@/lib/actions/action";
import { markAttendanceAction } from "./actions";

export function AttendanceButtons({ bookingId, name, status }: { bookingId: string; name: string; status: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(markAttendanceAction, {});
  const button = (outcome: "attended" | "no_show", label: string) => (
    <button
      type="submit"
      name="outcome"
      value={outcome}
      disabled={pending}
      aria-pressed={status === outcome}
      aria-label={`${label}: ${name}`}
      className={`min-h-11 rounded-lg px-3 text-sm font-semibold ring-1 ${status === outcome ? "bg-brand-700 text-white ring-brand-700" : "bg-white ring-slate-300 hover:bg-slate-50"}`}
    >
      {label}
    </button>
  );
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="bookingId" value={bookingId} />
      {button("attended", "Attended")}
      {button("no_show", "No-show")}
      {state.formError ? <span role="alert" className="text-sm text-red-700">{state.formError}</span> : null}
    </form>
  );
}
