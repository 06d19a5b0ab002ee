// Invoice numbers are sequential and gapless, also when many payments complete at once
// (docs/domain.md). Completions run concurrently on separate pooled connections of real
// PostgreSQL through the app's completePayment, each in its own transaction.
import { asc, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db/index";
import { invoiceCounters, invoices, payments, studentPayments } from "@/db/schema";
import { env, resetEnvCache } from "@/lib/env";
import { completePayment } from "@/lib/payments/complete";
import { createCourse, createPayment, createProduct, createUser } from "../../helpers/db";
import { counts, expected, expectedVatCents, invoiceYear, queryRows, resetPaymentTables } from "../../helpers/payments";

// More connections than the default 10, set before the first use of `db` (it opens lazily;
// imports above do not touch it).
process.env.DB_POOL_MAX = "20";
resetEnvCache();

beforeEach(async () => {
  await resetPaymentTables();
});

const number = (year: number, seq: number) => `INV-${year}-${String(seq).padStart(6, "0")}`;

/** Completes a payment in its own transaction and returns the number its invoice got at COMMIT. */
async function completeAndNumber(paymentId: string) {
  const r = await db.transaction((tx) => completePayment(tx, paymentId));
  if (r.outcome !== "completed") throw new Error(`payment ${paymentId} did not complete`);
  const [invoice] = await db.select({ number: invoices.number }).from(invoices).where(eq(invoices.id, r.invoiceId));
  return invoice?.number;
}

/** `n` STARTED PayFast payments, each by a different student, for products of varied prices. */
async function startedPayments(n: number) {
  const ids: { id: string; amountCents: number }[] = [];
  for (let i = 0; i < n; i++) {
    const user = await createUser({ name: `Student ${i + 1}` });
    // R499.00, R1.00, R0.01 ... and other prices, to exercise the VAT rounding.
    const amountCents = [49_900, 100, 1, 150_000, 33_333, 99_999, 2_500][i % 7]! + (i >= 7 ? i * 7 : 0);
    const product = await createProduct({ priceCents: amountCents });
    const payment = await createPayment({ userId: user.id, productId: product.id, amountCents });
    ids.push({ id: payment.id, amountCents });
  }
  return ids;
}

describe("invoice numbers under concurrency", () => {
  it("uses a pool big enough for real parallelism", () => {
    expect(env().DB_POOL_MAX).toBe(20);
  });

  it("50 concurrent completions get INV-<year>-000001..000050: no gaps, no duplicates, amounts right", async () => {
    const started = await startedPayments(50);
    const year = invoiceYear();
    let open = 0;
    let maxOpen = 0;

    const results = await Promise.all(
      started.map(({ id }) =>
        db.transaction(async (tx) => {
          open += 1;
          maxOpen = Math.max(maxOpen, open);
          try {
            return await completePayment(tx, id);
          } finally {
            open -= 1;
          }
        }),
      ),
    );

    // Negative control: transactions really were open side by side (a race was possible).
    expect(maxOpen).toBeGreaterThan(1);
    expect(results.every((r) => r.outcome === "completed")).toBe(true);

    const rows = await db.select().from(invoices).orderBy(asc(invoices.seq));
    expect(rows).toHaveLength(50);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(rows.map((r) => r.number)).toEqual(Array.from({ length: 50 }, (_, i) => number(year, i + 1)));
    expect(new Set(rows.map((r) => r.paymentId)).size).toBe(50);
    expect(rows.every((r) => r.year === year)).toBe(true);
    // What each transaction reported is the invoice it stored.
    const reported = new Map(results.map((r) => [r.outcome === "completed" ? r.payment.id : "", r.outcome === "completed" ? r.invoiceId : ""]));
    for (const r of rows) expect(reported.get(r.paymentId)).toBe(r.id);

    const amountOf = new Map(started.map((s) => [s.id, s.amountCents]));
    for (const r of rows) {
      const total = amountOf.get(r.paymentId)!;
      expect(r.totalCents).toBe(total);
      expect(r.subtotalCents + r.vatCents).toBe(r.totalCents);
      expect(r.vatRateBasisPoints).toBe(1500);
      expect(r.vatCents).toBe(expectedVatCents(total));
      expect(r.lines).toEqual([{ description: "Test item", quantity: 1, unitPriceCents: total, totalCents: total }]);
    }
    const [counter] = await db.select().from(invoiceCounters).where(eq(invoiceCounters.year, year));
    expect(counter!.lastSeq).toBe(50);

    expect(await counts()).toEqual(
      expected({
        payments: { COMPLETED: 50 },
        student_payments: 50,
        invoices: 50,
        product_enrolled: 50,
        notifications: 50,
        mail_queue: 50,
        timeline: 150, // payment_completed, invoice_issued, product_enrolled (payments were inserted directly)
      }),
    );
  });

  it("VAT is 15% inclusive: R499.00 → VAT R65.09, subtotal R433.91", async () => {
    const user = await createUser();
    const course = await createCourse({ priceCents: 49_900 });
    const payment = await createPayment({ userId: user.id, courseId: course.id, amountCents: 49_900 });

    const result = await db.transaction((tx) => completePayment(tx, payment.id));

    expect(result).toMatchObject({ outcome: "completed" });
    const [invoice] = await db.select().from(invoices);
    expect(invoice!.number).toBe(number(invoiceYear(), 1));
    expect(invoice).toMatchObject({ totalCents: 49_900, vatCents: 6_509, subtotalCents: 43_391, vatRateBasisPoints: 1500 });
  });

  it("a completion that rolls back leaves no gap: the next completion gets the next number", async () => {
    const [a, b, c] = await startedPayments(3);
    const year = invoiceYear();

    expect(await completeAndNumber(a!.id)).toBe(number(year, 1));

    let numberInsideRolledBack: string | null | undefined;
    await expect(
      db.transaction(async (tx) => {
        const r = await completePayment(tx, b!.id);
        // Numbers are taken at COMMIT; force that now, inside the transaction.
        await tx.execute(sql`SET CONSTRAINTS invoices_number_at_commit IMMEDIATE`);
        const [inside] = await tx.select({ number: invoices.number }).from(invoices).where(eq(invoices.id, r.outcome === "completed" ? r.invoiceId : ""));
        numberInsideRolledBack = inside?.number;
        throw new Error("mail provider exploded");
      }),
    ).rejects.toThrow("mail provider exploded");
    // It did take number 2 inside the transaction, and gave it back on rollback.
    expect(numberInsideRolledBack).toBe(number(year, 2));
    const [bAfter] = await db.select().from(payments).where(eq(payments.id, b!.id));
    expect(bAfter!.status).toBe("STARTED");
    expect(await db.select().from(studentPayments).where(eq(studentPayments.paymentId, b!.id))).toHaveLength(0);

    expect(await completeAndNumber(c!.id)).toBe(number(year, 2));
    expect(await completeAndNumber(b!.id)).toBe(number(year, 3));

    const seqs = (await db.select({ seq: invoices.seq }).from(invoices).orderBy(asc(invoices.seq))).map((r) => r.seq);
    expect(seqs).toEqual([1, 2, 3]);
    expect(await counts()).toEqual(
      expected({ payments: { COMPLETED: 3 }, student_payments: 3, invoices: 3, product_enrolled: 3, notifications: 3, mail_queue: 3, timeline: 9 }),
    );
  });

  it("concurrent completions where every other one rolls back: the survivors are numbered 1..n with no gaps", async () => {
    const started = await startedPayments(20);
    const year = invoiceYear();

    const outcomes = await Promise.allSettled(
      started.map(({ id }, i) =>
        db.transaction(async (tx) => {
          const r = await completePayment(tx, id);
          // Hold the counter lock a moment so others queue behind it, then fail half of them.
          await tx.execute(sql`SELECT pg_sleep(0.01)`);
          if (i % 2 === 1) throw new Error(`rollback ${i}`);
          return r;
        }),
      ),
    );

    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(10);
    expect(outcomes.filter((o) => o.status === "rejected")).toHaveLength(10);
    const rows = await db.select().from(invoices).orderBy(asc(invoices.seq));
    expect(rows.map((r) => r.number)).toEqual(Array.from({ length: 10 }, (_, i) => number(year, i + 1)));
    const survivors = new Set(started.filter((_, i) => i % 2 === 0).map((s) => s.id));
    expect(rows.every((r) => survivors.has(r.paymentId))).toBe(true);
    expect(await counts()).toEqual(
      expected({
        payments: { COMPLETED: 10, STARTED: 10 },
        student_payments: 10,
        invoices: 10,
        product_enrolled: 10,
        notifications: 10,
        mail_queue: 10,
        timeline: 30,
      }),
    );
  });

  it("completing the same payment from 10 transactions at once issues one invoice", async () => {
    const [p] = await startedPayments(1);
    const results = await Promise.all(Array.from({ length: 10 }, () => db.transaction((tx) => completePayment(tx, p!.id))));
    expect(results.filter((r) => r.outcome === "completed")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "not_started")).toEqual(Array(9).fill({ outcome: "not_started", status: "COMPLETED" }));
    expect(await counts()).toEqual(
      expected({ payments: { COMPLETED: 1 }, student_payments: 1, invoices: 1, product_enrolled: 1, notifications: 1, mail_queue: 1, timeline: 3 }),
    );
  });

  // Negative control for the harness: a naive "max + 1" allocator, run the same way as the
  // completions above (parallel transactions on the pool), does hand out duplicates. So the
  // concurrency here is real, and the gapless results above are the app's doing.
  it("negative control: a naive max(seq)+1 allocator under the same concurrency produces duplicates", async () => {
    // A scratch table (not TEMP: those are per connection), dropped at the end.
    await db.execute(sql`CREATE TABLE naive_numbers_shared (seq int NOT NULL)`);
    try {
      await Promise.all(
        Array.from({ length: 20 }, () =>
          db.transaction(async (tx) => {
            const [row] = await queryRows<{ next: number }>(sql`SELECT coalesce(max(seq), 0) + 1 AS next FROM naive_numbers_shared`, tx);
            await tx.execute(sql`SELECT pg_sleep(0.02)`);
            await tx.execute(sql`INSERT INTO naive_numbers_shared (seq) VALUES (${row!.next})`);
          }),
        ),
      );
      const [stats] = await queryRows<{ n: number; distinct_n: number }>(
        sql`SELECT count(*)::int AS n, count(DISTINCT seq)::int AS distinct_n FROM naive_numbers_shared`,
      );
      expect(stats!.n).toBe(20);
      expect(stats!.distinct_n).toBeLessThan(20);
    } finally {
      await db.execute(sql`DROP TABLE naive_numbers_shared`);
    }
  });
});
