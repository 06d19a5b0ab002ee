import "server-only";
import { and, asc, count, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { db } from "@/db";
import { invoiceCounters, invoices, users, type InvoiceLine } from "@/db/schema";
import { keysetBatches } from "./keyset";
import { tableParams } from "./table-params";

export const INVOICE_SORTS = ["issued", "number", "total"] as const;
export const PAGE_SIZE = 25;

/** Years a hand-edited URL may ask for; the filter's menu lists only years that have invoices. */
const YEARS = Array.from({ length: new Date().getUTCFullYear() + 2 - 2000 }, (_, i) => String(2000 + i));

export function invoiceParams(raw: Record<string, string | string[] | undefined>) {
  return tableParams(raw, { sorts: INVOICE_SORTS, defaultSort: "issued", filters: { year: YEARS } });
}
type Params = ReturnType<typeof invoiceParams>;

/** Years with invoices, newest first (one row per year in invoice_counters). */
export async function invoiceYears(): Promise<number[]> {
  const rows = await db.select({ year: invoiceCounters.year }).from(invoiceCounters).orderBy(desc(invoiceCounters.year));
  return rows.map((r) => r.year).filter((y) => YEARS.includes(String(y)));
}

const DAY = 86_400_000;

/**
 * Index-driven like the payments table: an invoice number hits invoices_number_key, a uuid the
 * payment (or invoice) id, anything else the (few) matching students via invoices_user_id_idx.
 * `forCount`: the count leaves out the year's redundant issued_at bound (see below), so a year
 * alone is counted from invoices_year_seq_key without reading the table.
 */
function where(p: Params, forCount = false): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (p.filters.year) {
    const year = Number(p.filters.year);
    parts.push(eq(invoices.year, year));
    // The invoice year is the platform-timezone year at completion, so every invoice of that
    // year was issued within a day or two of it. The redundant bound lets the issued_at index
    // start at the year's end instead of walking every later invoice.
    if (!forCount) {
      parts.push(gte(invoices.issuedAt, new Date(Date.UTC(year, 0, 1) - 2 * DAY)));
      parts.push(lt(invoices.issuedAt, new Date(Date.UTC(year + 1, 0, 1) + 2 * DAY)));
    }
  }
  if (p.from) parts.push(gte(invoices.issuedAt, p.from));
  if (p.to) parts.push(lt(invoices.issuedAt, new Date(p.to.getTime() + DAY)));
  if (p.q) {
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(p.q)) {
      parts.push(or(eq(invoices.paymentId, p.q), eq(invoices.id, p.q)));
    } else if (/^INV-\d{4}-\d+$/i.test(p.q)) {
      parts.push(eq(invoices.number, p.q.toUpperCase()));
    } else {
      const like = `%${p.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      parts.push(inArray(invoices.userId, db.select({ id: users.id }).from(users).where(or(ilike(users.email, like), ilike(users.name, like)))));
    }
  }
  return and(...parts);
}

function orderBy(p: Params) {
  const d = p.dir === "asc" ? asc : desc;
  // Numbers grow past six digits, so "number" sorts by (year, seq) (invoices_year_seq_key), not text.
  if (p.sort === "number") return [d(invoices.year), d(invoices.seq), d(invoices.id)];
  if (p.sort === "total") return [d(invoices.totalCents), d(invoices.id)];
  return [d(invoices.issuedAt), d(invoices.id)];
}

const baseColumns = {
  id: invoices.id,
  number: invoices.number,
  issuedAt: invoices.issuedAt,
  paymentId: invoices.paymentId,
  lines: invoices.lines,
  subtotalCents: invoices.subtotalCents,
  vatCents: invoices.vatCents,
  totalCents: invoices.totalCents,
  studentId: users.id,
  studentName: users.name,
  studentEmail: users.email,
};

const base = () => db.select(baseColumns).from(invoices).innerJoin(users, eq(users.id, invoices.userId));

/** What was bought, from the invoice's own lines (the catalog may have been renamed since). */
export const invoiceItem = (row: { lines: InvoiceLine[] }) => row.lines.map((l) => (l.quantity > 1 ? `${l.quantity} × ${l.description}` : l.description)).join("; ");

export async function invoicesPage(p: Params) {
  const [rows, [total]] = await Promise.all([
    base().where(where(p)).orderBy(...orderBy(p)).limit(PAGE_SIZE).offset((p.page - 1) * PAGE_SIZE),
    db.select({ n: count() }).from(invoices).where(where(p, true)),
  ]);
  const n = total?.n ?? 0;
  return { rows, total: n, pages: Math.max(1, Math.ceil(n / PAGE_SIZE)) };
}

type Cursor = { id: string; key: string; year: number; seq: number | null };

/** Rows after `a` in the table's order: a row comparison on the ORDER BY columns. */
function after(p: Params, a: Cursor | null): SQL | undefined {
  if (!a) return undefined;
  const op = sql.raw(p.dir === "asc" ? ">" : "<");
  if (p.sort === "number") return sql`(${invoices.year}, ${invoices.seq}, ${invoices.id}) ${op} (${a.year}::int, ${a.seq}::int, ${a.id}::uuid)`;
  if (p.sort === "total") return sql`(${invoices.totalCents}, ${invoices.id}) ${op} (${a.key}::int, ${a.id}::uuid)`;
  // As text: a JavaScript Date would drop the microseconds the timestamp has.
  return sql`(${invoices.issuedAt}, ${invoices.id}) ${op} (${a.key}::timestamptz, ${a.id}::uuid)`;
}

/**
 * Every filtered row in the table's order, for CSV export: keyset batches (each read after the
 * previous batch's last row, never at an OFFSET), linear for hundreds of thousands of invoices.
 */
export function invoicesForExport(p: Params, batch = 2000) {
  const key = p.sort === "total" ? sql<string>`${invoices.totalCents}::text` : sql<string>`${invoices.issuedAt}::text`;
  return keysetBatches(
    (a: Cursor | null, limit) =>
      db
        .select({ ...baseColumns, key, year: invoices.year, seq: invoices.seq })
        .from(invoices)
        .innerJoin(users, eq(users.id, invoices.userId))
        .where(and(where(p), after(p, a)))
        .orderBy(...orderBy(p))
        .limit(limit),
    batch,
  );
}
