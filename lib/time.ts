import { env } from "@/lib/env";

/** Dates are stored in UTC and shown in the platform's timezone. */
export function formatDateTime(date: Date, timeZone = env().PLATFORM_TIMEZONE): string {
  return new Intl.DateTimeFormat("en-ZA", { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
}

export function formatDate(date: Date, timeZone = env().PLATFORM_TIMEZONE): string {
  return new Intl.DateTimeFormat("en-ZA", { dateStyle: "medium", timeZone }).format(date);
}
