import { count } from "drizzle-orm";
import { connection } from "next/server";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { db } from "@/db";
import { courses, payments, products, users } from "@/db/schema";
import { requireRole } from "@/lib/auth/current-user";

export const metadata = { title: "Admin" };

export default async function AdminHomePage() {
  await connection();
  await requireRole("super_admin", "/admin");
  const [[u], [c], [p], [pay]] = await Promise.all([
    db.select({ n: count() }).from(users),
    db.select({ n: count() }).from(courses),
    db.select({ n: count() }).from(products),
    db.select({ n: count() }).from(payments),
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
      <EmptyState title="No notifications yet">Purchases, enrollments and bookings will appear here as they happen.</EmptyState>
    </>
  );
}
