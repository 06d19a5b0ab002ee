// Starting a purchase (lib/payments/checkout.ts) on real PostgreSQL: what is refused before a
// payment row exists, where the amount comes from, resuming a STARTED checkout, and the signed
// PayFast form.
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db/index";
import { courses, payments, timeline } from "@/db/schema";
import { env } from "@/lib/env";
import { CHECKOUT_FIELD_ORDER, checkoutSignature } from "@/lib/payfast/signature";
import { verifyCheckoutPost } from "@/lib/payfast/simulator";
import { payfastFormFor, startCheckout } from "@/lib/payments/checkout";
import { completePayment } from "@/lib/payments/complete";
import { createCourse, createProduct, createUser, expectDbError } from "../../helpers/db";
import {
  counts,
  expected,
  resetPaymentTables,
  SANDBOX_MERCHANT_ID,
  SANDBOX_MERCHANT_KEY,
  SANDBOX_PASSPHRASE,
  usePayfastEnv,
} from "../../helpers/payments";

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = usePayfastEnv({ APP_URL: "https://classbook.test" });
});
afterAll(() => restoreEnv());
beforeEach(async () => {
  await resetPaymentTables();
});

const paymentIdOf = (r: Awaited<ReturnType<typeof startCheckout>>) => {
  expect(r.kind).toBe("redirect");
  return (r as { paymentId: string }).paymentId;
};

async function paymentRow(id: string) {
  const [row] = await db.select().from(payments).where(eq(payments.id, id));
  return row!;
}

describe("refusals happen before any payment row is written", () => {
  it("buying a course the student already owns", async () => {
    const user = await createUser();
    const course = await createCourse({ priceCents: 49_900 });
    const first = paymentIdOf(await startCheckout(user.id, "course", course.slug));
    await db.transaction((tx) => completePayment(tx, first));
    const before = await counts();
    expect(before).toEqual(
      expected({
        payments: { COMPLETED: 1 },
        student_payments: 1,
        invoices: 1,
        courses_enrolled: 1,
        notifications: 1,
        mail_queue: 1,
        timeline: 4,
      }),
    );

    const again = await startCheckout(user.id, "course", course.slug);

    expect(again).toEqual({ kind: "refused", message: "You already own this course." });
    expect(await counts()).toEqual(before);
  });

  it("owning the course is per student: another student may still buy it", async () => {
    const owner = await createUser();
    const other = await createUser();
    const course = await createCourse();
    await db.transaction(async (tx) => completePayment(tx, paymentIdOf(await startCheckout(owner.id, "course", course.slug))));
    const id = paymentIdOf(await startCheckout(other.id, "course", course.slug));
    expect((await paymentRow(id)).userId).toBe(other.id);
  });

  it.each([
    ["a draft course", "course", "draft"],
    ["an archived course", "course", "archived"],
    ["a draft product", "product", "draft"],
    ["an archived product", "product", "archived"],
  ] as const)("%s is not for sale", async (_label, kind, status) => {
    const user = await createUser();
    const item = kind === "course" ? await createCourse({ status }) : await createProduct({ status });

    const result = await startCheckout(user.id, kind, item.slug);

    expect(result).toEqual({ kind: "refused", message: "This item is not for sale." });
    expect(await counts()).toEqual(expected());
  });

  it.each([
    ["an unknown course slug", "course", "no-such-course"],
    ["an unknown product slug", "product", "no-such-product"],
    ["a course slug asked for as a product", "product", "real-course"],
  ] as const)("%s is refused", async (_label, kind, slug) => {
    const user = await createUser();
    await createCourse({ slug: "real-course" });
    const result = await startCheckout(user.id, kind, slug);
    expect(result).toEqual({ kind: "refused", message: "This item is not for sale." });
    expect(await counts()).toEqual(expected());
  });
});

