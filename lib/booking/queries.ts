import "server-only";
import { and, asc, desc, eq, gt, inArray, ne, sql } from "drizzle-orm";
import { db } from "@/db";
import { rowsOf } from "@/lib/db-batch";
import { courses, sessionInstructors, sessions, slotEnrolled, slotWaitlist, slots, users } from "@/db/schema";

export async function listSessions() {
  const rows = await db
    .select({
      session: sessions,
      courseTitle: courses.title,
      nextStart: sql<Date | null>`(select min(${slots.startsAt}) from ${slots} where ${slots.sessionId} = ${sessions.id} and ${slots.status} = 'scheduled' and ${slots.startsAt} > now())`.mapWith((v: string | Date | null) => (v ? new Date(v) : null)),
      upcoming: sql<number>`(select count(*) from ${slots} where ${slots.sessionId} = ${sessions.id} and ${slots.status} = 'scheduled' and ${slots.startsAt} > now())`.mapWith(Number),
    })
    .from(sessions)
    .leftJoin(courses, eq(courses.id, sessions.courseId))
    .orderBy(asc(sessions.title));
  return rows;
}

export async function sessionWithSlots(sessionId: string, viewerId: string | null) {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return null;
  const [row] = await db
    .select({ session: sessions, course: { id: courses.id, title: courses.title, slug: courses.slug } })
    .from(sessions)
    .leftJoin(courses, eq(courses.id, sessions.courseId))
    .where(eq(sessions.id, sessionId));
  if (!row) return null;
  const [slotRows, instructors, mine, waiting] = await Promise.all([
    db.select().from(slots).where(and(eq(slots.sessionId, sessionId), gt(slots.endsAt, sql`now()`))).orderBy(asc(slots.startsAt)),
    db.select({ id: users.id, name: users.name }).from(sessionInstructors).innerJoin(users, eq(users.id, sessionInstructors.instructorId)).where(eq(sessionInstructors.sessionId, sessionId)),
    viewerId
      ? db.select({ id: slotEnrolled.id, slotId: slotEnrolled.slotId }).from(slotEnrolled).where(and(eq(slotEnrolled.sessionId, sessionId), eq(slotEnrolled.userId, viewerId), ne(slotEnrolled.status, "cancelled")))
      : Promise.resolve([]),
    viewerId
      ? db.select({ id: slotWaitlist.id, slotId: slotWaitlist.slotId, status: slotWaitlist.status }).from(slotWaitlist).where(and(eq(slotWaitlist.userId, viewerId), inArray(slotWaitlist.status, ["waiting", "offered"])))
      : Promise.resolve([]),
  ]);
  return { ...row, slots: slotRows, instructors, myBookings: new Map(mine.map((m) => [m.slotId, m.id])), myWaitlist: new Map(waiting.map((w) => [w.slotId, w])) };
}

export async function bookingsOf(userId: string) {
  const [bookings, waitlist] = await Promise.all([
    db
      .select({ booking: slotEnrolled, slot: slots, session: { id: sessions.id, title: sessions.title, mode: sessions.mode, location: sessions.location, meetingUrl: sessions.meetingUrl } })
      .from(slotEnrolled)
      .innerJoin(slots, eq(slots.id, slotEnrolled.slotId))
      .innerJoin(sessions, eq(sessions.id, slotEnrolled.sessionId))
      .where(eq(slotEnrolled.userId, userId))
      .orderBy(desc(slots.startsAt))
      .limit(200),
    db
      .select({ entry: slotWaitlist, slot: slots, session: { id: sessions.id, title: sessions.title } })
      .from(slotWaitlist)
      .innerJoin(slots, eq(slots.id, slotWaitlist.slotId))
      .innerJoin(sessions, eq(sessions.id, slots.sessionId))
      .where(and(eq(slotWaitlist.userId, userId), inArray(slotWaitlist.status, ["waiting", "offered"])))
      .orderBy(asc(slots.startsAt)),
  ]);
  return { bookings, waitlist };
}

