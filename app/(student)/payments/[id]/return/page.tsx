import { notFound } from "next/navigation";
import { ButtonLink } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/current-user";
import { formatZar } from "@/lib/money";
import { paymentForViewer } from "@/lib/payments/queries";
import { formatDateTime } from "@/lib/time";
import { Refresher } from "./refresher";
import { RetryButton } from "../../retry-button";

export const metadata = { title: "Payment" };

// PayFast sends the browser here; it proves nothing. Only the ITN marks a payment paid, so this
// page reads the payment's state and waits for it.
export default async function PaymentReturnPage({ params }: PageProps<"/payments/[id]/return">) {
  const { id } = await params;
  const user = await requireUser(`/payments/${id}/return`);
  const row = await paymentForViewer(id, user);
  if (!row) notFound();
  const { payment, invoice } = row;
  const itemHref = row.courseSlug ? `/courses/${row.courseSlug}` : row.productSlug ? `/products/${row.productSlug}` : "/";

  return (
    <div className="mx-auto max-w-lg">
      {payment.status === "STARTED" ? (
        <Card>
          <Refresher />
          <div role="status" className="flex items-center gap-3">
            <span aria-hidden className="size-5 animate-spin rounded-full border-2 border-brand-600 border-t-transparent" />
            <h1 className="text-xl font-bold">Payment processing…</h1>
          </div>
          <p className="mt-3 text-slate-600">
            We are waiting for PayFast to confirm your payment of {formatZar(payment.amountCents)} for {payment.itemName}. This usually
            takes a few seconds; this page updates by itself.
          </p>
        </Card>
      ) : payment.status === "COMPLETED" ? (
        <Card>
          <h1 className="text-2xl font-bold text-green-800">Payment received. Thank you!</h1>
          <dl className="mt-4 space-y-2 text-sm">
            <div className="flex justify-between gap-4">
              <dt className="text-slate-600">Item</dt>
              <dd className="text-right font-medium">{payment.itemName}</dd>
            </div>
            <div className="flex justify-between gap-4">
              <dt className="text-slate-600">Amount</dt>
              <dd className="font-medium tabular-nums">{payment.amountCents === 0 ? "Free" : formatZar(payment.amountCents)}</dd>
            </div>
            <div className="flex justify-between gap-4">
              <dt className="text-slate-600">Paid</dt>
              <dd className="font-medium">{payment.completedAt ? formatDateTime(payment.completedAt) : ""}</dd>
            </div>
            {invoice ? (
              <div className="flex justify-between gap-4">
                <dt className="text-slate-600">Invoice</dt>
                <dd className="font-medium">{invoice.number}</dd>
              </div>
            ) : null}
          </dl>
          <div className="mt-6 flex flex-col gap-3 sm:flex-row">
            <ButtonLink href="/library">Go to my library</ButtonLink>
            {invoice ? (
              <ButtonLink href={`/invoices/${invoice.id}`} variant="secondary">
                View invoice
              </ButtonLink>
            ) : null}
          </div>
        </Card>
      ) : (
        <Card>
          <h1 className="text-2xl font-bold">{payment.status === "FAILED" ? "Payment failed" : "Payment cancelled"}</h1>
          <div className="mt-3">
            <Alert tone={payment.status === "FAILED" ? "error" : "info"}>
              {payment.status === "FAILED"
                ? "PayFast could not take the payment. You have not been charged."
                : "You cancelled the payment. You have not been charged."}
            </Alert>
          </div>
          <div className="mt-6 flex flex-col gap-3 sm:flex-row">
            <RetryButton paymentId={payment.id} />
            <ButtonLink href={itemHref} variant="secondary">
              Back to {payment.itemName}
            </ButtonLink>
          </div>
        </Card>
      )}
    </div>
  );
}
