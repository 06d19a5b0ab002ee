import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { payments } from "@/db/schema";
import { closePayment } from "./complete";

/** The buyer came back through PayFast's cancel URL. Returns the payment's status afterwards. */
export async function cancelStartedPayment(paymentId: string) {
  return db.transaction(async (tx) => {
    await closePayment(tx, paymentId, "CANCELLED", "Buyer cancelled on PayFast");
    const [row] = await tx.select({ status: payments.status }).from(payments).where(eq(payments.id, paymentId));
    return row?.status ?? null;
  });
}
