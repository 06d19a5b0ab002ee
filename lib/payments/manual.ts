import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { invoices, payments, users } from "@/db/schema";
import { audit } from "@/lib/admin/audit";
import { formatZar } from "@/lib/money";
import { recordTimeline } from "@/lib/timeline/record";
import { findItem, ownsCourse, type ItemKind } from "./catalog";
import { completePayment } from "./complete";

export type ManualPaymentResult =
  | { ok: true; paymentId: string; invoiceNumber: string }
  | { ok: false; field: "studentId" | "item" | "form"; message: string };

/**
 * A super admin records an EFT or cash payment: the same completion as PayFast (student
 * payment, invoice, enrollment and its side effects) in one transaction, with no PayFast row.
 */
export async function recordManualPayment(input: {
  adminId: string;
  studentId: string;
  kind: ItemKind;
  slug: string;
  reference: string;
}): Promise<ManualPaymentResult> {
  const result = await db.transaction(async (tx): Promise<ManualPaymentResult | { ok: true; paymentId: string; invoiceId: string }> => {
    const [student] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, input.studentId), eq(users.role, "student")))
      .for("update");
    if (!student) return { ok: false, field: "studentId", message: "Choose a student account." };
    const item = await findItem(input.kind, input.slug, tx);
    if (!item || item.status !== "published") return { ok: false, field: "item", message: "That item is not for sale." };
    if (input.kind === "course" && (await ownsCourse(student.id, item.id, tx))) {
      return { ok: false, field: "item", message: "This student already owns that course." };
    }
    const [payment] = await tx
      .insert(payments)
      .values({
        userId: student.id,
        method: "manual",
        amountCents: item.priceCents,
        courseId: input.kind === "course" ? item.id : null,
        productId: input.kind === "product" ? item.id : null,
        itemName: item.name,
        recordedById: input.adminId,
        reference: input.reference,
      })
      .returning({ id: payments.id });
    await recordTimeline(tx, {
      userId: student.id,
      event: "payment_started",
      summary: `Manual payment of ${formatZar(item.priceCents)} recorded for ${item.name}`,
      paymentId: payment!.id,
    });
    const result = await completePayment(tx, payment!.id);
    if (result.outcome !== "completed") throw new Error("a new manual payment must complete");
    await audit(tx, {
      actorId: input.adminId,
      action: "payment.manual_recorded",
      entityType: "payment",
      entityId: payment!.id,
      after: { studentId: student.id, item: `${input.kind}:${input.slug}`, reference: input.reference, invoiceId: result.invoiceId },
    });
    return { ok: true, paymentId: payment!.id, invoiceId: result.invoiceId };
  });
  if (!result.ok || !("invoiceId" in result)) return result;
  // Numbered as the transaction committed (migration 0010).
  const [invoice] = await db.select({ number: invoices.number }).from(invoices).where(eq(invoices.id, result.invoiceId));
  return { ok: true, paymentId: result.paymentId, invoiceNumber: invoice?.number ?? "" };
}
