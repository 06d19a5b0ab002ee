// Applies the committed SQL migrations (db/migrations) with the engine the handle uses.
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrationsFolder, type dbHandle } from "./index";

export async function runMigrations(handle: ReturnType<typeof dbHandle>) {
  if (handle.engine === "postgres") {
    await migratePostgres(handle.db as unknown as PostgresJsDatabase, { migrationsFolder });
  } else {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
  }
}
