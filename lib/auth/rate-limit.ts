import "server-only";
import { eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { authRateLimits } from "@/db/schema";

export type Limit = { key: string; max: number; windowMinutes: number };

/** Minutes until the key may try again, or 0 when it is not blocked. */
export async function blockedForMinutes(limit: Limit): Promise<number> {
  const [row] = await db
    .select({ failures: authRateLimits.failures, windowEndsAt: authRateLimits.windowEndsAt })
    .from(authRateLimits)
    .where(eq(authRateLimits.key, limit.key));
  if (!row || row.windowEndsAt <= new Date() || row.failures < limit.max) return 0;
  return Math.max(1, Math.ceil((row.windowEndsAt.getTime() - Date.now()) / 60_000));
}

/** Counts one failure atomically; a lapsed window starts again from one. */
export async function recordFailure(limit: Limit): Promise<void> {
  const window = sql`now() + make_interval(mins => ${limit.windowMinutes})`;
  await db
    .insert(authRateLimits)
    .values({ key: limit.key, failures: 1, windowEndsAt: sql`${window}` })
    .onConflictDoUpdate({
      target: authRateLimits.key,
      set: {
        failures: sql`CASE WHEN ${authRateLimits.windowEndsAt} <= now() THEN 1 ELSE ${authRateLimits.failures} + 1 END`,
        windowEndsAt: sql`CASE WHEN ${authRateLimits.windowEndsAt} <= now() THEN ${window} ELSE ${authRateLimits.windowEndsAt} END`,
      },
    });
}

export async function clearFailures(key: string): Promise<void> {
  await db.delete(authRateLimits).where(eq(authRateLimits.key, key));
}
