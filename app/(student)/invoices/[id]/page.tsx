import { notFound } from "next/navigation";
import { ButtonLink } from "@/components/ui/button";
import { requireUser } from "@/lib/auth/current-user";
import { formatZar } from "@/lib/money";
import { invoiceForViewer } from "@/lib/payments/queries";
import { formatDate } from "@/lib/time";
import { env } from "@/lib/env";

export const metadata = { title: "Invoice" };

export default async function InvoicePage({ params }: PageProps<"/invoices/[id]">) {
  const { id } = await params;
  const user = await requireUser(`/invoices/${id}`);
  const row = await invoiceForViewer(id, user);
  if (!row) notFound();
  const { invoice } = row;
  const vatPercent = invoice.vatRateBasisPoints / 100;
  return (
    <article className="mx-auto max-w-2xl rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
      <header className="flex flex-col gap-4 sm:flex-row sm:justify-between">
        <div>
          <h1 className="text-2xl font-bold">Tax invoice</h1>
          <p className="font-mono text-sm text-slate-700">{invoice.number}</p>
          <p className="text-sm text-slate-600">Issued {formatDate(invoice.issuedAt)}</p>
        </div>
        <div className="text-sm sm:text-right">
          <p className="font-semibold">{invoice.sellerName}</p>
          <p className="text-slate-600">{env().SELLER_ADDRESS}</p>
          {invoice.sellerVatNumber ? <p className="text-slate-600">VAT no. {invoice.sellerVatNumber}</p> : null}
        </div>
      </header>
      <section className="mt-6 text-sm">
        <h2 className="font-semibold">Billed to</h2>
        <p>{invoice.billedToName}</p>
        <p className="break-all text-slate-600">{invoice.billedToEmail}</p>
      </section>
      <table className="mt-6 w-full text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-left text-slate-600">
            <th className="py-2 font-medium">Description</th>
            <th className="py-2 text-right font-medium">Qty</th>
            <th className="py-2 text-right font-medium">Amount (incl. VAT)</th>
          </tr>
        </thead>
        <tbody>
          {invoice.lines.map((line, i) => (
            <tr key={i} className="border-b border-slate-100">
              <td className="py-2">{line.description}</td>
              <td className="py-2 text-right tabular-nums">{line.quantity}</td>
              <td className="py-2 text-right tabular-nums">{formatZar(line.totalCents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot className="tabular-nums">
          <tr>
            <td colSpan={2} className="pt-3 text-right text-slate-600">Subtotal (excl. VAT)</td>
            <td className="pt-3 text-right">{formatZar(invoice.subtotalCents)}</td>
          </tr>
          <tr>
            <td colSpan={2} className="text-right text-slate-600">VAT ({vatPercent}%)</td>
            <td className="text-right">{formatZar(invoice.vatCents)}</td>
          </tr>
          <tr className="font-bold">
            <td colSpan={2} className="pt-1 text-right">Total paid</td>
            <td className="pt-1 text-right" data-testid="invoice-total">{formatZar(invoice.totalCents)}</td>
          </tr>
        </tfoot>
      </table>
      <p className="mt-4 text-xs text-slate-600">
        Paid by {row.payment.method === "payfast" ? "PayFast" : row.payment.method === "manual" ? `EFT/cash${row.payment.reference ? ` (ref ${row.payment.reference})` : ""}` : "free enrollment"}.
      </p>
      <div className="mt-6">
        <ButtonLink href={`/invoices/${invoice.id}/pdf`} prefetch={false}>
          Download PDF
        </ButtonLink>
      </div>
    </article>
  );
}
