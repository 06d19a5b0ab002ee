import "server-only";
import { and, asc, count, desc, eq, exists, gt, gte, ilike, inArray, isNotNull, isNull, lt, not, or, sql, type SQL } from "drizzle-orm";
import { db } from "@/db";
import { courses, sessionInstructors, sessionMode, sessions, slotEnrolled, slots, slotStatus, users } from "@/db/schema";
import { UUID_RE, first, keysetBatches, likePattern } from "./keyset";
import { tableParams } from "./table-params";

export const PAGE_SIZE = 25;
export const SESSION_SORTS = ["next", "title", "created"] as const;

export function sessionParams(raw: Record<string, string | string[] | undefined>) {
  const p = tableParams(raw, {
    sorts: SESSION_SORTS,
    defaultSort: "next",
    filters: { mode: sessionMode.enumValues, course: ["course", "open"], upcoming: ["yes", "no"] },
  });
  // Without a direction in the URL: soonest next slot and A→Z titles first, newest sessions first.
  const dir = first(raw.dir);
  if (dir !== "asc" && dir !== "desc" && p.sort !== "created") p.dir = "asc";
  return p;
}
type Params = ReturnType<typeof sessionParams>;

const toDate = (v: string | Date | null) => (v ? new Date(v) : null);

// Per session, both read off slots_session_id_starts_idx (session_id, starts_at).
const nextStart = () =>
  sql<Date | null>`(select min(${slots.startsAt}) from ${slots} where ${slots.sessionId} = ${sessions.id} and ${slots.status} = 'scheduled' and ${slots.startsAt} > now())`;
const upcomingCount = () =>
  sql<number>`(select count(*) from ${slots} where ${slots.sessionId} = ${sessions.id} and ${slots.status} = 'scheduled' and ${slots.startsAt} > now())`;
const instructorNames = () =>
  sql<string | null>`(select string_agg(${users.name}, ', ' order by ${users.name}) from ${sessionInstructors} join ${users} on ${users.id} = ${sessionInstructors.instructorId} where ${sessionInstructors.sessionId} = ${sessions.id})`;

/**
 * Sessions are catalog-sized (tens to hundreds), so filtering them is cheap; what is looked up per
 * session (next slot, upcoming count) is an index range scan of that session's slots.
 */
function where(p: Params): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (p.filters.mode) parts.push(eq(sessions.mode, p.filters.mode as (typeof sessionMode.enumValues)[number]));
  if (p.filters.course === "course") parts.push(isNotNull(sessions.courseId));
  if (p.filters.course === "open") parts.push(isNull(sessions.courseId));
  if (p.filters.upcoming) {
    const upcoming = exists(
      db
        .select({ one: sql`1` })
        .from(slots)
        .where(and(eq(slots.sessionId, sessions.id), eq(slots.status, "scheduled"), gt(slots.startsAt, sql`now()`))),
    );
    parts.push(p.filters.upcoming === "yes" ? upcoming : not(upcoming));
  }
  if (p.q) {
    if (UUID_RE.test(p.q)) {
      parts.push(eq(sessions.id, p.q));
    } else {
      const like = likePattern(p.q);
      const byInstructor = db
        .select({ id: sessionInstructors.sessionId })
        .from(sessionInstructors)
        .innerJoin(users, eq(users.id, sessionInstructors.instructorId))
        .where(or(ilike(users.name, like), ilike(users.email, like)));
      parts.push(or(ilike(sessions.title, like), inArray(sessions.id, byInstructor)));
    }
  }
  return and(...parts);
}

function orderBy(p: Params) {
  const d = p.dir === "asc" ? asc : desc;
  if (p.sort === "title") return [d(sessions.title), d(sessions.id)];
  if (p.sort === "created") return [d(sessions.createdAt), d(sessions.id)];
  // Sessions with nothing coming up go last in both directions.
  return [sql`${nextStart()} ${sql.raw(p.dir)} nulls last`, asc(sessions.title), asc(sessions.id)];
}

const base = () =>
  db
    .select({
      id: sessions.id,
      title: sessions.title,
      mode: sessions.mode,
      location: sessions.location,
      meetingUrl: sessions.meetingUrl,
      courseId: sessions.courseId,
      courseTitle: courses.title,
      createdAt: sessions.createdAt,
      nextStart: nextStart().mapWith(toDate),
      upcoming: upcomingCount().mapWith(Number),
      instructors: instructorNames(),
    })
    .from(sessions)
    .leftJoin(courses, eq(courses.id, sessions.courseId));

