// Applies migrations and the demo seed to the configured database (PGlite folder, or
// DATABASE_URL). Runs before the server starts: PGlite allows one process per folder.
//   tsx scripts/db-setup.ts            migrate + seed
//   tsx scripts/db-setup.ts --no-seed  migrate only
//   tsx scripts/db-setup.ts --seed-only
import { closeDb, dbHandle } from "../db/index";
import { runMigrations } from "../db/migrate";
import { seed } from "../db/seed";
import { env } from "../lib/env";

const args = new Set(process.argv.slice(2));
const handle = dbHandle();
const where = env().DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `PGlite at ${env().PGLITE_DIR}`;
const started = Date.now();
try {
  if (!args.has("--seed-only")) {
    await runMigrations(handle);
    console.log(`Migrations applied to ${where}.`);
  }
  if (!args.has("--no-seed")) {
    await seed(handle.db);
    console.log("Demo data in place (admin@classbook.demo / classbook-demo and friends: see README).");
  }
  console.log(`Database ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} finally {
  await closeDb();
}
