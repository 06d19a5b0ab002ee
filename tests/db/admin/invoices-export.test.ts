// The invoices CSV reads keyset batches: every filtered invoice exactly once, in the table's
// order, also when many share the sort value (and issue times differ only in microseconds).
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/index";
import { invoiceParams, invoicesForExport, invoicesPage } from "@/lib/admin/invoices-table";
import { completePayment } from "@/lib/payments/complete";
import { createPayment, createProduct, createUser } from "../../helpers/db";

const ROWS = 19;

beforeAll(async () => {
  const user = await createUser({ name: "Invoice Exporter" });
  for (let i = 0; i < ROWS; i++) {
    const price = [500, 1000, 1500][i % 3]!;
    const product = await createProduct({ priceCents: price });
    const payment = await createPayment({ userId: user.id, productId: product.id, amountCents: price });
    await db.transaction((tx) => completePayment(tx, payment.id));
  }
  await db.execute(sql`
    UPDATE invoices SET issued_at = '2026-03-01 10:00:00+00'::timestamptz + make_interval(secs => (ascii(right(id::text, 1)) % 3) * 0.000001)`);
});

async function exported(raw: Record<string, string>, batch: number) {
  const ids: string[] = [];
  for await (const rows of invoicesForExport(invoiceParams(raw), batch)) ids.push(...rows.map((r) => r.id));
  return ids;
}

async function allInTableOrder(raw: Record<string, string>) {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const { rows, pages } = await invoicesPage(invoiceParams({ ...raw, page: String(page) }));
    ids.push(...rows.map((r) => r.id));
    if (page >= pages) return ids;
  }
}

describe("invoices export", () => {
  it.each<Record<string, string>>([
    { sort: "issued", dir: "desc" },
    { sort: "issued", dir: "asc" },
    { sort: "number", dir: "desc" },
    { sort: "total", dir: "asc" },
  ])("in batches of 4 gives every invoice once, in the table's order: %o", async (raw) => {
    const expected = await allInTableOrder(raw);
    const ids = await exported(raw, 4);
    expect(new Set(ids).size).toBe(ROWS);
    expect(ids).toEqual(expected);
  });
});
