import "server-only";
import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import { db } from "@/db";
import { notifications } from "@/db/schema";

export const NOTIFICATIONS_PAGE_SIZE = 20;

export async function unreadAdminCount(): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.audience, "super_admins"), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export async function adminNotificationsPage(page: number) {
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(eq(notifications.audience, "super_admins"))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(NOTIFICATIONS_PAGE_SIZE)
      .offset((page - 1) * NOTIFICATIONS_PAGE_SIZE),
    db.select({ n: count() }).from(notifications).where(eq(notifications.audience, "super_admins")),
  ]);
  return { rows, total: total?.n ?? 0, pages: Math.max(1, Math.ceil((total?.n ?? 0) / NOTIFICATIONS_PAGE_SIZE)) };
}

export async function markAdminNotificationRead(id: string) {
  await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.id, id), eq(notifications.audience, "super_admins"), isNull(notifications.readAt)));
}

export async function markAllAdminNotificationsRead() {
  await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.audience, "super_admins"), isNull(notifications.readAt)));
}