describe("the amount comes from the database", () => {
  it("the payment's amount is the item's price_cents, and the form carries exactly that", async () => {
    const user = await createUser({ name: "Thandi Nkosi" });
    const course = await createCourse({ priceCents: 123_456, title: "Ceramics II" });

    const id = paymentIdOf(await startCheckout(user.id, "course", course.slug));

    const payment = await paymentRow(id);
    expect(payment).toMatchObject({
      status: "STARTED",
      method: "payfast",
      amountCents: 123_456,
      currency: "ZAR",
      courseId: course.id,
      productId: null,
      itemName: "Ceramics II",
      completedAt: null,
    });
    const form = await payfastFormFor(id, user.id);
    expect(Object.fromEntries(form!.fields).amount).toBe("1234.56");
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1 }));
    const [t] = await db.select().from(timeline);
    expect(t).toMatchObject({ event: "payment_started", paymentId: id, userId: user.id });
  });

  it("a price change after checkout opens a new payment at the new price; the old one keeps its amount", async () => {
    const user = await createUser();
    const course = await createCourse({ priceCents: 10_000 });
    const oldId = paymentIdOf(await startCheckout(user.id, "course", course.slug));

    await db.update(courses).set({ priceCents: 12_000 }).where(eq(courses.id, course.id));
    const newId = paymentIdOf(await startCheckout(user.id, "course", course.slug));

    expect(newId).not.toBe(oldId);
    expect((await paymentRow(oldId)).amountCents).toBe(10_000);
    expect((await paymentRow(newId)).amountCents).toBe(12_000);
    expect(Object.fromEntries((await payfastFormFor(newId, user.id))!.fields).amount).toBe("120.00");
    expect(await counts()).toEqual(expected({ payments: { STARTED: 2 }, timeline: 2 }));
  });

  it("the database refuses to change a written payment's amount", async () => {
    const user = await createUser();
    const course = await createCourse({ priceCents: 10_000 });
    const id = paymentIdOf(await startCheckout(user.id, "course", course.slug));
    await expectDbError(db.update(payments).set({ amountCents: 1 }).where(eq(payments.id, id)), {
      code: "23514",
      constraint: "payments_immutable_terms",
    });
    expect((await paymentRow(id)).amountCents).toBe(10_000);
  });
});

describe("resuming a STARTED checkout", () => {
  it("a second checkout of the same item within 30 minutes resumes the same payment", async () => {
    const user = await createUser();
    const product = await createProduct({ priceCents: 25_000 });
    const first = paymentIdOf(await startCheckout(user.id, "product", product.slug));

    const second = paymentIdOf(await startCheckout(user.id, "product", product.slug));

    expect(second).toBe(first);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1 }));
  });

  it("after 30 minutes a new payment is opened", async () => {
    const user = await createUser();
    const course = await createCourse();
    const first = paymentIdOf(await startCheckout(user.id, "course", course.slug));
    await db
      .update(payments)
      .set({ createdAt: sql`now() - interval '31 minutes'` })
      .where(eq(payments.id, first));

    const second = paymentIdOf(await startCheckout(user.id, "course", course.slug));

    expect(second).not.toBe(first);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 2 }, timeline: 2 }));
  });

  it("a cancelled or failed checkout is not resumed", async () => {
    const user = await createUser();
    const course = await createCourse();
    const first = paymentIdOf(await startCheckout(user.id, "course", course.slug));
    await db.update(payments).set({ status: "CANCELLED" }).where(eq(payments.id, first));
    const second = paymentIdOf(await startCheckout(user.id, "course", course.slug));
    expect(second).not.toBe(first);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1, CANCELLED: 1 }, timeline: 2 }));
  });

  it("another student's checkout of the same item is not resumed", async () => {
    const a = await createUser();
    const b = await createUser();
    const course = await createCourse();
    const idA = paymentIdOf(await startCheckout(a.id, "course", course.slug));
    const idB = paymentIdOf(await startCheckout(b.id, "course", course.slug));
    expect(idB).not.toBe(idA);
    expect((await paymentRow(idB)).userId).toBe(b.id);
  });

  it("10 simultaneous checkouts of one item by one student (double clicks, tabs) open one payment", async () => {
    const user = await createUser();
    const course = await createCourse();

    const results = await Promise.all(Array.from({ length: 10 }, () => startCheckout(user.id, "course", course.slug)));

    const ids = new Set(results.map(paymentIdOf));
    expect(ids.size).toBe(1);
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1 }));
  });
});

