// Moving a booking to another time of its session (lib/booking/move.ts), on real PostgreSQL:
// one transaction that never leaves the student with two seats or with none. Defaults from
// lib/env.ts: cut-off 24 h, minimum notice 60 min.
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/index";
import { mailQueue, notifications, slotEnrolled, slotWaitlist, timeline } from "@/db/schema";
import { cancelSlot } from "@/lib/booking/admin";
import { bookSlot, joinWaitlist } from "@/lib/booking/book";
import { moveBooking } from "@/lib/booking/move";
import { finalBookingOf, moveOptions } from "@/lib/booking/queries";
import { renderMail } from "@/lib/mail/render";
import {
  createSession,
  createSessionWithSlot,
  createSlot,
  createStudents,
  DAY,
  expectRefused,
  fromNow,
  HOUR,
  MINUTE,
  outcome,
  runConcurrently,
  slotState,
  warmPool,
} from "../../helpers/booking";
import { expectDbError } from "../../helpers/db";

/** A session with two times, three and four days out, of the given capacities. */
async function sessionWithTwoTimes(capacityA = 2, capacityB = 2) {
  const sessionId = await createSession();
  const a = await createSlot(sessionId, { startsAt: fromNow(3 * DAY), capacity: capacityA });
  const b = await createSlot(sessionId, { startsAt: fromNow(4 * DAY), capacity: capacityB });
  return { sessionId, a, b };
}

async function bookingRow(id: string) {
  const [row] = await db.select().from(slotEnrolled).where(eq(slotEnrolled.id, id));
  return row!;
}

async function rowsAbout(bookingId: string) {
  const [tl, notes, mails] = await Promise.all([
    db.select().from(timeline).where(eq(timeline.slotEnrollmentId, bookingId)),
    db.select().from(notifications).where(eq(notifications.slotEnrollmentId, bookingId)),
    db.select().from(mailQueue).where(eq(mailQueue.slotEnrollmentId, bookingId)),
  ]);
  return { timeline: tl, notifications: notes, mails };
}

/** Everything a refused move must leave as it was. */
async function snapshot(userId: string, slotIds: string[]) {
  const [bookings, tl, mails, states] = await Promise.all([
    db.select({ id: slotEnrolled.id, slotId: slotEnrolled.slotId, status: slotEnrolled.status, movedToId: slotEnrolled.movedToId }).from(slotEnrolled).where(eq(slotEnrolled.userId, userId)).orderBy(asc(slotEnrolled.id)),
    db.select({ id: timeline.id }).from(timeline).where(eq(timeline.userId, userId)),
    db.select({ id: mailQueue.id }).from(mailQueue).where(eq(mailQueue.userId, userId)),
    Promise.all(slotIds.map(slotState)),
  ]);
  return { bookings, timeline: tl.length, mails: mails.length, states };
}

