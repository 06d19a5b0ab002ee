// Booking rules on real PostgreSQL, through the app's bookSlot / cancelBooking and the admin's
// changeCapacity / addSlots, plus the local-time helpers behind weekly series (DST included).
// Defaults from lib/env.ts: cancel cut-off 24 h, minimum notice 60 min.
import { TZDate } from "@date-fns/tz";
import { and, asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/index";
import { violatedConstraint } from "@/lib/db-errors";
import { slotEnrolled, slots, slotWaitlist } from "@/db/schema";
import { addSlots, changeCapacity } from "@/lib/booking/admin";
import { bookSlot, cancelBooking } from "@/lib/booking/book";
import { addWeeksLocal, parseLocalDateTime, toLocalInputValue } from "@/lib/booking/time";
import {
  createSession,
  createSessionWithSlot,
  createSlot,
  createStudents,
  DAY,
  enrollInCourse,
  expectRefused,
  fromNow,
  HOUR,
  MINUTE,
  slotState,
} from "../../helpers/booking";
import { createCourse } from "../../helpers/db";
import { withEnv } from "../../helpers/payments";

describe("cancelling", () => {
  it("frees the seat: booked_count drops and another student can book it", async () => {
    const { slot } = await createSessionWithSlot({ capacity: 1, startsInMs: 3 * DAY });
    const [a, b] = await createStudents(2);
    const booking = await bookSlot(a!.id, slot.id);
    await expectRefused(bookSlot(b!.id, slot.id), "full");

    await cancelBooking(a!.id, booking.id);
    const [row] = await db.select().from(slotEnrolled).where(eq(slotEnrolled.id, booking.id));
    expect(row!.status).toBe("cancelled");
    expect(row!.cancelledAt).toBeInstanceOf(Date);
    expect(await slotState(slot.id)).toMatchObject({ booked: 0, active: 0, held: 0 });

    await bookSlot(b!.id, slot.id);
    expect(await slotState(slot.id)).toMatchObject({ booked: 1, active: 1 });
  });

  it("then rebooking the same slot works (the unique index covers active bookings only)", async () => {
    const { slot } = await createSessionWithSlot({ capacity: 2, startsInMs: 3 * DAY });
    const [a] = await createStudents(1);
    const first = await bookSlot(a!.id, slot.id);
    await cancelBooking(a!.id, first.id);
    const second = await bookSlot(a!.id, slot.id);
    expect(second.id).not.toBe(first.id);
    const rows = await db.select().from(slotEnrolled).where(eq(slotEnrolled.slotId, slot.id)).orderBy(asc(slotEnrolled.createdAt));
    expect(rows.map((r) => r.status)).toEqual(["cancelled", "booked"]);
    expect(await slotState(slot.id)).toMatchObject({ booked: 1, active: 1 });
    // Still one active booking per student: a third attempt is refused.
    await expectRefused(bookSlot(a!.id, slot.id), "already_booked");
  });

  it("within 24 h of the start is refused (cutoff) and the booking stays", async () => {
    const { slot } = await createSessionWithSlot({ capacity: 1, startsInMs: 23 * HOUR + 30 * MINUTE });
    const [a] = await createStudents(1);
    const booking = await bookSlot(a!.id, slot.id);
    const error = await expectRefused(cancelBooking(a!.id, booking.id), "cutoff");
    expect(error.message).toContain("24 hours");
    const [row] = await db.select().from(slotEnrolled).where(eq(slotEnrolled.id, booking.id));
    expect(row!.status).toBe("booked");
    expect(await slotState(slot.id)).toMatchObject({ booked: 1, active: 1 });
  });

  it("more than 24 h before the start is allowed", async () => {
    const { slot } = await createSessionWithSlot({ capacity: 1, startsInMs: 24 * HOUR + 30 * MINUTE });
    const [a] = await createStudents(1);
    const booking = await bookSlot(a!.id, slot.id);
    await cancelBooking(a!.id, booking.id);
    expect(await slotState(slot.id)).toMatchObject({ booked: 0, active: 0 });
  });

  it("someone else's booking is not found", async () => {
    const { slot } = await createSessionWithSlot({ capacity: 1, startsInMs: 3 * DAY });
    const [a, b] = await createStudents(2);
    const booking = await bookSlot(a!.id, slot.id);
    await expectRefused(cancelBooking(b!.id, booking.id), "not_found");
    expect(await slotState(slot.id)).toMatchObject({ booked: 1, active: 1 });
  });
});

describe("when a slot can be booked", () => {
  it("refuses a slot starting in 30 minutes (too_soon) and accepts one starting in 90", async () => {
    const { slot: soon } = await createSessionWithSlot({ startsInMs: 30 * MINUTE });
    const { slot: later } = await createSessionWithSlot({ startsInMs: 90 * MINUTE });
    const [a] = await createStudents(1);
    await expectRefused(bookSlot(a!.id, soon.id), "too_soon");
    await bookSlot(a!.id, later.id);
    expect(await slotState(soon.id)).toMatchObject({ booked: 0, active: 0 });
  });

  it("refuses a slot that already started (started), also one that has ended", async () => {
    const sessionId = await createSession();
    const running = await createSlot(sessionId, { startsAt: fromNow(-10 * MINUTE), endsAt: fromNow(50 * MINUTE) });
    const over = await createSlot(sessionId, { startsAt: fromNow(-3 * HOUR), endsAt: fromNow(-2 * HOUR) });
    const [a] = await createStudents(1);
    await expectRefused(bookSlot(a!.id, running.id), "started");
    await expectRefused(bookSlot(a!.id, over.id), "started");
    expect(await slotState(running.id)).toMatchObject({ booked: 0, active: 0 });
  });

  it("refuses a cancelled slot (cancelled)", async () => {
    const sessionId = await createSession();
    const slot = await createSlot(sessionId, { startsAt: fromNow(3 * DAY), capacity: 5, status: "cancelled" });
    const [a] = await createStudents(1);
    await expectRefused(bookSlot(a!.id, slot.id), "cancelled");
  });

  it("refuses a slot that does not exist (not_found)", async () => {
    const [a] = await createStudents(1);
    await expectRefused(bookSlot(a!.id, "00000000-0000-4000-8000-000000000000"), "not_found");
  });
});

describe("overlapping bookings", () => {
  it("refuses a slot overlapping one the student booked by 30 minutes (overlap); allows an adjacent one", async () => {
    const start = fromNow(4 * DAY);
    const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);
    const first = await createSlot(await createSession(), { startsAt: at(0), endsAt: at(60), capacity: 5 });
    const overlapping = await createSlot(await createSession(), { startsAt: at(30), endsAt: at(90), capacity: 5 });
    const before = await createSlot(await createSession(), { startsAt: at(-60), endsAt: at(0), capacity: 5 });
    const after = await createSlot(await createSession(), { startsAt: at(60), endsAt: at(120), capacity: 5 });
    const [a] = await createStudents(1);

    await bookSlot(a!.id, first.id);
    const error = await expectRefused(bookSlot(a!.id, overlapping.id), "overlap");
    expect(error.message).toContain("already have a booking at that time");
    // end == next start is not an overlap, on either side.
    await bookSlot(a!.id, after.id);
    await bookSlot(a!.id, before.id);
    const mine = await db.select().from(slotEnrolled).where(and(eq(slotEnrolled.userId, a!.id), eq(slotEnrolled.status, "booked")));
    expect(mine.map((r) => r.slotId).sort()).toEqual([first.id, after.id, before.id].sort());
  });

  it("the database refuses an overlapping booking written around bookSlot, with the slot's own times", async () => {
    const start = fromNow(4 * DAY + 3 * HOUR);
    const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);
    const firstSession = await createSession();
    const first = await createSlot(firstSession, { startsAt: at(0), endsAt: at(60), capacity: 5 });
    const otherSession = await createSession();
    const overlapping = await createSlot(otherSession, { startsAt: at(45), endsAt: at(75), capacity: 5 });
    const [a] = await createStudents(1);
    await bookSlot(a!.id, first.id);
    // A writer that claims a harmless time range still gets the slot's: the trigger copies it.
    const direct = db.insert(slotEnrolled).values({ slotId: overlapping.id, sessionId: otherSession, userId: a!.id, during: "[2000-01-01,2000-01-02)" });
    const error = await direct.then(
      () => null,
      (e: unknown) => e,
    );
    expect(violatedConstraint(error)).toBe("slot_enrolled_no_overlap");
    expect(await slotState(overlapping.id)).toMatchObject({ booked: 0, active: 0 });
    const rows = await db
      .select({ slotId: slotEnrolled.slotId, sameTimes: sql<boolean>`lower(${slotEnrolled.during}) = ${slots.startsAt} and upper(${slotEnrolled.during}) = ${slots.endsAt}` })
      .from(slotEnrolled)
      .innerJoin(slots, eq(slots.id, slotEnrolled.slotId))
      .where(eq(slotEnrolled.userId, a!.id));
    expect(rows).toEqual([{ slotId: first.id, sameTimes: true }]);

    // Emptying the range afterwards does not switch the rule off for that row either.
    await db.update(slotEnrolled).set({ during: "empty" }).where(eq(slotEnrolled.userId, a!.id));
    const again = await db.insert(slotEnrolled).values({ slotId: overlapping.id, sessionId: otherSession, userId: a!.id }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(violatedConstraint(again)).toBe("slot_enrolled_no_overlap");
  });

  it("a cancelled booking no longer blocks an overlapping one", async () => {
    const start = fromNow(5 * DAY);
    const first = await createSlot(await createSession(), { startsAt: start, endsAt: new Date(start.getTime() + HOUR), capacity: 5 });
    const other = await createSlot(await createSession(), {
      startsAt: new Date(start.getTime() + 30 * MINUTE),
      endsAt: new Date(start.getTime() + 90 * MINUTE),
      capacity: 5,
    });
    const [a] = await createStudents(1);
    const booking = await bookSlot(a!.id, first.id);
    await cancelBooking(a!.id, booking.id);
    await bookSlot(a!.id, other.id);
  });

  it("another student's booking at the same time does not count", async () => {
    const start = fromNow(6 * DAY);
    const s1 = await createSlot(await createSession(), { startsAt: start, capacity: 5 });
    const s2 = await createSlot(await createSession(), { startsAt: start, capacity: 5 });
    const [a, b] = await createStudents(2);
    await bookSlot(a!.id, s1.id);
    await bookSlot(b!.id, s2.id);
  });
});

