import type { PaymentStatus } from "@/db/schema";

const styles: Record<PaymentStatus, string> = {
  STARTED: "bg-amber-100 text-amber-900",
  COMPLETED: "bg-green-100 text-green-800",
  FAILED: "bg-red-100 text-red-800",
  CANCELLED: "bg-slate-200 text-slate-800",
};
const labels: Record<PaymentStatus, string> = { STARTED: "Processing", COMPLETED: "Paid", FAILED: "Failed", CANCELLED: "Cancelled" };

export function PaymentStatusBadge({ status }: { status: PaymentStatus }) {
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold ${styles[status]}`}>{labels[status]}</span>;
}
