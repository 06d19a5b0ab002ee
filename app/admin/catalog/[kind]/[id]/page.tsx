import { notFound } from "next/navigation";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { catalogItem } from "@/lib/admin/catalog";
import { requireRole } from "@/lib/auth/current-user";
import { centsToAmount } from "@/lib/payfast/amount";
import { CatalogItemForm } from "../../item-form";

export const metadata = { title: "Edit catalog item" };

export default async function EditCatalogItemPage({ params, searchParams }: PageProps<"/admin/catalog/[kind]/[id]">) {
  await requireRole("super_admin", "/admin/catalog");
  const { kind, id } = await params;
  if (kind !== "course" && kind !== "product") notFound();
  const item = await catalogItem(kind, id);
  if (!item) notFound();
  const saved = (await searchParams).saved === "1";
  return (
    <>
      <PageHeader title={item.name} description={`/${kind === "course" ? "courses" : "products"}/${item.slug}`} />
      {saved ? <Alert tone="success">Saved.</Alert> : null}
      <Card className="max-w-2xl">
        <CatalogItemForm initial={{ kind, id: item.id, name: item.name, slug: item.slug, description: item.description, price: centsToAmount(item.priceCents), status: item.status, imageUrl: item.imageUrl ?? "" }} />
      </Card>
    </>
  );
}
