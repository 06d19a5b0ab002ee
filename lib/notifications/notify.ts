import type { Executor } from "@/db";
import { notifications } from "@/db/schema";

export type NewNotification = Omit<typeof notifications.$inferInsert, "audience" | "userId">;

/** The row of a notification for the super-admin panel (for callers that batch their writes). */
export function adminNotification(n: NewNotification): typeof notifications.$inferInsert {
  return { ...n, audience: "super_admins" };
}

/** A notification for the super-admin panel, written in the caller's transaction. */
export async function notifyAdmins(tx: Executor, n: NewNotification) {
  const [row] = await tx.insert(notifications).values(adminNotification(n)).returning({ id: notifications.id });
  return row!.id;
}
