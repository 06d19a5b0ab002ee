// "A slot never holds more booked rows than its capacity, under any concurrency" (docs/domain.md),
// checked on real PostgreSQL through the app's bookSlot with 32 clients at once. A deliberately
// naive count-then-insert booking, written here and run under the same load, must overbook: that
// proves this load really produces races the app has to survive.
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/index";
import { mailQueue, notifications, slotEnrolled, slots, slotWaitlist, timeline } from "@/db/schema";
import { bookSlot, cancelBooking } from "@/lib/booking/book";
import { resetEnvCache } from "@/lib/env";
import {
  activeBookings,
  createSessionWithSlot,
  createStudents,
  DAY,
  outcome,
  type Outcome,
  runConcurrently,
  slotState,
  warmPool,
} from "../../helpers/booking";
import { queryRows } from "../../helpers/payments";

// The app's pool must have room for every client; the database opens lazily on first query.
process.env.DB_POOL_MAX = "40";
resetEnvCache();

const CLIENTS = 32;

beforeAll(async () => {
  await warmPool(40);
  const [row] = await queryRows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  // 40 pooled connections (this query runs on one of them, the rest are idle): no client waits for a connection.
  expect(row!.n).toBeGreaterThanOrEqual(CLIENTS);
}, 60_000);

function describeUnexpected(results: PromiseSettledResult<Outcome>[]): string {
  return results
    .filter((r): r is PromiseRejectedResult => r.status === "rejected")
    .slice(0, 3)
    .map((r) => String((r.reason as { cause?: unknown })?.cause ?? r.reason))
    .join("; ");
}

describe.each([1, 2, 50])("capacity %i", (capacity) => {
  const attempts = 40 * capacity;

  it(
    `${CLIENTS} concurrent clients, ${attempts} attempts (40 × capacity) by distinct students: exactly ${capacity} booked, the rest refused "full"`,
    async () => {
      const { slot } = await createSessionWithSlot({ capacity, startsInMs: 3 * DAY });
      const students = await createStudents(attempts);

      const { results, maxInFlight } = await runConcurrently(
        students.map((s) => () => outcome(bookSlot(s.id, slot.id))),
        CLIENTS,
      );

      // Every attempt ended as a success or a BookingRefused: never another error.
      const rejected = results.filter((r) => r.status === "rejected");
      expect(rejected, `unexpected errors: ${describeUnexpected(results)}`).toHaveLength(0);
      const outcomes = results.map((r) => (r as PromiseFulfilledResult<Outcome>).value);
      const successes = outcomes.filter((o) => o.ok);
      const refusals = outcomes.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
      expect(successes).toHaveLength(capacity);
      expect(refusals).toHaveLength(attempts - capacity);
      expect(new Set(refusals.map((r) => r.code))).toEqual(new Set(["full"]));

      // The clients really overlapped. (That this load produces races at all is shown by the
      // negative control below; sampling pg_stat_activity for lock waits was tried and is too
      // flaky: the slot's lock is held only for a commit.)
      expect(maxInFlight).toBe(CLIENTS);

      // The database agrees: booked_count == active rows == capacity, and they are the winners.
      const state = await slotState(slot.id);
      expect(state).toMatchObject({ capacity, booked: capacity, held: 0, active: capacity });
      const winners = students.filter((_, i) => outcomes[i]!.ok).map((s) => s.id);
      const rows = await activeBookings(slot.id);
      expect(rows.map((r) => r.userId).sort()).toEqual([...winners].sort());

      // Refused attempts rolled back completely: side effects exist for the winners only.
      const ids = rows.map((r) => r.id);
      const allRows = await db.select({ id: slotEnrolled.id }).from(slotEnrolled).where(eq(slotEnrolled.slotId, slot.id));
      expect(allRows).toHaveLength(capacity);
      const made = await db
        .select({ id: timeline.id })
        .from(timeline)
        .where(and(eq(timeline.event, "booking_made"), inArray(timeline.slotEnrollmentId, ids)));
      expect(made).toHaveLength(capacity);
      const mails = await db.select({ id: mailQueue.id }).from(mailQueue).where(inArray(mailQueue.userId, students.map((s) => s.id)));
      expect(mails).toHaveLength(capacity);
      const notes = await db.select({ id: notifications.id }).from(notifications).where(inArray(notifications.slotEnrollmentId, ids));
      expect(notes).toHaveLength(capacity);
      const studentTimeline = await db.select({ id: timeline.id }).from(timeline).where(inArray(timeline.userId, students.map((s) => s.id)));
      expect(studentTimeline).toHaveLength(capacity);
    },
    180_000,
  );
});

