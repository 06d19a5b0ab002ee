import "server-only";
import { and, asc, count, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { db } from "@/db";
import { mailQueue, mailStatus } from "@/db/schema";
import { MAIL_TEMPLATES } from "@/lib/mail/templates";
import { UUID_RE, keysetBatches, likePattern } from "./keyset";
import { tableParams } from "./table-params";

export const PAGE_SIZE = 25;
export const MAIL_SORTS = ["created", "status"] as const;
type MailStatus = (typeof mailStatus.enumValues)[number];

export function mailParams(raw: Record<string, string | string[] | undefined>) {
  return tableParams(raw, { sorts: MAIL_SORTS, defaultSort: "created", filters: { status: mailStatus.enumValues, template: MAIL_TEMPLATES } });
}
type Params = ReturnType<typeof mailParams>;

/**
 * Without a search every condition is index-driven: mail_queue_created_idx (newest first, date
 * range) or mail_queue_status_idx (status, created_at). The search (recipient or subject, any part
 * of them) is a filter on that walk: fast when it matches recent mail, a scan when it matches
 * little (a pg_trgm index would make it index-driven too). A whole email address is an exact,
 * case-insensitive lookup on mail_queue_to_email_lower_idx instead.
 */
function where(p: Params): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (p.filters.status) parts.push(eq(mailQueue.status, p.filters.status as MailStatus));
  if (p.filters.template) parts.push(eq(mailQueue.template, p.filters.template));
  if (p.from) parts.push(gte(mailQueue.createdAt, p.from));
  if (p.to) parts.push(lt(mailQueue.createdAt, new Date(p.to.getTime() + 86_400_000)));
  if (p.q) {
    if (UUID_RE.test(p.q)) {
      parts.push(eq(mailQueue.id, p.q));
    } else if (/^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i.test(p.q)) {
      // A whole address: mail_queue_to_email_lower_idx.
      parts.push(sql`lower(${mailQueue.toEmail}) = lower(${p.q})`);
    } else {
      const like = likePattern(p.q);
      parts.push(or(ilike(mailQueue.toEmail, like), ilike(mailQueue.subject, like)));
    }
  }
  return and(...parts);
}

// Sorted by status, mail stays newest first within a status (the order of mail_queue_status_idx).
function orderBy(p: Params) {
  const d = p.dir === "asc" ? asc : desc;
  return p.sort === "status" ? [d(mailQueue.status), d(mailQueue.createdAt), d(mailQueue.id)] : [d(mailQueue.createdAt), d(mailQueue.id)];
}

type Cursor = { id: string; status: MailStatus; cursor: string };

/** Rows after `after` in the table's order: a row comparison on the ORDER BY columns. */
function after(p: Params, a: Cursor | null): SQL | undefined {
  if (!a) return undefined;
  const op = sql.raw(p.dir === "asc" ? ">" : "<");
  return p.sort === "status"
    ? sql`(${mailQueue.status}, ${mailQueue.createdAt}, ${mailQueue.id}) ${op} (${a.status}::mail_status, ${a.cursor}::timestamptz, ${a.id}::uuid)`
    : sql`(${mailQueue.createdAt}, ${mailQueue.id}) ${op} (${a.cursor}::timestamptz, ${a.id}::uuid)`;
}

// No rendered bodies: the table shows the text version on demand, the CSV never carries either.
const columns = {
  id: mailQueue.id,
  toEmail: mailQueue.toEmail,
  subject: mailQueue.subject,
  template: mailQueue.template,
  status: mailQueue.status,
  attempts: mailQueue.attempts,
  lastError: mailQueue.lastError,
  nextAttemptAt: mailQueue.nextAttemptAt,
  createdAt: mailQueue.createdAt,
  sentAt: mailQueue.sentAt,
  providerMessageId: mailQueue.providerMessageId,
};

export async function mailTablePage(p: Params) {
  const [rows, [total], byStatus] = await Promise.all([
    db
      .select({ ...columns, renderedText: mailQueue.renderedText })
      .from(mailQueue)
      .where(where(p))
      .orderBy(...orderBy(p))
      .limit(PAGE_SIZE)
      .offset((p.page - 1) * PAGE_SIZE),
    db.select({ n: count() }).from(mailQueue).where(where(p)),
    // The statuses that need a look, counted off mail_queue_status_idx; `sent` (nearly every row)
    // is left out so this never counts the whole queue.
    db
      .select({ status: mailQueue.status, n: count() })
      .from(mailQueue)
      .where(inArray(mailQueue.status, ["queued", "sending", "failed", "cancelled"]))
      .groupBy(mailQueue.status),
  ]);
  const n = total?.n ?? 0;
  return {
    rows,
    total: n,
    pages: Math.max(1, Math.ceil(n / PAGE_SIZE)),
    byStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])) as Partial<Record<MailStatus, number>>,
  };
}

/** Every filtered email in the table's order, keyset batches (no OFFSET), without bodies. */
export function mailForExport(p: Params, batch = 2000) {
  return keysetBatches(
    (a: Cursor | null, limit) =>
      db
        .select({ ...columns, cursor: sql<string>`${mailQueue.createdAt}::text` })
        .from(mailQueue)
        .where(and(where(p), after(p, a)))
        .orderBy(...orderBy(p))
        .limit(limit),
    batch,
  );
}
