"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/db";
import { adminAction } from "@/lib/actions/action";
import { audit } from "@/lib/admin/audit";
import { runReconciliation } from "@/lib/admin/reconciliation";
import { repairCompletedPayment } from "@/lib/payments/complete";

export const repairPaymentAction = adminAction(z.object({ paymentId: z.uuid() }), async (input, { user }) => {
  const added = await db.transaction(async (tx) => {
    const result = await repairCompletedPayment(tx, input.paymentId);
    if (result.length) await audit(tx, { actorId: user.id, action: "payment.repaired", entityType: "payment", entityId: input.paymentId, after: { added: result } });
    return result;
  });
  // The page shows the latest stored run: check again, so the repaired payment leaves the list.
  await runReconciliation("repair").catch((error: unknown) => console.error("[reconciliation after repair]", error));
  revalidatePath("/admin/health");
  return added.length ? { ok: true, message: `Repaired: added ${added.join(", ")}.` } : { ok: true, message: "Nothing was missing." };
});

export const runReconciliationAction = adminAction(z.object({}), async (_input, { user }) => {
  const run = await runReconciliation("admin", { actorId: user.id });
  revalidatePath("/admin/health");
  const found = run.missing.length + run.orphanEnrollments.length + run.gaps.length;
  return { ok: true, message: found ? `Reconciliation ran: ${found} item${found === 1 ? "" : "s"} to look at.` : "Reconciliation ran: all clear." };
});