describe("moving a booking", () => {
  it("moves the seat: the old booking is cancelled and points at the new one, both counters follow", async () => {
    const { a, b } = await sessionWithTwoTimes();
    const [student] = await createStudents(1);
    const booking = await bookSlot(student!.id, a.id);

    const moved = await moveBooking(student!.id, booking.id, b.id);

    const old = await bookingRow(booking.id);
    expect(old.status).toBe("cancelled");
    expect(old.cancelledAt).not.toBeNull();
    expect(old.movedToId).toBe(moved.id);
    const fresh = await bookingRow(moved.id);
    expect(fresh).toMatchObject({ slotId: b.id, userId: student!.id, status: "booked", movedToId: null });
    expect(moved.startsAt.getTime()).toBe(b.startsAt.getTime());
    expect(await slotState(a.id)).toMatchObject({ booked: 0, active: 0 });
    expect(await slotState(b.id)).toMatchObject({ booked: 1, active: 1 });
  });

  it("writes one timeline row, one admin notification and one email with both calendar files", async () => {
    const { a, b } = await sessionWithTwoTimes();
    const [student] = await createStudents(1);
    const booking = await bookSlot(student!.id, a.id);
    const moved = await moveBooking(student!.id, booking.id, b.id);

    const about = await rowsAbout(moved.id);
    expect(about.timeline.map((t) => t.event)).toEqual(["booking_moved"]);
    expect(about.notifications.map((n) => [n.type, n.audience])).toEqual([["booking_moved", "super_admins"]]);
    expect(about.mails.map((m) => m.template)).toEqual(["booking_moved"]);
    // The old booking gets no cancellation email of its own: the move email says it all.
    expect((await rowsAbout(booking.id)).mails.map((m) => m.template)).toEqual(["booking_confirmation"]);

    const rendered = await renderMail("booking_moved", about.mails[0]!.payload);
    expect(rendered.attachments).toHaveLength(2);
    const [newer, older] = rendered.attachments.map((x) => String(x.content));
    expect(newer).toContain(`UID:${moved.id}@classbook`);
    expect(newer).toContain("STATUS:CONFIRMED");
    expect(older).toContain(`UID:${booking.id}@classbook`);
    expect(older).toContain("METHOD:CANCEL");
    // A cancellation names its organizer and is a newer version (SEQUENCE) of the event it cancels.
    expect(older).toMatch(/ORGANIZER;CN="?Classbook"?:MAILTO:\S+@/i);
    expect(older).toContain("SEQUENCE:1");
  });

  it("offers the freed seat to the old time's waitlist", async () => {
    const { a, b } = await sessionWithTwoTimes(1, 1);
    const [student, waiting] = await createStudents(2);
    const booking = await bookSlot(student!.id, a.id);
    await joinWaitlist(waiting!.id, a.id);

    await moveBooking(student!.id, booking.id, b.id);

    const [entry] = await db.select().from(slotWaitlist).where(and(eq(slotWaitlist.slotId, a.id), eq(slotWaitlist.userId, waiting!.id)));
    expect(entry?.status).toBe("offered");
    expect(await slotState(a.id)).toMatchObject({ booked: 0, held: 1 });
  });

  it("a seat held for the student at the new time is theirs to move into: the offer is taken", async () => {
    const { a, b } = await sessionWithTwoTimes(2, 1);
    const [student, holder] = await createStudents(2);
    const booking = await bookSlot(student!.id, a.id);
    const holding = await bookSlot(holder!.id, b.id);
    await joinWaitlist(student!.id, b.id);
    // The holder moves away from b into a: b's seat is offered to the student, who is waiting.
    await moveBooking(holder!.id, holding.id, a.id);
    const [offered] = await db.select().from(slotWaitlist).where(and(eq(slotWaitlist.slotId, b.id), eq(slotWaitlist.userId, student!.id)));
    expect(offered?.status).toBe("offered");
    await moveBooking(student!.id, booking.id, b.id);
    const [taken] = await db.select().from(slotWaitlist).where(eq(slotWaitlist.id, offered!.id));
    expect(taken?.status).toBe("accepted");
    expect(await slotState(b.id)).toMatchObject({ booked: 1, held: 0, active: 1 });
  });

  it("a lapsed offer (the worker has not run yet) is not a seat: moving into it is refused (full)", async () => {
    const { a, b } = await sessionWithTwoTimes(2, 1);
    const [student, holder] = await createStudents(2);
    const booking = await bookSlot(student!.id, a.id);
    const holding = await bookSlot(holder!.id, b.id);
    await joinWaitlist(student!.id, b.id);
    await moveBooking(holder!.id, holding.id, a.id);
    await db
      .update(slotWaitlist)
      .set({ offerExpiresAt: new Date(Date.now() - MINUTE) })
      .where(and(eq(slotWaitlist.slotId, b.id), eq(slotWaitlist.userId, student!.id)));
    const before = await snapshot(student!.id, [a.id, b.id]);
    await expectRefused(moveBooking(student!.id, booking.id, b.id), "full");
    expect(await snapshot(student!.id, [a.id, b.id])).toEqual(before);
  });

  it("a seat held for someone else is not free: moving into it is refused (full)", async () => {
    const { a, b } = await sessionWithTwoTimes(2, 1);
    const [student, holder, waiting] = await createStudents(3);
    const booking = await bookSlot(student!.id, a.id);
    const holding = await bookSlot(holder!.id, b.id);
    await joinWaitlist(waiting!.id, b.id);
    await moveBooking(holder!.id, holding.id, a.id);
    await expectRefused(moveBooking(student!.id, booking.id, b.id), "full");
    expect(await slotState(b.id)).toMatchObject({ booked: 0, held: 1, active: 0 });
  });
});

