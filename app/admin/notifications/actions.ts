"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/action";
import { markAdminNotificationRead, markAllAdminNotificationsRead } from "@/lib/notifications/queries";

export const markReadAction = adminAction(z.object({ id: z.uuid() }), async (input) => {
  await markAdminNotificationRead(input.id);
  revalidatePath("/admin", "layout");
});

export const markAllReadAction = adminAction(z.object({}), async () => {
  await markAllAdminNotificationsRead();
  revalidatePath("/admin", "layout");
  return { ok: true, message: "All notifications marked as read." };
});
