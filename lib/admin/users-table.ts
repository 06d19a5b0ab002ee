import "server-only";
import { and, asc, count, desc, eq, ilike, isNotNull, isNull, or, type SQL } from "drizzle-orm";
import { db } from "@/db";
import { userRole, users } from "@/db/schema";
import { tableParams } from "./table-params";

export const PAGE_SIZE = 25;

export function userParams(raw: Record<string, string | string[] | undefined>) {
  return tableParams(raw, { sorts: ["created", "name", "email"] as const, defaultSort: "created", filters: { role: userRole.enumValues, state: ["active", "disabled"] } });
}
type Params = ReturnType<typeof userParams>;

function where(p: Params): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (p.filters.role) parts.push(eq(users.role, p.filters.role as (typeof userRole.enumValues)[number]));
  if (p.filters.state === "disabled") parts.push(isNotNull(users.disabledAt));
  if (p.filters.state === "active") parts.push(isNull(users.disabledAt));
  if (p.q) {
    const like = `%${p.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(or(ilike(users.email, like), ilike(users.name, like)));
  }
  return and(...parts);
}

const order = (p: Params) => {
  const d = p.dir === "asc" ? asc : desc;
  return [d(p.sort === "name" ? users.name : p.sort === "email" ? users.email : users.createdAt), d(users.id)];
};

const columns = { id: users.id, name: users.name, email: users.email, role: users.role, disabledAt: users.disabledAt, createdAt: users.createdAt };

export async function usersPage(p: Params) {
  const [rows, [total]] = await Promise.all([
    db.select(columns).from(users).where(where(p)).orderBy(...order(p)).limit(PAGE_SIZE).offset((p.page - 1) * PAGE_SIZE),
    db.select({ n: count() }).from(users).where(where(p)),
  ]);
  const n = total?.n ?? 0;
  return { rows, total: n, pages: Math.max(1, Math.ceil(n / PAGE_SIZE)) };
}

export async function* usersForExport(p: Params, batch = 2000) {
  for (let offset = 0; ; offset += batch) {
    const rows = await db.select(columns).from(users).where(where(p)).orderBy(...order(p)).limit(batch).offset(offset);
    if (rows.length) yield rows;
    if (rows.length < batch) return;
  }
}
