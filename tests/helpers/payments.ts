// Helpers for the payment suites in tests/db/payments/. They drive the app the way PayFast and
// the browser do (the real notify route, startCheckout) and read the results straight from
// PostgreSQL; nothing here replaces application code.
import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type SQL, sql } from "drizzle-orm";
import { db, type Executor } from "@/db/index";
import type { payfastItnLog, PaymentStatus } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { itnSignature, type Pair } from "@/lib/payfast/signature";

/** PayFast's public sandbox merchant and passphrase: the simulator defaults (lib/env.ts). */
export const SANDBOX_MERCHANT_ID = "10000100";
export const SANDBOX_MERCHANT_KEY = "46f0cd694581a";
export const SANDBOX_PASSPHRASE = "jt7NOE43FZPn";

// ---------------------------------------------------------------- configuration

/**
 * Clears every PAYFAST_* variable (so the simulator defaults apply), then sets `vars` and drops
 * the cached configuration. Returns a function that puts the previous environment back.
 */
export function usePayfastEnv(vars: Record<string, string>): () => void {
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) {
    if (key.startsWith("PAYFAST_") || key === "TRUSTED_PROXY_HOPS") delete process.env[key];
  }
  Object.assign(process.env, vars);
  resetEnvCache();
  return () => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    resetEnvCache();
  };
}

/** Changes some variables for the duration of `work`, then restores them. */
export async function withEnv<T>(vars: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const previous: Record<string, string | undefined> = {};
  for (const key of Object.keys(vars)) previous[key] = process.env[key];
  Object.assign(process.env, vars);
  resetEnvCache();
  try {
    return await work();
  } finally {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    resetEnvCache();
  }
}

// ---------------------------------------------------------------- fake validate endpoint

export type ValidatorMode = "VALID" | "INVALID" | "hang" | "http500";
export type ValidatorRequest = { body: string; headers: IncomingHttpHeaders; method: string };

/**
 * A stand-in for PayFast's /eng/query/validate on 127.0.0.1 (random port). Each test chooses
 * its answer; "hang" never answers (the app's timeout must fire). It records every postback and
 * the largest number of postbacks it held open at once, which shows whether a "concurrent" test
 * really overlapped.
 */
