import "server-only";
import { and, count, desc, eq, ilike, type SQL } from "drizzle-orm";
import { db } from "@/db";
import { auditLog, users } from "@/db/schema";
import { tableParams } from "./table-params";

export const AUDIT_PAGE_SIZE = 30;

export function auditParams(raw: Record<string, string | string[] | undefined>) {
  return tableParams(raw, { sorts: ["created"] as const, defaultSort: "created", filters: { entity: ["user", "course", "product", "payment", "session", "slot", "mail"] } });
}

export async function auditPage(p: ReturnType<typeof auditParams>) {
  const parts: (SQL | undefined)[] = [];
  if (p.filters.entity) parts.push(eq(auditLog.entityType, p.filters.entity));
  if (p.q) parts.push(ilike(auditLog.action, `%${p.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  const where = and(...parts);
  const [rows, [total]] = await Promise.all([
    db
      .select({ entry: auditLog, actorName: users.name, actorEmail: users.email })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(where)
      .orderBy(p.dir === "asc" ? auditLog.createdAt : desc(auditLog.createdAt), desc(auditLog.id))
      .limit(AUDIT_PAGE_SIZE)
      .offset((p.page - 1) * AUDIT_PAGE_SIZE),
    db.select({ n: count() }).from(auditLog).where(where),
  ]);
  const n = total?.n ?? 0;
  return { rows, total: n, pages: Math.max(1, Math.ceil(n / AUDIT_PAGE_SIZE)) };
}
