import Link from "next/link";
import { DataTable } from "@/components/admin/data-table";
import { PageHeader } from "@/components/ui/card";
import { catalogStatus } from "@/db/schema";
import { ENROLLMENT_KINDS, enrollmentParams, enrollmentsPage } from "@/lib/admin/enrollments-table";
import { requireRole } from "@/lib/auth/current-user";
import { formatDateTime } from "@/lib/time";

export const metadata = { title: "Enrollments" };

export default async function AdminEnrollmentsPage({ searchParams }: PageProps<"/admin/enrollments">) {
  await requireRole("super_admin", "/admin/enrollments");
  const params = enrollmentParams(await searchParams);
  const { rows, total, pages } = await enrollmentsPage(params);
  return (
    <>
      <PageHeader title="Enrollments" description="Course and product enrollments, each from the payment that created it." />
      <DataTable
        base="/admin/enrollments"
        exportHref="/admin/export/enrollments"
        state={params}
        searchLabel="Search student email or name, or course or product title"
        dateRange
        filters={[
          { name: "kind", label: "Kind", options: ENROLLMENT_KINDS.map((k) => ({ value: k, label: k })) },
          { name: "status", label: "Item status", options: catalogStatus.enumValues.map((s) => ({ value: s, label: s })) },
        ]}
        columns={[
          { key: "enrolled", label: "Enrolled", sortable: true },
          { key: "student", label: "Student", sortable: true },
          { key: "item", label: "Item" },
          { key: "kind", label: "Kind" },
          { key: "payment", label: "Payment" },
        ]}
        rows={rows.map((r) => ({
          id: r.id,
          cells: [
            formatDateTime(r.enrolledAt),
            <Link key="s" href={`/admin/students/${r.studentId}`} className="hover:underline">{r.studentName}<span className="block text-xs text-slate-600">{r.studentEmail}</span></Link>,
            <span key="i">{r.title}{r.itemStatus !== "published" ? <span className="block text-xs text-slate-600">{r.itemStatus}</span> : null}</span>,
            r.kind,
            <Link key="p" href={`/admin/payments/${r.paymentId}`} className="font-semibold text-brand-700 hover:underline" aria-label={`View payment for ${r.title} by ${r.studentName}`}>View payment</Link>,
          ],
        }))}
        total={total}
        pages={pages}
      />
    </>
  );
}
