import { timeline } from "@/db/schema";
import type { Executor } from "@/db";

export type TimelineEntry = typeof timeline.$inferInsert;

/** Adds a row to a student's activity timeline, inside the caller's transaction. */
export async function recordTimeline(tx: Executor, entry: TimelineEntry) {
  const [row] = await tx.insert(timeline).values(entry).returning({ id: timeline.id });
  return row!.id;
}