describe("a refused move changes nothing", () => {
  it("into a full time (full), and the student keeps the old seat", async () => {
    const { a, b } = await sessionWithTwoTimes(2, 1);
    const [student, other] = await createStudents(2);
    const booking = await bookSlot(student!.id, a.id);
    await bookSlot(other!.id, b.id);
    const before = await snapshot(student!.id, [a.id, b.id]);
    const error = await expectRefused(moveBooking(student!.id, booking.id, b.id), "full");
    expect(error.message).toMatch(/full.*stays/i);
    expect(await snapshot(student!.id, [a.id, b.id])).toEqual(before);
  });

  it("within the cut-off of the old time (cutoff)", async () => {
    const sessionId = await createSession();
    const soon = await createSlot(sessionId, { startsAt: fromNow(20 * HOUR), capacity: 2 });
    const later = await createSlot(sessionId, { startsAt: fromNow(4 * DAY), capacity: 2 });
    const [student] = await createStudents(1);
    const booking = await bookSlot(student!.id, soon.id);
    const before = await snapshot(student!.id, [soon.id, later.id]);
    await expectRefused(moveBooking(student!.id, booking.id, later.id), "cutoff");
    expect(await snapshot(student!.id, [soon.id, later.id])).toEqual(before);
  });

  it("to a time within the minimum notice (too_soon), started (started) or cancelled (cancelled)", async () => {
    const { sessionId, a } = await sessionWithTwoTimes();
    const tooSoon = await createSlot(sessionId, { startsAt: fromNow(30 * MINUTE), capacity: 2 });
    const started = await createSlot(sessionId, { startsAt: fromNow(-10 * MINUTE), capacity: 2 });
    const cancelled = await createSlot(sessionId, { startsAt: fromNow(5 * DAY), capacity: 2, status: "cancelled" });
    const [student] = await createStudents(1);
    const booking = await bookSlot(student!.id, a.id);
    const before = await snapshot(student!.id, [a.id, tooSoon.id, started.id, cancelled.id]);
    await expectRefused(moveBooking(student!.id, booking.id, tooSoon.id), "too_soon");
    await expectRefused(moveBooking(student!.id, booking.id, started.id), "started");
    await expectRefused(moveBooking(student!.id, booking.id, cancelled.id), "cancelled");
    expect(await snapshot(student!.id, [a.id, tooSoon.id, started.id, cancelled.id])).toEqual(before);
  });

  it("to a time of another session (other_session), to the same time (same_slot), or a missing slot (not_found)", async () => {
    const { a, b } = await sessionWithTwoTimes();
    const { slot: elsewhere } = await createSessionWithSlot({ capacity: 2, startsInMs: 6 * DAY });
    const [student] = await createStudents(1);
    const booking = await bookSlot(student!.id, a.id);
    const before = await snapshot(student!.id, [a.id, b.id, elsewhere.id]);
    await expectRefused(moveBooking(student!.id, booking.id, elsewhere.id), "other_session");
    await expectRefused(moveBooking(student!.id, booking.id, a.id), "same_slot");
    await expectRefused(moveBooking(student!.id, booking.id, "00000000-0000-4000-8000-000000000000"), "not_found");
    expect(await snapshot(student!.id, [a.id, b.id, elsewhere.id])).toEqual(before);
  });

  it("that overlaps another of the student's bookings (overlap), naming the clash", async () => {
    const { a, b } = await sessionWithTwoTimes();
    const { slot: clashing } = await createSessionWithSlot({ capacity: 2, startsInMs: 4 * DAY + 30 * MINUTE });
    const [student] = await createStudents(1);
    const booking = await bookSlot(student!.id, a.id);
    await bookSlot(student!.id, clashing.id);
    const before = await snapshot(student!.id, [a.id, b.id, clashing.id]);
    const error = await expectRefused(moveBooking(student!.id, booking.id, b.id), "overlap");
    expect(error.message).toMatch(/already have a booking at that time: Session/);
    expect(await snapshot(student!.id, [a.id, b.id, clashing.id])).toEqual(before);
  });

  it("of someone else's booking, or one already cancelled or moved (not_found)", async () => {
    const { a, b } = await sessionWithTwoTimes();
    const [student, stranger] = await createStudents(2);
    const booking = await bookSlot(student!.id, a.id);
    await expectRefused(moveBooking(stranger!.id, booking.id, b.id), "not_found");
    await moveBooking(student!.id, booking.id, b.id);
    await expectRefused(moveBooking(student!.id, booking.id, b.id), "not_found");
    expect(await slotState(b.id)).toMatchObject({ booked: 1, active: 1 });
  });

  it("of a booking whose slot the admin cancelled (not_found)", async () => {
    const { a, b } = await sessionWithTwoTimes();
    const [student] = await createStudents(1);
    const booking = await bookSlot(student!.id, a.id);
    await cancelSlot(a.id, "Room flooded");
    await expectRefused(moveBooking(student!.id, booking.id, b.id), "not_found");
    expect(await slotState(b.id)).toMatchObject({ booked: 0, active: 0 });
  });
});

