// Super-admin management of sessions and slots. Callers (server actions) check the role; these
// functions hold the rules and run each change in one transaction.
import "server-only";
import { and, eq, gt, inArray, lt, ne, notInArray } from "drizzle-orm";
import { db } from "@/db";
import { sessionInstructors, sessions, slotEnrolled, slotWaitlist, slots, users } from "@/db/schema";
import { audit } from "@/lib/admin/audit";
import { violatedConstraint } from "@/lib/db-errors";
import { addWeeksLocal } from "./time";
import { cancelBookingIn, offerFreeSeats } from "./book";

/** Who made the change: recorded in the audit trail inside the change's own transaction. */
export type Actor = { actorId?: string };

export type SessionInput = {
  title: string;
  description: string;
  courseId: string | null;
  mode: "online" | "in_person";
  location: string | null;
  meetingUrl: string | null;
  instructorIds: string[];
};

export type FieldProblem = { ok: false; field: string; message: string };

async function checkInstructors(ids: string[]): Promise<FieldProblem | null> {
  if (ids.length === 0) return null;
  const found = await db.select({ id: users.id }).from(users).where(and(inArray(users.id, ids), inArray(users.role, ["instructor", "super_admin"])));
  return found.length === new Set(ids).size ? null : { ok: false, field: "instructorIds", message: "Choose instructors from the list." };
}

export async function saveSession(id: string | null, input: SessionInput, { actorId }: Actor = {}): Promise<{ ok: true; id: string } | FieldProblem> {
  const problem = await checkInstructors(input.instructorIds);
  if (problem) return problem;
  const values = {
    title: input.title,
    description: input.description,
    courseId: input.courseId,
    mode: input.mode,
    location: input.mode === "in_person" ? input.location : null,
    meetingUrl: input.mode === "online" ? input.meetingUrl : null,
  };
  return db.transaction(async (tx) => {
    let sessionId = id;
    let before: Record<string, unknown> | null = null;
    if (sessionId) {
      const [old] = await tx.select().from(sessions).where(eq(sessions.id, sessionId)).for("update");
      if (!old) return { ok: false as const, field: "form", message: "That session no longer exists." };
      before = { title: old.title, description: old.description, courseId: old.courseId, mode: old.mode, location: old.location, meetingUrl: old.meetingUrl };
      await tx.update(sessions).set(values).where(eq(sessions.id, sessionId));
    } else {
      const [row] = await tx.insert(sessions).values(values).returning({ id: sessions.id });
      sessionId = row!.id;
    }
    // Replace the instructor list: delete those removed, add the new ones.
    const wanted = [...new Set(input.instructorIds)];
    await tx
      .delete(sessionInstructors)
      .where(
        wanted.length
          ? and(eq(sessionInstructors.sessionId, sessionId), notInArray(sessionInstructors.instructorId, wanted))
          : eq(sessionInstructors.sessionId, sessionId),
      );
    if (wanted.length) {
      await tx
        .insert(sessionInstructors)
        .values(wanted.map((instructorId) => ({ sessionId: sessionId, instructorId })))
        .onConflictDoNothing();
    }
    if (actorId) {
      await audit(tx, { actorId, action: id ? "session.updated" : "session.created", entityType: "session", entityId: sessionId, before, after: { ...values, instructorIds: wanted } });
    }
    return { ok: true as const, id: sessionId };
  });
}

export type SlotInput = { startsAt: Date; endsAt: Date; capacity: number; weeks: number };

