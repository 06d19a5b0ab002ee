import { env } from "@/lib/env";

const formatters = new Map<string, Intl.DateTimeFormat>();
/**
 * One formatter per (options, zone), kept for the life of the process: building an
 * Intl.DateTimeFormat costs far more than using one (it was 4% of a booking's CPU), and the
 * set of zones and styles in use is small.
 */
function formatter(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat("en-ZA", options);
    formatters.set(key, format);
  }
  return format;
}

/** Dates are stored in UTC and shown in the platform's timezone. */
export function formatDateTime(date: Date, timeZone = env().PLATFORM_TIMEZONE): string {
  return formatter({ dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
}

export function formatDate(date: Date, timeZone = env().PLATFORM_TIMEZONE): string {
  return formatter({ dateStyle: "medium", timeZone }).format(date);
}

/** A slot's time range in the platform zone, e.g. "1 Dec 2026, 10:00–11:30 SAST". */
export function formatSlotRange(startsAt: Date, endsAt: Date, timeZone = env().PLATFORM_TIMEZONE): string {
  const day = formatter({ weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone }).format(startsAt);
  const time = (d: Date) => formatter({ hour: "2-digit", minute: "2-digit", hour12: false, timeZone }).format(d);
  const zone = formatter({ timeZone, timeZoneName: "short" }).formatToParts(startsAt).find((p) => p.type === "timeZoneName")?.value ?? timeZone;
  return `${day}, ${time(startsAt)}–${time(endsAt)} ${zone === "GMT+2" ? "SAST" : zone}`;
}

/** The request's "now" for server components (they render once per request, so this is stable). */
export function requestNow(): number {
  return Date.now();
}