describe("the database backs the move", () => {
  it("refuses a moved_to_id on a booking that is still active", async () => {
    const { a, b } = await sessionWithTwoTimes();
    const [student, other] = await createStudents(2);
    const mine = await bookSlot(student!.id, a.id);
    const theirs = await bookSlot(other!.id, b.id);
    await expectDbError(db.update(slotEnrolled).set({ movedToId: theirs.id }).where(eq(slotEnrolled.id, mine.id)), {
      code: "23514",
      constraint: "slot_enrolled_moved_only_when_cancelled",
    });
  });

  it("refuses a booking that points at itself, even a cancelled one", async () => {
    const { a } = await sessionWithTwoTimes();
    const [student] = await createStudents(1);
    const mine = await bookSlot(student!.id, a.id);
    await db.update(slotEnrolled).set({ status: "cancelled", cancelledAt: new Date() }).where(eq(slotEnrolled.id, mine.id));
    await expectDbError(db.update(slotEnrolled).set({ movedToId: mine.id }).where(eq(slotEnrolled.id, mine.id)), {
      code: "23514",
      constraint: "slot_enrolled_moved_only_when_cancelled",
    });
  });
});

describe("what the student is shown", () => {
  it("moveOptions lists the session's other open times; a seat held for the student counts as theirs", async () => {
    const { sessionId, a, b } = await sessionWithTwoTimes(2, 1);
    const tooSoon = await createSlot(sessionId, { startsAt: fromNow(30 * MINUTE), capacity: 2 });
    const [student, holder] = await createStudents(2);
    const booking = await bookSlot(student!.id, a.id);
    const holding = await bookSlot(holder!.id, b.id);
    await joinWaitlist(student!.id, b.id);
    await moveBooking(holder!.id, holding.id, a.id);

    const options = await moveOptions(booking.id, student!.id, 60);
    expect(options?.times.map((t) => [t.slot.id, t.heldForMe])).toEqual([[b.id, true]]);
    expect(options?.times.some((t) => t.slot.id === tooSoon.id)).toBe(false);
    // Someone else's booking has no options at all.
    expect(await moveOptions(booking.id, holder!.id, 60)).toBeNull();
  });

  it("finalBookingOf follows a booking moved twice to where it is now", async () => {
    const { sessionId, a, b } = await sessionWithTwoTimes();
    const c = await createSlot(sessionId, { startsAt: fromNow(5 * DAY), capacity: 2 });
    const [student] = await createStudents(1);
    const first = await bookSlot(student!.id, a.id);
    const second = await moveBooking(student!.id, first.id, b.id);
    const third = await moveBooking(student!.id, second.id, c.id);
    const final = await finalBookingOf(first.id, student!.id);
    expect(final?.booking.id).toBe(third.id);
    expect(final?.booking.status).toBe("booked");
  });
});