export async function sessionsPage(p: Params) {
  const [rows, [total]] = await Promise.all([
    base().where(where(p)).orderBy(...orderBy(p)).limit(PAGE_SIZE).offset((p.page - 1) * PAGE_SIZE),
    db.select({ n: count() }).from(sessions).where(where(p)),
  ]);
  const n = total?.n ?? 0;
  return { rows, total: n, pages: Math.max(1, Math.ceil(n / PAGE_SIZE)) };
}

/** Every filtered session (catalog-sized: usually one batch), in the table's order. */
export async function* sessionsForExport(p: Params, batch = 2000) {
  for (let offset = 0; ; offset += batch) {
    const rows = await base().where(where(p)).orderBy(...orderBy(p)).limit(batch).offset(offset);
    if (rows.length) yield rows;
    if (rows.length < batch) return;
  }
}

// ---------------------------------------------------------------- slots of sessions, with roster counts

/** `session` (a session id), `status` and a `from`/`to` range of slot start days; malformed → ignored. */
export function slotExportParams(raw: Record<string, string | string[] | undefined>) {
  const p = tableParams(raw, { sorts: ["starts"] as const, defaultSort: "starts", filters: { status: slotStatus.enumValues } });
  const session = first(raw.session);
  return { ...p, session: session && UUID_RE.test(session) ? session : null };
}
type SlotParams = ReturnType<typeof slotExportParams>;

function slotWhere(p: SlotParams): SQL | undefined {
  return and(
    p.session ? eq(slots.sessionId, p.session) : undefined,
    p.filters.status ? eq(slots.status, p.filters.status as (typeof slotStatus.enumValues)[number]) : undefined,
    p.from ? gte(slots.startsAt, p.from) : undefined,
    p.to ? lt(slots.startsAt, new Date(p.to.getTime() + 86_400_000)) : undefined,
  );
}

// Index-only counts on slot_enrolled_slot_id_idx (slot_id, status).
const bookingsWith = (status: (typeof slotEnrolled.status.enumValues)[number]) =>
  sql<number>`(select count(*) from ${slotEnrolled} where ${slotEnrolled.slotId} = ${slots.id} and ${slotEnrolled.status} = ${status})`.mapWith(Number);

/**
 * Slots in start order, read by keyset on (starts_at, id): slots_session_id_starts_idx for one
 * session, slots_starts_at_idx for all of them.
 */
export function slotsForExport(p: SlotParams, batch = 2000) {
  return keysetBatches(
    (after: { cursor: string; id: string } | null, limit) =>
      db
        .select({
          id: slots.id,
          cursor: sql<string>`${slots.startsAt}::text`,
          sessionId: slots.sessionId,
          sessionTitle: sessions.title,
          startsAt: slots.startsAt,
          endsAt: slots.endsAt,
          status: slots.status,
          capacity: slots.capacity,
          bookedCount: slots.bookedCount,
          heldCount: slots.heldCount,
          attended: bookingsWith("attended"),
          noShow: bookingsWith("no_show"),
          cancelled: bookingsWith("cancelled"),
        })
        .from(slots)
        .innerJoin(sessions, eq(sessions.id, slots.sessionId))
        .where(and(slotWhere(p), after ? sql`(${slots.startsAt}, ${slots.id}) > (${after.cursor}::timestamptz, ${after.id}::uuid)` : undefined))
        .orderBy(asc(slots.startsAt), asc(slots.id))
        .limit(limit),
    batch,
  );
}

// ---------------------------------------------------------------- one slot's roster

export function rosterParams(raw: Record<string, string | string[] | undefined>) {
  const slot = first(raw.slot);
  return { slot: slot && UUID_RE.test(slot) ? slot : null };
}

/** Everyone who booked the slot, cancelled bookings included (with their status), by name. */
export async function rosterForExport(p: ReturnType<typeof rosterParams>) {
  if (!p.slot) return [];
  return db
    .select({
      bookingId: slotEnrolled.id,
      slotId: slotEnrolled.slotId,
      sessionTitle: sessions.title,
      startsAt: slots.startsAt,
      studentName: users.name,
      studentEmail: users.email,
      status: slotEnrolled.status,
      bookedAt: slotEnrolled.createdAt,
      cancelledAt: slotEnrolled.cancelledAt,
    })
    .from(slotEnrolled)
    .innerJoin(slots, eq(slots.id, slotEnrolled.slotId))
    .innerJoin(sessions, eq(sessions.id, slotEnrolled.sessionId))
    .innerJoin(users, eq(users.id, slotEnrolled.userId))
    .where(eq(slotEnrolled.slotId, p.slot))
    .orderBy(asc(users.name), asc(slotEnrolled.id));
}
