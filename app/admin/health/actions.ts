"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/db";
import { adminAction } from "@/lib/actions/action";
import { audit } from "@/lib/admin/audit";
import { repairCompletedPayment } from "@/lib/payments/complete";

export const repairPaymentAction = adminAction(z.object({ paymentId: z.uuid() }), async (input, { user }) => {
  const added = await db.transaction(async (tx) => {
    const result = await repairCompletedPayment(tx, input.paymentId);
    if (result.length) await audit(tx, { actorId: user.id, action: "payment.repaired", entityType: "payment", entityId: input.paymentId, after: { added: result } });
    return result;
  });
  revalidatePath("/admin/health");
  return added.length ? { ok: true, message: `Repaired: added ${added.join(", ")}.` } : { ok: true, message: "Nothing was missing." };
});
