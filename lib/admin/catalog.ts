import "server-only";
import { asc, eq } from "drizzle-orm";
import { db } from "@/db";
import { courses, products } from "@/db/schema";
import { isUniqueViolation, violatedConstraint } from "@/lib/db-errors";
import { audit } from "./audit";

export type CatalogKind = "course" | "product";
export type CatalogInput = { name: string; slug: string; description: string; priceCents: number; status: "draft" | "published" | "archived"; imageUrl: string | null };
export type CatalogResult = { ok: true; id: string } | { ok: false; field: string; message: string };

const table = (kind: CatalogKind) => (kind === "course" ? courses : products);

export async function listCatalog() {
  const [c, p] = await Promise.all([
    db.select({ id: courses.id, name: courses.title, slug: courses.slug, priceCents: courses.priceCents, status: courses.status }).from(courses).orderBy(asc(courses.title)),
    db.select({ id: products.id, name: products.name, slug: products.slug, priceCents: products.priceCents, status: products.status }).from(products).orderBy(asc(products.name)),
  ]);
  return { courses: c, products: p };
}

export async function catalogItem(kind: CatalogKind, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  if (kind === "course") {
    const [c] = await db.select().from(courses).where(eq(courses.id, id));
    return c ? { id: c.id, name: c.title, slug: c.slug, description: c.description, priceCents: c.priceCents, status: c.status, imageUrl: c.imageUrl } : null;
  }
  const [p] = await db.select().from(products).where(eq(products.id, id));
  return p ? { id: p.id, name: p.name, slug: p.slug, description: p.description, priceCents: p.priceCents, status: p.status, imageUrl: p.imageUrl } : null;
}

/**
 * Creates or edits a course or product. Archiving only hides it from sale: enrollments,
 * invoices and links keep working because nothing is deleted and slugs stay.
 */
export async function saveCatalogItem(actorId: string, kind: CatalogKind, id: string | null, input: CatalogInput): Promise<CatalogResult> {
  const t = table(kind);
  const values =
    kind === "course"
      ? { title: input.name, slug: input.slug, description: input.description, priceCents: input.priceCents, status: input.status, imageUrl: input.imageUrl }
      : { name: input.name, slug: input.slug, description: input.description, priceCents: input.priceCents, status: input.status, imageUrl: input.imageUrl };
  try {
    return await db.transaction(async (tx) => {
      if (id) {
        const before = await catalogItem(kind, id);
        if (!before) return { ok: false as const, field: "form", message: "That item no longer exists." };
        await tx.update(t).set(values).where(eq(t.id, id));
        await audit(tx, { actorId, action: `${kind}.updated`, entityType: kind, entityId: id, before, after: { ...input } });
        return { ok: true as const, id };
      }
      const [row] = await tx.insert(t).values(values).returning({ id: t.id });
      await audit(tx, { actorId, action: `${kind}.created`, entityType: kind, entityId: row!.id, after: { ...input } });
      return { ok: true as const, id: row!.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, field: "slug", message: "That slug is already used by another item. Choose another." };
    const constraint = violatedConstraint(error);
    if (constraint?.endsWith("_price_nonneg")) return { ok: false, field: "price", message: "The price cannot be negative." };
    if (constraint?.endsWith("_slug_shape")) return { ok: false, field: "slug", message: "Use lowercase letters, digits and single hyphens." };
    throw error;
  }
}
