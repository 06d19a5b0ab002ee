import { TZDate } from "@date-fns/tz";
import { env } from "@/lib/env";

/**
 * A wall-clock time typed into a form ("2026-12-01T10:00", as <input type="datetime-local">
 * sends it) in the platform timezone, as an instant. Null when malformed or impossible.
 */
export function parseLocalDateTime(value: string, timeZone = env().PLATFORM_TIMEZONE): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const date = new TZDate(y, mo - 1, d, h, mi, timeZone);
  // Reject dates that rolled over (31 February) rather than silently moving them.
  if (date.getDate() !== d || date.getMonth() !== mo - 1) return null;
  return new Date(date.getTime());
}

/** The same wall-clock time `weeks` weeks later in the platform timezone (stays 10:00 across DST). */
export function addWeeksLocal(instant: Date, weeks: number, timeZone = env().PLATFORM_TIMEZONE): Date {
  const local = new TZDate(instant.getTime(), timeZone);
  const moved = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + 7 * weeks, local.getHours(), local.getMinutes(), timeZone);
  return new Date(moved.getTime());
}

/** For <input type="datetime-local" value>: the instant as wall-clock time in the platform zone. */
export function toLocalInputValue(instant: Date, timeZone = env().PLATFORM_TIMEZONE): string {
  const t = new TZDate(instant.getTime(), timeZone);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}T${p(t.getHours())}:${p(t.getMinutes())}`;
}

/**
 * Whether a booking for a slot starting at `startsAt` can still be cancelled or moved:
 * up to BOOKING_CANCEL_CUTOFF_HOURS before the start.
 */
export function changesOpen(startsAt: Date, now = Date.now()): boolean {
  return startsAt.getTime() - now >= env().BOOKING_CANCEL_CUTOFF_HOURS * 3_600_000;
}
