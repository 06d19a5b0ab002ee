import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { db } from "@/db";
import { sessions, slotEnrolled, slots, users } from "@/db/schema";
import { env } from "@/lib/env";
import { enqueueMail } from "@/lib/mail/enqueue";
import { slotMailPayload } from "./mail-payload";

/** Queues the reminder for bookings starting within BOOKING_REMINDER_HOURS; each booking once. */
export async function queueDueReminders(limit = 100): Promise<number> {
  const hours = env().BOOKING_REMINDER_HOURS;
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ booking: slotEnrolled, slot: slots, session: sessions, user: { name: users.name, email: users.email } })
      .from(slotEnrolled)
      .innerJoin(slots, eq(slots.id, slotEnrolled.slotId))
      .innerJoin(sessions, eq(sessions.id, slotEnrolled.sessionId))
      .innerJoin(users, eq(users.id, slotEnrolled.userId))
      .where(
        and(
          eq(slotEnrolled.status, "booked"),
          isNull(slotEnrolled.reminderSentAt),
          eq(slots.status, "scheduled"),
          gt(slots.startsAt, sql`now()`),
          lt(slots.startsAt, sql`now() + make_interval(hours => ${hours})`),
        ),
      )
      .limit(limit)
      .for("update", { of: slotEnrolled, skipLocked: true });
    for (const d of due) {
      await tx.update(slotEnrolled).set({ reminderSentAt: sql`now()` }).where(eq(slotEnrolled.id, d.booking.id));
      await enqueueMail(tx, {
        toEmail: d.user.email,
        template: "booking_reminder",
        payload: slotMailPayload(d.user.name, d.session, d.slot, d.booking.id),
        userId: d.booking.userId,
        slotEnrollmentId: d.booking.id,
      });
    }
    return due.length;
  });
}
