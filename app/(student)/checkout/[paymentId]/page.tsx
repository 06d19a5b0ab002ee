import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/current-user";
import { payfastFormFor } from "@/lib/payments/checkout";
import { AutoSubmitForm } from "./auto-submit";

export const metadata = { title: "Redirecting to PayFast" };

export default async function CheckoutRedirectPage({ params }: PageProps<"/checkout/[paymentId]">) {
  const { paymentId } = await params;
  const user = await requireUser(`/checkout/${paymentId}`);
  const form = /^[0-9a-f-]{36}$/i.test(paymentId) ? await payfastFormFor(paymentId, user.id) : null;
  if (!form) notFound();
  return (
    <div className="mx-auto max-w-md py-10 text-center">
      <h1 className="text-2xl font-bold">Taking you to PayFast…</h1>
      <p className="mt-2 text-slate-600">You will pay on PayFast&apos;s secure page and then come back here.</p>
      <AutoSubmitForm action={form.action} fields={form.fields} />
    </div>
  );
}
