// What a booking writes besides the slot_enrolled row, on real PostgreSQL: the student's timeline,
// the super-admin notification and the queued email, all in the booking's own transaction; the
// same for cancellations, slot cancellations, reminders and attendance. The confirmation email's
// calendar attachment is rendered from the queued payload.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/index";
import { auditLog, mailQueue, notifications, slotEnrolled, slots, slotWaitlist, timeline } from "@/db/schema";
import { cancelSlot } from "@/lib/booking/admin";
import { markAttendance } from "@/lib/booking/attendance";
import { bookSlot, cancelBooking, joinWaitlist } from "@/lib/booking/book";
import { queueDueReminders } from "@/lib/booking/reminders";
import { InvalidRecipientError } from "@/lib/mail/enqueue";
import { renderMail } from "@/lib/mail/render";
import type { User } from "@/db/schema";
import {
  createSession,
  createSlot,
  createStudents,
  DAY,
  expectRefused,
  fromNow,
  HOUR,
  MINUTE,
  slotState,
} from "../../helpers/booking";
import { createUser } from "../../helpers/db";

/** A whole-minute instant `ms` from now (so calendar times compare exactly). */
const wholeMinuteFromNow = (ms: number) => new Date(Math.floor((Date.now() + ms) / MINUTE) * MINUTE);

/** ICS UTC form: 20261201T080000Z. */
const icsUtc = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

const asCurrentUser = (u: User) => ({ id: u.id, name: u.name, email: u.email, role: u.role });

async function effectsOf(bookingId: string) {
  return {
    timeline: await db.select().from(timeline).where(eq(timeline.slotEnrollmentId, bookingId)),
    notifications: await db.select().from(notifications).where(eq(notifications.slotEnrollmentId, bookingId)),
    mail: await db.select().from(mailQueue).where(eq(mailQueue.slotEnrollmentId, bookingId)),
  };
}

async function countNotifications() {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(notifications);
  return row!.n;
}

async function bookingRow(id: string) {
  const [row] = await db.select().from(slotEnrolled).where(eq(slotEnrolled.id, id));
  return row!;
}

describe("booking", () => {
  it("writes the booking, a booking_made timeline row, an admin notification and the confirmation email", async () => {
    const sessionId = await createSession({ title: "Wheel throwing" });
    const slot = await createSlot(sessionId, { startsAt: wholeMinuteFromNow(3 * DAY), capacity: 4 });
    const [student] = await createStudents(1);

    const booking = await bookSlot(student!.id, slot.id);
    expect(await bookingRow(booking.id)).toMatchObject({ slotId: slot.id, sessionId, userId: student!.id, status: "booked", cancelledAt: null });
    expect(await slotState(slot.id)).toMatchObject({ booked: 1, active: 1 });

    const e = await effectsOf(booking.id);
    expect(e.timeline).toHaveLength(1);
    expect(e.timeline[0]).toMatchObject({ userId: student!.id, event: "booking_made" });
    expect(e.timeline[0]!.summary).toContain("Wheel throwing");

    expect(e.notifications).toHaveLength(1);
    expect(e.notifications[0]).toMatchObject({ audience: "super_admins", userId: null, type: "booking_made", link: `/admin/sessions/${sessionId}`, readAt: null });
    expect(e.notifications[0]!.body).toContain(student!.name);

    expect(e.mail).toHaveLength(1);
    const mail = e.mail[0]!;
    expect(mail).toMatchObject({ toEmail: student!.email, template: "booking_confirmation", status: "queued", attempts: 0, userId: student!.id });
    expect(mail.subject).not.toBe("A message from Classbook"); // the generic subject means the payload was incomplete
    expect(mail.payload).toMatchObject({
      name: student!.name,
      sessionTitle: "Wheel throwing",
      startsAt: slot.startsAt.toISOString(),
      endsAt: slot.endsAt.toISOString(),
      place: "Room 1",
      bookingId: booking.id,
    });
  });

  it("writes all of it or nothing: a recipient the mail queue refuses rolls the booking back", async () => {
    const sessionId = await createSession();
    const slot = await createSlot(sessionId, { startsAt: fromNow(3 * DAY), capacity: 4 });
    // The users table accepts this address; the mail queue does not (no dot in the domain).
    const student = await createUser({ email: `nodot-${Date.now()}@localhost` });
    const notificationsBefore = await countNotifications();

    await expect(bookSlot(student.id, slot.id)).rejects.toBeInstanceOf(InvalidRecipientError);
    expect(await db.select().from(slotEnrolled).where(eq(slotEnrolled.userId, student.id))).toEqual([]);
    expect(await db.select().from(timeline).where(eq(timeline.userId, student.id))).toEqual([]);
    expect(await db.select().from(mailQueue).where(eq(mailQueue.userId, student.id))).toEqual([]);
    expect(await countNotifications()).toBe(notificationsBefore);
    expect(await slotState(slot.id)).toMatchObject({ booked: 0, active: 0, held: 0 });
  });

  it("renders the confirmation email with an .ics attachment in UTC", async () => {
    const sessionId = await createSession({ title: "Glazing" });
    const startsAt = wholeMinuteFromNow(4 * DAY);
    const slot = await createSlot(sessionId, { startsAt, endsAt: new Date(startsAt.getTime() + 90 * MINUTE), capacity: 4 });
    const [student] = await createStudents(1);
    const booking = await bookSlot(student!.id, slot.id);
    const [mail] = await db.select().from(mailQueue).where(and(eq(mailQueue.slotEnrollmentId, booking.id), eq(mailQueue.template, "booking_confirmation")));

    const rendered = await renderMail("booking_confirmation", mail!.payload);
    expect(rendered.subject).toBe(mail!.subject);
    expect(rendered.html).toContain("Glazing");
    expect(rendered.attachments).toHaveLength(1);
    const ics = rendered.attachments[0]!;
    expect(ics.filename).toMatch(/\.ics$/);
    expect(ics.contentType).toContain("text/calendar");
    expect(ics.content).toContain("BEGIN:VCALENDAR");
    expect(ics.content).toContain("BEGIN:VEVENT");
    expect(ics.content).toMatch(new RegExp(`^DTSTART:${icsUtc(startsAt)}\\r?$`, "m"));
    expect(ics.content).toMatch(new RegExp(`^DTEND:${icsUtc(slot.endsAt)}\\r?$`, "m"));
    expect(ics.content).toContain(`UID:${booking.id}@classbook`);
    expect(ics.content).toContain("STATUS:CONFIRMED");
    expect(ics.content).toContain("END:VCALENDAR");
  });
});