describe("one student, one slot, twice at once", () => {
  it("writes one booking; the other attempt is refused already_booked (10 rounds)", async () => {
    for (let round = 0; round < 10; round++) {
      const { slot } = await createSessionWithSlot({ capacity: 5 });
      const [student] = await createStudents(1);
      const both = await Promise.all([outcome(bookSlot(student!.id, slot.id)), outcome(bookSlot(student!.id, slot.id))]);
      const ok = both.filter((o) => o.ok);
      const refused = both.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
      expect(ok, `round ${round}`).toHaveLength(1);
      expect(refused.map((r) => r.code), `round ${round}`).toEqual(["already_booked"]);
      const rows = await db.select().from(slotEnrolled).where(and(eq(slotEnrolled.slotId, slot.id), eq(slotEnrolled.userId, student!.id)));
      expect(rows).toHaveLength(1);
      expect(await slotState(slot.id)).toMatchObject({ booked: 1, active: 1 });
    }
  });
});

describe("the last seat raced by two students", () => {
  it("one gets it, the other is refused full (10 rounds)", async () => {
    for (let round = 0; round < 10; round++) {
      const { slot } = await createSessionWithSlot({ capacity: 2 });
      const [first, a, b] = await createStudents(3);
      await bookSlot(first!.id, slot.id);
      const both = await Promise.all([outcome(bookSlot(a!.id, slot.id)), outcome(bookSlot(b!.id, slot.id))]);
      expect(both.filter((o) => o.ok), `round ${round}`).toHaveLength(1);
      expect(
        both.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok).map((o) => o.code),
        `round ${round}`,
      ).toEqual(["full"]);
      expect(await slotState(slot.id)).toMatchObject({ capacity: 2, booked: 2, active: 2, held: 0 });
    }
  });
});

describe("one student, two overlapping slots, at once", () => {
  it("books one and refuses the other with overlap (10 rounds)", async () => {
    for (let round = 0; round < 10; round++) {
      const { slot: s1 } = await createSessionWithSlot({ capacity: 3, startsInMs: 3 * DAY });
      const { slot: s2 } = await createSessionWithSlot({ capacity: 3, startsInMs: 3 * DAY + 30 * 60_000 });
      const [student] = await createStudents(1);
      const both = await Promise.all([outcome(bookSlot(student!.id, s1.id)), outcome(bookSlot(student!.id, s2.id))]);
      expect(both.filter((o) => o.ok), `round ${round}`).toHaveLength(1);
      expect(
        both.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok).map((o) => o.code),
        `round ${round}`,
      ).toEqual(["overlap"]);
      const rows = await db.select().from(slotEnrolled).where(eq(slotEnrolled.userId, student!.id));
      expect(rows).toHaveLength(1);
    }
  });
});

describe("bookings and cancellations at once", () => {
  it("keep booked_count equal to the active rows and within capacity", async () => {
    const capacity = 5;
    const { slot } = await createSessionWithSlot({ capacity, startsInMs: 3 * DAY });
    const holders = await createStudents(capacity, "holder");
    for (const h of holders) await bookSlot(h.id, slot.id);
    const bookings = await activeBookings(slot.id);
    const newcomers = await createStudents(60, "newcomer");

    const tasks = [
      ...bookings.map((b) => () => outcome(cancelBooking(b.userId, b.id))),
      ...newcomers.map((s) => () => outcome(bookSlot(s.id, slot.id))),
    ];
    // Interleave the cancellations among the bookings.
    const mixed = tasks.map((t, i) => ({ t, k: (i * 7919) % tasks.length })).sort((x, y) => x.k - y.k).map((x) => x.t);
    const { results } = await runConcurrently(mixed, CLIENTS);

    expect(results.filter((r) => r.status === "rejected"), describeUnexpected(results)).toHaveLength(0);
    const outcomes = results.map((r) => (r as PromiseFulfilledResult<Outcome>).value);
    for (const o of outcomes) if (!o.ok) expect(o.code).toBe("full");
    const state = await slotState(slot.id);
    expect(state.booked).toBe(state.active);
    expect(state.booked).toBeLessThanOrEqual(capacity);
    // All 5 cancellations succeeded, so exactly 5 newcomers got the freed seats (no waitlist here).
    const newcomerRows = await db
      .select()
      .from(slotEnrolled)
      .where(and(eq(slotEnrolled.slotId, slot.id), inArray(slotEnrolled.userId, newcomers.map((n) => n.id))));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(capacity + newcomerRows.length);
    expect(state.booked).toBe(newcomerRows.length);
  });
});

// ---------------------------------------------------------------- negative control

/**
 * The textbook broken booking: count the seats taken, then insert, in separate statements (each
 * its own autocommit transaction), against a scratch table with no constraints. No artificial delay
 * is needed: under this load the gap between the two round trips is wide enough (measured: 15 of 15
 * runs overbooked at capacity 1 and 2, typically 32 rows for 1 or 2 seats).
 */
