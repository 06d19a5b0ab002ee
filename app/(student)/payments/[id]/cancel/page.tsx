import { notFound } from "next/navigation";
import { ButtonLink } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/current-user";
import { paymentForViewer } from "@/lib/payments/queries";
import { cancelStartedPayment } from "@/lib/payments/cancel";
import { RetryButton } from "../../retry-button";

export const metadata = { title: "Payment cancelled" };

// PayFast's cancel_url: the buyer walked away. A still-STARTED payment becomes CANCELLED; a
// payment the ITN already completed stays completed.
export default async function PaymentCancelPage({ params }: PageProps<"/payments/[id]/cancel">) {
  const { id } = await params;
  const user = await requireUser(`/payments/${id}/cancel`);
  const row = await paymentForViewer(id, user);
  if (!row || row.payment.userId !== user.id) notFound();
  const status = await cancelStartedPayment(row.payment.id);
  const itemHref = row.courseSlug ? `/courses/${row.courseSlug}` : row.productSlug ? `/products/${row.productSlug}` : "/";
  return (
    <div className="mx-auto max-w-lg">
      <Card>
        {status === "COMPLETED" ? (
          <>
            <h1 className="text-2xl font-bold">This payment already went through</h1>
            <p className="mt-2 text-slate-600">PayFast confirmed it before you cancelled, so {row.payment.itemName} is yours.</p>
            <ButtonLink href={`/payments/${row.payment.id}/return`} className="mt-6">
              See the receipt
            </ButtonLink>
          </>
        ) : (
          <>
            <h1 className="text-2xl font-bold">Payment cancelled</h1>
            <div className="mt-3">
              <Alert tone="info">You have not been charged for {row.payment.itemName}.</Alert>
            </div>
            <div className="mt-6 flex flex-col gap-3 sm:flex-row">
              <RetryButton paymentId={row.payment.id} />
              <ButtonLink href={itemHref} variant="secondary">
                Back to {row.payment.itemName}
              </ButtonLink>
            </div>
          </>
        )}
      </Card>
    </div>
  );
}