describe("cancelling a booking", () => {
  it("writes booking_cancelled to the timeline, notifies the admins and queues the cancellation email", async () => {
    const sessionId = await createSession({ title: "Kiln safety" });
    const slot = await createSlot(sessionId, { startsAt: wholeMinuteFromNow(3 * DAY), capacity: 4 });
    const [student] = await createStudents(1);
    const booking = await bookSlot(student!.id, slot.id);

    await cancelBooking(student!.id, booking.id);
    const e = await effectsOf(booking.id);
    expect(e.timeline.map((t) => t.event).sort()).toEqual(["booking_cancelled", "booking_made"]);
    expect(e.notifications.map((n) => n.type).sort()).toEqual(["booking_cancelled", "booking_made"]);
    expect(e.notifications.every((n) => n.audience === "super_admins")).toBe(true);
    const cancellation = e.mail.filter((m) => m.template === "booking_cancellation");
    expect(cancellation).toHaveLength(1);
    expect(cancellation[0]).toMatchObject({ toEmail: student!.email, userId: student!.id, status: "queued" });
    expect(cancellation[0]!.payload).toMatchObject({ bookingId: booking.id, sessionTitle: "Kiln safety", reason: "" });

    const rendered = await renderMail("booking_cancellation", cancellation[0]!.payload);
    expect(rendered.attachments[0]!.content).toContain("STATUS:CANCELLED");
    expect(rendered.attachments[0]!.content).toContain(`UID:${booking.id}@classbook`);
  });

  it("refused (cutoff) writes nothing", async () => {
    const sessionId = await createSession();
    const slot = await createSlot(sessionId, { startsAt: fromNow(5 * HOUR), capacity: 4 });
    const [student] = await createStudents(1);
    const booking = await bookSlot(student!.id, slot.id);
    const before = await effectsOf(booking.id);
    await expectRefused(cancelBooking(student!.id, booking.id), "cutoff");
    expect(await effectsOf(booking.id)).toEqual(before);
  });
});

