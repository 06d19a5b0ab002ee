import "server-only";
import { and, asc, count, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { db } from "@/db";
import { invoices, paymentMethod, payments, paymentStatus, users } from "@/db/schema";
import { keysetBatches } from "./keyset";
import { tableParams } from "./table-params";

export const PAYMENT_SORTS = ["created", "amount", "status"] as const;
export const PAGE_SIZE = 25;

export function paymentParams(raw: Record<string, string | string[] | undefined>) {
  return tableParams(raw, {
    sorts: PAYMENT_SORTS,
    defaultSort: "created",
    filters: { status: paymentStatus.enumValues, method: paymentMethod.enumValues },
  });
}
type Params = ReturnType<typeof paymentParams>;

/**
 * Every condition is index-driven: the search resolves to a payment id, an invoice number or
 * the (few) matching students first, so a search never scans a million payments.
 */
function where(p: Params): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (p.filters.status) parts.push(eq(payments.status, p.filters.status as (typeof paymentStatus.enumValues)[number]));
  if (p.filters.method) parts.push(eq(payments.method, p.filters.method as (typeof paymentMethod.enumValues)[number]));
  if (p.from) parts.push(gte(payments.createdAt, p.from));
  if (p.to) parts.push(lt(payments.createdAt, new Date(p.to.getTime() + 86_400_000)));
  if (p.q) {
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(p.q)) {
      parts.push(eq(payments.id, p.q));
    } else if (/^INV-\d{4}-\d+$/i.test(p.q)) {
      parts.push(inArray(payments.id, db.select({ id: invoices.paymentId }).from(invoices).where(eq(invoices.number, p.q.toUpperCase()))));
    } else {
      const like = `%${p.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      parts.push(inArray(payments.userId, db.select({ id: users.id }).from(users).where(or(ilike(users.email, like), ilike(users.name, like)))));
    }
  }
  return and(...parts);
}

function orderBy(p: Params) {
  const d = p.dir === "asc" ? asc : desc;
  const col = p.sort === "amount" ? payments.amountCents : p.sort === "status" ? payments.status : payments.createdAt;
  return [d(col), d(payments.id)];
}

const base = (p: Params) =>
  db
    .select({
      cursor: sql<string>`${sortKey(p).column}::text`,
      id: payments.id,
      createdAt: payments.createdAt,
      completedAt: payments.completedAt,
      status: payments.status,
      method: payments.method,
      amountCents: payments.amountCents,
      itemName: payments.itemName,
      buyerId: users.id,
      buyerName: users.name,
      buyerEmail: users.email,
      invoiceNumber: invoices.number,
    })
    .from(payments)
    .innerJoin(users, eq(users.id, payments.userId))
    .leftJoin(invoices, eq(invoices.paymentId, payments.id));

export async function paymentsPage(p: Params) {
  const [rows, [total]] = await Promise.all([
    base(p).where(where(p)).orderBy(...orderBy(p)).limit(PAGE_SIZE).offset((p.page - 1) * PAGE_SIZE),
    db.select({ n: count() }).from(payments).where(where(p)),
  ]);
  const n = total?.n ?? 0;
  return { rows, total: n, pages: Math.max(1, Math.ceil(n / PAGE_SIZE)) };
}

/** The sort column as text, so a timestamp's microseconds survive the trip through JavaScript. */
function sortKey(p: Params) {
  return p.sort === "amount"
    ? { column: payments.amountCents, cast: sql.raw("int") }
    : p.sort === "status"
      ? { column: payments.status, cast: sql.raw("payment_status") }
      : { column: payments.createdAt, cast: sql.raw("timestamptz") };
}

type Cursor = { id: string; cursor: string };

/** Rows after `a` in the table's order: a row comparison on the ORDER BY columns. */
function after(p: Params, a: Cursor | null): SQL | undefined {
  if (!a) return undefined;
  const { column, cast } = sortKey(p);
  const op = sql.raw(p.dir === "asc" ? ">" : "<");
  return sql`(${column}, ${payments.id}) ${op} (${a.cursor}::${cast}, ${a.id}::uuid)`;
}

/**
 * Every filtered row in the table's order, for CSV export: keyset batches (each read after the
 * previous batch's last row, never at an OFFSET), so a million-row export costs linear time and
 * never holds the table in memory.
 */
export function paymentsForExport(p: Params, batch = 2000) {
  return keysetBatches((a: Cursor | null, limit) => base(p).where(and(where(p), after(p, a))).orderBy(...orderBy(p)).limit(limit), batch);
}
