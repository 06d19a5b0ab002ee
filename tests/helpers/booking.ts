// Helpers for the booking suites in tests/db/booking/. Sessions are made through the app's
// saveSession; slots are inserted directly (addSlots refuses past slots, and most tests need a
// slot at an exact distance from "now"). Results are read straight from PostgreSQL.
import { and, eq, ne, sql } from "drizzle-orm";
import { expect } from "vitest";
import { db } from "@/db/index";
import { coursesEnrolled, slotEnrolled, slots, users } from "@/db/schema";
import { saveSession } from "@/lib/booking/admin";
import { BookingRefused } from "@/lib/booking/errors";
import { createPayment, DUMMY_PASSWORD_HASH, uniq } from "./db";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** An instant `ms` from now. */
export const fromNow = (ms: number) => new Date(Date.now() + ms);

export async function createSession(opts: { title?: string; courseId?: string | null; instructorIds?: string[] } = {}) {
  const result = await saveSession(null, {
    title: opts.title ?? `Session ${uniq()}`,
    description: "",
    courseId: opts.courseId ?? null,
    mode: "in_person",
    location: "Room 1",
    meetingUrl: null,
    instructorIds: opts.instructorIds ?? [],
  });
  if (!result.ok) throw new Error(`saveSession refused: ${result.message}`);
  return result.id;
}

/** A slot inserted directly (any time, past or future). Default: 1 hour long, capacity 1. */
export async function createSlot(
  sessionId: string,
  opts: { startsAt: Date; endsAt?: Date; capacity?: number; status?: "scheduled" | "cancelled" },
) {
  const [slot] = await db
    .insert(slots)
    .values({
      sessionId,
      startsAt: opts.startsAt,
      endsAt: opts.endsAt ?? new Date(opts.startsAt.getTime() + HOUR),
      capacity: opts.capacity ?? 1,
      status: opts.status ?? "scheduled",
    })
    .returning();
  return slot!;
}

/** A fresh session with one slot starting `startsInMs` from now. */
export async function createSessionWithSlot(opts: { startsInMs?: number; durationMs?: number; capacity?: number; courseId?: string | null } = {}) {
  const sessionId = await createSession({ courseId: opts.courseId ?? null });
  const startsAt = fromNow(opts.startsInMs ?? 3 * DAY);
  const slot = await createSlot(sessionId, {
    startsAt,
    endsAt: new Date(startsAt.getTime() + (opts.durationMs ?? HOUR)),
    capacity: opts.capacity ?? 1,
  });
  return { sessionId, slot };
}

/** `n` students in one INSERT. */
export async function createStudents(n: number, prefix = "student") {
  const tag = uniq();
  const rows = await db
    .insert(users)
    .values(
      Array.from({ length: n }, (_, i) => ({
        name: `${prefix} ${i}`,
        email: `${prefix}-${tag}-${i}@test.local`,
        passwordHash: DUMMY_PASSWORD_HASH,
        role: "student" as const,
      })),
    )
    .returning();
  return rows;
}

/** Enrolls the student in the course the way a completed payment does (the trigger wants COMPLETED). */
export async function enrollInCourse(userId: string, courseId: string) {
  const payment = await createPayment({ userId, courseId, status: "COMPLETED" });
  const [row] = await db.insert(coursesEnrolled).values({ userId, courseId, paymentId: payment.id }).returning();
  return row!;
}

export type Outcome = { ok: true } | { ok: false; code: BookingRefused["code"]; message: string };

/**
 * Runs a booking call and reports its outcome. A BookingRefused becomes its code; any other
 * error is rethrown, so a test using this fails on an unexpected error.
 */
export async function outcome(work: Promise<unknown>): Promise<Outcome> {
  try {
    await work;
    return { ok: true };
  } catch (error) {
    if (error instanceof BookingRefused) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

/** Asserts that the call is refused with the given BookingRefused code; returns the error. */
export async function expectRefused(work: Promise<unknown>, code: BookingRefused["code"]): Promise<BookingRefused> {
  const settled = await work.then(
    () => ({ refused: false as const }),
    (error: unknown) => ({ refused: true as const, error }),
  );
  expect(settled.refused, `expected BookingRefused(${code}), but the call succeeded`).toBe(true);
  const error = settled.refused ? settled.error : undefined;
  expect(error, `expected BookingRefused(${code}), got ${String(error)}`).toBeInstanceOf(BookingRefused);
  expect((error as BookingRefused).code, (error as Error).message).toBe(code);
  return error as BookingRefused;
}

/** The slot's counters and the number of its active (not cancelled) bookings, read in one statement. */
export async function slotState(slotId: string) {
  const [row] = await db
    .select({
      capacity: slots.capacity,
      booked: slots.bookedCount,
      held: slots.heldCount,
      status: slots.status,
      active: sql<number>`(SELECT count(*)::int FROM slot_enrolled e WHERE e.slot_id = ${slotId} AND e.status <> 'cancelled')`,
    })
    .from(slots)
    .where(eq(slots.id, slotId));
  return row!;
}

/** Active bookings of the slot. */
export async function activeBookings(slotId: string) {
  return db
    .select()
    .from(slotEnrolled)
    .where(and(eq(slotEnrolled.slotId, slotId), ne(slotEnrolled.status, "cancelled")));
}

/**
 * Runs `tasks` with `clients` concurrent workers that all start at the same moment (a barrier),
 * like `clients` browsers hitting the server at once. Returns every result in task order plus the
 * largest number of tasks that were in flight together (proof that they overlapped).
 */
export async function runConcurrently<T>(tasks: (() => Promise<T>)[], clients: number) {
  const results: PromiseSettledResult<T>[] = new Array<PromiseSettledResult<T>>(tasks.length);
  let next = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let release!: () => void;
  const barrier = new Promise<void>((resolve) => (release = resolve));
  const worker = async () => {
    await barrier;
    for (;;) {
      const i = next++;
      if (i >= tasks.length) return;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        results[i] = { status: "fulfilled", value: await tasks[i]!() };
      } catch (reason) {
        results[i] = { status: "rejected", reason };
      } finally {
        inFlight--;
      }
    }
  };
  const workers = Array.from({ length: clients }, () => worker());
  release();
  await Promise.all(workers);
  return { results, maxInFlight };
}

/** Opens `n` pool connections up front, so a race starts with every client connected. */
export async function warmPool(n: number) {
  await Promise.all(Array.from({ length: n }, () => db.execute(sql`SELECT pg_sleep(0.05)`)));
}
