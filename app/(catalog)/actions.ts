"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { userAction } from "@/lib/actions/action";
import { startCheckout } from "@/lib/payments/checkout";

const buySchema = z.object({
  kind: z.enum(["course", "product"], { error: "Unknown item type." }),
  slug: z.string().min(1).max(200),
});

export const buyAction = userAction(buySchema, async (input, { user }) => {
  if (user.role !== "student") {
    return { formError: "Purchases are made from a student account. Sign in as a student to buy." };
  }
  const result = await startCheckout(user.id, input.kind, input.slug);
  if (result.kind === "refused") return { formError: result.message };
  if (result.kind === "completed") redirect(`/payments/${result.paymentId}/return`);
  redirect(`/checkout/${result.paymentId}`);
});
