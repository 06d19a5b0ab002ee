// Starts Classbook for the browser suite: a fresh PostgreSQL database (from E2E_DATABASE_URL,
// a new one on TEST_DATABASE_URL's server, or a throwaway embedded PostgreSQL), migrated and
// seeded, then the production build on PORT. The database URL is written to e2e/.state/db-url
// so tests can check what the database holds.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { startEmbeddedPostgres } from "./embedded-postgres";

const port = Number(process.env.PORT ?? 3100);
const root = process.cwd();

function assertLocal(url: string) {
  const host = new URL(url).hostname;
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host)) {
    throw new Error(`Refusing to run the browser suite against a non-local database (${host}).`);
  }
}

async function freshDatabase(serverUrl: string): Promise<string> {
  const name = `classbook_e2e_${Date.now()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

let stopEmbedded: (() => Promise<void>) | undefined;
let databaseUrl = process.env.E2E_DATABASE_URL;
if (!databaseUrl) {
  let server = process.env.TEST_DATABASE_URL;
  if (!server) {
    const embedded = await startEmbeddedPostgres();
    server = embedded.url;
    stopEmbedded = embedded.stop;
  }
  databaseUrl = await freshDatabase(server);
}
assertLocal(databaseUrl);

const childEnv = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  NODE_ENV: "production" as const,
  AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
  CLASSBOOK_DEMO: "true",
  APP_URL: `http://localhost:${port}`,
  PORT: String(port),
};

execFileSync("npx", ["tsx", "scripts/db-setup.ts"], { stdio: "inherit", env: childEnv });
mkdirSync(path.join(root, "e2e/.state"), { recursive: true });
// Per port, so two suites running side by side never read each other's database.
writeFileSync(path.join(root, `e2e/.state/db-url-${port}`), databaseUrl);

/** The newest modification time of the app's own sources (what a build is made of). */
function newestSource(): number {
  let newest = 0;
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of ["app", "components", "lib", "db", "public"]) if (existsSync(path.join(root, dir))) visit(path.join(root, dir));
  for (const file of ["next.config.ts", "package-lock.json"]) if (existsSync(path.join(root, file))) newest = Math.max(newest, statSync(path.join(root, file)).mtimeMs);
  return newest;
}

// A build older than the sources would test yesterday's code: build again.
const buildId = path.join(root, ".next/BUILD_ID");
if (!existsSync(buildId) || statSync(buildId).mtimeMs < newestSource()) {
  execFileSync("npx", ["next", "build"], { stdio: "inherit", env: childEnv });
}

const server = spawn("node", ["scripts/serve.mjs"], { stdio: "inherit", env: childEnv });
const shutdown = async () => {
  server.kill("SIGTERM");
  await stopEmbedded?.();
  process.exit(0);
};
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
server.on("exit", (code) => {
  void stopEmbedded?.().finally(() => process.exit(code ?? 0));
});
