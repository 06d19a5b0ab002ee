// The payments CSV reads keyset batches: every filtered row exactly once, in the table's order,
// also when many rows share the sort value (and timestamps differ only in microseconds).
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/index";
import { paymentParams, paymentsForExport, paymentsPage } from "@/lib/admin/payments-table";
import { createPayment, createProduct, createUser } from "../../helpers/db";

const ROWS = 23;

beforeAll(async () => {
  const user = await createUser({ name: "Export Tester" });
  const product = await createProduct({ priceCents: 1000 });
  for (let i = 0; i < ROWS; i++) {
    await createPayment({ userId: user.id, productId: product.id, amountCents: [500, 1000, 1500][i % 3]!, status: i % 4 === 0 ? "FAILED" : "STARTED" });
  }
  // Ties on created_at, and neighbours one microsecond apart (JavaScript dates keep milliseconds).
  await db.execute(sql`
    UPDATE payments SET created_at = '2026-03-01 10:00:00+00'::timestamptz + make_interval(secs => (ascii(right(id::text, 1)) % 3) * 0.000001)`);
});

async function exported(raw: Record<string, string>, batch: number) {
  const ids: string[] = [];
  for await (const rows of paymentsForExport(paymentParams(raw), batch)) ids.push(...rows.map((r) => r.id));
  return ids;
}

async function allInTableOrder(raw: Record<string, string>) {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const { rows, pages } = await paymentsPage(paymentParams({ ...raw, page: String(page) }));
    ids.push(...rows.map((r) => r.id));
    if (page >= pages) return ids;
  }
}

describe("payments export", () => {
  it.each<Record<string, string>>([
    { sort: "created", dir: "desc" },
    { sort: "created", dir: "asc" },
    { sort: "amount", dir: "desc" },
    { sort: "status", dir: "asc" },
    { sort: "amount", dir: "asc", status: "STARTED" },
  ])("in batches of 4 gives every row once, in the table's order: %o", async (raw) => {
    const expected = await allInTableOrder(raw);
    const ids = await exported(raw, 4);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expected);
    expect(ids.length).toBe(raw.status ? ROWS - Math.ceil(ROWS / 4) : ROWS);
  });
});
