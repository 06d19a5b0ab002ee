import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { db, type Executor } from "@/db";
import { courses, coursesEnrolled, products } from "@/db/schema";

export type ItemKind = "course" | "product";
export type SellableItem = { kind: ItemKind; id: string; slug: string; name: string; description: string; priceCents: number; status: string };

export async function listPublished(kind: ItemKind): Promise<SellableItem[]> {
  if (kind === "course") {
    const rows = await db.select().from(courses).where(eq(courses.status, "published")).orderBy(asc(courses.priceCents), asc(courses.title));
    return rows.map((c) => ({ kind, id: c.id, slug: c.slug, name: c.title, description: c.description, priceCents: c.priceCents, status: c.status }));
  }
  const rows = await db.select().from(products).where(eq(products.status, "published")).orderBy(asc(products.priceCents), asc(products.name));
  return rows.map((p) => ({ kind, id: p.id, slug: p.slug, name: p.name, description: p.description, priceCents: p.priceCents, status: p.status }));
}

/** Any item by slug, whatever its status (pages show archived items to their owners). */
export async function findItem(kind: ItemKind, slug: string, tx: Executor = db): Promise<SellableItem | null> {
  if (kind === "course") {
    const [c] = await tx.select().from(courses).where(eq(courses.slug, slug));
    return c ? { kind, id: c.id, slug: c.slug, name: c.title, description: c.description, priceCents: c.priceCents, status: c.status } : null;
  }
  const [p] = await tx.select().from(products).where(eq(products.slug, slug));
  return p ? { kind, id: p.id, slug: p.slug, name: p.name, description: p.description, priceCents: p.priceCents, status: p.status } : null;
}

export async function ownsCourse(userId: string, courseId: string, tx: Executor = db): Promise<boolean> {
  const [row] = await tx
    .select({ id: coursesEnrolled.id })
    .from(coursesEnrolled)
    .where(and(eq(coursesEnrolled.userId, userId), eq(coursesEnrolled.courseId, courseId)));
  return Boolean(row);
}
