import { isIP } from "node:net";

function ipv4ToInt(ip: string): number {
  return ip.split(".").reduce((acc, part) => (acc << 8) + Number(part), 0) >>> 0;
}

function ipv6ToBigInt(ip: string): bigint {
  const [head = "", tail] = ip.split("::");
  const h = head ? head.split(":") : [];
  const t = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const parts = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t];
  return parts.reduce((acc, p) => (acc << 16n) + BigInt(parseInt(p || "0", 16)), 0n);
}

/** Whether `ip` falls in one of the comma-separated CIDR ranges (IPv4 and IPv6). */
export function ipInRanges(ip: string | null, ranges: string): boolean {
  if (!ip) return false;
  const addr = ip.startsWith("::ffff:") && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  const version = isIP(addr);
  if (!version) return false;
  return ranges
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean)
    .some((range) => {
      const [base = "", bitsText] = range.split("/");
      if (isIP(base) !== version) return false;
      if (version === 4) {
        const bits = bitsText === undefined ? 32 : Number(bitsText);
        const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
        return (ipv4ToInt(addr) & mask) === (ipv4ToInt(base) & mask);
      }
      const bits = BigInt(bitsText === undefined ? 128 : Number(bitsText));
      const mask = bits === 0n ? 0n : ((1n << 128n) - 1n) ^ ((1n << (128n - bits)) - 1n);
      return (ipv6ToBigInt(addr) & mask) === (ipv6ToBigInt(base) & mask);
    });
}
