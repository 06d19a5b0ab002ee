import "server-only";
import { and, asc, count, desc, eq, gte, ilike, lt, or, type SQL } from "drizzle-orm";
import { db } from "@/db";
import { invoices, paymentMethod, payments, paymentStatus, users } from "@/db/schema";
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

function where(p: Params): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (p.filters.status) parts.push(eq(payments.status, p.filters.status as (typeof paymentStatus.enumValues)[number]));
  if (p.filters.method) parts.push(eq(payments.method, p.filters.method as (typeof paymentMethod.enumValues)[number]));
  if (p.from) parts.push(gte(payments.createdAt, p.from));
  if (p.to) parts.push(lt(payments.createdAt, new Date(p.to.getTime() + 86_400_000)));
  if (p.q) {
    const like = `%${p.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const byId = /^[0-9a-f-]{36}$/i.test(p.q) ? [eq(payments.id, p.q)] : [];
    parts.push(or(ilike(users.email, like), ilike(users.name, like), ilike(payments.itemName, like), eq(invoices.number, p.q.toUpperCase()), ...byId));
  }
  return and(...parts);
}

function orderBy(p: Params) {
  const d = p.dir === "asc" ? asc : desc;
  const col = p.sort === "amount" ? payments.amountCents : p.sort === "status" ? payments.status : payments.createdAt;
  return [d(col), d(payments.id)];
}

const base = () =>
  db
    .select({
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
    base().where(where(p)).orderBy(...orderBy(p)).limit(PAGE_SIZE).offset((p.page - 1) * PAGE_SIZE),
    db.select({ n: count() }).from(payments).innerJoin(users, eq(users.id, payments.userId)).leftJoin(invoices, eq(invoices.paymentId, payments.id)).where(where(p)),
  ]);
  const n = total?.n ?? 0;
  return { rows, total: n, pages: Math.max(1, Math.ceil(n / PAGE_SIZE)) };
}

/** Every filtered row, a batch at a time, for CSV export (never the whole table in memory). */
export async function* paymentsForExport(p: Params, batch = 2000) {
  for (let offset = 0; ; offset += batch) {
    const rows = await base().where(where(p)).orderBy(...orderBy(p)).limit(batch).offset(offset);
    if (rows.length) yield rows;
    if (rows.length < batch) return;
  }
}
