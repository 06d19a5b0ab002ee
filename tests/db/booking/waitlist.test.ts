// The slot waitlist on real PostgreSQL: first come, first served; a freed seat is offered to the
// next waiting student only and held for WAITLIST_HOLD_MINUTES (default 120); a lapsed offer moves
// on to the next student, or releases the seat when nobody waits.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/index";
import { mailQueue, slotEnrolled, slots, slotWaitlist, timeline } from "@/db/schema";
import { changeCapacity } from "@/lib/booking/admin";
import { acceptWaitlistOffer, bookSlot, cancelBooking, expireWaitlistOffers, joinWaitlist } from "@/lib/booking/book";
import {
  activeBookings,
  createSessionWithSlot,
  createStudents,
  DAY,
  expectRefused,
  MINUTE,
  outcome,
  type Outcome,
  slotState,
} from "../../helpers/booking";
import { createUser } from "../../helpers/db";

const HOLD_MS = 120 * MINUTE;

async function entry(slotId: string, userId: string) {
  const rows = await db
    .select()
    .from(slotWaitlist)
    .where(and(eq(slotWaitlist.slotId, slotId), eq(slotWaitlist.userId, userId)))
    .orderBy(asc(slotWaitlist.createdAt));
  expect(rows.length, "waitlist rows for this student and slot").toBeGreaterThan(0);
  return rows[rows.length - 1]!;
}

async function timelineEvents(userId: string) {
  const rows = await db.select({ event: timeline.event }).from(timeline).where(eq(timeline.userId, userId)).orderBy(asc(timeline.createdAt));
  return rows.map((r) => r.event);
}

async function mailsTo(userId: string, template: string) {
  return db
    .select()
    .from(mailQueue)
    .where(and(eq(mailQueue.userId, userId), eq(mailQueue.template, template)));
}

/** Pushes the student's offer on this slot into the past, as if the hold had lapsed. */
async function lapseOffer(slotId: string, userId: string) {
  await db
    .update(slotWaitlist)
    .set({ offerExpiresAt: sql`now() - interval '1 minute'` })
    .where(and(eq(slotWaitlist.slotId, slotId), eq(slotWaitlist.userId, userId), eq(slotWaitlist.status, "offered")));
}

/** A capacity-1 slot three days out, booked by a holder, with `waiting` students queued in order. */
async function fullSlotWithQueue(waiting: number) {
  const { slot } = await createSessionWithSlot({ capacity: 1, startsInMs: 3 * DAY });
  const [holder, ...queue] = await createStudents(1 + waiting);
  const booking = await bookSlot(holder!.id, slot.id);
  for (const s of queue) await joinWaitlist(s.id, slot.id);
  return { slot, holder: holder!, booking, queue };
}

