"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/action";
import { cancelMail, requeueMail } from "@/lib/mail/worker";

const idSchema = z.object({ id: z.uuid() });

export const retryMailAction = adminAction(idSchema, async (input, { user }) => {
  const ok = await requeueMail(input.id, { actorId: user.id });
  revalidatePath("/admin/mail");
  return ok ? { ok: true, message: "Queued again." } : { formError: "Only failed or cancelled emails can be retried." };
});

export const cancelMailAction = adminAction(idSchema, async (input, { user }) => {
  const ok = await cancelMail(input.id, { actorId: user.id });
  revalidatePath("/admin/mail");
  return ok ? { ok: true, message: "Cancelled." } : { formError: "Only queued or failed emails can be cancelled." };
});
