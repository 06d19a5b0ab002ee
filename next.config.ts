import type { NextConfig } from "next";

// Nothing may reach the network at build or run time: Next's anonymous telemetry is off for
// every command that loads this file (dev, build, start, typegen). scripts/serve.mjs sets it too.
process.env.NEXT_TELEMETRY_DISABLED = "1";

const nextConfig: NextConfig = {
  // PGlite ships WASM + data files that must be loaded from node_modules, not bundled.
  // react-email renders with react-dom/server, which the RSC layer (route handlers) refuses to load.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres", "@react-email/render", "@react-email/components"],
  // `next dev` refuses dev resources to other origins; Playwright and curl may use 127.0.0.1.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  experimental: {
    // forbidden() gives students a real 403 page on admin routes.
    authInterrupts: true,
  },
  poweredByHeader: false,
  // The build checks the app's own code; tests, benchmarks and scripts are checked by
  // `npm run typecheck` (CI runs both), so a bench file can never break a deploy.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  headers() {
    return Promise.resolve([
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ]);
  },
};

export default nextConfig;