describe("moves under concurrency", () => {
  it("a move racing the admin cancelling the old time: either the move wins or the cancellation does, never both (10 rounds)", async () => {
    await warmPool(4);
    for (let round = 0; round < 10; round++) {
      const { a, b } = await sessionWithTwoTimes();
      const [student] = await createStudents(1);
      const booking = await bookSlot(student!.id, a.id);
      const { results } = await runConcurrently([() => outcome(moveBooking(student!.id, booking.id, b.id)), () => cancelSlot(a.id, "Instructor ill").then(() => ({ ok: true }) as const)], 2);
      const move = results[0]!;
      expect(move.status).toBe("fulfilled");
      const moved = move.status === "fulfilled" && move.value.ok;
      // The cancellation email goes out only for a booking the slot's cancellation took.
      const cancellationMails = (await rowsAbout(booking.id)).mails.filter((m) => m.template === "booking_cancellation").length;
      expect({ moved, cancellationMails }).toEqual(moved ? { moved, cancellationMails: 0 } : { moved, cancellationMails: 1 });
      if (!moved) expect(move).toMatchObject({ value: { ok: false, code: "not_found" } });
      expect(await slotState(b.id)).toMatchObject({ booked: moved ? 1 : 0, active: moved ? 1 : 0 });
      expect(await slotState(a.id)).toMatchObject({ booked: 0, active: 0 });
    }
  });

  it("two students moving into the last seat at once: one moves, the other keeps the old seat (10 rounds)", async () => {
    await warmPool(4);
    for (let round = 0; round < 10; round++) {
      const { a, b } = await sessionWithTwoTimes(2, 1);
      const [s1, s2] = await createStudents(2);
      const b1 = await bookSlot(s1!.id, a.id);
      const b2 = await bookSlot(s2!.id, a.id);
      const { results } = await runConcurrently([() => outcome(moveBooking(s1!.id, b1.id, b.id)), () => outcome(moveBooking(s2!.id, b2.id, b.id))], 2);
      const outcomes = results.map((r) => (r.status === "fulfilled" ? r.value : { ok: false, code: String(r.reason) }));
      expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
      expect(outcomes.filter((o) => !o.ok).map((o) => ("code" in o ? o.code : ""))).toEqual(["full"]);
      expect(await slotState(a.id)).toMatchObject({ booked: 1, active: 1 });
      expect(await slotState(b.id)).toMatchObject({ booked: 1, active: 1 });
    }
  });

  it("students swapping between two full times in opposite directions neither deadlock nor overbook (10 rounds)", async () => {
    await warmPool(4);
    for (let round = 0; round < 10; round++) {
      const { a, b } = await sessionWithTwoTimes(1, 1);
      const [s1, s2] = await createStudents(2);
      const b1 = await bookSlot(s1!.id, a.id);
      const b2 = await bookSlot(s2!.id, b.id);
      const { results } = await runConcurrently([() => outcome(moveBooking(s1!.id, b1.id, b.id)), () => outcome(moveBooking(s2!.id, b2.id, a.id))], 2);
      // Both times are full, so both moves are refused cleanly (no deadlock error reaches anyone).
      for (const r of results) expect(r).toMatchObject({ status: "fulfilled", value: { ok: false, code: "full" } });
      expect(await slotState(a.id)).toMatchObject({ booked: 1, active: 1 });
      expect(await slotState(b.id)).toMatchObject({ booked: 1, active: 1 });
    }
  });

  it("a move and bookings racing for the new time's last seats never overbook it", async () => {
    await warmPool(8);
    const { a, b } = await sessionWithTwoTimes(4, 3);
    const movers = await createStudents(4, "mover");
    const bookers = await createStudents(6, "booker");
    const held = [];
    for (const m of movers) held.push({ user: m, booking: await bookSlot(m.id, a.id) });
    const tasks = [
      ...held.map(({ user, booking }) => () => outcome(moveBooking(user.id, booking.id, b.id))),
      ...bookers.map((u) => () => outcome(bookSlot(u.id, b.id))),
    ];
    const { results, maxInFlight } = await runConcurrently(tasks, 8);
    expect(maxInFlight).toBeGreaterThan(1);
    const wins = results.filter((r) => r.status === "fulfilled" && r.value.ok).length;
    for (const r of results) expect(r.status, String(r.status === "rejected" ? r.reason : "")).toBe("fulfilled");
    expect(wins).toBe(3);
    const stateB = await slotState(b.id);
    expect(stateB).toMatchObject({ booked: 3, active: 3 });
    const movedAway = results.slice(0, movers.length).filter((r) => r.status === "fulfilled" && r.value.ok).length;
    expect(await slotState(a.id)).toMatchObject({ booked: movers.length - movedAway, active: movers.length - movedAway });
  });
});
