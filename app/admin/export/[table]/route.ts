import { getCurrentUser } from "@/lib/auth/current-user";
import { enrollmentParams, enrollmentsForExport } from "@/lib/admin/enrollments-table";
import { invoiceItem, invoiceParams, invoicesForExport } from "@/lib/admin/invoices-table";
import { paymentParams, paymentsForExport } from "@/lib/admin/payments-table";
import { userParams, usersForExport } from "@/lib/admin/users-table";
import { mailForExport, mailParams } from "@/lib/admin/mail-table";
import { notificationParams, notificationsForExport } from "@/lib/admin/notifications-table";
import { rosterForExport, rosterParams, sessionParams, sessionsForExport, slotExportParams, slotsForExport } from "@/lib/admin/sessions-table";
import { toCsv } from "@/lib/admin/table-params";
import { centsToAmount } from "@/lib/payfast/amount";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Exporter = { header: string[]; rows: (raw: Record<string, string>) => AsyncGenerator<(string | number | null)[][]> };

const exporters: Record<string, Exporter> = {
  payments: {
    header: ["payment_id", "started_at", "completed_at", "status", "method", "amount_zar", "item", "student_name", "student_email", "invoice"],
    async *rows(raw) {
      for await (const batch of paymentsForExport(paymentParams(raw))) {
        yield batch.map((r) => [r.id, r.createdAt.toISOString(), r.completedAt?.toISOString() ?? "", r.status, r.method, centsToAmount(r.amountCents), r.itemName, r.buyerName, r.buyerEmail, r.invoiceNumber ?? ""]);
      }
    },
  },
  invoices: {
    header: ["invoice_id", "number", "issued_at", "student_name", "student_email", "item", "subtotal_zar", "vat_zar", "total_zar", "payment_id"],
    async *rows(raw) {
      for await (const batch of invoicesForExport(invoiceParams(raw))) {
        yield batch.map((r) => [r.id, r.number ?? "", r.issuedAt.toISOString(), r.studentName, r.studentEmail, invoiceItem(r), centsToAmount(r.subtotalCents), centsToAmount(r.vatCents), centsToAmount(r.totalCents), r.paymentId]);
      }
    },
  },
  enrollments: {
    header: ["enrollment_id", "kind", "enrolled_at", "student_name", "student_email", "item", "item_status", "payment_id"],
    async *rows(raw) {
      for await (const batch of enrollmentsForExport(enrollmentParams(raw))) {
        yield batch.map((r) => [r.id, r.kind, r.enrolledAt.toISOString(), r.studentName, r.studentEmail, r.title, r.itemStatus, r.paymentId]);
      }
    },
  },
  users: {
    header: ["user_id", "name", "email", "role", "status", "created_at"],
    async *rows(raw) {
      for await (const batch of usersForExport(userParams(raw))) {
        yield batch.map((r) => [r.id, r.name, r.email, r.role, r.disabledAt ? "disabled" : "active", r.createdAt.toISOString()]);
      }
    },
  },
  sessions: {
    header: ["session_id", "title", "mode", "location", "meeting_url", "course", "instructors", "upcoming_slots", "next_slot_starts_at", "created_at"],
    async *rows(raw) {
      for await (const batch of sessionsForExport(sessionParams(raw))) {
        yield batch.map((r) => [r.id, r.title, r.mode, r.location ?? "", r.meetingUrl ?? "", r.courseTitle ?? "", r.instructors ?? "", r.upcoming, r.nextStart?.toISOString() ?? "", r.createdAt.toISOString()]);
      }
    },
  },
  // `booked` is the seats taken (as the session page shows it); attended and no_show are part of it.
  slots: {
    header: ["slot_id", "session_id", "session_title", "starts_at", "ends_at", "status", "capacity", "booked", "held", "seats_left", "attended", "no_show", "cancelled_bookings"],
    async *rows(raw) {
      for await (const batch of slotsForExport(slotExportParams(raw))) {
        yield batch.map((r) => [
          r.id, r.sessionId, r.sessionTitle, r.startsAt.toISOString(), r.endsAt.toISOString(), r.status, r.capacity, r.bookedCount, r.heldCount,
          r.status === "cancelled" ? 0 : r.capacity - r.bookedCount - r.heldCount, r.attended, r.noShow, r.cancelled,
        ]);
      }
    },
  },
  roster: {
    header: ["booking_id", "slot_id", "session_title", "slot_starts_at", "student_name", "student_email", "status", "booked_at", "cancelled_at"],
    async *rows(raw) {
      const rows = await rosterForExport(rosterParams(raw));
      if (rows.length) yield rows.map((r) => [r.bookingId, r.slotId, r.sessionTitle, r.startsAt.toISOString(), r.studentName, r.studentEmail, r.status, r.bookedAt.toISOString(), r.cancelledAt?.toISOString() ?? ""]);
    },
  },
  // No rendered bodies: addresses, subjects and delivery facts only.
  mail: {
    header: ["mail_id", "created_at", "status", "template", "to", "subject", "attempts", "last_error", "sent_at", "provider_message_id"],
    async *rows(raw) {
      for await (const batch of mailForExport(mailParams(raw))) {
        yield batch.map((r) => [r.id, r.createdAt.toISOString(), r.status, r.template, r.toEmail, r.subject, r.attempts, r.lastError ?? "", r.sentAt?.toISOString() ?? "", r.providerMessageId ?? ""]);
      }
    },
  },
  notifications: {
    header: ["notification_id", "created_at", "type", "title", "body", "link", "read_at"],
    async *rows(raw) {
      for await (const batch of notificationsForExport(notificationParams(raw))) {
        yield batch.map((r) => [r.id, r.createdAt.toISOString(), r.type, r.title, r.body, r.link ?? "", r.readAt?.toISOString() ?? ""]);
      }
    },
  },
};

/** CSV of exactly the rows the table shows with the same filters, streamed in batches. */
export async function GET(request: Request, ctx: RouteContext<"/admin/export/[table]">) {
  const user = await getCurrentUser();
  if (!user) return new Response("Sign in first.", { status: 401 });
  if (user.role !== "super_admin") return new Response("Forbidden.", { status: 403 });
  const { table } = await ctx.params;
  const exporter = exporters[table];
  if (!exporter) return new Response("Unknown table.", { status: 404 });
  const raw = Object.fromEntries(new URL(request.url).searchParams);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        controller.enqueue(encoder.encode(toCsv(exporter.header, [])));
        for await (const rows of exporter.rows(raw)) controller.enqueue(encoder.encode(toCsv([], rows).replace(/^\r\n/, "")));
        controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="classbook-${table}-${stamp}.csv"`, "Cache-Control": "no-store" },
  });
}
