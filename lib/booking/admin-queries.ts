import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { courses, sessionInstructors, sessions, slots, users } from "@/db/schema";

export async function sessionFormOptions() {
  const [courseRows, instructorRows] = await Promise.all([
    db.select({ id: courses.id, label: courses.title }).from(courses).where(inArray(courses.status, ["published", "draft"])).orderBy(asc(courses.title)),
    db.select({ id: users.id, label: users.name }).from(users).where(eq(users.role, "instructor")).orderBy(asc(users.name)),
  ]);
  return { courses: courseRows, instructors: instructorRows };
}

export async function adminSession(id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [session] = await db.select().from(sessions).where(eq(sessions.id, id));
  if (!session) return null;
  const [instructorIds, slotRows] = await Promise.all([
    db.select({ id: sessionInstructors.instructorId }).from(sessionInstructors).where(eq(sessionInstructors.sessionId, id)),
    db.select().from(slots).where(eq(slots.sessionId, id)).orderBy(asc(slots.startsAt)),
  ]);
  return { session, instructorIds: instructorIds.map((r) => r.id), slots: slotRows };
}
