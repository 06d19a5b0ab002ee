import { Card, PageHeader } from "@/components/ui/card";
import { requireRole } from "@/lib/auth/current-user";
import { CatalogItemForm } from "../item-form";

export const metadata = { title: "New catalog item" };

export default async function NewCatalogItemPage({ searchParams }: PageProps<"/admin/catalog/new">) {
  await requireRole("super_admin", "/admin/catalog");
  const kind = (await searchParams).kind === "product" ? "product" : "course";
  return (
    <>
      <PageHeader title={`New ${kind}`} />
      <Card className="max-w-2xl">
        <CatalogItemForm initial={{ kind, name: "", slug: "", description: "", price: "", status: "draft", imageUrl: "" }} />
      </Card>
    </>
  );
}
