import Link from "next/link";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { listSessions } from "@/lib/booking/queries";
import { formatDateTime } from "@/lib/time";

export const metadata = { title: "Live sessions" };

export default async function SessionsPage() {
  const rows = await listSessions();
  return (
    <>
      <PageHeader title="Live sessions" description="Book a seat in a session with an instructor, online or in person." />
      {rows.length === 0 ? (
        <EmptyState title="No sessions scheduled yet" />
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {rows.map(({ session, courseTitle, nextStart, upcoming }) => (
            <li key={session.id} className="flex">
              <Link href={`/sessions/${session.id}`} className="flex w-full flex-col rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 hover:ring-brand-600">
                <h2 className="text-lg font-semibold">{session.title}</h2>
                <p className="mt-1 text-sm text-slate-600">{session.mode === "online" ? "Online" : session.location}</p>
                {courseTitle ? <p className="mt-2 text-xs font-medium text-brand-700">For students of {courseTitle}</p> : null}
                <p className="mt-auto pt-4 text-sm">
                  {nextStart ? `Next: ${formatDateTime(nextStart)} · ${upcoming} upcoming` : "No upcoming slots"}
                </p>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
