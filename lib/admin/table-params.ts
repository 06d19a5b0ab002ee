import { z } from "zod";

/**
 * Query-string parameters of an admin table. Anything malformed falls back to a default:
 * a hand-edited URL shows the first page, never an error.
 */
export function tableParams<S extends readonly [string, ...string[]]>(
  raw: Record<string, string | string[] | undefined>,
  opts: { sorts: S; defaultSort: S[number]; filters?: Record<string, readonly string[]> },
) {
  const one = (k: string) => {
    const v = raw[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const page = z.coerce.number().int().min(1).max(100_000).catch(1).parse(one("page") ?? 1);
  const q = (one("q") ?? "").trim().slice(0, 100);
  const sort = z.enum(opts.sorts).catch(opts.defaultSort).parse(one("sort"));
  const dir = one("dir") === "asc" ? ("asc" as const) : ("desc" as const);
  const filters: Record<string, string | null> = {};
  for (const [name, allowed] of Object.entries(opts.filters ?? {})) {
    const v = one(name);
    filters[name] = v && allowed.includes(v) ? v : null;
  }
  const from = parseDay(one("from"));
  const to = parseDay(one("to"));
  return { page, q, sort, dir, filters, from, to };
}

function parseDay(v: string | undefined): Date | null {
  if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return null;
  const d = new Date(`${v}T00:00:00+02:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Builds a URL for the same table with some parameters changed. */
export function tableHref(base: string, current: Record<string, string | number | null | undefined>, change: Record<string, string | number | null>) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...current, ...change })) {
    if (v !== null && v !== undefined && v !== "") params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${base}?${s}` : base;
}

/** CSV with every field quoted as needed; formula-looking cells are neutralised for spreadsheets. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  const cell = (v: string | number | null | undefined) => {
    let s = v === null || v === undefined ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(s) && typeof v === "string") s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}
