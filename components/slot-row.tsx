import type { ReactNode } from "react";
import { ViewerTime } from "@/components/local-time";
import { formatSlotRange } from "@/lib/time";

/** One slot in a list: its time (platform zone, and the viewer's own), a seats line, and an action. */
export function SlotRow({ startsAt, endsAt, zone, seats, action, testId }: { startsAt: Date; endsAt: Date; zone: string; seats: ReactNode; action: ReactNode; testId: string }) {
  return (
    <li className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-5" data-testid={testId}>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <p className="font-semibold">{formatSlotRange(startsAt, endsAt)}</p>
          <ViewerTime iso={startsAt.toISOString()} platformZone={zone} />
          <p className="text-sm text-slate-600" data-testid="seats-left">
            {seats}
          </p>
        </div>
        <div className="sm:w-64">{action}</div>
      </div>
    </li>
  );
}
