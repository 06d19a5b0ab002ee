import type { timeline } from "@/db/schema";
import { formatDateTime } from "@/lib/time";

type Row = typeof timeline.$inferSelect;

// A colour per kind of event (no emoji: not every device has a font for them).
const tone: Partial<Record<Row["event"], string>> = {
  payment_completed: "bg-green-600",
  course_enrolled: "bg-green-600",
  product_enrolled: "bg-green-600",
  booking_made: "bg-green-600",
  booking_moved: "bg-green-600",
  booking_attended: "bg-green-600",
  payment_failed: "bg-red-600",
  booking_no_show: "bg-red-600",
  payment_cancelled: "bg-slate-500",
  booking_cancelled: "bg-slate-500",
  invoice_issued: "bg-brand-600",
  email_sent: "bg-brand-600",
};

export function TimelineList({ rows }: { rows: Row[] }) {
  return (
    <ol className="relative space-y-4 border-l-2 border-slate-200 pl-6">
      {rows.map((r) => (
        <li key={r.id} className="relative" data-testid="timeline-entry">
          <span aria-hidden className={`absolute -left-[31px] top-1.5 size-3 rounded-full ring-4 ring-slate-50 ${tone[r.event] ?? "bg-slate-400"}`} />
          <p className="font-medium">{r.summary}</p>
          <p className="text-xs text-slate-600">{formatDateTime(r.createdAt)}</p>
        </li>
      ))}
    </ol>
  );
}
