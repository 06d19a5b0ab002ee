import Link from "next/link";
import { DataTable } from "@/components/admin/data-table";
import { PageHeader } from "@/components/ui/card";
import { NOTIFICATION_TYPES, notificationParams, notificationsTablePage } from "@/lib/admin/notifications-table";
import { requireRole } from "@/lib/auth/current-user";
import { formatDateTime } from "@/lib/time";
import { MarkAllReadButton, MarkReadButton } from "./buttons";

export const metadata = { title: "Notifications" };

const typeLabel = (type: string) => (NOTIFICATION_TYPES as Record<string, string>)[type] ?? type;

export default async function NotificationsPage({ searchParams }: PageProps<"/admin/notifications">) {
  await requireRole("super_admin", "/admin/notifications");
  const params = notificationParams(await searchParams);
  const { rows, total, pages } = await notificationsTablePage(params);
  return (
    <>
      <PageHeader title="Notifications" description="Purchases, enrollments, bookings and anything that needs a look." actions={<MarkAllReadButton />} />
      <DataTable
        base="/admin/notifications"
        exportHref="/admin/export/notifications"
        state={params}
        searchLabel="Search title or text"
        dateRange
        filters={[
          { name: "type", label: "Type", options: Object.entries(NOTIFICATION_TYPES).map(([value, label]) => ({ value, label })) },
          { name: "read", label: "Read", options: [{ value: "unread", label: "Unread" }, { value: "read", label: "Read" }] },
        ]}
        columns={[
          { key: "notification", label: "Notification" },
          { key: "type", label: "Type" },
          { key: "created", label: "Received", sortable: true },
        ]}
        rows={rows.map((n) => ({
          id: n.id,
          cells: [
            <div key="n" className={`-m-2 flex min-w-56 flex-col gap-2 rounded-lg p-2 sm:flex-row sm:items-start sm:justify-between ${n.readAt ? "" : "bg-brand-50/60"}`} data-testid="notification">
              <div className="min-w-0">
                <p className="font-semibold">
                  {!n.readAt ? <span className="mr-2 inline-block size-2 rounded-full bg-brand-600" aria-label="Unread" /> : null}
                  {n.link ? <Link href={n.link} className="hover:underline">{n.title}</Link> : n.title}
                </p>
                <p className="text-slate-700">{n.body}</p>
                {/* Phones: the type and time columns are off to the side. */}
                <p className="text-xs text-slate-600 sm:hidden">{typeLabel(n.type)} · {formatDateTime(n.createdAt)}</p>
                {n.readAt ? <p className="text-xs text-slate-600">Read {formatDateTime(n.readAt)}</p> : null}
              </div>
              {!n.readAt ? <MarkReadButton id={n.id} /> : null}
            </div>,
            typeLabel(n.type),
            <span key="c" className="whitespace-nowrap">{formatDateTime(n.createdAt)}</span>,
          ],
        }))}
        total={total}
        pages={pages}
      />
    </>
  );
}
