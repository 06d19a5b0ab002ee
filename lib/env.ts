// Configuration, validated once with zod. `.env.example` documents every variable.
// Read lazily (first call) so `next build` needs no secrets; instrumentation.ts calls it at
// server start so a bad production config refuses to start instead of failing on first use.
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v === "true" || v === "1"));
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));
const int = (fallback: number, min = 0) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? fallback : Number(v)))
    .pipe(z.number().int().min(min));

const DEV_AUTH_SECRET = "classbook-development-secret-not-for-production-use";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
    PGLITE_DIR: z.string().default(".data/pglite"),
    DB_POOL_MAX: int(10, 1),
    DB_PREPARED_STATEMENTS: bool.transform((v) => v ?? true),
    AUTH_SECRET: optionalString,
    APP_URL: z.url().default("http://localhost:3000"),
    TRUSTED_PROXY_HOPS: int(0),
    PLATFORM_TIMEZONE: z.string().default("Africa/Johannesburg"),
    SIGNIN_MAX_FAILURES_PER_ACCOUNT: int(5, 1),
    SIGNIN_MAX_FAILURES_PER_IP: int(30, 1),
    SIGNIN_WINDOW_MINUTES: int(15, 1),
    RESEND_API_KEY: optionalString,
    MAIL_FROM: z.string().default("Classbook <no-reply@classbook.local>"),
    MAIL_SEND_RATE_PER_SECOND: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v.trim() === "" ? 2 : Number(v)))
      .pipe(z.number().positive().max(1000)),
    MAIL_MAX_ATTEMPTS: int(8, 1),
    MAIL_RETRY_BASE_MS: int(30_000, 1),
    MAIL_LOCK_TIMEOUT_MS: int(300_000, 1000),
    MAIL_WORKER_IN_APP: bool,
    CRON_SECRET: optionalString,
    BOOKING_CANCEL_CUTOFF_HOURS: int(24),
    BOOKING_MIN_NOTICE_MINUTES: int(60),
    WAITLIST_HOLD_MINUTES: int(120, 1),
    BOOKING_REMINDER_HOURS: int(24, 1),
    CLASSBOOK_DEMO: bool,
    PAYFAST_MERCHANT_ID: optionalString,
    PAYFAST_MERCHANT_KEY: optionalString,
    PAYFAST_PASSPHRASE: optionalString.pipe(
      z
        .string()
        .max(32)
        .regex(/^[A-Za-z0-9_/-]+$/, "PayFast passphrases may use only letters, numbers and - _ /")
        .optional(),
    ),
    PAYFAST_MODE: z.enum(["sandbox", "live"]).default("sandbox"),
    PAYFAST_SIMULATOR: bool,
    PAYFAST_VALIDATE_URL: optionalString.pipe(z.url().optional()),
    PAYFAST_VALIDATE_TIMEOUT_MS: int(10_000, 100),
    PAYFAST_SOURCE_CHECK: bool,
    PAYFAST_ALLOWED_SOURCES: z
      .string()
      .default("197.97.145.144/28,41.74.179.192/27,102.216.36.0/28,102.216.36.128/28,144.126.193.139/32"),
    VAT_RATE_BASIS_POINTS: int(1500),
    SELLER_NAME: z.string().default("Classbook (Pty) Ltd"),
    SELLER_VAT_NUMBER: optionalString,
    SELLER_ADDRESS: z.string().default("12 Long Street, Cape Town, 8001, South Africa"),
  })
  .transform((e, ctx) => {
    const production = e.NODE_ENV === "production";
    if (production && !e.AUTH_SECRET) {
      ctx.addIssue({ code: "custom", path: ["AUTH_SECRET"], message: "AUTH_SECRET is required in production" });
    }
    if (e.AUTH_SECRET && e.AUTH_SECRET.length < 32) {
      ctx.addIssue({ code: "custom", path: ["AUTH_SECRET"], message: "AUTH_SECRET must be at least 32 characters" });
    }
    // The simulator answers PayFast's validate postback itself, so it must never sit next to
    // live credentials: there a forged ITN would be confirmed by our own code.
    const simulator = e.PAYFAST_SIMULATOR ?? !e.PAYFAST_MERCHANT_ID;
    if (e.PAYFAST_MODE === "live" && simulator) {
      ctx.addIssue({ code: "custom", path: ["PAYFAST_SIMULATOR"], message: "the PayFast simulator cannot run with PAYFAST_MODE=live" });
    }
    if (e.PAYFAST_MODE === "live" && e.PAYFAST_VALIDATE_URL) {
      ctx.addIssue({ code: "custom", path: ["PAYFAST_VALIDATE_URL"], message: "live mode always validates ITNs with PayFast itself" });
    }
    if (e.PAYFAST_MODE === "live" && e.PAYFAST_SOURCE_CHECK === false) {
      ctx.addIssue({ code: "custom", path: ["PAYFAST_SOURCE_CHECK"], message: "live mode always checks the ITN source address" });
    }
    if (!simulator && (!e.PAYFAST_MERCHANT_ID || !e.PAYFAST_MERCHANT_KEY)) {
      ctx.addIssue({ code: "custom", path: ["PAYFAST_MERCHANT_ID"], message: "PayFast merchant id and key are required unless the simulator is on" });
    }
    if (production && simulator && !(e.CLASSBOOK_DEMO ?? false)) {
      ctx.addIssue({ code: "custom", path: ["PAYFAST_SIMULATOR"], message: "the PayFast simulator runs only in demo mode (CLASSBOOK_DEMO=true)" });
    }
    return {
      ...e,
      payfast: {
        simulator,
        mode: e.PAYFAST_MODE,
        // The simulator uses PayFast's public sandbox merchant, so signatures are built the real way.
        merchantId: e.PAYFAST_MERCHANT_ID ?? "10000100",
        merchantKey: e.PAYFAST_MERCHANT_KEY ?? "46f0cd694581a",
        passphrase: e.PAYFAST_PASSPHRASE ?? (simulator ? "jt7NOE43FZPn" : undefined),
        processUrl: simulator
          ? new URL("/api/payfast-simulator/process", e.APP_URL).toString()
          : e.PAYFAST_MODE === "live"
            ? "https://www.payfast.co.za/eng/process"
            : "https://sandbox.payfast.co.za/eng/process",
        validateUrl:
          e.PAYFAST_VALIDATE_URL ??
          (simulator
            ? new URL("/api/payfast-simulator/validate", e.APP_URL).toString()
            : e.PAYFAST_MODE === "live"
              ? "https://www.payfast.co.za/eng/query/validate"
              : "https://sandbox.payfast.co.za/eng/query/validate"),
        validateTimeoutMs: e.PAYFAST_VALIDATE_TIMEOUT_MS,
        // The simulator posts from this machine; real PayFast from its published ranges.
        checkSource: e.PAYFAST_SOURCE_CHECK ?? true,
        allowedSources: simulator ? "127.0.0.0/8,::1/128" : e.PAYFAST_ALLOWED_SOURCES,
      },
      AUTH_SECRET: e.AUTH_SECRET ?? DEV_AUTH_SECRET,
      // Demo mode: development outbox page, seeded accounts, PayFast simulator when unconfigured.
      demo: e.CLASSBOOK_DEMO ?? !production,
      databaseEngine: e.DATABASE_URL ? ("postgres" as const) : ("pglite" as const),
    };
  });

export type Env = z.output<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}\nSee .env.example.`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache() {
  cached = undefined;
}