export async function bookingForOwner(bookingId: string, userId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(bookingId)) return null;
  const [row] = await db
    .select({ booking: slotEnrolled, slot: slots, session: sessions })
    .from(slotEnrolled)
    .innerJoin(slots, eq(slots.id, slotEnrolled.slotId))
    .innerJoin(sessions, eq(sessions.id, slotEnrolled.sessionId))
    .where(and(eq(slotEnrolled.id, bookingId), eq(slotEnrolled.userId, userId)));
  return row ?? null;
}

export async function rosterFor(slotIds: string[]) {
  if (slotIds.length === 0) return [];
  return db
    .select({ id: slotEnrolled.id, slotId: slotEnrolled.slotId, status: slotEnrolled.status, name: users.name, email: users.email })
    .from(slotEnrolled)
    .innerJoin(users, eq(users.id, slotEnrolled.userId))
    .where(and(inArray(slotEnrolled.slotId, slotIds), ne(slotEnrolled.status, "cancelled")))
    .orderBy(asc(users.name));
}

/** Slots of the sessions this instructor teaches, from a week ago on. */
export async function instructorSlots(instructorId: string) {
  return db
    .select({ slot: slots, session: { id: sessions.id, title: sessions.title, mode: sessions.mode, location: sessions.location, meetingUrl: sessions.meetingUrl } })
    .from(slots)
    .innerJoin(sessions, eq(sessions.id, slots.sessionId))
    .innerJoin(sessionInstructors, and(eq(sessionInstructors.sessionId, sessions.id), eq(sessionInstructors.instructorId, instructorId)))
    .where(and(eq(slots.status, "scheduled"), gt(slots.endsAt, sql`now() - interval '7 days'`)))
    .orderBy(asc(slots.startsAt))
    .limit(100);
}

/**
 * The student's active booking and the other times of its session it could move to: scheduled,
 * still open for bookings, and not already booked by them. Seats left are shown; moveBooking
 * checks them again under the slot's lock.
 */
export async function moveOptions(bookingId: string, userId: string, noticeMinutes: number) {
  const current = await bookingForOwner(bookingId, userId);
  if (!current || current.booking.status !== "booked") return null;
  // "slots"."id" is spelled out: in a one-table select drizzle writes its columns unqualified,
  // and a bare "id" inside the subqueries would mean the subquery's own row.
  const times = await db
    .select({
      slot: slots,
      // A seat held for this student (a live waitlist offer) counts as free for them.
      heldForMe: sql<boolean>`exists (select 1 from ${slotWaitlist} w where w.slot_id = "slots"."id" and w.user_id = ${userId} and w.status = 'offered' and w.offer_expires_at > now())`,
    })
    .from(slots)
    .where(
      and(
        eq(slots.sessionId, current.session.id),
        eq(slots.status, "scheduled"),
        ne(slots.id, current.slot.id),
        gt(slots.startsAt, sql`now() + make_interval(mins => ${noticeMinutes})`),
        sql`not exists (select 1 from ${slotEnrolled} m where m.slot_id = "slots"."id" and m.user_id = ${userId} and m.status <> 'cancelled')`,
      ),
    )
    .orderBy(asc(slots.startsAt))
    .limit(100);
  return { ...current, times };
}

/** Where a moved booking went: the last booking of its chain of moves, in one query. */
export async function finalBookingOf(bookingId: string, userId: string) {
  const result = await db.execute(sql`
    with recursive chain as (
      select id, moved_to_id, 0 as depth from ${slotEnrolled} where id = ${bookingId} and user_id = ${userId}
      union all
      select e.id, e.moved_to_id, c.depth + 1 from ${slotEnrolled} e join chain c on e.id = c.moved_to_id where c.depth < 100
    )
    select id from chain order by depth desc limit 1`);
  const last = rowsOf(result)[0] as { id: string } | undefined;
  return last ? bookingForOwner(last.id, userId) : null;
}
