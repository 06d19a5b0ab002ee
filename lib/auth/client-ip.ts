import { env } from "@/lib/env";

/**
 * The client address. Next's server appends the socket address to X-Forwarded-For, so the
 * last entry is the peer that connected to us. Each trusted proxy in front of us (configured
 * with TRUSTED_PROXY_HOPS) appends one more; entries further left are whatever the client
 * claimed and are never trusted.
 */
export function clientIp(headers: Headers, hops = env().TRUSTED_PROXY_HOPS): string | null {
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const ip = entries[entries.length - 1 - hops] ?? null;
  return ip ? normalizeIp(ip) : null;
}

export function normalizeIp(ip: string): string {
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip;
}
