import Link from "next/link";
import { connection } from "next/server";
import { RevenueChart } from "@/components/admin/revenue-chart";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { overview, type Bucket } from "@/lib/admin/overview";
import { tableParams } from "@/lib/admin/table-params";
import { requireRole } from "@/lib/auth/current-user";
import { formatZar } from "@/lib/money";
import { adminNotificationsPage } from "@/lib/notifications/queries";
import { formatDateTime, formatSlotRange, requestNow } from "@/lib/time";

export const metadata = { title: "Admin" };

const day = (d: Date) => new Date(d.getTime() + 2 * 3_600_000).toISOString().slice(0, 10);

export default async function AdminHomePage({ searchParams }: PageProps<"/admin">) {
  await connection();
  await requireRole("super_admin", "/admin");
  const raw = await searchParams;
  const { from: fromParam, to: toParam } = tableParams(raw, { sorts: ["x"] as const, defaultSort: "x" });
  const bucket: Bucket = raw.bucket === "week" || raw.bucket === "month" ? raw.bucket : "day";
  const to = toParam ? new Date(toParam.getTime() + 86_400_000) : new Date(requestNow() + 60_000);
  const from = fromParam ?? new Date(to.getTime() - 30 * 86_400_000);
  const [o, latest] = await Promise.all([overview(from, to, bucket), adminNotificationsPage(1)]);
  const stats = [
    { label: "Revenue (VAT incl.)", value: formatZar(o.revenueCents) },
    { label: "of which VAT", value: formatZar(o.vatCents) },
    { label: "Checkout conversion", value: o.conversion === null ? "–" : `${Math.round(o.conversion * 100)}%` },
    { label: "New students", value: o.newStudents.toLocaleString("en-ZA") },
    { label: "Course enrollments", value: o.courseEnrollments.toLocaleString("en-ZA") },
    { label: "Product sales", value: o.productEnrollments.toLocaleString("en-ZA") },
    { label: "Emails queued", value: String((o.mail.queued ?? 0) + (o.mail.sending ?? 0)) },
    { label: "Emails failed", value: String(o.mail.failed ?? 0) },
  ];
  const input = "mt-1 block min-h-11 rounded-lg border border-slate-300 bg-white px-3 text-sm";
  return (
    <>
      <PageHeader title="Overview" description="The business at a glance." />
      <form method="get" className="flex flex-wrap items-end gap-3 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <div><label htmlFor="from" className="block text-sm font-medium">From</label><input id="from" name="from" type="date" defaultValue={day(from)} className={input} /></div>
        <div><label htmlFor="to" className="block text-sm font-medium">To</label><input id="to" name="to" type="date" defaultValue={day(toParam ?? new Date(requestNow()))} className={input} /></div>
        <div>
          <label htmlFor="bucket" className="block text-sm font-medium">Group by</label>
          <select id="bucket" name="bucket" defaultValue={bucket} className={input}><option value="day">Day</option><option value="week">Week</option><option value="month">Month</option></select>
        </div>
        <button type="submit" className="min-h-11 rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white">Apply</button>
      </form>
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {stats.map((s) => (
          <Card key={s.label}>
            <dt className="text-sm text-slate-600">{s.label}</dt>
            <dd className="mt-1 text-2xl font-bold tabular-nums" data-testid={`stat-${s.label}`}>{s.value}</dd>
          </Card>
        ))}
      </dl>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <h2 className="mb-3 font-semibold">Revenue by {bucket}</h2>
          <RevenueChart series={o.series} />
        </Card>
        <Card>
          <h2 className="font-semibold">PayFast payments by status</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {["STARTED", "COMPLETED", "FAILED", "CANCELLED"].map((s) => (
              <li key={s} className="flex justify-between"><Link className="text-brand-700 hover:underline" href={`/admin/payments?status=${s}`}>{s}</Link><span className="tabular-nums">{o.statusCounts[s] ?? 0}</span></li>
            ))}
          </ul>
        </Card>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <h2 className="font-semibold">Upcoming slots</h2>
          {o.upcoming.length === 0 ? <p className="mt-2 text-sm text-slate-600">None scheduled.</p> : (
            <ul className="mt-2 space-y-2 text-sm">
              {o.upcoming.map((s) => (
                <li key={s.id}>
                  <div className="flex justify-between gap-2"><span className="font-medium">{s.title}</span><span className="tabular-nums">{s.booked}/{s.capacity}</span></div>
                  <div className="text-xs text-slate-600">{formatSlotRange(s.startsAt, s.endsAt)}</div>
                  <div className="mt-1 h-2 rounded bg-slate-100"><div className="h-2 rounded bg-brand-600" style={{ width: `${Math.round((s.booked / s.capacity) * 100)}%` }} /></div>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <section aria-labelledby="latest">
          <div className="mb-3 flex items-center justify-between">
            <h2 id="latest" className="text-lg font-semibold">Latest notifications</h2>
            <Link href="/admin/notifications" className="text-sm font-medium text-brand-700 hover:underline">All notifications</Link>
          </div>
          {latest.rows.length === 0 ? (
            <EmptyState title="No notifications yet">Purchases, enrollments and bookings will appear here as they happen.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-200 rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
              {latest.rows.slice(0, 5).map((n) => (
                <li key={n.id} className="p-4">
                  <p className="font-medium">{n.link ? <Link href={n.link} className="hover:underline">{n.title}</Link> : n.title}</p>
                  <p className="text-sm text-slate-700">{n.body}</p>
                  <p className="text-xs text-slate-600">{formatDateTime(n.createdAt)}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
