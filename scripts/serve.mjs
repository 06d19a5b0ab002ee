// Classbook's HTTP server: Next.js behind one rule about client addresses.
// Next only fills X-Forwarded-For when the client did not send one, so a bare header would
// let any client choose its own address. Here the header is rebuilt from the socket: the
// entries appended by the TRUSTED_PROXY_HOPS proxies in front of us are kept, the peer that
// connected is appended, and anything further left (client claims) is dropped.
import { createServer } from "node:http";

const dev = process.argv.includes("--dev");
// Set before Next loads: a custom server does not set NODE_ENV the way `next start` does.
process.env.NODE_ENV ??= dev ? "development" : "production";
// No telemetry: nothing may reach the network at run time.
process.env.NEXT_TELEMETRY_DISABLED = "1";
const { default: next } = await import("next");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME ?? "0.0.0.0";
const hops = Math.max(0, Number(process.env.TRUSTED_PROXY_HOPS ?? 0) || 0);

const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

createServer((req, res) => {
  const claimed = String(req.headers["x-forwarded-for"] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const fromTrustedProxies = hops > 0 ? claimed.slice(-hops) : [];
  req.headers["x-forwarded-for"] = [...fromTrustedProxies, req.socket.remoteAddress ?? ""].filter(Boolean).join(", ");
  void handle(req, res);
}).listen(port, hostname, () => {
  console.log(`Classbook ${dev ? "(dev) " : ""}listening on http://localhost:${port}`);
});
