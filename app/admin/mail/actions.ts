"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/db";
import { adminAction } from "@/lib/actions/action";
import { audit } from "@/lib/admin/audit";
import { cancelMail, requeueMail } from "@/lib/mail/worker";

const idSchema = z.object({ id: z.uuid() });

export const retryMailAction = adminAction(idSchema, async (input, { user }) => {
  const ok = await requeueMail(input.id);
  if (ok) await audit(db, { actorId: user.id, action: "mail.retried", entityType: "mail", entityId: input.id });
  revalidatePath("/admin/mail");
  return ok ? { ok: true, message: "Queued again." } : { formError: "Only failed or cancelled emails can be retried." };
});

export const cancelMailAction = adminAction(idSchema, async (input, { user }) => {
  const ok = await cancelMail(input.id);
  if (ok) await audit(db, { actorId: user.id, action: "mail.cancelled", entityType: "mail", entityId: input.id });
  revalidatePath("/admin/mail");
  return ok ? { ok: true, message: "Cancelled." } : { formError: "Only queued or failed emails can be cancelled." };
});