describe("joining", () => {
  it("is refused while the slot has free seats (not_full)", async () => {
    const { slot } = await createSessionWithSlot({ capacity: 2, startsInMs: 3 * DAY });
    const [a, b] = await createStudents(2);
    await expectRefused(joinWaitlist(a!.id, slot.id), "not_full");
    await bookSlot(b!.id, slot.id);
    await expectRefused(joinWaitlist(a!.id, slot.id), "not_full");
    expect(await db.select().from(slotWaitlist).where(eq(slotWaitlist.slotId, slot.id))).toEqual([]);
  });

  it("queues students on a full slot; refuses a second entry and the booked student", async () => {
    const { slot } = await createSessionWithSlot({ capacity: 1, startsInMs: 3 * DAY });
    const [holder, a, b] = await createStudents(3);
    await bookSlot(holder!.id, slot.id);
    const ja = await joinWaitlist(a!.id, slot.id);
    const jb = await joinWaitlist(b!.id, slot.id);
    expect(ja.entry).toMatchObject({ slotId: slot.id, userId: a!.id, status: "waiting", offerExpiresAt: null });
    expect(jb.entry.createdAt.getTime()).toBeGreaterThanOrEqual(ja.entry.createdAt.getTime());
    await expectRefused(joinWaitlist(a!.id, slot.id), "already_waiting");
    await expectRefused(joinWaitlist(holder!.id, slot.id), "already_booked");
    expect(await timelineEvents(a!.id)).toEqual(["waitlist_joined"]);
    // Joining holds nothing.
    expect(await slotState(slot.id)).toMatchObject({ booked: 1, held: 0 });
    expect(await db.select().from(slotWaitlist).where(eq(slotWaitlist.slotId, slot.id))).toHaveLength(2);
  });

  // The student is told "You are number N on the waitlist" (app/(student)/bookings/actions.ts).
  it("reports each student's place in the queue: 1, 2, 3, 4, 5", async () => {
    const { slot } = await createSessionWithSlot({ capacity: 1, startsInMs: 3 * DAY });
    const [holder, ...queue] = await createStudents(6);
    await bookSlot(holder!.id, slot.id);
    const positions: number[] = [];
    for (const s of queue) positions.push((await joinWaitlist(s.id, slot.id)).position);
    expect(positions).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("a freed seat", () => {
  it("is offered to the first waiting student, held against others, and taken by accepting", async () => {
    const { slot, holder, booking, queue } = await fullSlotWithQueue(2);
    const [a, b] = queue as [(typeof queue)[number], (typeof queue)[number]];
    const c = await createUser();

    const cancelledAt = Date.now();
    await cancelBooking(holder.id, booking.id);

    // A is offered the seat, B keeps waiting.
    const offer = await entry(slot.id, a.id);
    expect(offer.status).toBe("offered");
    expect(offer.offeredAt).toBeInstanceOf(Date);
    expect(offer.offerExpiresAt).toBeInstanceOf(Date);
    expect(Math.abs(offer.offerExpiresAt!.getTime() - (cancelledAt + HOLD_MS))).toBeLessThan(MINUTE);
    expect(offer.offerExpiresAt!.getTime() - offer.offeredAt!.getTime()).toBe(HOLD_MS);
    expect((await entry(slot.id, b.id)).status).toBe("waiting");
    expect(await slotState(slot.id)).toMatchObject({ booked: 0, active: 0, held: 1 });

    // One offer email, to A only; the timeline says so.
    const offerMails = await mailsTo(a.id, "waitlist_offer");
    expect(offerMails).toHaveLength(1);
    expect(offerMails[0]!.toEmail).toBe(a.email);
    expect(offerMails[0]!.status).toBe("queued");
    expect(offerMails[0]!.payload).toMatchObject({ holdMinutes: 120, name: a.name });
    expect(await mailsTo(b.id, "waitlist_offer")).toEqual([]);
    expect(await timelineEvents(a.id)).toEqual(["waitlist_joined", "waitlist_offered"]);
    expect(await timelineEvents(b.id)).toEqual(["waitlist_joined"]);

    // The held seat is not for anyone else, and B cannot take it either.
    await expectRefused(bookSlot(c.id, slot.id), "full");
    await expectRefused(bookSlot(b.id, slot.id), "full");
    await expectRefused(acceptWaitlistOffer(b.id, (await entry(slot.id, b.id)).id), "offer_gone");
    // Someone else cannot accept A's offer.
    await expectRefused(acceptWaitlistOffer(c.id, offer.id), "not_found");

    // A accepts: booked, the hold is gone.
    const booked = await acceptWaitlistOffer(a.id, offer.id);
    const [bookedRow] = await db.select().from(slotEnrolled).where(eq(slotEnrolled.id, booked.id));
    expect(bookedRow).toMatchObject({ slotId: slot.id, userId: a.id, status: "booked" });
    expect((await entry(slot.id, a.id)).status).toBe("accepted");
    expect(await slotState(slot.id)).toMatchObject({ booked: 1, active: 1, held: 0 });
    expect(await mailsTo(a.id, "booking_confirmation")).toHaveLength(1);
    expect(await timelineEvents(a.id)).toEqual(["waitlist_joined", "waitlist_offered", "booking_made"]);
    // An accepted offer cannot be used twice.
    await expectRefused(acceptWaitlistOffer(a.id, offer.id), "offer_gone");
    await expectRefused(bookSlot(c.id, slot.id), "full");
  });

  it("held for one student survives a rush of other students booking at once", async () => {
    const { slot, holder, booking, queue } = await fullSlotWithQueue(1);
    const a = queue[0]!;
    await cancelBooking(holder.id, booking.id);
    const offer = await entry(slot.id, a.id);
    const rush = await createStudents(20, "rush");
    const results = await Promise.all([outcome(acceptWaitlistOffer(a.id, offer.id)), ...rush.map((s) => outcome(bookSlot(s.id, slot.id)))]);
    expect(results[0]).toEqual({ ok: true });
    expect(new Set(results.slice(1).map((o: Outcome) => (o.ok ? "ok" : o.code)))).toEqual(new Set(["full"]));
    const rows = await activeBookings(slot.id);
    expect(rows.map((r) => r.userId)).toEqual([a.id]);
    expect(await slotState(slot.id)).toMatchObject({ booked: 1, active: 1, held: 0 });
  });
});

describe("a lapsed offer", () => {
  it("expires and moves to the next student; with nobody left the seat is released", async () => {
    const { slot, holder, booking, queue } = await fullSlotWithQueue(2);
    const [a, b] = queue as [(typeof queue)[number], (typeof queue)[number]];
    const c = await createUser();
    await cancelBooking(holder.id, booking.id);
    const offerA = await entry(slot.id, a.id);
    expect(offerA.status).toBe("offered");

    // Not lapsed yet: the worker leaves it alone.
    await expireWaitlistOffers();
    expect((await entry(slot.id, a.id)).status).toBe("offered");

    await lapseOffer(slot.id, a.id);
    const expired = await expireWaitlistOffers();
    expect(expired).toBeGreaterThanOrEqual(1);
    expect((await entry(slot.id, a.id)).status).toBe("expired");
    expect(await timelineEvents(a.id)).toEqual(["waitlist_joined", "waitlist_offered", "waitlist_expired"]);
    await expectRefused(acceptWaitlistOffer(a.id, offerA.id), "offer_gone");

    // B is offered now; the seat stays held (for B).
    const offerB = await entry(slot.id, b.id);
    expect(offerB.status).toBe("offered");
    expect(offerB.offerExpiresAt!.getTime()).toBeGreaterThan(Date.now() + HOLD_MS - MINUTE);
    expect(await mailsTo(b.id, "waitlist_offer")).toHaveLength(1);
    expect(await timelineEvents(b.id)).toEqual(["waitlist_joined", "waitlist_offered"]);
    expect(await slotState(slot.id)).toMatchObject({ booked: 0, held: 1 });
    await expectRefused(bookSlot(c.id, slot.id), "full");

    // B lets it lapse too: nobody is waiting, so the hold is released and anyone can book.
    await lapseOffer(slot.id, b.id);
    await expireWaitlistOffers();
    expect((await entry(slot.id, b.id)).status).toBe("expired");
    expect(await slotState(slot.id)).toMatchObject({ booked: 0, held: 0 });
    await bookSlot(c.id, slot.id);
    expect(await slotState(slot.id)).toMatchObject({ booked: 1, active: 1, held: 0 });
    // A, whose offer lapsed, may join again (the unique index covers active entries only)... once the slot is full.
    await joinWaitlist(a.id, slot.id);
    expect((await entry(slot.id, a.id)).status).toBe("waiting");
  });

  it("running the worker twice changes nothing the second time", async () => {
    const { slot, holder, booking, queue } = await fullSlotWithQueue(2);
    const [a, b] = queue as [(typeof queue)[number], (typeof queue)[number]];
    await cancelBooking(holder.id, booking.id);
    await lapseOffer(slot.id, a.id);
    await expireWaitlistOffers();
    const before = { state: await slotState(slot.id), a: await timelineEvents(a.id), b: await timelineEvents(b.id) };
    await expireWaitlistOffers();
    expect({ state: await slotState(slot.id), a: await timelineEvents(a.id), b: await timelineEvents(b.id) }).toEqual(before);
    expect(before.state).toMatchObject({ booked: 0, held: 1 });
  });
});

describe("first come, first served", () => {
  it("offers freed seats in the order students joined", async () => {
    const { slot } = await createSessionWithSlot({ capacity: 3, startsInMs: 3 * DAY });
    const holders = await createStudents(3, "holder");
    const bookings = [];
    for (const h of holders) bookings.push(await bookSlot(h.id, slot.id));
    const queue = await createStudents(4, "queue");
    for (const s of queue) await joinWaitlist(s.id, slot.id);

    const offeredOrder: string[] = [];
    for (let i = 0; i < 3; i++) {
      await cancelBooking(holders[i]!.id, bookings[i]!.id);
      const offered = await db
        .select({ userId: slotWaitlist.userId })
        .from(slotWaitlist)
        .where(and(eq(slotWaitlist.slotId, slot.id), eq(slotWaitlist.status, "offered")))
        .orderBy(asc(slotWaitlist.offeredAt), asc(slotWaitlist.createdAt));
      expect(offered).toHaveLength(i + 1);
      offeredOrder.push(offered.map((o) => o.userId).find((u) => !offeredOrder.includes(u))!);
    }
    expect(offeredOrder).toEqual(queue.slice(0, 3).map((s) => s.id));
    expect((await entry(slot.id, queue[3]!.id)).status).toBe("waiting");
    expect(await slotState(slot.id)).toMatchObject({ booked: 0, held: 3 });
  });

  it("orders by created_at, not by insertion order", async () => {
    const { slot, holder, booking } = await createSessionWithSlot({ capacity: 1, startsInMs: 3 * DAY }).then(async (s) => {
      const [h] = await createStudents(1, "holder");
      return { ...s, holder: h!, booking: await bookSlot(h!.id, s.slot.id) };
    });
    const [late, early] = await createStudents(2);
    // Inserted first but joined later; inserted second but joined earlier.
    await db.insert(slotWaitlist).values({ slotId: slot.id, userId: late!.id, createdAt: new Date(Date.now() - 1 * MINUTE) });
    await db.insert(slotWaitlist).values({ slotId: slot.id, userId: early!.id, createdAt: new Date(Date.now() - 5 * MINUTE) });
    await cancelBooking(holder.id, booking.id);
    expect((await entry(slot.id, early!.id)).status).toBe("offered");
    expect((await entry(slot.id, late!.id)).status).toBe("waiting");
  });
});

describe("raising the capacity of a full slot with a waitlist", () => {
  // First come, first served: a seat that becomes free goes to the next waiting student
  // (docs/features.md: "When a seat frees, offer it to the next student only"). changeCapacity
  // does not run the offer step, so a student who never queued takes the seat ahead of the queue.
  it("offers the new seat to the first waiting student instead of letting a newcomer take it", async () => {
    const { slot, queue } = await fullSlotWithQueue(2);
    const [a] = queue as [(typeof queue)[number]];
    const newcomer = await createUser();
    expect(await changeCapacity(slot.id, 2)).toEqual({ ok: true });

    const newcomerTry = await outcome(bookSlot(newcomer.id, slot.id));
    const rows = await db
      .select({ userId: slotEnrolled.userId })
      .from(slotEnrolled)
      .where(and(eq(slotEnrolled.slotId, slot.id), inArray(slotEnrolled.userId, [newcomer.id])));
    expect(
      { newcomerTry, newcomerBooked: rows.length, firstInLine: (await entry(slot.id, a.id)).status },
      "the new seat went to a student who was not on the waitlist while the queue was skipped",
    ).toEqual({ newcomerTry: { ok: false, code: "full", message: "This slot is full." }, newcomerBooked: 0, firstInLine: "offered" });
  });
});

describe("an offer made close to the start", () => {
  // The worker passes a lapsed offer on while the slot has not started, but bookings close
  // BOOKING_MIN_NOTICE_MINUTES (60) before the start, and acceptWaitlistOffer applies that rule.
  // So inside the last hour the next student is emailed "a seat is held for you for 120 minutes"
  // for a seat they cannot take.
  it("is one the student can accept", async () => {
    const { slot, holder, booking, queue } = await fullSlotWithQueue(2);
    const [a, b] = queue as [(typeof queue)[number], (typeof queue)[number]];
    await cancelBooking(holder.id, booking.id);
    expect((await entry(slot.id, a.id)).status).toBe("offered");
    // Time passes: the slot now starts in 50 minutes and A's hold has lapsed.
    await db
      .update(slots)
      .set({ startsAt: sql`now() + interval '50 minutes'`, endsAt: sql`now() + interval '110 minutes'` })
      .where(eq(slots.id, slot.id));
    await lapseOffer(slot.id, a.id);
    await expireWaitlistOffers();
    expect((await entry(slot.id, a.id)).status).toBe("expired");

    const offerB = await entry(slot.id, b.id);
    const offerMails = await mailsTo(b.id, "waitlist_offer");
    if (offerB.status === "offered") {
      // Offered and emailed: then accepting must work.
      expect(offerMails).toHaveLength(1);
      expect(
        await outcome(acceptWaitlistOffer(b.id, offerB.id)),
        "the student was offered (and emailed) a seat that acceptWaitlistOffer then refuses",
      ).toEqual({ ok: true });
    } else {
      // Or the seat is not offered at all: no email promising it.
      expect(offerMails).toEqual([]);
    }
  });
});
