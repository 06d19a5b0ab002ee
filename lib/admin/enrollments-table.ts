import "server-only";
import { and, asc, count, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { db } from "@/db";
import { catalogStatus, courses, coursesEnrolled, productEnrolled, products, users } from "@/db/schema";
import { tableParams } from "./table-params";

export const ENROLLMENT_SORTS = ["enrolled", "student"] as const;
export const ENROLLMENT_KINDS = ["course", "product"] as const;
export type EnrollmentKind = (typeof ENROLLMENT_KINDS)[number];
export const PAGE_SIZE = 25;

export function enrollmentParams(raw: Record<string, string | string[] | undefined>) {
  return tableParams(raw, {
    sorts: ENROLLMENT_SORTS,
    defaultSort: "enrolled",
    filters: { kind: ENROLLMENT_KINDS, status: catalogStatus.enumValues },
  });
}
type Params = ReturnType<typeof enrollmentParams>;

const DAY = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The search resolved to ids first: matching students, courses and products (small tables). */
type Search = { paymentId: string } | { userIds: string[]; courseIds: string[]; productIds: string[] } | null;

async function resolveSearch(q: string): Promise<Search> {
  if (!q) return null;
  if (UUID.test(q)) return { paymentId: q.toLowerCase() };
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const [u, c, p] = await Promise.all([
    db.select({ id: users.id }).from(users).where(or(ilike(users.email, like), ilike(users.name, like))),
    db.select({ id: courses.id }).from(courses).where(ilike(courses.title, like)),
    db.select({ id: products.id }).from(products).where(ilike(products.name, like)),
  ]);
  return { userIds: u.map((r) => r.id), courseIds: c.map((r) => r.id), productIds: p.map((r) => r.id) };
}

/** `col = ANY('{…}'::uuid[])`: one parameter however many ids (an IN list could pass 65k parameters). */
const anyOf = (col: PgColumn, ids: string[]) => sql`${col} = ANY(${`{${ids.join(",")}}`}::uuid[])`;

type Source = {
  table: typeof coursesEnrolled | typeof productEnrolled;
  kind: EnrollmentKind;
  at: typeof coursesEnrolled.enrolledAt | typeof productEnrolled.createdAt;
  itemId: typeof coursesEnrolled.courseId | typeof productEnrolled.productId;
  itemIds: (s: Exclude<Search, null | { paymentId: string }>) => string[];
  itemStatus: (status: (typeof catalogStatus.enumValues)[number]) => SQL;
};

const SOURCES: Record<EnrollmentKind, Source> = {
  course: {
    table: coursesEnrolled,
    kind: "course",
    at: coursesEnrolled.enrolledAt,
    itemId: coursesEnrolled.courseId,
    itemIds: (s) => s.courseIds,
    itemStatus: (status) => inArray(coursesEnrolled.courseId, db.select({ id: courses.id }).from(courses).where(eq(courses.status, status))),
  },
  product: {
    table: productEnrolled,
    kind: "product",
    at: productEnrolled.createdAt,
    itemId: productEnrolled.productId,
    itemIds: (s) => s.productIds,
    itemStatus: (status) => inArray(productEnrolled.productId, db.select({ id: products.id }).from(products).where(eq(products.status, status))),
  },
};

/** Conditions on one enrollment table, each served by one of its indexes. */
function where(src: Source, p: Params, search: Search): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (p.filters.status) parts.push(src.itemStatus(p.filters.status as (typeof catalogStatus.enumValues)[number]));
  if (p.from) parts.push(gte(src.at, p.from));
  if (p.to) parts.push(lt(src.at, new Date(p.to.getTime() + DAY)));
  if (search && "paymentId" in search) parts.push(eq(src.table.paymentId, search.paymentId));
  else if (search) {
    const itemIds = src.itemIds(search);
    const any = [search.userIds.length ? anyOf(src.table.userId, search.userIds) : undefined, itemIds.length ? anyOf(src.itemId, itemIds) : undefined].filter(Boolean);
    parts.push(any.length ? or(...any) : sql`false`);
  }
  return and(...parts);
}

/** One enrollment table in the shape both share; the title is looked up after paging. */
function leaf(src: Source, p: Params, search: Search) {
  return db
    .select({
      id: src.table.id,
      kind: sql<EnrollmentKind>`${src.kind}::text`.as("kind"),
      at: sql`${src.at}`.mapWith(src.at).as("at"),
      userId: sql<string>`${src.table.userId}`.as("user_id"),
      itemId: sql<string>`${src.itemId}`.as("item_id"),
      paymentId: sql<string>`${src.table.paymentId}`.as("payment_id"),
    })
    .from(src.table)
    .where(where(src, p, search));
}

/**
 * The filtered enrollments as one subquery: only the kind asked for, or both tables as UNION ALL.
 * PostgreSQL flattens the UNION ALL, so ORDER BY at LIMIT n is a merge of the two enrolled-at
 * indexes and OFFSET/LIMIT stay in SQL; nothing is read whole into memory.
 */
function enrollments(p: Params, search: Search) {
  const kind = p.filters.kind as EnrollmentKind | null;
  if (kind) return leaf(SOURCES[kind], p, search).as("e");
  return leaf(SOURCES.course, p, search).unionAll(leaf(SOURCES.product, p, search)).as("e");
}

function rowsQuery(p: Params, search: Search) {
  const e = enrollments(p, search);
  const d = p.dir === "asc" ? asc : desc;
  const order = p.sort === "student" ? [d(users.name), d(users.id), d(e.at), d(e.id)] : [d(e.at), d(e.id)];
  return db
    .select({
      id: e.id,
      kind: e.kind,
      enrolledAt: e.at,
      paymentId: e.paymentId,
      studentId: users.id,
      studentName: users.name,
      studentEmail: users.email,
      itemId: e.itemId,
      title: sql<string>`coalesce(${courses.title}, ${products.name})`,
      itemStatus: sql<(typeof catalogStatus.enumValues)[number]>`coalesce(${courses.status}, ${products.status})`,
    })
    .from(e)
    .innerJoin(users, eq(users.id, e.userId))
    .leftJoin(courses, and(eq(e.kind, "course"), eq(courses.id, e.itemId)))
    .leftJoin(products, and(eq(e.kind, "product"), eq(products.id, e.itemId)))
    .orderBy(...order)
    .$dynamic();
}

export async function enrollmentsPage(p: Params) {
  const search = await resolveSearch(p.q);
  const [rows, [total]] = await Promise.all([
    rowsQuery(p, search).limit(PAGE_SIZE).offset((p.page - 1) * PAGE_SIZE),
    db.select({ n: count() }).from(enrollments(p, search)),
  ]);
  const n = total?.n ?? 0;
  return { rows, total: n, pages: Math.max(1, Math.ceil(n / PAGE_SIZE)) };
}

/** Every filtered row, a batch at a time, for CSV export (never the whole table in memory). */
export async function* enrollmentsForExport(p: Params, batch = 2000) {
  const search = await resolveSearch(p.q);
  for (let offset = 0; ; offset += batch) {
    const rows = await rowsQuery(p, search).limit(batch).offset(offset);
    if (rows.length) yield rows;
    if (rows.length < batch) return;
  }
}
