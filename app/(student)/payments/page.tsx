import Link from "next/link";
import { PaymentStatusBadge } from "@/components/payment-status";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/current-user";
import { formatZar } from "@/lib/money";
import { paymentsOf } from "@/lib/payments/queries";
import { formatDateTime } from "@/lib/time";
import { RetryButton } from "./retry-button";

export const metadata = { title: "My payments" };

export default async function MyPaymentsPage() {
  const user = await requireUser("/payments");
  const rows = await paymentsOf(user.id);
  return (
    <>
      <PageHeader title="My payments" description="Every payment you started, with its invoice once paid." />
      {rows.length === 0 ? (
        <EmptyState title="No payments yet" action={<ButtonLink href="/courses">Browse courses</ButtonLink>}>
          When you buy a course or product, it shows here.
        </EmptyState>
      ) : (
        <ul className="space-y-3">
          {rows.map(({ payment, invoice }) => (
            <li key={payment.id} className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-5" data-testid="payment-row">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div>
                  <p className="font-semibold">{payment.itemName}</p>
                  <p className="text-sm text-slate-600">{formatDateTime(payment.createdAt)}</p>
                </div>
                <div className="text-right">
                  <p className="font-semibold tabular-nums">{payment.amountCents === 0 ? "Free" : formatZar(payment.amountCents)}</p>
                  <PaymentStatusBadge status={payment.status} />
                </div>
              </div>
              <div className="mt-3 flex flex-wrap items-center gap-3 text-sm">
                {invoice?.id ? (
                  <>
                    <Link href={`/invoices/${invoice.id}`} className="font-medium text-brand-700 hover:underline">
                      Invoice {invoice.number}
                    </Link>
                    <a href={`/invoices/${invoice.id}/pdf`} className="font-medium text-brand-700 hover:underline">
                      Download PDF
                    </a>
                  </>
                ) : null}
                {payment.status === "STARTED" ? (
                  <Link href={`/payments/${payment.id}/return`} className="font-medium text-brand-700 hover:underline">
                    Check status
                  </Link>
                ) : null}
                {payment.status === "FAILED" || payment.status === "CANCELLED" ? <RetryButton paymentId={payment.id} /> : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
