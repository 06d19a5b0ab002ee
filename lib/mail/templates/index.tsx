// Every email Classbook sends: its payload (checked with zod when rendered, so a row with missing
// data fails with a clear error instead of sending a broken email), its subject and its body.
import { Button, Heading, Link, Text } from "@react-email/components";
import { z } from "zod";
import { formatZar } from "@/lib/money";
import { formatDateTime } from "@/lib/time";
import { slotIcs } from "@/lib/booking/ics";
import { Layout, styles } from "./layout";

const url = z.url();

const slotSchema = z.object({
  name: z.string().min(1),
  sessionTitle: z.string().min(1),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  place: z.string(),
  bookingsUrl: url,
  bookingId: z.string().min(1),
});
type SlotMail = z.infer<typeof slotSchema>;
type MovedMail = SlotMail & { previousStartsAt: string; previousEndsAt: string; previousBookingId: string };

const when = (p: SlotMail) => `${formatDateTime(new Date(p.startsAt))} (SAST)`;
const icsFor = (p: SlotMail, cancelled = false) => [
  {
    filename: "classbook-session.ics",
    contentType: "text/calendar",
    content: slotIcs({ bookingId: p.bookingId, title: p.sessionTitle, startsAt: new Date(p.startsAt), endsAt: new Date(p.endsAt), place: p.place, cancelled }),
  },
];

