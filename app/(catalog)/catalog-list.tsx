import { eq } from "drizzle-orm";
import { ItemCard } from "@/components/catalog/item-card";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { db } from "@/db";
import { coursesEnrolled } from "@/db/schema";
import { getCurrentUser } from "@/lib/auth/current-user";
import { listPublished, type ItemKind } from "@/lib/payments/catalog";

export async function CatalogList({ kind }: { kind: ItemKind }) {
  const [items, user] = await Promise.all([listPublished(kind), getCurrentUser()]);
  const owned = new Set<string>();
  if (user && kind === "course") {
    const rows = await db.select({ id: coursesEnrolled.courseId }).from(coursesEnrolled).where(eq(coursesEnrolled.userId, user.id));
    rows.forEach((r) => owned.add(r.id));
  }
  const base = kind === "course" ? "/courses" : "/products";
  return (
    <>
      <PageHeader
        title={kind === "course" ? "Courses" : "Products"}
        description={kind === "course" ? "Learn at your own pace. Prices include VAT." : "Templates, workbooks and tools. Prices include VAT."}
      />
      {items.length === 0 ? (
        <EmptyState title="Nothing here yet">New {kind === "course" ? "courses" : "products"} are on their way.</EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {items.map((i) => (
            <ItemCard key={i.id} href={`${base}/${i.slug}`} name={i.name} description={i.description} priceCents={i.priceCents} owned={owned.has(i.id)} />
          ))}
        </ul>
      )}
    </>
  );
}
