import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { requireRole } from "@/lib/auth/current-user";
import { instructorSlots, rosterFor } from "@/lib/booking/queries";
import { formatSlotRange, requestNow } from "@/lib/time";
import { AttendanceButtons } from "./attendance-buttons";

export const metadata = { title: "My sessions" };

const statusLabel = { booked: "Booked", attended: "Attended", no_show: "No-show", cancelled: "Cancelled" } as const;

export default async function InstructorHomePage() {
  const user = await requireRole(["instructor", "super_admin"], "/instructor");
  const slotRows = await instructorSlots(user.id);
  const roster = await rosterFor(slotRows.map((r) => r.slot.id));
  const now = requestNow();
  return (
    <>
      <PageHeader title="My sessions" description="Your slots from the last week on, with who is coming. Mark attendance once a slot has started." />
      {slotRows.length === 0 ? (
        <EmptyState title="No slots">Slots of the sessions you teach will appear here.</EmptyState>
      ) : (
        <ul className="space-y-4">
          {slotRows.map(({ slot, session }) => {
            const people = roster.filter((r) => r.slotId === slot.id);
            const started = slot.startsAt.getTime() <= now;
            return (
              <li key={slot.id}>
                <Card>
                  <div data-testid="instructor-slot">
                    <p className="font-semibold">{session.title}</p>
                    <p className="text-sm">{formatSlotRange(slot.startsAt, slot.endsAt)}</p>
                    <p className="text-sm text-slate-600">{session.mode === "online" ? session.meetingUrl : session.location} · {slot.bookedCount} of {slot.capacity} booked</p>
                    {people.length === 0 ? (
                      <p className="mt-3 text-sm text-slate-600">No bookings yet.</p>
                    ) : (
                      <ul className="mt-3 divide-y divide-slate-100">
                        {people.map((p) => (
                          <li key={p.id} className="flex flex-col gap-2 py-2 sm:flex-row sm:items-center sm:justify-between" data-testid="roster-entry">
                            <span>
                              <span className="font-medium">{p.name}</span> <span className="text-sm text-slate-600">{statusLabel[p.status]}</span>
                            </span>
                            {started ? <AttendanceButtons bookingId={p.id} name={p.name} status={p.status} /> : null}
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                </Card>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
