// Starting a purchase. The amount always comes from the database, never from the browser.
import "server-only";
import { and, desc, eq, gt, sql } from "drizzle-orm";
import { db } from "@/db";
import { payments, users } from "@/db/schema";
import { env } from "@/lib/env";
import { centsToAmount } from "@/lib/payfast/amount";
import { checkoutFields, orderCheckoutFields, type Pair } from "@/lib/payfast/signature";
import { formatZar } from "@/lib/money";
import { recordTimeline } from "@/lib/timeline/record";
import { findItem, ownsCourse, type ItemKind } from "./catalog";
import { completePayment } from "./complete";

export type CheckoutResult =
  | { kind: "redirect"; paymentId: string }
  | { kind: "completed"; paymentId: string }
  | { kind: "refused"; message: string };

/** A STARTED checkout younger than this is resumed instead of opening a second one. */
const RESUME_WINDOW_MINUTES = 30;

export async function startCheckout(userId: string, kind: ItemKind, slug: string): Promise<CheckoutResult> {
  return db.transaction(async (tx) => {
    // One checkout at a time per buyer: serializes double clicks and parallel tabs.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
    const item = await findItem(kind, slug, tx);
    if (!item || item.status !== "published") {
      return { kind: "refused", message: "This item is not for sale." };
    }
    if (kind === "course" && (await ownsCourse(userId, item.id, tx))) {
      return { kind: "refused", message: "You already own this course." };
    }
    const itemColumn = kind === "course" ? payments.courseId : payments.productId;

    if (item.priceCents > 0) {
      const [pending] = await tx
        .select({ id: payments.id })
        .from(payments)
        .where(
          and(
            eq(payments.userId, userId),
            eq(itemColumn, item.id),
            eq(payments.status, "STARTED"),
            eq(payments.method, "payfast"),
            eq(payments.amountCents, item.priceCents),
            gt(payments.createdAt, sql`now() - make_interval(mins => ${RESUME_WINDOW_MINUTES})`),
          ),
        )
        .orderBy(desc(payments.createdAt))
        .limit(1);
      if (pending) return { kind: "redirect", paymentId: pending.id };
    }

    const free = item.priceCents === 0;
    const [payment] = await tx
      .insert(payments)
      .values({
        userId,
        method: free ? "free" : "payfast",
        status: "STARTED",
        amountCents: item.priceCents,
        courseId: kind === "course" ? item.id : null,
        productId: kind === "product" ? item.id : null,
        itemName: item.name,
      })
      .returning({ id: payments.id });
    await recordTimeline(tx, {
      userId,
      event: "payment_started",
      summary: free ? `Started free enrollment in ${item.name}` : `Started paying ${formatZar(item.priceCents)} for ${item.name}`,
      paymentId: payment!.id,
    });
    if (free) {
      // Free items go through the same completion as paid ones.
      await completePayment(tx, payment!.id);
      return { kind: "completed", paymentId: payment!.id };
    }
    return { kind: "redirect", paymentId: payment!.id };
  });
}

/** The signed form fields that send the browser to PayFast for this payment. */
export async function payfastFormFor(paymentId: string, userId: string): Promise<{ action: string; fields: Pair[] } | null> {
  const [row] = await db
    .select({ payment: payments, user: { name: users.name, email: users.email } })
    .from(payments)
    .innerJoin(users, eq(users.id, payments.userId))
    .where(and(eq(payments.id, paymentId), eq(payments.userId, userId)));
  if (!row || row.payment.status !== "STARTED" || row.payment.method !== "payfast") return null;
  const e = env();
  const base = e.APP_URL;
  const [first, ...rest] = row.user.name.trim().split(/\s+/);
  const pairs = orderCheckoutFields({
    merchant_id: e.payfast.merchantId,
    merchant_key: e.payfast.merchantKey,
    return_url: new URL(`/payments/${paymentId}/return`, base).toString(),
    cancel_url: new URL(`/payments/${paymentId}/cancel`, base).toString(),
    notify_url: new URL("/api/payfast/notify", base).toString(),
    name_first: first?.slice(0, 100),
    name_last: rest.join(" ").slice(0, 100) || undefined,
    email_address: row.user.email.slice(0, 100),
    m_payment_id: paymentId,
    amount: centsToAmount(row.payment.amountCents),
    item_name: row.payment.itemName.slice(0, 100),
  });
  return { action: e.payfast.processUrl, fields: checkoutFields(pairs, e.payfast.passphrase) };
}
