// setupFiles of the "db" Vitest project: runs in the test file's worker before the file is
// imported. Clones the migrated template into a database of this file's own and points
// DATABASE_URL at it, so the app's lazy `db` (db/index.ts) opens that database on first use.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { closeDb } from "@/db/index";
import { resetEnvCache } from "@/lib/env";

const pg = inject("pg");
const database = `${pg.filePrefix}${randomBytes(5).toString("hex")}`;

function databaseUrl(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(pg.baseUrl, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

await withAdmin(async (sql) => {
  // Two workers may clone at the same moment; PostgreSQL refuses a template that another session
  // is momentarily connected to (55006), so retry briefly instead of failing the file.
  for (let attempt = 1; ; attempt++) {
    try {
      await sql.unsafe(`CREATE DATABASE "${database}" TEMPLATE "${pg.template}"`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "55006" || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
});

process.env.DATABASE_URL = databaseUrl(pg.baseUrl, database);
// lib/env.ts accepts only development|production|test (Vitest normally sets "test" already).
if (!["development", "production", "test"].includes(process.env.NODE_ENV ?? "")) Object.assign(process.env, { NODE_ENV: "test" });
resetEnvCache();

afterAll(async () => {
  await closeDb();
  // FORCE: a test that forgot to close its own extra connection must not leave the database behind.
  await withAdmin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
});
