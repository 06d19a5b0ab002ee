import { notFound } from "next/navigation";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { requireRole } from "@/lib/auth/current-user";
import { adminSession, sessionFormOptions } from "@/lib/booking/admin-queries";
import { rosterFor } from "@/lib/booking/queries";
import { env } from "@/lib/env";
import { formatSlotRange, requestNow } from "@/lib/time";
import { SessionForm } from "../session-form";
import { AddSlotsForm, CancelSlotForm, CapacityForm } from "../slot-forms";

export const metadata = { title: "Session" };

export default async function AdminSessionPage({ params, searchParams }: PageProps<"/admin/sessions/[id]">) {
  await requireRole("super_admin", "/admin/sessions");
  const { id } = await params;
  const data = await adminSession(id);
  if (!data) notFound();
  const [options, roster] = await Promise.all([sessionFormOptions(), rosterFor(data.slots.map((s) => s.id))]);
  const { session } = data;
  const saved = (await searchParams).saved === "1";
  return (
    <>
      <PageHeader title={session.title} />
      {saved ? <Alert tone="success">Session saved.</Alert> : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Details</h2>
          <SessionForm
            initial={{
              id: session.id,
              title: session.title,
              description: session.description,
              courseId: session.courseId ?? "",
              mode: session.mode,
              location: session.location ?? "",
              meetingUrl: session.meetingUrl ?? "",
              instructorIds: data.instructorIds,
            }}
            {...options}
          />
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Add slots</h2>
          <AddSlotsForm sessionId={session.id} zone={env().PLATFORM_TIMEZONE} />
        </Card>
      </div>
      <section aria-labelledby="slots" className="space-y-3">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <h2 id="slots" className="text-lg font-semibold">Slots</h2>
          <form method="get" action="/admin/export/slots" className="flex flex-wrap items-end gap-2" aria-label="Export slots">
            <input type="hidden" name="session" value={session.id} />
            <div>
              <label htmlFor="slots-from" className="block text-sm font-medium">Slots from</label>
              <input id="slots-from" name="from" type="date" className="mt-1 block min-h-11 rounded-lg border border-slate-300 bg-white px-3 py-2 text-base sm:text-sm" />
            </div>
            <div>
              <label htmlFor="slots-to" className="block text-sm font-medium">to</label>
              <input id="slots-to" name="to" type="date" className="mt-1 block min-h-11 rounded-lg border border-slate-300 bg-white px-3 py-2 text-base sm:text-sm" />
            </div>
            <button type="submit" className="min-h-11 rounded-lg px-4 text-sm font-semibold text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50">Export slots CSV</button>
          </form>
        </div>
        {data.slots.length === 0 ? <p className="text-sm text-slate-600">No slots yet.</p> : null}
        {data.slots.map((slot) => {
          const people = roster.filter((r) => r.slotId === slot.id);
          return (
            <Card key={slot.id}>
              <div className="flex flex-col gap-3 sm:flex-row sm:justify-between" data-testid="admin-slot">
                <div>
                  <p className="font-semibold">{formatSlotRange(slot.startsAt, slot.endsAt)}</p>
                  <p className="text-sm text-slate-600">
                    {slot.status === "cancelled" ? "Cancelled" : `${slot.bookedCount} booked${slot.heldCount ? `, ${slot.heldCount} held` : ""} of ${slot.capacity}`}
                  </p>
                  {people.length ? (
                    <ul className="mt-2 text-sm">
                      {people.map((p) => <li key={p.id}>{p.name} <span className="text-slate-600">({p.email}) · {p.status}</span></li>)}
                    </ul>
                  ) : null}
                  <a href={`/admin/export/roster?slot=${slot.id}`} className="mt-2 inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 hover:underline" data-testid="roster-csv">Roster CSV</a>
                </div>
                {slot.status === "scheduled" && slot.endsAt.getTime() > requestNow() ? (
                  <div className="space-y-3 sm:w-72">
                    <CapacityForm slotId={slot.id} sessionId={session.id} capacity={slot.capacity} />
                    <CancelSlotForm slotId={slot.id} sessionId={session.id} />
                  </div>
                ) : null}
              </div>
            </Card>
          );
        })}
      </section>
    </>
  );
}
