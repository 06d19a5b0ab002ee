import { count } from "drizzle-orm";
import { connection } from "next/server";
import Link from "next/link";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { adminNotificationsPage } from "@/lib/notifications/queries";
import { formatDateTime } from "@/lib/time";
import { db } from "@/db";
import { courses, payments, products, users } from "@/db/schema";
import { requireRole } from "@/lib/auth/current-user";

export const metadata = { title: "Admin" };

export default async function AdminHomePage() {
  await connection();
  await requireRole("super_admin", "/admin");
  const [[u], [c], [p], [pay], latest] = await Promise.all([
    db.select({ n: count() }).from(users),
    db.select({ n: count() }).from(courses),
    db.select({ n: count() }).from(products),
    db.select({ n: count() }).from(payments),
    adminNotificationsPage(1),
  ]);
  const stats = [
    { label: "Users", value: u?.n ?? 0 },
    { label: "Courses", value: c?.n ?? 0 },
    { label: "Products", value: p?.n ?? 0 },
    { label: "Payments", value: pay?.n ?? 0 },
  ];
  return (
    <>
      <PageHeader title="Admin" description="The business at a glance." />
      <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {stats.map((s) => (
          <Card key={s.label}>
            <dt className="text-sm text-slate-600">{s.label}</dt>
            <dd className="mt-1 text-3xl font-bold tabular-nums">{s.value}</dd>
          </Card>
        ))}
      </dl>
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
    </>
  );
}
