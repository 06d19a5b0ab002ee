// Small helpers for tests in the "db" project. They write through the app's `db`, which
// tests/helpers/db-setup.ts points at this test file's own database.
import { randomBytes } from "node:crypto";
import { count } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { expect } from "vitest";
import { db } from "@/db/index";
import { courses, payments, products, users, type PaymentStatus, type Role } from "@/db/schema";
import { pgErrorCode, violatedConstraint } from "@/lib/db-errors";

/** Not a real argon2 hash: these users cannot sign in with any password. */
export const DUMMY_PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$dGVzdC1vbmx5$bm90LWEtcmVhbC1oYXNo";

/** A short random suffix that keeps emails and slugs unique within a test file. */
export function uniq(): string {
  return randomBytes(4).toString("hex");
}

export async function createUser(opts: { role?: Role; email?: string; name?: string } = {}) {
  const [user] = await db
    .insert(users)
    .values({
      name: opts.name ?? "Test User",
      email: opts.email ?? `user-${uniq()}@test.local`,
      passwordHash: DUMMY_PASSWORD_HASH,
      role: opts.role ?? "student",
    })
    .returning();
  return user!;
}

type CatalogStatus = (typeof courses.$inferInsert)["status"];

export async function createCourse(opts: { priceCents?: number; status?: CatalogStatus; slug?: string; title?: string } = {}) {
  const [course] = await db
    .insert(courses)
    .values({
      slug: opts.slug ?? `course-${uniq()}`,
      title: opts.title ?? "Test Course",
      priceCents: opts.priceCents ?? 150_000,
      status: opts.status ?? "published",
    })
    .returning();
  return course!;
}

export async function createProduct(opts: { priceCents?: number; status?: CatalogStatus; slug?: string; name?: string } = {}) {
  const [product] = await db
    .insert(products)
    .values({
      slug: opts.slug ?? `product-${uniq()}`,
      name: opts.name ?? "Test Product",
      priceCents: opts.priceCents ?? 25_000,
      status: opts.status ?? "published",
    })
    .returning();
  return product!;
}

/**
 * A payment for exactly one course or product. A COMPLETED one is inserted with completed_at set
 * (the transition trigger guards updates only).
 */
export async function createPayment(opts: {
  userId: string;
  courseId?: string;
  productId?: string;
  status?: PaymentStatus;
  amountCents?: number;
  method?: "payfast" | "manual" | "free";
}) {
  const status = opts.status ?? "STARTED";
  const [payment] = await db
    .insert(payments)
    .values({
      userId: opts.userId,
      courseId: opts.courseId ?? null,
      productId: opts.productId ?? null,
      method: opts.method ?? "payfast",
      status,
      amountCents: opts.amountCents ?? 150_000,
      itemName: "Test item",
      completedAt: status === "COMPLETED" ? new Date() : null,
    })
    .returning();
  return payment!;
}

export async function countRows(table: PgTable): Promise<number> {
  const [row] = await db.select({ n: count() }).from(table);
  return row!.n;
}

/**
 * Asserts that a query was refused by PostgreSQL with the given SQLSTATE (e.g. "23505") and,
 * when given, the given constraint (or unique index / trigger-raised constraint) name.
 */
export async function expectDbError(query: PromiseLike<unknown>, expected: { code: string; constraint?: string }) {
  const outcome = await Promise.resolve(query).then(
    () => ({ refused: false as const }),
    (error: unknown) => ({ refused: true as const, error }),
  );
  const wanted = `${expected.code}${expected.constraint ? ` (${expected.constraint})` : ""}`;
  expect(outcome.refused, `expected the database to refuse with ${wanted}, but the query succeeded`).toBe(true);
  const error = outcome.refused ? outcome.error : undefined;
  const actual = { code: pgErrorCode(error), constraint: violatedConstraint(error) };
  const cause = (error as { cause?: { message?: string } } | undefined)?.cause?.message;
  const message = `expected ${wanted}, got ${actual.code} (${actual.constraint ?? "no constraint"}): ${cause ?? String(error)}`;
  expect(actual.code, message).toBe(expected.code);
  if (expected.constraint !== undefined) expect(actual.constraint, message).toBe(expected.constraint);
  return error;
}
