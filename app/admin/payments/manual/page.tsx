import { PageHeader, Card } from "@/components/ui/card";
import { requireRole } from "@/lib/auth/current-user";
import { formatZar } from "@/lib/money";
import { listPublished } from "@/lib/payments/catalog";
import { studentsForManualPayment } from "@/lib/payments/queries";
import { ManualPaymentForm } from "./manual-form";

export const metadata = { title: "Record a manual payment" };

export default async function ManualPaymentPage() {
  await requireRole("super_admin", "/admin/payments/manual");
  const [students, courses, products] = await Promise.all([studentsForManualPayment(), listPublished("course"), listPublished("product")]);
  const items = [...courses, ...products].map((i) => ({
    value: `${i.kind}:${i.slug}`,
    label: `${i.kind === "course" ? "Course" : "Product"}: ${i.name} (${i.priceCents === 0 ? "free" : formatZar(i.priceCents)})`,
  }));
  return (
    <>
      <PageHeader title="Record a manual payment" description="For EFT or cash received outside PayFast. The student is enrolled and invoiced at once." />
      <Card className="max-w-xl">
        <ManualPaymentForm students={students.map((s) => ({ value: s.id, label: `${s.name} (${s.email})` }))} items={items} />
      </Card>
    </>
  );
}
