import Link from "next/link";
import { DataTable } from "@/components/admin/data-table";
import { PaymentStatusBadge } from "@/components/payment-status";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { paymentMethod, paymentStatus } from "@/db/schema";
import { paymentParams, paymentsPage } from "@/lib/admin/payments-table";
import { requireRole } from "@/lib/auth/current-user";
import { formatZar } from "@/lib/money";
import { formatDateTime } from "@/lib/time";

export const metadata = { title: "Payments" };

export default async function AdminPaymentsPage({ searchParams }: PageProps<"/admin/payments">) {
  await requireRole("super_admin", "/admin/payments");
  const params = paymentParams(await searchParams);
  const { rows, total, pages } = await paymentsPage(params);
  return (
    <>
      <PageHeader title="Payments" actions={<ButtonLink href="/admin/payments/manual" variant="secondary">Record a manual payment</ButtonLink>} />
      <DataTable
        base="/admin/payments"
        exportHref="/admin/export/payments"
        state={params}
        searchLabel="Search student email or name, invoice number or payment id"
        dateRange
        filters={[
          { name: "status", label: "Status", options: paymentStatus.enumValues.map((s) => ({ value: s, label: s })) },
          { name: "method", label: "Method", options: paymentMethod.enumValues.map((s) => ({ value: s, label: s })) },
        ]}
        columns={[
          { key: "created", label: "Started", sortable: true },
          { key: "buyer", label: "Student" },
          { key: "item", label: "Item" },
          { key: "status", label: "Status", sortable: true },
          { key: "method", label: "Method" },
          { key: "amount", label: "Amount", sortable: true, align: "right" },
          { key: "invoice", label: "Invoice" },
        ]}
        rows={rows.map((r) => ({
          id: r.id,
          cells: [
            <Link key="d" href={`/admin/payments/${r.id}`} className="text-brand-700 hover:underline">{formatDateTime(r.createdAt)}</Link>,
            <Link key="b" href={`/admin/students/${r.buyerId}`} className="hover:underline">{r.buyerName}<span className="block text-xs text-slate-600">{r.buyerEmail}</span></Link>,
            r.itemName,
            <PaymentStatusBadge key="s" status={r.status} />,
            r.method,
            formatZar(r.amountCents),
            r.invoiceNumber ?? "",
          ],
        }))}
        total={total}
        pages={pages}
      />
    </>
  );
}
