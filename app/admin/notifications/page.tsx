import Link from "next/link";
import { Pagination, pageParam } from "@/components/pagination";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { requireRole } from "@/lib/auth/current-user";
import { adminNotificationsPage } from "@/lib/notifications/queries";
import { formatDateTime } from "@/lib/time";
import { MarkAllReadButton, MarkReadButton } from "./buttons";

export const metadata = { title: "Notifications" };

export default async function NotificationsPage({ searchParams }: PageProps<"/admin/notifications">) {
  await requireRole("super_admin", "/admin/notifications");
  const page = pageParam((await searchParams).page);
  const { rows, pages } = await adminNotificationsPage(page);
  return (
    <>
      <PageHeader title="Notifications" description="Purchases, enrollments, bookings and anything that needs a look." actions={<MarkAllReadButton />} />
      {rows.length === 0 ? (
        <EmptyState title="No notifications yet">Purchases, enrollments and bookings will appear here as they happen.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
          {rows.map((n) => (
            <li key={n.id} className={`flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:justify-between ${n.readAt ? "" : "bg-brand-50/60"}`} data-testid="notification">
              <div className="min-w-0">
                <p className="font-semibold">
                  {!n.readAt ? <span className="mr-2 inline-block size-2 rounded-full bg-brand-600" aria-label="Unread" /> : null}
                  {n.link ? (
                    <Link href={n.link} className="hover:underline">
                      {n.title}
                    </Link>
                  ) : (
                    n.title
                  )}
                </p>
                <p className="text-sm text-slate-700">{n.body}</p>
                <p className="text-xs text-slate-600">{formatDateTime(n.createdAt)}</p>
              </div>
              {!n.readAt ? <MarkReadButton id={n.id} /> : null}
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} href={(p) => `/admin/notifications?page=${p}`} />
    </>
  );
}