describe("cancelSlot", () => {
  it("cancels every booking, even inside the cut-off, and queues one cancellation email per booked student", async () => {
    const sessionId = await createSession({ title: "Raku firing" });
    const slot = await createSlot(sessionId, { startsAt: fromNow(3 * HOUR), capacity: 3 });
    const students = await createStudents(3);
    const bookings = [];
    for (const s of students) bookings.push(await bookSlot(s.id, slot.id));
    const [waiting] = await createStudents(1, "waiting");
    await joinWaitlist(waiting!.id, slot.id);
    // An earlier, cancelled booking must not be emailed again.
    const [earlier] = await createStudents(1, "earlier");
    const otherSlot = await createSlot(sessionId, { startsAt: fromNow(3 * DAY), capacity: 3 });
    const earlierBooking = await bookSlot(earlier!.id, otherSlot.id);
    await cancelBooking(earlier!.id, earlierBooking.id);

    expect(await cancelSlot(slot.id, "Instructor is ill")).toEqual({ ok: true, cancelledBookings: 3 });

    expect(await slotState(slot.id)).toEqual({ capacity: 3, booked: 0, held: 0, status: "cancelled", active: 0 });
    for (const b of bookings) {
      const row = await bookingRow(b.id);
      expect(row.status).toBe("cancelled");
      const mails = await db
        .select()
        .from(mailQueue)
        .where(and(eq(mailQueue.slotEnrollmentId, b.id), eq(mailQueue.template, "booking_cancellation")));
      expect(mails).toHaveLength(1);
      expect(mails[0]!.toEmail).toBe(students.find((s) => s.id === row.userId)!.email);
      expect(mails[0]!.payload).toMatchObject({ reason: "Instructor is ill", sessionTitle: "Raku firing" });
      const events = await db.select({ event: timeline.event }).from(timeline).where(eq(timeline.slotEnrollmentId, b.id));
      expect(events.map((x) => x.event).sort()).toEqual(["booking_cancelled", "booking_made"]);
    }
    const [all] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(mailQueue)
      .innerJoin(slotEnrolled, eq(slotEnrolled.id, mailQueue.slotEnrollmentId))
      .where(and(eq(slotEnrolled.slotId, slot.id), eq(mailQueue.template, "booking_cancellation")));
    expect(all!.n).toBe(3);
    // Nobody waits for a slot that will not happen, and nobody is offered a seat in it.
    const [entry] = await db.select().from(slotWaitlist).where(eq(slotWaitlist.userId, waiting!.id));
    expect(entry!.status).toBe("left");
    expect(await db.select().from(mailQueue).where(eq(mailQueue.userId, waiting!.id))).toEqual([]);
    // The other slot and its earlier cancellation are untouched.
    expect(await db.select().from(mailQueue).where(and(eq(mailQueue.userId, earlier!.id), eq(mailQueue.template, "booking_cancellation")))).toHaveLength(1);

    // Twice: refused, nothing more written.
    expect(await cancelSlot(slot.id, "again")).toMatchObject({ ok: false, field: "form" });
    const [again] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(mailQueue)
      .innerJoin(slotEnrolled, eq(slotEnrolled.id, mailQueue.slotEnrollmentId))
      .where(and(eq(slotEnrolled.slotId, slot.id), eq(mailQueue.template, "booking_cancellation")));
    expect(again!.n).toBe(3);
    await expectRefused(bookSlot(waiting!.id, slot.id), "cancelled");
  });
});

describe("queueDueReminders", () => {
  it("queues one booking_reminder for a booking starting within 24 h, and never twice", async () => {
    const sessionId = await createSession({ title: "Slab building" });
    const soonSlot = await createSlot(sessionId, { startsAt: fromNow(5 * HOUR), capacity: 4 });
    const laterSlot = await createSlot(sessionId, { startsAt: fromNow(3 * DAY), capacity: 4 });
    const cancelledSlot = await createSlot(sessionId, { startsAt: fromNow(8 * HOUR), capacity: 4 });
    const [a, b, c] = await createStudents(3);
    const soon = await bookSlot(a!.id, soonSlot.id);
    const later = await bookSlot(b!.id, laterSlot.id);
    const dropped = await bookSlot(c!.id, cancelledSlot.id);
    await cancelBooking(c!.id, dropped.id, { byAdmin: true, reason: "moved" });

    const reminders = (bookingId: string) =>
      db
        .select()
        .from(mailQueue)
        .where(and(eq(mailQueue.slotEnrollmentId, bookingId), eq(mailQueue.template, "booking_reminder")));

    expect(await queueDueReminders()).toBeGreaterThanOrEqual(1);
    const first = await reminders(soon.id);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ toEmail: a!.email, userId: a!.id, status: "queued" });
    expect(first[0]!.payload).toMatchObject({ bookingId: soon.id, sessionTitle: "Slab building", startsAt: soonSlot.startsAt.toISOString() });
    expect((await bookingRow(soon.id)).reminderSentAt).toBeInstanceOf(Date);
    expect(await reminders(later.id)).toEqual([]);
    expect(await reminders(dropped.id)).toEqual([]);

    await queueDueReminders();
    await queueDueReminders();
    expect(await reminders(soon.id)).toHaveLength(1);
  });

  it("does not queue the same reminder twice when two workers run at once", async () => {
    const sessionId = await createSession();
    const slot = await createSlot(sessionId, { startsAt: fromNow(6 * HOUR), capacity: 10 });
    const students = await createStudents(5);
    const bookings = [];
    for (const s of students) bookings.push(await bookSlot(s.id, slot.id));
    await Promise.all([queueDueReminders(), queueDueReminders(), queueDueReminders()]);
    for (const b of bookings) {
      const rows = await db
        .select()
        .from(mailQueue)
        .where(and(eq(mailQueue.slotEnrollmentId, b.id), eq(mailQueue.template, "booking_reminder")));
      expect(rows).toHaveLength(1);
    }
  });
});