async function naiveBook(slotId: string, userId: string, capacity: number): Promise<boolean> {
  const [row] = await queryRows<{ n: number }>(sql`SELECT count(*)::int AS n FROM naive_bookings WHERE slot_id = ${slotId}`);
  if (row!.n >= capacity) return false;
  await db.execute(sql`INSERT INTO naive_bookings (slot_id, user_id) VALUES (${slotId}, ${userId})`);
  return true;
}

describe("negative control: a naive count-then-insert booking under the same load", () => {
  beforeAll(async () => {
    await db.execute(sql`CREATE TABLE IF NOT EXISTS naive_bookings (slot_id uuid, user_id uuid)`);
  });

  it.each([1, 2])("overbooks a capacity-%i slot (so the race tests above can see a race)", async (capacity) => {
    const { slot } = await createSessionWithSlot({ capacity, startsInMs: 3 * DAY });
    const students = await createStudents(40 * capacity);
    const { results, maxInFlight } = await runConcurrently(
      students.map((s) => () => naiveBook(slot.id, s.id, capacity)),
      CLIENTS,
    );
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(maxInFlight).toBe(CLIENTS);
    const [row] = await queryRows<{ n: number }>(sql`SELECT count(*)::int AS n FROM naive_bookings WHERE slot_id = ${slot.id}`);
    expect(row!.n, "the naive implementation did not overbook: the load does not produce races").toBeGreaterThan(capacity);
  });
});

describe("a slot cancelled while a booking is in flight", () => {
  it("the booking passed its checks before the cancellation committed, and is refused at its own commit", async () => {
    const { slot } = await createSessionWithSlot({ startsInMs: 3 * DAY, capacity: 5 });
    const [student] = await createStudents(1, "in-flight");
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let markLocked!: () => void;
    const locked = new Promise<void>((r) => (markLocked = r));
    // The admin's cancellation holds the slot's row lock, not yet committed.
    const cancellation = db.transaction(async (tx) => {
      await tx.update(slots).set({ status: "cancelled" }).where(eq(slots.id, slot.id));
      markLocked();
      await released;
    });
    await locked;
    const booking = outcome(bookSlot(student!.id, slot.id));
    // Wait until the booking reaches its commit and queues behind the cancellation's lock.
    for (let i = 0; i < 200; i++) {
      const [row] = await queryRows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (row!.n > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    release();
    await cancellation;
    expect(await booking).toMatchObject({ ok: false, code: "cancelled" });
    expect(await slotState(slot.id)).toMatchObject({ status: "cancelled", booked: 0, active: 0 });
    expect(await db.select().from(mailQueue).where(eq(mailQueue.userId, student!.id))).toEqual([]);
  });
});

describe("a booking that leaves the waitlist, against a seat change that locks the slot first", () => {
  it("the two lock in opposite orders; PostgreSQL aborts one, and bookSlot never surfaces the deadlock", async () => {
    const { slot } = await createSessionWithSlot({ startsInMs: 3 * DAY, capacity: 5 });
    const [student] = await createStudents(1, "deadlock");
    // On the waitlist from when the slot was full; seats have freed up since.
    await db.insert(slotWaitlist).values({ slotId: slot.id, userId: student!.id });
    let markLocked!: () => void;
    const locked = new Promise<void>((r) => (markLocked = r));
    // Like a cancellation or a seat offer: the slot's row first, then the waitlist entry.
    const seatChange = db
      .transaction(async (tx) => {
        await tx.execute(sql`SELECT 1 FROM ${slots} WHERE ${slots.id} = ${slot.id} FOR UPDATE`);
        markLocked();
        // Until the booking holds the entry and waits for the slot.
        for (let i = 0; i < 200; i++) {
          const [row] = await queryRows<{ n: number }>(
            sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          if (row!.n > 0) break;
          await new Promise((r) => setTimeout(r, 25));
        }
        await tx.update(slotWaitlist).set({ status: "left" }).where(eq(slotWaitlist.userId, student!.id));
      })
      .then(
        () => "committed",
        (error: unknown) => ((error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code) === "40P01" ? "aborted" : error,
      );
    await locked;
    const booking = await outcome(bookSlot(student!.id, slot.id));
    // Whichever side PostgreSQL aborted, the booking went through (retried if it was the one).
    expect(booking).toMatchObject({ ok: true });
    expect(["committed", "aborted"]).toContain(await seatChange);
    expect(await slotState(slot.id)).toMatchObject({ booked: 1, active: 1 });
    const [entry] = await db.select({ status: slotWaitlist.status }).from(slotWaitlist).where(eq(slotWaitlist.userId, student!.id));
    expect(entry!.status).toBe("left");
  });
});
