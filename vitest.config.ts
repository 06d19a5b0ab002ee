import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      // tsconfig "paths": { "@/*": ["./*"] }
      { find: /^@\//, replacement: root },
      // "server-only" throws outside a React server build; tests import those modules directly.
      { find: /^server-only$/, replacement: `${root}tests/helpers/empty.ts` },
    ],
  },
  test: {
    root,
    // One worker per core on the 2-core machines; each forked worker runs one file at a time.
    pool: "forks",
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "db",
          include: ["tests/db/**/*.test.ts"],
          environment: "node",
          // Starts (or connects to) PostgreSQL once and builds a migrated template database.
          globalSetup: ["tests/helpers/global-setup.ts"],
          // Gives every test file its own database cloned from the template.
          setupFiles: ["tests/helpers/db-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
