import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { requireRole } from "@/lib/auth/current-user";
import { listSessions } from "@/lib/booking/queries";
import { formatDateTime } from "@/lib/time";

export const metadata = { title: "Sessions" };

export default async function AdminSessionsPage() {
  await requireRole("super_admin", "/admin/sessions");
  const rows = await listSessions();
  return (
    <>
      <PageHeader title="Sessions" actions={<ButtonLink href="/admin/sessions/new">New session</ButtonLink>} />
      {rows.length === 0 ? (
        <EmptyState title="No sessions yet" />
      ) : (
        <ul className="divide-y divide-slate-200 rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
          {rows.map(({ session, nextStart, upcoming, courseTitle }) => (
            <li key={session.id} className="p-4">
              <Link href={`/admin/sessions/${session.id}`} className="font-semibold text-brand-700 hover:underline">{session.title}</Link>
              <p className="text-sm text-slate-600">
                {session.mode === "online" ? "Online" : session.location}
                {courseTitle ? ` · ${courseTitle} students only` : ""} · {upcoming} upcoming slot{upcoming === 1 ? "" : "s"}
                {nextStart ? ` · next ${formatDateTime(nextStart)}` : ""}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
