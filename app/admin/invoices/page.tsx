import Link from "next/link";
import { DataTable } from "@/components/admin/data-table";
import { PageHeader } from "@/components/ui/card";
import { invoiceItem, invoiceParams, invoicesPage, invoiceYears } from "@/lib/admin/invoices-table";
import { requireRole } from "@/lib/auth/current-user";
import { formatZar } from "@/lib/money";
import { formatDateTime } from "@/lib/time";

export const metadata = { title: "Invoices" };

export default async function AdminInvoicesPage({ searchParams }: PageProps<"/admin/invoices">) {
  await requireRole("super_admin", "/admin/invoices");
  const params = invoiceParams(await searchParams);
  const [{ rows, total, pages }, years] = await Promise.all([invoicesPage(params), invoiceYears()]);
  return (
    <>
      <PageHeader title="Invoices" description="Every tax invoice issued, with its PDF." />
      <DataTable
        base="/admin/invoices"
        exportHref="/admin/export/invoices"
        state={params}
        searchLabel="Search invoice number, student email or name, or payment id"
        dateRange
        filters={[{ name: "year", label: "Year", options: years.map((y) => ({ value: String(y), label: String(y) })) }]}
        columns={[
          { key: "number", label: "Number", sortable: true },
          { key: "issued", label: "Issued", sortable: true },
          { key: "student", label: "Student" },
          { key: "item", label: "Item" },
          { key: "subtotal", label: "Excl. VAT", align: "right" },
          { key: "vat", label: "VAT", align: "right" },
          { key: "total", label: "Total", sortable: true, align: "right" },
          { key: "pdf", label: "PDF" },
        ]}
        rows={rows.map((r) => {
          const number: string | null = r.number;
          return {
            id: r.id,
            cells: [
              <Link key="n" href={`/invoices/${r.id}`} className="whitespace-nowrap font-mono text-brand-700 hover:underline" data-testid="invoice-number">{number ?? "—"}</Link>,
              formatDateTime(r.issuedAt),
              <Link key="s" href={`/admin/students/${r.studentId}`} className="hover:underline">{r.studentName}<span className="block text-xs text-slate-600">{r.studentEmail}</span></Link>,
              <Link key="i" href={`/admin/payments/${r.paymentId}`} className="hover:underline">{invoiceItem(r)}</Link>,
              formatZar(r.subtotalCents),
              formatZar(r.vatCents),
              formatZar(r.totalCents),
              // A plain link: the PDF route answers with an attachment, not a page to navigate to.
              <a key="p" href={`/invoices/${r.id}/pdf`} className="font-semibold text-brand-700 hover:underline" aria-label={`Download invoice ${number ?? ""} as PDF`.trim()}>PDF</a>,
            ],
          };
        })}
        total={total}
        pages={pages}
      />
    </>
  );
}