describe("attendance", () => {
  /** A booked student in a slot of a session taught by `instructor`, then the slot is moved to have started 10 minutes ago. */
  async function startedBooking(instructorIds: string[]) {
    const sessionId = await createSession({ title: "Trimming", instructorIds });
    const slot = await createSlot(sessionId, { startsAt: fromNow(3 * DAY), capacity: 4 });
    const [student] = await createStudents(1);
    const booking = await bookSlot(student!.id, slot.id);
    await db
      .update(slots)
      .set({ startsAt: sql`now() - interval '10 minutes'`, endsAt: sql`now() + interval '50 minutes'` })
      .where(eq(slots.id, slot.id));
    return { sessionId, slot, student: student!, booking };
  }

  it("an instructor of the session marks a booked student attended once the slot started", async () => {
    const instructor = await createUser({ role: "instructor" });
    const { slot, student, booking } = await startedBooking([instructor.id]);

    const updated = await markAttendance(asCurrentUser(instructor), booking.id, "attended");
    expect(updated).toMatchObject({ id: booking.id, status: "attended" });
    expect((await bookingRow(booking.id)).status).toBe("attended");
    const events = await db.select().from(timeline).where(and(eq(timeline.slotEnrollmentId, booking.id), eq(timeline.event, "booking_attended")));
    expect(events).toHaveLength(1);
    expect(events[0]!.userId).toBe(student.id);
    expect(events[0]!.summary).toContain("Trimming");
    // Attended still counts as a taken seat.
    expect(await slotState(slot.id)).toMatchObject({ booked: 1, active: 1 });

    // Marking the same outcome again changes nothing; switching to no-show is recorded.
    await markAttendance(asCurrentUser(instructor), booking.id, "attended");
    expect(await db.select().from(timeline).where(and(eq(timeline.slotEnrollmentId, booking.id), eq(timeline.event, "booking_attended")))).toHaveLength(1);
    await markAttendance(asCurrentUser(instructor), booking.id, "no_show");
    expect((await bookingRow(booking.id)).status).toBe("no_show");
    expect(await db.select().from(timeline).where(and(eq(timeline.slotEnrollmentId, booking.id), eq(timeline.event, "booking_no_show")))).toHaveLength(1);
  });

  it("is refused (not_found) for an instructor not assigned to the session, and for a student", async () => {
    const assigned = await createUser({ role: "instructor" });
    const stranger = await createUser({ role: "instructor" });
    const { student, booking } = await startedBooking([assigned.id]);
    await expectRefused(markAttendance(asCurrentUser(stranger), booking.id, "attended"), "not_found");
    await expectRefused(markAttendance(asCurrentUser(student), booking.id, "attended"), "not_found");
    expect((await bookingRow(booking.id)).status).toBe("booked");
    expect(await db.select().from(timeline).where(and(eq(timeline.slotEnrollmentId, booking.id), eq(timeline.event, "booking_attended")))).toEqual([]);
  });

  it("is refused before the slot starts (too_soon)", async () => {
    const instructor = await createUser({ role: "instructor" });
    const sessionId = await createSession({ instructorIds: [instructor.id] });
    const slot = await createSlot(sessionId, { startsAt: fromNow(3 * DAY), capacity: 4 });
    const [student] = await createStudents(1);
    const booking = await bookSlot(student!.id, slot.id);
    await expectRefused(markAttendance(asCurrentUser(instructor), booking.id, "attended"), "too_soon");
    expect((await bookingRow(booking.id)).status).toBe("booked");
  });

  it("is refused for a cancelled booking (cancelled)", async () => {
    const instructor = await createUser({ role: "instructor" });
    const { student, booking } = await startedBooking([instructor.id]);
    await cancelBooking(student.id, booking.id, { byAdmin: true });
    await expectRefused(markAttendance(asCurrentUser(instructor), booking.id, "attended"), "cancelled");
  });

  it("is one transaction: a failure on the last booking leaves the slot and every booking as they were, and the audit row with them", async () => {
    const admin = await createUser({ role: "super_admin" });
    const sessionId = await createSession({ title: "Kiln repair" });
    const slot = await createSlot(sessionId, { startsAt: fromNow(3 * DAY), capacity: 3 });
    const students = await createStudents(3, "atomic");
    for (const s of students) await bookSlot(s.id, slot.id);
    // Make the database refuse the third student's cancellation timeline row.
    const last = students[2]!;
    await db.execute(sql.raw(`
      CREATE FUNCTION test_refuse_timeline() RETURNS trigger AS $$
      BEGIN
        IF NEW.event = 'booking_cancelled' AND NEW.user_id = '${last.id}' THEN RAISE EXCEPTION 'injected failure'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql;
      CREATE TRIGGER test_refuse_timeline BEFORE INSERT ON timeline FOR EACH ROW EXECUTE FUNCTION test_refuse_timeline();`));
    try {
      const failure: unknown = await cancelSlot(slot.id, "Kiln broke", { actorId: admin.id }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(Error);
      expect(String((failure as Error & { cause?: Error }).cause?.message)).toContain("injected failure");
      expect(await slotState(slot.id)).toEqual({ capacity: 3, booked: 3, held: 0, status: "scheduled", active: 3 });
      const cancellationMails = await db
        .select({ id: mailQueue.id })
        .from(mailQueue)
        .innerJoin(slotEnrolled, eq(slotEnrolled.id, mailQueue.slotEnrollmentId))
        .where(and(eq(slotEnrolled.slotId, slot.id), eq(mailQueue.template, "booking_cancellation")));
      expect(cancellationMails).toEqual([]);
      expect(await db.select().from(auditLog).where(eq(auditLog.entityId, slot.id))).toEqual([]);
    } finally {
      await db.execute(sql.raw(`DROP TRIGGER test_refuse_timeline ON timeline; DROP FUNCTION test_refuse_timeline();`));
    }
    // With the fault gone, the same cancellation goes through whole, audited in the same commit.
    expect(await cancelSlot(slot.id, "Kiln broke", { actorId: admin.id })).toEqual({ ok: true, cancelledBookings: 3 });
    expect(await slotState(slot.id)).toEqual({ capacity: 3, booked: 0, held: 0, status: "cancelled", active: 0 });
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.entityId, slot.id));
    expect(entry).toMatchObject({ actorId: admin.id, action: "slot.cancelled", after: { status: "cancelled", reason: "Kiln broke", cancelledBookings: 3 } });
  });

  it("a student whose address the mail queue refuses is still cancelled; the admins are told instead", async () => {
    const sessionId = await createSession({ title: "Glaze lab" });
    const slot = await createSlot(sessionId, { startsAt: fromNow(3 * DAY), capacity: 2 });
    const [good] = await createStudents(1, "good-address");
    const bad = await createUser({ email: `bad-${Date.now()}@localhost` });
    await bookSlot(good!.id, slot.id);
    // Booked when the address was still fine; it was changed afterwards.
    const badBooking = await db.insert(slotEnrolled).values({ slotId: slot.id, sessionId, userId: bad.id }).returning();

    expect(await cancelSlot(slot.id, "Lab closed")).toEqual({ ok: true, cancelledBookings: 2 });
    expect(await slotState(slot.id)).toMatchObject({ booked: 0, status: "cancelled", active: 0 });
    expect(await db.select().from(mailQueue).where(and(eq(mailQueue.userId, good!.id), eq(mailQueue.template, "booking_cancellation")))).toHaveLength(1);
    const flags = await db.select().from(notifications).where(and(eq(notifications.type, "email_undeliverable"), eq(notifications.slotEnrollmentId, badBooking[0]!.id)));
    expect(flags).toHaveLength(1);
  });
});