export const templates = {
  password_reset: {
    schema: z.object({ name: z.string().min(1), resetUrl: url, expiresInMinutes: z.number().int().positive() }),
    subject: () => "Reset your Classbook password",
    Body: (p: { name: string; resetUrl: string; expiresInMinutes: number }) => (
      <Layout preview="Choose a new password for Classbook">
        <Heading style={styles.heading}>Reset your password</Heading>
        <Text style={styles.text}>Hi {p.name},</Text>
        <Text style={styles.text}>
          Someone asked to reset the password of your Classbook account. If it was you, choose a new password within{" "}
          {p.expiresInMinutes} minutes:
        </Text>
        <Button href={p.resetUrl} style={styles.button}>
          Choose a new password
        </Button>
        <Text style={{ ...styles.text, marginTop: "16px" }}>Or open this link: {p.resetUrl}</Text>
        <Text style={styles.text}>The link works once. If you did not ask, ignore this email; your password stays as it is.</Text>
      </Layout>
    ),
  },
  course_enrollment: {
    schema: z.object({ name: z.string().min(1), courseTitle: z.string().min(1), courseUrl: url, invoiceNumber: z.string().min(1) }),
    subject: (p: { courseTitle: string }) => `You're enrolled: ${p.courseTitle}`,
    Body: (p: { name: string; courseTitle: string; courseUrl: string; invoiceNumber: string }) => (
      <Layout preview={`You're enrolled in ${p.courseTitle}`}>
        <Heading style={styles.heading}>You&apos;re enrolled!</Heading>
        <Text style={styles.text}>Hi {p.name},</Text>
        <Text style={styles.text}>
          You are enrolled in <strong>{p.courseTitle}</strong>. Start whenever you are ready.
        </Text>
        <Button href={p.courseUrl} style={styles.button}>
          Open the course
        </Button>
        <Text style={{ ...styles.text, marginTop: "16px" }}>Your invoice {p.invoiceNumber} is under My payments.</Text>
      </Layout>
    ),
  },
  purchase_receipt: {
    schema: z.object({
      name: z.string().min(1),
      itemName: z.string().min(1),
      amountCents: z.number().int().nonnegative(),
      invoiceNumber: z.string().min(1),
      invoiceUrl: url,
    }),
    subject: (p: { itemName: string }) => `Your receipt for ${p.itemName}`,
    Body: (p: { name: string; itemName: string; amountCents: number; invoiceNumber: string; invoiceUrl: string }) => (
      <Layout preview={`Receipt for ${p.itemName}`}>
        <Heading style={styles.heading}>Thank you for your purchase</Heading>
        <Text style={styles.text}>Hi {p.name},</Text>
        <Text style={styles.text}>
          We received {formatZar(p.amountCents)} (VAT included) for <strong>{p.itemName}</strong>.
        </Text>
        <Text style={styles.text}>
          Invoice {p.invoiceNumber}: <Link href={p.invoiceUrl}>view or download it</Link>.
        </Text>
      </Layout>
    ),
  },
  booking_confirmation: {
    schema: slotSchema,
    subject: (p: SlotMail) => `Booked: ${p.sessionTitle}, ${when(p)}`,
    attachments: (p: SlotMail) => icsFor(p),
    Body: (p: SlotMail) => (
      <Layout preview={`Your seat is booked for ${when(p)}`}>
        <Heading style={styles.heading}>Your seat is booked</Heading>
        <Text style={styles.text}>Hi {p.name},</Text>
        <Text style={styles.text}>
          You are booked for <strong>{p.sessionTitle}</strong> on {when(p)}.
        </Text>
        <Text style={styles.text}>Where: {p.place}</Text>
        <Text style={styles.text}>The calendar file is attached. Plans changed? Cancel from your bookings so someone else can have the seat.</Text>
        <Button href={p.bookingsUrl} style={styles.button}>
          My bookings
        </Button>
      </Layout>
    ),
  },
  booking_cancellation: {
    schema: slotSchema.extend({ reason: z.string() }),
    subject: (p: SlotMail) => `Cancelled: ${p.sessionTitle}, ${when(p)}`,
    attachments: (p: SlotMail) => icsFor(p, true),
    Body: (p: SlotMail & { reason: string }) => (
      <Layout preview={`Your booking for ${when(p)} is cancelled`}>
        <Heading style={styles.heading}>Booking cancelled</Heading>
        <Text style={styles.text}>Hi {p.name},</Text>
        <Text style={styles.text}>
          Your booking for <strong>{p.sessionTitle}</strong> on {when(p)} is cancelled{p.reason ? `: ${p.reason}` : ""}.
        </Text>
        <Button href={p.bookingsUrl} style={styles.button}>
          Book another slot
        </Button>
      </Layout>
    ),
  },
  booking_moved: {
    schema: slotSchema.extend({ previousStartsAt: z.iso.datetime(), previousEndsAt: z.iso.datetime(), previousBookingId: z.string().min(1) }),
    subject: (p: SlotMail) => `Moved: ${p.sessionTitle}, now ${when(p)}`,
    // The new time as a new event, and the old event's cancellation (calendars match it by UID).
    attachments: (p: MovedMail) => [
      ...icsFor(p),
      {
        filename: "classbook-session-previous-time.ics",
        contentType: "text/calendar",
        content: slotIcs({ bookingId: p.previousBookingId, title: p.sessionTitle, startsAt: new Date(p.previousStartsAt), endsAt: new Date(p.previousEndsAt), place: p.place, cancelled: true }),
      },
    ],
    Body: (p: MovedMail) => (
      <Layout preview={`Your booking moved to ${when(p)}`}>
        <Heading style={styles.heading}>Your booking moved</Heading>
        <Text style={styles.text}>Hi {p.name},</Text>
        <Text style={styles.text}>
          Your seat for <strong>{p.sessionTitle}</strong> is now on {when(p)}. The seat on {formatDateTime(new Date(p.previousStartsAt))} (SAST) is released.
        </Text>
        <Text style={styles.text}>Where: {p.place}</Text>
        <Text style={styles.text}>Two calendar files are attached: the new time, and the cancellation of the old one.</Text>
        <Button href={p.bookingsUrl} style={styles.button}>
          My bookings
        </Button>
      </Layout>
    ),
  },
  booking_reminder: {
    schema: slotSchema,
    subject: (p: SlotMail) => `Tomorrow: ${p.sessionTitle}, ${when(p)}`,
    Body: (p: SlotMail) => (
      <Layout preview={`Reminder: ${p.sessionTitle} on ${when(p)}`}>
        <Heading style={styles.heading}>See you soon</Heading>
        <Text style={styles.text}>Hi {p.name},</Text>
        <Text style={styles.text}>
          A reminder that <strong>{p.sessionTitle}</strong> starts {when(p)}.
        </Text>
        <Text style={styles.text}>Where: {p.place}</Text>
        <Button href={p.bookingsUrl} style={styles.button}>
          My bookings
        </Button>
      </Layout>
    ),
  },
  waitlist_offer: {
    schema: slotSchema.extend({ holdMinutes: z.number().int().positive() }),
    subject: (p: SlotMail) => `A seat opened: ${p.sessionTitle}, ${when(p)}`,
    Body: (p: SlotMail & { holdMinutes: number }) => (
      <Layout preview="A seat opened up for you">
        <Heading style={styles.heading}>A seat opened up</Heading>
        <Text style={styles.text}>Hi {p.name},</Text>
        <Text style={styles.text}>
          A seat in <strong>{p.sessionTitle}</strong> on {when(p)} is free, and we are holding it for you for {p.holdMinutes} minutes.
          After that it goes to the next person on the waitlist.
        </Text>
        <Button href={p.bookingsUrl} style={styles.button}>
          Take the seat
        </Button>
      </Layout>
    ),
  },
} as const;

export type MailTemplate = keyof typeof templates;
export const MAIL_TEMPLATES = Object.keys(templates) as MailTemplate[];
