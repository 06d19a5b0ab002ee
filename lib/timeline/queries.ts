import "server-only";
import { count, desc, eq } from "drizzle-orm";
import { db } from "@/db";
import { timeline } from "@/db/schema";

export const TIMELINE_PAGE_SIZE = 30;

export async function timelinePage(userId: string, page: number) {
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(timeline)
      .where(eq(timeline.userId, userId))
      .orderBy(desc(timeline.createdAt), desc(timeline.id))
      .limit(TIMELINE_PAGE_SIZE)
      .offset((page - 1) * TIMELINE_PAGE_SIZE),
    db.select({ n: count() }).from(timeline).where(eq(timeline.userId, userId)),
  ]);
  return { rows, pages: Math.max(1, Math.ceil((total?.n ?? 0) / TIMELINE_PAGE_SIZE)) };
}