export class FakeValidator {
  mode: ValidatorMode = "VALID";
  /** Delay before answering, so concurrent postbacks pile up. */
  delayMs = 0;
  requests: ValidatorRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeValidator> {
    const ref: { self?: FakeValidator } = {};
    const server = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => (body += chunk));
      req.on("end", () => {
        const v = ref.self!;
        v.requests.push({ body, headers: req.headers, method: req.method ?? "" });
        v.inFlight += 1;
        v.maxInFlight = Math.max(v.maxInFlight, v.inFlight);
        const mode = v.mode;
        if (mode === "hang") return; // never answers; close() destroys the socket
        setTimeout(() => {
          v.inFlight -= 1;
          if (mode === "http500") {
            res.writeHead(500, { "Content-Type": "text/plain" }).end("server error");
          } else {
            res.writeHead(200, { "Content-Type": "text/html" }).end(`${mode}\n`);
          }
        }, v.delayMs);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    ref.self = new FakeValidator(server, `http://127.0.0.1:${port}/eng/query/validate`);
    return ref.self;
  }

  reset() {
    this.mode = "VALID";
    this.delayMs = 0;
    this.requests = [];
    this.inFlight = 0;
    this.maxInFlight = 0;
  }

  /** Drops hung connections (from "hang") so their sockets do not outlive the test. */
  dropConnections() {
    this.server.closeAllConnections();
  }

  async close() {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

// ---------------------------------------------------------------- ITNs

export type ItnFields = {
  m_payment_id: string;
  pf_payment_id: string;
  payment_status: string;
  item_name: string;
  item_description?: string;
  amount_gross: string;
  amount_fee: string;
  amount_net: string;
  name_first?: string;
  name_last?: string;
  email_address?: string;
  merchant_id: string;
};

/** PayFast's ITN field order (payfast.md §3), empties kept. */
export function itnPairs(f: ItnFields): Pair[] {
  return [
    ["m_payment_id", f.m_payment_id],
    ["pf_payment_id", f.pf_payment_id],
    ["payment_status", f.payment_status],
    ["item_name", f.item_name],
    ["item_description", f.item_description ?? ""],
    ["amount_gross", f.amount_gross],
    ["amount_fee", f.amount_fee],
    ["amount_net", f.amount_net],
    ["custom_str1", ""],
    ["custom_str2", ""],
    ["custom_str3", ""],
    ["custom_str4", ""],
    ["custom_str5", ""],
    ["custom_int1", ""],
    ["custom_int2", ""],
    ["custom_int3", ""],
    ["custom_int4", ""],
    ["custom_int5", ""],
    ["name_first", f.name_first ?? ""],
    ["name_last", f.name_last ?? ""],
    ["email_address", f.email_address ?? ""],
    ["merchant_id", f.merchant_id],
  ];
}

/** Appends `signature`, computed over the pairs in order with the given passphrase (null: none). */
export function signItn(pairs: Pair[], passphrase: string | null = SANDBOX_PASSPHRASE): Pair[] {
  const unsigned = pairs.filter(([k]) => k !== "signature");
  return [...unsigned, ["signature", itnSignature(unsigned, passphrase ?? undefined)]];
}

/** The same MD5 rule written out independently of lib/payfast/signature.ts (payfast.md §2b). */
export function independentItnSignature(pairs: Pair[], passphrase?: string): string {
  const enc = (v: string) =>
    encodeURIComponent(v)
      .replace(/[!'()*~]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase())
      .replace(/%20/g, "+");
  let s = pairs
    .filter(([k]) => k !== "signature")
    .map(([k, v]) => `${k}=${enc(v)}`)
    .join("&");
  if (passphrase) s += `&passphrase=${enc(passphrase)}`;
  return createHash("md5").update(s, "utf8").digest("hex");
}

export const formBody = (pairs: Pair[]): string => new URLSearchParams(pairs).toString();

export const setField = (pairs: Pair[], name: string, value: string): Pair[] =>
  pairs.map(([k, v]) => (k === name ? [k, value] : [k, v]));

export const withoutField = (pairs: Pair[], name: string): Pair[] => pairs.filter(([k]) => k !== name);

/** Calls the real route handler the way Next would, with PayFast's content type. */
export async function postItn(
  POST: (request: Request) => Promise<Response>,
  body: string | Pair[],
  opts: { forwardedFor?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string }> {
  const request = new Request("http://localhost/api/payfast/notify", {
    method: "POST",
    body: typeof body === "string" ? body : formBody(body),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-forwarded-for": opts.forwardedFor ?? "127.0.0.1",
      ...opts.headers,
    },
  });
  const response = await POST(request);
  return { status: response.status, text: await response.text() };
}

// ---------------------------------------------------------------- database state

export type Counts = {
  payments: Record<PaymentStatus, number>;
  student_payments: number;
  invoices: number;
  payfast_transactions: number;
  courses_enrolled: number;
  product_enrolled: number;
  notifications: number;
  mail_queue: number;
  timeline: number;
  payfast_itn_log: Record<(typeof payfastItnLog.verdict.enumValues)[number], number>;
};

export type ExpectedCounts = Partial<Omit<Counts, "payments" | "payfast_itn_log">> & {
  payments?: Partial<Counts["payments"]>;
  payfast_itn_log?: Partial<Counts["payfast_itn_log"]>;
};

/** Every counted table, zero unless given: comparing with this asserts all of them at once. */
export function expected(e: ExpectedCounts = {}): Counts {
  return {
    payments: { STARTED: 0, COMPLETED: 0, FAILED: 0, CANCELLED: 0, ...e.payments },
    student_payments: e.student_payments ?? 0,
    invoices: e.invoices ?? 0,
    payfast_transactions: e.payfast_transactions ?? 0,
    courses_enrolled: e.courses_enrolled ?? 0,
    product_enrolled: e.product_enrolled ?? 0,
    notifications: e.notifications ?? 0,
    mail_queue: e.mail_queue ?? 0,
    timeline: e.timeline ?? 0,
    payfast_itn_log: { processed: 0, duplicate: 0, ignored: 0, refused: 0, invalid: 0, retry: 0, ...e.payfast_itn_log },
  };
}

/** Rows of a raw SQL query (postgres.js returns them as an array). */
export async function queryRows<T>(query: SQL, executor: Executor = db): Promise<T[]> {
  const result: unknown = await executor.execute(query);
  return result as T[];
}

/** Row counts of every table a payment can write, read in one statement (one snapshot). */
export async function counts(): Promise<Counts> {
  const rows = await queryRows<{ k: string; n: number }>(sql`
    SELECT 'payments:' || status::text AS k, count(*)::int AS n FROM payments GROUP BY status
    UNION ALL SELECT 'payfast_itn_log:' || verdict::text, count(*)::int FROM payfast_itn_log GROUP BY verdict
    UNION ALL SELECT 'student_payments', count(*)::int FROM student_payments
    UNION ALL SELECT 'invoices', count(*)::int FROM invoices
    UNION ALL SELECT 'payfast_transactions', count(*)::int FROM payfast_transactions
    UNION ALL SELECT 'courses_enrolled', count(*)::int FROM courses_enrolled
    UNION ALL SELECT 'product_enrolled', count(*)::int FROM product_enrolled
    UNION ALL SELECT 'notifications', count(*)::int FROM notifications
    UNION ALL SELECT 'mail_queue', count(*)::int FROM mail_queue
    UNION ALL SELECT 'timeline', count(*)::int FROM timeline
  `);
  const out = expected();
  for (const { k, n } of rows) {
    const [table, sub] = k.split(":");
    if (table === "payments") out.payments[sub as keyof Counts["payments"]] = n;
    else if (table === "payfast_itn_log") out.payfast_itn_log[sub as keyof Counts["payfast_itn_log"]] = n;
    else (out as unknown as Record<string, number>)[table!] = n;
  }
  return out;
}

/** Empties every table the payment suites write, including the invoice counter. */
export async function resetPaymentTables() {
  await db.execute(sql`
    TRUNCATE users, courses, products, payments, student_payments, invoices, invoice_counters,
      payfast_transactions, payfast_itn_log, courses_enrolled, product_enrolled, notifications,
      mail_queue, timeline CASCADE`);
}

/** The invoice year as lib/payments/complete.ts derives it (platform timezone). */
export function invoiceYear(timeZone = "Africa/Johannesburg"): number {
  return Number(new Intl.DateTimeFormat("en-ZA", { year: "numeric", timeZone }).format(new Date()));
}

/**
 * VAT contained in a VAT-inclusive total, rounded half up to the cent, in exact integer maths
 * (an independent restatement, not the app's vatInclusiveSplit).
 */
export function expectedVatCents(totalCents: number, rateBasisPoints = 1500): number {
  const num = BigInt(totalCents) * BigInt(rateBasisPoints);
  const den = BigInt(10_000 + rateBasisPoints);
  return Number((num * 2n + den) / (2n * den));
}
