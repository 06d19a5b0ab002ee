import type { Executor } from "@/db";
import { notifications } from "@/db/schema";

export type NewNotification = Omit<typeof notifications.$inferInsert, "audience" | "userId">;

/** A notification for the super-admin panel, written in the caller's transaction. */
export async function notifyAdmins(tx: Executor, n: NewNotification) {
  const [row] = await tx
    .insert(notifications)
    .values({ ...n, audience: "super_admins" })
    .returning({ id: notifications.id });
  return row!.id;
}