describe("course-bound sessions", () => {
  it("refuse a student not enrolled in the course (needs_course) and accept one who is", async () => {
    const course = await createCourse({ title: "Pottery 101" });
    const otherCourse = await createCourse();
    const { slot } = await createSessionWithSlot({ capacity: 5, courseId: course.id });
    const [outsider, otherStudent, student] = await createStudents(3);
    await enrollInCourse(otherStudent!.id, otherCourse.id);
    await enrollInCourse(student!.id, course.id);

    const error = await expectRefused(bookSlot(outsider!.id, slot.id), "needs_course");
    expect(error.message).toContain("Pottery 101");
    await expectRefused(bookSlot(otherStudent!.id, slot.id), "needs_course");
    await bookSlot(student!.id, slot.id);
    expect(await slotState(slot.id)).toMatchObject({ booked: 1, active: 1 });
  });
});

describe("changeCapacity", () => {
  it("refuses a capacity below the current bookings with a clear message, allows equal and above", async () => {
    const { slot } = await createSessionWithSlot({ capacity: 3, startsInMs: 3 * DAY });
    const [a, b] = await createStudents(2);
    await bookSlot(a!.id, slot.id);
    await bookSlot(b!.id, slot.id);

    expect(await changeCapacity(slot.id, 1)).toEqual({
      ok: false,
      field: "capacity",
      message: "2 seats are taken or held: the capacity cannot be lower.",
    });
    expect((await slotState(slot.id)).capacity).toBe(3);

    expect(await changeCapacity(slot.id, 2)).toEqual({ ok: true });
    expect(await slotState(slot.id)).toMatchObject({ capacity: 2, booked: 2 });
    expect(await changeCapacity(slot.id, 10)).toEqual({ ok: true });
    expect(await slotState(slot.id)).toMatchObject({ capacity: 10, booked: 2 });
  });

  it("reports a slot that does not exist", async () => {
    expect(await changeCapacity("00000000-0000-4000-8000-000000000000", 4)).toMatchObject({ ok: false, field: "form" });
  });
});

