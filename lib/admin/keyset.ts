import "server-only";

/**
 * Every row of an export, a batch at a time, each batch read after the previous batch's last row
 * (keyset), not at an OFFSET: batch 500 costs what batch 1 costs, so exporting a million rows is
 * linear. `fetch` gets the last row of the previous batch (null for the first; typed as the cursor
 * columns it reads) and returns at most `limit` rows in the export's order.
 */
export async function* keysetBatches<C, R extends C>(fetch: (after: C | null, limit: number) => Promise<R[]>, batch = 2000): AsyncGenerator<R[]> {
  let after: C | null = null;
  for (;;) {
    const rows: R[] = await fetch(after, batch);
    if (rows.length) yield rows;
    if (rows.length < batch) return;
    after = rows[rows.length - 1]!;
  }
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `%term%` for ILIKE, with the term's own wildcards escaped. */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** One query-string value (the first, when repeated). */
export const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
