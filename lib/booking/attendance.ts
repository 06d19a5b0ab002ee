import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { sessionInstructors, sessions, slotEnrolled, slots } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/current-user";
import { recordTimeline } from "@/lib/timeline/record";
import { formatDateTime } from "@/lib/time";
import { BookingRefused } from "./errors";

/** Whether this user may see the roster and mark attendance for the session. */
export async function teachesSession(user: CurrentUser, sessionId: string): Promise<boolean> {
  if (user.role === "super_admin") return true;
  if (user.role !== "instructor") return false;
  const [row] = await db
    .select({ id: sessionInstructors.id })
    .from(sessionInstructors)
    .where(and(eq(sessionInstructors.sessionId, sessionId), eq(sessionInstructors.instructorId, user.id)));
  return Boolean(row);
}

/** An instructor of the session marks a booked student attended or no-show, once the slot has started. */
export async function markAttendance(user: CurrentUser, bookingId: string, outcome: "attended" | "no_show") {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ booking: slotEnrolled, startsAt: slots.startsAt, title: sessions.title, sessionId: sessions.id })
      .from(slotEnrolled)
      .innerJoin(slots, eq(slots.id, slotEnrolled.slotId))
      .innerJoin(sessions, eq(sessions.id, slotEnrolled.sessionId))
      .where(eq(slotEnrolled.id, bookingId))
      .for("update", { of: slotEnrolled });
    if (!row || !(await teachesSession(user, row.sessionId))) throw new BookingRefused("That booking was not found.", "not_found");
    if (row.startsAt.getTime() > Date.now()) throw new BookingRefused("Attendance can be marked once the slot has started.", "too_soon");
    if (row.booking.status === "cancelled") throw new BookingRefused("This booking was cancelled.", "cancelled");
    if (row.booking.status === outcome) return row.booking;
    const [updated] = await tx
      .update(slotEnrolled)
      .set({ status: outcome })
      .where(and(eq(slotEnrolled.id, bookingId), inArray(slotEnrolled.status, ["booked", "attended", "no_show"])))
      .returning();
    await recordTimeline(tx, {
      userId: row.booking.userId,
      event: outcome === "attended" ? "booking_attended" : "booking_no_show",
      summary: `${outcome === "attended" ? "Attended" : "Marked absent from"} ${row.title} on ${formatDateTime(row.startsAt)}`,
      slotEnrollmentId: bookingId,
    });
    return updated!;
  });
}
