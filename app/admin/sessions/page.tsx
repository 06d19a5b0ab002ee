import Link from "next/link";
import { DataTable } from "@/components/admin/data-table";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { sessionParams, sessionsPage } from "@/lib/admin/sessions-table";
import { requireRole } from "@/lib/auth/current-user";
import { formatDateTime } from "@/lib/time";

export const metadata = { title: "Sessions" };

export default async function AdminSessionsPage({ searchParams }: PageProps<"/admin/sessions">) {
  await requireRole("super_admin", "/admin/sessions");
  const params = sessionParams(await searchParams);
  const { rows, total, pages } = await sessionsPage(params);
  return (
    <>
      <PageHeader title="Sessions" actions={<ButtonLink href="/admin/sessions/new">New session</ButtonLink>} />
      <DataTable
        base="/admin/sessions"
        exportHref="/admin/export/sessions"
        state={params}
        searchLabel="Search title, instructor name or email"
        filters={[
          { name: "mode", label: "Delivery", options: [{ value: "online", label: "Online" }, { value: "in_person", label: "In person" }] },
          { name: "course", label: "Course", options: [{ value: "course", label: "Course students only" }, { value: "open", label: "Open to everyone" }] },
          { name: "upcoming", label: "Upcoming slots", options: [{ value: "yes", label: "Has upcoming slots" }, { value: "no", label: "None upcoming" }] },
        ]}
        columns={[
          { key: "title", label: "Session", sortable: true },
          { key: "mode", label: "Delivery" },
          { key: "instructors", label: "Instructors" },
          { key: "upcoming", label: "Upcoming", align: "right" },
          { key: "next", label: "Next slot", sortable: true },
          { key: "created", label: "Created", sortable: true },
        ]}
        rows={rows.map((r) => ({
          id: r.id,
          cells: [
            <div key="t" className="min-w-40">
              <Link href={`/admin/sessions/${r.id}`} className="font-semibold text-brand-700 hover:underline">{r.title}</Link>
              {r.courseTitle ? <span className="block text-xs text-slate-600">{r.courseTitle} students only</span> : null}
              {/* Phones: the next-slot column is off to the side. */}
              <span className="block text-xs text-slate-600 sm:hidden">{r.nextStart ? `Next ${formatDateTime(r.nextStart)}` : "Nothing upcoming"}</span>
            </div>,
            r.mode === "online" ? "Online" : <span key="m" className="whitespace-nowrap">In person<span className="block text-xs whitespace-normal text-slate-600">{r.location}</span></span>,
            r.instructors ?? "",
            r.upcoming,
            r.nextStart ? formatDateTime(r.nextStart) : "",
            formatDateTime(r.createdAt),
          ],
        }))}
        total={total}
        pages={pages}
      />
    </>
  );
}
