"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { userAction } from "@/lib/actions/action";
import { startCheckout } from "@/lib/payments/checkout";
import { paymentForViewer } from "@/lib/payments/queries";

/** "Try again" for a failed or cancelled payment: a new checkout for the same item. */
export const retryPaymentAction = userAction(z.object({ paymentId: z.uuid() }), async (input, { user }) => {
  const row = await paymentForViewer(input.paymentId, user);
  if (!row || row.payment.userId !== user.id) return { formError: "That payment was not found." };
  const kind = row.courseSlug ? "course" : "product";
  const slug = row.courseSlug ?? row.productSlug;
  if (!slug) return { formError: "That item is no longer available." };
  const result = await startCheckout(user.id, kind, slug);
  if (result.kind === "refused") return { formError: result.message };
  if (result.kind === "completed") redirect(`/payments/${result.paymentId}/return`);
  redirect(`/checkout/${result.paymentId}`);
});
