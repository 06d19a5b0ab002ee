import { sql, type SQLWrapper } from "drizzle-orm";
import type { Executor } from "@/db";

/**
 * Runs several INSERT/UPDATE statements built with drizzle as one statement: each but the last
 * becomes a data-modifying WITH clause. One message, one parse, one round trip, where the hot
 * paths (an ITN's completion, a booking) would otherwise spend most of their time per statement.
 * PostgreSQL runs the parts with one snapshot, so no part may read what another writes; foreign
 * keys between them are checked when the whole statement ends, with every row in place.
 */
export async function writeAll(tx: Executor, statements: SQLWrapper[]): Promise<void> {
  const last = statements.at(-1);
  if (!last) return;
  // getSQL(): a query builder embedded as-is would be wrapped in parentheses, which PostgreSQL
  // does not accept around a data-modifying statement.
  const parts = statements.slice(0, -1).map((s, i) => sql`${sql.raw(`w${i}`)} AS (${s.getSQL()})`);
  await tx.execute(parts.length ? sql`WITH ${sql.join(parts, sql`, `)} ${last.getSQL()}` : last.getSQL());
}
