"use client";
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** The viewer's own timezone, known only in the browser (the server renders nothing here). */
export function ViewerTime({ iso, platformZone }: { iso: string; platformZone: string }) {
  const zone = useSyncExternalStore(subscribe, () => Intl.DateTimeFormat().resolvedOptions().timeZone, () => platformZone);
  if (zone === platformZone) return null;
  // dateStyle/timeStyle cannot be combined with timeZoneName, so the parts are spelled out.
  const text = new Intl.DateTimeFormat("en-ZA", {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
    timeZone: zone,
    timeZoneName: "short",
  }).format(new Date(iso));
  return <span className="block text-xs text-slate-600">Your time: {text}</span>;
}
