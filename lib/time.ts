import { env } from "@/lib/env";

/** Dates are stored in UTC and shown in the platform's timezone. */
export function formatDateTime(date: Date, timeZone = env().PLATFORM_TIMEZONE): string {
  return new Intl.DateTimeFormat("en-ZA", { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
}

export function formatDate(date: Date, timeZone = env().PLATFORM_TIMEZONE): string {
  return new Intl.DateTimeFormat("en-ZA", { dateStyle: "medium", timeZone }).format(date);
}

/** A slot's time range in the platform zone, e.g. "1 Dec 2026, 10:00–11:30 SAST". */
export function formatSlotRange(startsAt: Date, endsAt: Date, timeZone = env().PLATFORM_TIMEZONE): string {
  const day = new Intl.DateTimeFormat("en-ZA", { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone }).format(startsAt);
  const time = (d: Date) => new Intl.DateTimeFormat("en-ZA", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone }).format(d);
  const zone = new Intl.DateTimeFormat("en-ZA", { timeZone, timeZoneName: "short" }).formatToParts(startsAt).find((p) => p.type === "timeZoneName")?.value ?? timeZone;
  return `${day}, ${time(startsAt)}–${time(endsAt)} ${zone === "GMT+2" ? "SAST" : zone}`;
}

/** The request's "now" for server components (they render once per request, so this is stable). */
export function requestNow(): number {
  return Date.now();
}
