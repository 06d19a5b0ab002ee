import "server-only";
import { and, asc, count, desc, eq, gte, ilike, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { db } from "@/db";
import { notifications } from "@/db/schema";
import { UUID_RE, keysetBatches, likePattern } from "./keyset";
import { tableParams } from "./table-params";

export const PAGE_SIZE = 25;

/** The types the app writes (notifyAdmins callers), with how the filter names them. */
export const NOTIFICATION_TYPES = {
  course_enrolled: "Course enrollment",
  product_purchased: "Product purchase",
  duplicate_purchase: "Duplicate purchase",
  booking_made: "Booking",
  booking_cancelled: "Booking cancelled",
  booking_moved: "Booking moved",
  itn_refused: "PayFast notification refused",
  email_undeliverable: "Email undeliverable",
} as const;

export function notificationParams(raw: Record<string, string | string[] | undefined>) {
  return tableParams(raw, {
    sorts: ["created"] as const,
    defaultSort: "created",
    filters: { type: Object.keys(NOTIFICATION_TYPES), read: ["unread", "read"] },
  });
}
type Params = ReturnType<typeof notificationParams>;

/**
 * The super admins' notifications only (the audience of this page). Newest first is read off
 * notifications_audience_created_idx (audience, created_at), unread off notifications_unread_idx;
 * type and the search are filters on that walk.
 */
function where(p: Params): SQL | undefined {
  const parts: (SQL | undefined)[] = [eq(notifications.audience, "super_admins")];
  if (p.filters.type) parts.push(eq(notifications.type, p.filters.type));
  if (p.filters.read === "unread") parts.push(isNull(notifications.readAt));
  if (p.filters.read === "read") parts.push(isNotNull(notifications.readAt));
  if (p.from) parts.push(gte(notifications.createdAt, p.from));
  if (p.to) parts.push(lt(notifications.createdAt, new Date(p.to.getTime() + 86_400_000)));
  if (p.q) {
    if (UUID_RE.test(p.q)) {
      parts.push(eq(notifications.id, p.q));
    } else {
      const like = likePattern(p.q);
      parts.push(or(ilike(notifications.title, like), ilike(notifications.body, like)));
    }
  }
  return and(...parts);
}

const orderBy = (p: Params) => {
  const d = p.dir === "asc" ? asc : desc;
  return [d(notifications.createdAt), d(notifications.id)];
};

const columns = {
  id: notifications.id,
  type: notifications.type,
  title: notifications.title,
  body: notifications.body,
  link: notifications.link,
  readAt: notifications.readAt,
  createdAt: notifications.createdAt,
};

export async function notificationsTablePage(p: Params) {
  const [rows, [total]] = await Promise.all([
    db.select(columns).from(notifications).where(where(p)).orderBy(...orderBy(p)).limit(PAGE_SIZE).offset((p.page - 1) * PAGE_SIZE),
    db.select({ n: count() }).from(notifications).where(where(p)),
  ]);
  const n = total?.n ?? 0;
  return { rows, total: n, pages: Math.max(1, Math.ceil(n / PAGE_SIZE)) };
}

/** Every filtered notification in the table's order, keyset batches on (created_at, id). */
export function notificationsForExport(p: Params, batch = 2000) {
  const op = sql.raw(p.dir === "asc" ? ">" : "<");
  return keysetBatches(
    (a: { id: string; cursor: string } | null, limit) =>
      db
        .select({ ...columns, cursor: sql<string>`${notifications.createdAt}::text` })
        .from(notifications)
        .where(and(where(p), a ? sql`(${notifications.createdAt}, ${notifications.id}) ${op} (${a.cursor}::timestamptz, ${a.id}::uuid)` : undefined))
        .orderBy(...orderBy(p))
        .limit(limit),
    batch,
  );
}
