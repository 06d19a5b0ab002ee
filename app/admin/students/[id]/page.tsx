import Link from "next/link";
import { desc, eq } from "drizzle-orm";
import { notFound } from "next/navigation";
import { Pagination, pageParam } from "@/components/pagination";
import { PaymentStatusBadge } from "@/components/payment-status";
import { TimelineList } from "@/components/timeline-list";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { db } from "@/db";
import { authSignInEvents, users } from "@/db/schema";
import { requireRole } from "@/lib/auth/current-user";
import { bookingsOf } from "@/lib/booking/queries";
import { formatZar } from "@/lib/money";
import { libraryOf, paymentsOf } from "@/lib/payments/queries";
import { formatDate, formatDateTime, formatSlotRange } from "@/lib/time";
import { timelinePage } from "@/lib/timeline/queries";
import { DisableForm, RoleForm } from "../../users/user-controls";

export const metadata = { title: "Student" };

const outcomeLabel: Record<string, string> = { success: "Signed in", wrong_password: "Wrong password", rate_limited: "Blocked (too many attempts)", disabled: "Refused (disabled)" };

export default async function AdminStudentPage({ params, searchParams }: PageProps<"/admin/students/[id]">) {
  const admin = await requireRole("super_admin", "/admin/users");
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const [student] = await db.select().from(users).where(eq(users.id, id));
  if (!student) notFound();
  const page = pageParam((await searchParams).page);
  const [timeline, payments, library, { bookings }, signIns] = await Promise.all([
    timelinePage(id, page),
    paymentsOf(id),
    libraryOf(id),
    bookingsOf(id),
    db.select().from(authSignInEvents).where(eq(authSignInEvents.userId, id)).orderBy(desc(authSignInEvents.createdAt)).limit(20),
  ]);
  return (
    <>
      <PageHeader title={student.name} description={`${student.email} · joined ${formatDate(student.createdAt)}${student.disabledAt ? " · DISABLED" : ""}`} />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card>
          <h2 className="font-semibold">Account</h2>
          {admin.id === student.id ? (
            <p className="mt-2 text-sm text-slate-600">This is your own account.</p>
          ) : (
            <div className="mt-3 space-y-4">
              <RoleForm userId={student.id} role={student.role} />
              <DisableForm userId={student.id} disabled={Boolean(student.disabledAt)} />
            </div>
          )}
        </Card>
        <Card>
          <h2 className="font-semibold">Enrollments</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {library.courses.map((c) => <li key={c.slug}>Course: {c.title} <span className="text-slate-600">({formatDate(c.enrolledAt)})</span></li>)}
            {library.products.map((p, i) => <li key={`${p.slug}-${i}`}>Product: {p.name} <span className="text-slate-600">({formatDate(p.boughtAt)})</span></li>)}
            {library.courses.length + library.products.length === 0 ? <li className="text-slate-600">None</li> : null}
          </ul>
        </Card>
        <Card>
          <h2 className="font-semibold">Bookings</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {bookings.slice(0, 10).map((b) => <li key={b.booking.id}>{b.session.title}: {formatSlotRange(b.slot.startsAt, b.slot.endsAt)} <span className="text-slate-600">({b.booking.status})</span></li>)}
            {bookings.length === 0 ? <li className="text-slate-600">None</li> : null}
          </ul>
        </Card>
      </div>
      <Card>
        <h2 className="font-semibold">Payments</h2>
        {payments.length === 0 ? <p className="mt-2 text-sm text-slate-600">None</p> : (
          <ul className="mt-2 divide-y divide-slate-100 text-sm">
            {payments.map(({ payment, invoice }) => (
              <li key={payment.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <Link href={`/admin/payments/${payment.id}`} className="text-brand-700 hover:underline">{payment.itemName}</Link>
                <span className="tabular-nums">{formatZar(payment.amountCents)} · {payment.method} · {formatDateTime(payment.createdAt)} {invoice?.number ? `· ${invoice.number}` : ""}</span>
                <PaymentStatusBadge status={payment.status} />
              </li>
            ))}
          </ul>
        )}
      </Card>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <h2 className="mb-3 font-semibold">Timeline</h2>
          {timeline.rows.length === 0 ? <EmptyState title="No activity yet" /> : <TimelineList rows={timeline.rows} />}
          <Pagination page={page} pages={timeline.pages} href={(p) => `/admin/students/${id}?page=${p}`} />
        </Card>
        <Card>
          <h2 className="font-semibold">Sign-in history</h2>
          <ul className="mt-2 space-y-1 text-sm" data-testid="sign-in-history">
            {signIns.map((s) => <li key={s.id}>{formatDateTime(s.createdAt)} · {outcomeLabel[s.outcome] ?? s.outcome} · {s.ip ?? "unknown address"}</li>)}
            {signIns.length === 0 ? <li className="text-slate-600">No sign-ins recorded.</li> : null}
          </ul>
        </Card>
      </div>
    </>
  );
}