describe("the PayFast form", () => {
  it("is null for someone else's payment", async () => {
    const owner = await createUser();
    const other = await createUser();
    const course = await createCourse();
    const id = paymentIdOf(await startCheckout(owner.id, "course", course.slug));

    expect(await payfastFormFor(id, other.id)).toBeNull();
    expect(await payfastFormFor(id, owner.id)).not.toBeNull();
  });

  it("is null once the payment is no longer STARTED, and for an unknown payment", async () => {
    const user = await createUser();
    const course = await createCourse();
    const id = paymentIdOf(await startCheckout(user.id, "course", course.slug));
    await db.transaction((tx) => completePayment(tx, id));
    expect(await payfastFormFor(id, user.id)).toBeNull();
    expect(await payfastFormFor("6f1c1f44-5d0e-4f5b-9a51-1f0e8a7d2c11", user.id)).toBeNull();
  });

  it("lists the fields in PayFast's documented order and its signature verifies", async () => {
    const user = await createUser({ name: "Thandi  Nkosi-Dlamini Jr.", email: "thandi+test@example.co.za" });
    const product = await createProduct({ priceCents: 49_900, name: "Clay & Glaze (starter kit)" });
    const id = paymentIdOf(await startCheckout(user.id, "product", product.slug));

    const form = await payfastFormFor(id, user.id);

    expect(form!.action).toBe(env().payfast.processUrl);
    expect(form!.action).toBe("https://classbook.test/api/payfast-simulator/process");
    const names = form!.fields.map(([k]) => k);
    expect(names).toEqual([
      "merchant_id",
      "merchant_key",
      "return_url",
      "cancel_url",
      "notify_url",
      "name_first",
      "name_last",
      "email_address",
      "m_payment_id",
      "amount",
      "item_name",
      "signature",
    ]);
    // The same order as the documented list (a subsequence of it), signature last.
    const positions = names.slice(0, -1).map((k) => CHECKOUT_FIELD_ORDER.indexOf(k));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);

    const f = Object.fromEntries(form!.fields);
    expect(f).toMatchObject({
      merchant_id: SANDBOX_MERCHANT_ID,
      merchant_key: SANDBOX_MERCHANT_KEY,
      return_url: `https://classbook.test/payments/${id}/return`,
      cancel_url: `https://classbook.test/payments/${id}/cancel`,
      notify_url: "https://classbook.test/api/payfast/notify",
      name_first: "Thandi",
      name_last: "Nkosi-Dlamini Jr.",
      email_address: "thandi+test@example.co.za",
      m_payment_id: id,
      amount: "499.00",
      item_name: "Clay & Glaze (starter kit)",
    });
    expect(form!.fields.some(([k]) => k === "passphrase")).toBe(false);

    const unsigned = form!.fields.slice(0, -1);
    const signature = form!.fields.at(-1)![1];
    expect(signature).toMatch(/^[0-9a-f]{32}$/);
    expect(checkoutSignature(unsigned, SANDBOX_PASSPHRASE)).toBe(signature);
    // Recomputed independently with payfast.md §2a (PHP urlencode, documented order, passphrase last).
    const enc = (v: string) =>
      encodeURIComponent(v)
        .replace(/[!'()*~]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase())
        .replace(/%20/g, "+");
    const str = unsigned.map(([k, v]) => `${k}=${enc(v)}`).join("&") + `&passphrase=${SANDBOX_PASSPHRASE}`;
    expect(createHash("md5").update(str, "utf8").digest("hex")).toBe(signature);
    // And the simulator (PayFast's stand-in) accepts the post.
    expect(verifyCheckoutPost(form!.fields)).toMatchObject({ ok: true });
    // Building the form writes nothing.
    expect(await counts()).toEqual(expected({ payments: { STARTED: 1 }, timeline: 1 }));
  });

  it("a form whose amount the browser changed no longer verifies", async () => {
    const user = await createUser();
    const course = await createCourse({ priceCents: 49_900 });
    const id = paymentIdOf(await startCheckout(user.id, "course", course.slug));
    const form = await payfastFormFor(id, user.id);
    const tampered = form!.fields.map(([k, v]) => [k, k === "amount" ? "1.00" : v] as [string, string]);
    expect(verifyCheckoutPost(tampered)).toMatchObject({ ok: false });
  });
});