describe("addSlots", () => {
  it("refuses inverted and zero-length times", async () => {
    const sessionId = await createSession();
    const start = fromNow(7 * DAY);
    expect(await addSlots(sessionId, { startsAt: start, endsAt: new Date(start.getTime() - HOUR), capacity: 5, weeks: 1 })).toMatchObject({
      ok: false,
      field: "endsAt",
    });
    expect(await addSlots(sessionId, { startsAt: start, endsAt: start, capacity: 5, weeks: 1 })).toMatchObject({ ok: false, field: "endsAt" });
    expect(await db.select().from(slots).where(eq(slots.sessionId, sessionId))).toEqual([]);
  });

  it("refuses a start in the past", async () => {
    const sessionId = await createSession();
    expect(await addSlots(sessionId, { startsAt: fromNow(-HOUR), endsAt: fromNow(HOUR), capacity: 5, weeks: 1 })).toMatchObject({
      ok: false,
      field: "startsAt",
      message: "The start must be in the future.",
    });
    expect(await db.select().from(slots).where(eq(slots.sessionId, sessionId))).toEqual([]);
  });

  it("refuses a slot overlapping another slot of the same session, allows adjacent and other sessions", async () => {
    const sessionId = await createSession();
    const otherSessionId = await createSession();
    // Whole minutes, as the admin's form sends them (addWeeksLocal keeps hours and minutes only).
    const start = new Date(Math.floor(fromNow(8 * DAY).getTime() / MINUTE) * MINUTE);
    const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);
    expect(await addSlots(sessionId, { startsAt: at(0), endsAt: at(60), capacity: 5, weeks: 1 })).toEqual({ ok: true, created: 1 });
    expect(await addSlots(sessionId, { startsAt: at(30), endsAt: at(90), capacity: 5, weeks: 1 })).toEqual({
      ok: false,
      field: "startsAt",
      message: "This overlaps another slot of the session.",
    });
    // A series whose later occurrence overlaps is refused as a whole.
    expect(await addSlots(sessionId, { startsAt: at(-7 * 24 * 60 + 30), endsAt: at(-7 * 24 * 60 + 90), capacity: 5, weeks: 2 })).toMatchObject({
      ok: false,
      field: "startsAt",
    });
    expect(await addSlots(sessionId, { startsAt: at(60), endsAt: at(120), capacity: 5, weeks: 1 })).toEqual({ ok: true, created: 1 });
    expect(await addSlots(otherSessionId, { startsAt: at(30), endsAt: at(90), capacity: 5, weeks: 1 })).toEqual({ ok: true, created: 1 });
    const rows = await db.select().from(slots).where(eq(slots.sessionId, sessionId)).orderBy(asc(slots.startsAt));
    expect(rows.map((r) => [r.startsAt.getTime(), r.endsAt.getTime()])).toEqual([
      [at(0).getTime(), at(60).getTime()],
      [at(60).getTime(), at(120).getTime()],
    ]);
  });

  it("creates a weekly series of 4 at the same local time (Africa/Johannesburg)", async () => {
    const sessionId = await createSession();
    // A date about two weeks ahead, as the admin's form sends it.
    const day = new TZDate(Date.now() + 14 * DAY, "Africa/Johannesburg");
    const ymd = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, "0")}-${String(day.getDate()).padStart(2, "0")}`;
    const startsAt = parseLocalDateTime(`${ymd}T10:00`)!;
    const endsAt = parseLocalDateTime(`${ymd}T11:30`)!;
    expect(startsAt).toBeInstanceOf(Date);

    expect(await addSlots(sessionId, { startsAt, endsAt, capacity: 12, weeks: 4 })).toEqual({ ok: true, created: 4 });
    const rows = await db.select().from(slots).where(eq(slots.sessionId, sessionId)).orderBy(asc(slots.startsAt));
    expect(rows).toHaveLength(4);
    rows.forEach((r, i) => {
      expect(r.startsAt.getTime()).toBe(startsAt.getTime() + i * 7 * DAY);
      expect(r.endsAt.getTime() - r.startsAt.getTime()).toBe(90 * MINUTE);
      expect(toLocalInputValue(r.startsAt, "Africa/Johannesburg")).toMatch(/T10:00$/);
      expect(toLocalInputValue(r.endsAt, "Africa/Johannesburg")).toMatch(/T11:30$/);
      expect(r.startsAt.getUTCHours()).toBe(8);
      expect(r).toMatchObject({ capacity: 12, bookedCount: 0, heldCount: 0, status: "scheduled" });
    });
  });

  it("keeps a Europe/London series at 10:00 local across the March and October DST changes", async () => {
    await withEnv({ PLATFORM_TIMEZONE: "Europe/London" }, async () => {
      const spring = await createSession();
      const startsAt = parseLocalDateTime("2027-03-21T10:00")!;
      const endsAt = parseLocalDateTime("2027-03-21T11:00")!;
      expect(await addSlots(spring, { startsAt, endsAt, capacity: 5, weeks: 4 })).toEqual({ ok: true, created: 4 });
      const springRows = await db.select().from(slots).where(eq(slots.sessionId, spring)).orderBy(asc(slots.startsAt));
      expect(springRows.map((r) => r.startsAt.toISOString())).toEqual([
        "2027-03-21T10:00:00.000Z",
        "2027-03-28T09:00:00.000Z",
        "2027-04-04T09:00:00.000Z",
        "2027-04-11T09:00:00.000Z",
      ]);
      expect(springRows.map((r) => r.endsAt.toISOString())).toEqual([
        "2027-03-21T11:00:00.000Z",
        "2027-03-28T10:00:00.000Z",
        "2027-04-04T10:00:00.000Z",
        "2027-04-11T10:00:00.000Z",
      ]);

      const autumn = await createSession();
      const s = parseLocalDateTime("2027-10-24T10:00")!;
      const e = parseLocalDateTime("2027-10-24T11:00")!;
      expect(await addSlots(autumn, { startsAt: s, endsAt: e, capacity: 5, weeks: 2 })).toEqual({ ok: true, created: 2 });
      const autumnRows = await db.select().from(slots).where(eq(slots.sessionId, autumn)).orderBy(asc(slots.startsAt));
      expect(autumnRows.map((r) => r.startsAt.toISOString())).toEqual(["2027-10-24T09:00:00.000Z", "2027-10-31T10:00:00.000Z"]);
    });
  });
});

describe("local time helpers", () => {
  const london = "Europe/London";
  const joburg = "Africa/Johannesburg";

  it("parseLocalDateTime: Europe/London 10:00 is 10:00Z before 2026-03-29 and 09:00Z from then on", () => {
    expect(parseLocalDateTime("2026-03-22T10:00", london)?.toISOString()).toBe("2026-03-22T10:00:00.000Z");
    expect(parseLocalDateTime("2026-03-28T10:00", london)?.toISOString()).toBe("2026-03-28T10:00:00.000Z");
    expect(parseLocalDateTime("2026-03-29T10:00", london)?.toISOString()).toBe("2026-03-29T09:00:00.000Z");
    expect(parseLocalDateTime("2026-04-05T10:00", london)?.toISOString()).toBe("2026-04-05T09:00:00.000Z");
  });

  it("addWeeksLocal: a 10:00 London series keeps 10:00 local across 2026-03-29, in both directions", () => {
    const first = new Date("2026-03-22T10:00:00Z");
    expect([0, 1, 2, 3].map((w) => addWeeksLocal(first, w, london).toISOString())).toEqual([
      "2026-03-22T10:00:00.000Z",
      "2026-03-29T09:00:00.000Z",
      "2026-04-05T09:00:00.000Z",
      "2026-04-12T09:00:00.000Z",
    ]);
    expect(addWeeksLocal(new Date("2026-03-29T09:00:00Z"), -1, london).toISOString()).toBe("2026-03-22T10:00:00.000Z");
    for (let w = 0; w < 4; w++) expect(toLocalInputValue(addWeeksLocal(first, w, london), london)).toMatch(/T10:00$/);
  });

  it("handles the non-existent 01:30 on 2026-03-29 in London without throwing", () => {
    // Clocks jump from 01:00 GMT to 02:00 BST: 01:30 never happens that night.
    const parsed = parseLocalDateTime("2026-03-29T01:30", london);
    expect(parsed).toBeInstanceOf(Date);
    expect(Number.isNaN(parsed!.getTime())).toBe(false);
    // Either reading of the gap is acceptable (01:30 at the old offset or at the new one).
    expect(["2026-03-29T01:30:00.000Z", "2026-03-29T00:30:00.000Z"]).toContain(parsed!.toISOString());

    const moved = addWeeksLocal(new Date("2026-03-22T01:30:00Z"), 1, london);
    expect(Number.isNaN(moved.getTime())).toBe(false);
    expect(["2026-03-29T01:30:00.000Z", "2026-03-29T00:30:00.000Z"]).toContain(moved.toISOString());
  });

  it("Africa/Johannesburg has no DST: 10:00 SAST is 08:00Z in every week of the year", () => {
    for (const day of ["2026-01-05", "2026-03-29", "2026-06-21", "2026-10-25", "2026-12-28"]) {
      expect(parseLocalDateTime(`${day}T10:00`, joburg)?.toISOString()).toBe(`${day}T08:00:00.000Z`);
    }
    const first = new Date("2026-01-05T08:00:00Z");
    for (let w = 0; w <= 52; w++) {
      const t = addWeeksLocal(first, w, joburg);
      expect(t.getTime()).toBe(first.getTime() + w * 7 * DAY);
      expect(t.getUTCHours()).toBe(8);
    }
  });

  it("parseLocalDateTime rejects junk and impossible dates", () => {
    for (const junk of ["", "abc", "2026-02-31T10:00", "2026-13-01T10:00", "2026-02-29T10:00", "2026-00-10T10:00", "2026-01-01T24:00", "2026-01-01T10:60", "2026-01-01 10:00", "2026-1-1T10:00"]) {
      expect(parseLocalDateTime(junk, joburg), JSON.stringify(junk)).toBeNull();
      expect(parseLocalDateTime(junk, london), JSON.stringify(junk)).toBeNull();
    }
    // 2028 is a leap year.
    expect(parseLocalDateTime("2028-02-29T10:00", joburg)?.toISOString()).toBe("2028-02-29T08:00:00.000Z");
  });
});

describe("booking while on the slot's waitlist", () => {
  it("a waiting student who books a free seat directly leaves the waitlist; others' entries stay", async () => {
    const { slot } = await createSessionWithSlot({ capacity: 3, startsInMs: 3 * DAY });
    const [a, b] = await createStudents(2);
    // Entries from when the slot was full (written directly: seats have since freed up).
    await db.insert(slotWaitlist).values([
      { slotId: slot.id, userId: a!.id },
      { slotId: slot.id, userId: b!.id },
    ]);
    await bookSlot(a!.id, slot.id);
    const entries = await db.select({ userId: slotWaitlist.userId, status: slotWaitlist.status }).from(slotWaitlist).where(eq(slotWaitlist.slotId, slot.id));
    expect(entries.sort((x, y) => (x.userId === a!.id ? -1 : y.userId === a!.id ? 1 : 0))).toEqual([
      { userId: a!.id, status: "left" },
      { userId: b!.id, status: "waiting" },
    ]);
    expect(await slotState(slot.id)).toMatchObject({ booked: 1, active: 1 });
  });
});