/** One slot, or a weekly series at the same local time. Refuses past, inverted or overlapping slots. */
export async function addSlots(sessionId: string, input: SlotInput, { actorId }: Actor = {}): Promise<{ ok: true; created: number } | FieldProblem> {
  if (input.endsAt <= input.startsAt) return { ok: false, field: "endsAt", message: "The end must be after the start." };
  if (input.startsAt.getTime() <= Date.now()) return { ok: false, field: "startsAt", message: "The start must be in the future." };
  const occurrences = Array.from({ length: input.weeks }, (_, i) => ({
    startsAt: addWeeksLocal(input.startsAt, i),
    endsAt: addWeeksLocal(input.endsAt, i),
  }));
  return db.transaction(async (tx) => {
    const [session] = await tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, sessionId)).for("update");
    if (!session) return { ok: false as const, field: "form", message: "That session no longer exists." };
    for (const o of occurrences) {
      const [clash] = await tx
        .select({ startsAt: slots.startsAt })
        .from(slots)
        .where(and(eq(slots.sessionId, sessionId), ne(slots.status, "cancelled"), lt(slots.startsAt, o.endsAt), gt(slots.endsAt, o.startsAt)))
        .limit(1);
      if (clash) return { ok: false as const, field: "startsAt", message: "This overlaps another slot of the session." };
    }
    await tx.insert(slots).values(occurrences.map((o) => ({ sessionId, capacity: input.capacity, ...o })));
    if (actorId) {
      await audit(tx, {
        actorId,
        action: "slot.created",
        entityType: "session",
        entityId: sessionId,
        after: { startsAt: input.startsAt.toISOString(), endsAt: input.endsAt.toISOString(), capacity: input.capacity, weeks: input.weeks },
      });
    }
    return { ok: true as const, created: occurrences.length };
  });
}

/** New capacity, never below the seats taken or held; new seats go to the waitlist first. */
export async function changeCapacity(slotId: string, capacity: number, { actorId }: Actor = {}): Promise<{ ok: true } | FieldProblem> {
  try {
    return await db.transaction(async (tx) => {
      const [old] = await tx.select({ capacity: slots.capacity }).from(slots).where(eq(slots.id, slotId)).for("update");
      if (!old) return { ok: false as const, field: "form", message: "That slot no longer exists." };
      const [slot] = await tx.update(slots).set({ capacity }).where(eq(slots.id, slotId)).returning();
      const [session] = await tx.select().from(sessions).where(eq(sessions.id, slot!.sessionId));
      await offerFreeSeats(tx, slot!, session!);
      if (actorId) {
        await audit(tx, { actorId, action: "slot.capacity_changed", entityType: "slot", entityId: slotId, before: { capacity: old.capacity }, after: { capacity } });
      }
      return { ok: true as const };
    });
  } catch (error) {
    if (violatedConstraint(error) === "slots_booked_within_capacity") {
      const [s] = await db.select({ booked: slots.bookedCount, held: slots.heldCount }).from(slots).where(eq(slots.id, slotId));
      return { ok: false, field: "capacity", message: `${(s?.booked ?? 0) + (s?.held ?? 0)} seats are taken or held: the capacity cannot be lower.` };
    }
    throw error;
  }
}

/**
 * Cancels a slot and every booking in it, in one transaction: each student gets the
 * cancellation email and timeline row, the waitlist is closed and held seats are released.
 */
export async function cancelSlot(slotId: string, reason: string, { actorId }: Actor = {}): Promise<{ ok: true; cancelledBookings: number } | FieldProblem> {
  return db.transaction(async (tx) => {
    const [slot] = await tx
      .update(slots)
      .set({ status: "cancelled" })
      .where(and(eq(slots.id, slotId), eq(slots.status, "scheduled")))
      .returning();
    if (!slot) return { ok: false as const, field: "form", message: "That slot is already cancelled or does not exist." };
    const [session] = await tx.select().from(sessions).where(eq(sessions.id, slot.sessionId));
    const bookings = await tx
      .select({ booking: slotEnrolled, user: { id: users.id, name: users.name, email: users.email } })
      .from(slotEnrolled)
      .innerJoin(users, eq(users.id, slotEnrolled.userId))
      .where(and(eq(slotEnrolled.slotId, slotId), eq(slotEnrolled.status, "booked")));
    for (const b of bookings) await cancelBookingIn(tx, b.booking.id, b.user, slot, session!, { reason });
    // Nobody waits for a slot that will not happen; held seats are released.
    await tx.update(slotWaitlist).set({ status: "left" }).where(and(eq(slotWaitlist.slotId, slotId), inArray(slotWaitlist.status, ["waiting", "offered"])));
    await tx.update(slots).set({ heldCount: 0 }).where(eq(slots.id, slotId));
    if (actorId) {
      await audit(tx, { actorId, action: "slot.cancelled", entityType: "slot", entityId: slotId, before: { status: "scheduled" }, after: { status: "cancelled", reason, cancelledBookings: bookings.length } });
    }
    return { ok: true as const, cancelledBookings: bookings.length };
  });
}
