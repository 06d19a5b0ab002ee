// One database module, two engines: postgres.js when DATABASE_URL is set, embedded PGlite
// otherwise. Opened lazily on first use, so importing this never touches a database (the
// build stays offline) and each process holds exactly one client.
import path from "node:path";
import { mkdirSync } from "node:fs";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import postgres from "postgres";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a query can run on: the database or an open transaction. */
export type Executor = Db | Tx;

type Handle = { db: Db; close: () => Promise<void>; engine: "postgres" | "pglite" };

const globalForDb = globalThis as unknown as { classbookDb?: Handle };

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

type Sql = postgres.Sql;

/**
 * drizzle sends every query it has not been told to `.prepare()` as an unnamed statement, and for
 * those postgres.js first asks the server for the parameter types (Parse, Describe, Flush, wait)
 * before it binds them: two round trips, and a fresh parse, analysis and plan, for every
 * statement. Asking for named statements instead makes each distinct query text one Parse per
 * connection and every later run one round trip on a cached plan. The wrapper follows the
 * transaction and savepoint clients drizzle is handed, since those are separate objects.
 */
export function preparedByDefault<T extends Sql | postgres.TransactionSql>(client: T): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      if (prop === "unsafe") {
        return (query: string, params?: unknown[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, params as never, { ...options, prepare: true });
      }
      if (prop === "begin" || prop === "savepoint") {
        // Both take (fn) or (options or name, fn); the callback gets the transaction's client.
        return (...args: unknown[]) => {
          const fn = args.at(-1) as (sql: postgres.TransactionSql) => unknown;
          return (value as (...a: unknown[]) => unknown).apply(target, [...args.slice(0, -1), (sql: postgres.TransactionSql) => fn(preparedByDefault(sql))]);
        };
      }
      return value;
    },
  });
}

export function openPostgres(url: string, max = env().DB_POOL_MAX): Handle {
  const prepare = env().DB_PREPARED_STATEMENTS;
  const client = postgres(url, { max, onnotice: () => {}, prepare });
  const db = drizzlePostgres(prepare ? preparedByDefault(client) : client, { schema }) as unknown as Db;
  return { db, engine: "postgres", close: () => client.end({ timeout: 5 }) };
}

export function openPglite(dir: string): Handle {
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  // btree_gist: the booking overlap constraint (migration 0015) needs it.
  const client = new PGlite(dir, { extensions: { btree_gist } });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return { db, engine: "pglite", close: () => client.close() };
}

function open(): Handle {
  const e = env();
  return e.DATABASE_URL ? openPostgres(e.DATABASE_URL) : openPglite(path.resolve(e.PGLITE_DIR));
}

export function dbHandle(): Handle {
  globalForDb.classbookDb ??= open();
  return globalForDb.classbookDb;
}

/** The process's database. Property access opens it on first use. */
export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const real = dbHandle().db;
    const value: unknown = Reflect.get(real, prop, real);
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(real) : value;
  },
});

export async function closeDb() {
  const handle = globalForDb.classbookDb;
  globalForDb.classbookDb = undefined;
  await handle?.close();
}

export { schema };
