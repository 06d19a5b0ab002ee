// Admin pages at scale: the overview and every admin table page against `npm run seed:scale` data
// (10k students, 1M payments, 300k enrollments, 1k slots), served by the production build.
//
//   npx tsx bench/admin-pages.ts
//
// 1. Database classbook_scale on the local server: created if missing, migrated with
//    scripts/db-setup.ts (so new index migrations are applied), seeded with scripts/seed-scale.ts
//    (which does nothing when the scale data is already there).
//    seed:scale also fills the overview's daily rollup (overview_days); one reconciliation run is
//    stored before measuring (payment health shows the latest stored run).
// 2. The production server (node scripts/serve.mjs) on port 3500; sign-in as the demo admin in
//    Chromium (Playwright), whose session cookie then goes on every request.
// 3. Per page: BENCH_WARMUP (3) warm-up requests, then BENCH_REQUESTS (30) measured rounds; a
//    round requests every page once, one request at a time (no concurrency), so a burst of other
//    work on the machine spreads over all pages instead of landing on one.
//    Time = full response on loopback: from writing the request until the last byte of the
//    streamed HTML, measured in this process (keep-alive connection, so no TCP set-up). On
//    loopback that is server time plus a fraction of a millisecond; /api/health (no database, no
//    rendering) is measured the same way as the floor. TTFB is recorded too.
// 4. EXPLAIN (ANALYZE, BUFFERS) of the main queries, in the SQL drizzle generates for them (the
//    builders below mirror lib/admin/*.ts), written to bench/results/explain-*.txt.
// Results: the table on stdout and bench/results/admin-pages.json.
//
// Knobs (environment): BENCH_DB (classbook_scale), BENCH_REQUESTS (30), BENCH_WARMUP (3),
// BENCH_SERVER_URL (postgres server), BENCH_NO_EXPLAIN=1, BENCH_ONLY_EXPLAIN=1, BENCH_QUIET_WAIT (seconds to wait for a
// quiet machine first, 120). Port 3500.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { chromium } from "@playwright/test";
import { and, count, desc, eq, gte, ilike, inArray, lt, or, sql as dsql, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { PgDialect } from "drizzle-orm/pg-core";
import postgres from "postgres";
import * as schema from "../db/schema";
import {
  assertLocal,
  codeVersion,
  cpuSnapshot,
  databaseUrl,
  f1,
  foreignCores,
  machineLine,
  num,
  pct,
  SERVER_URL,
  stats,
  waitForQuietMachine,
  type Stats,
} from "./common";

const PORT = 3500;
const DB = process.env.BENCH_DB ?? "classbook_scale";
const REQUESTS = num("BENCH_REQUESTS", 30);
const WARMUP = num("BENCH_WARMUP", 3);
const QUIET_WAIT = num("BENCH_QUIET_WAIT", 120);
const BUDGET_MS = 250;
const ADMIN_EMAIL = "admin@classbook.demo";
const ADMIN_PASSWORD = "classbook-demo";
const root = process.cwd();
const resultsDir = path.join(root, "bench", "results");

let server: ChildProcess | undefined;
const serverErr: string[] = [];

async function stopServer() {
  const s = server;
  server = undefined;
  if (!s || s.exitCode !== null || s.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => s.once("exit", () => resolve()));
  s.kill("SIGTERM");
  const timer = setTimeout(() => s.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: stopping`);
    void stopServer().finally(() => process.exit(130));
  });
}

// ------------------------------------------------------------------ database

async function ensureDatabase(): Promise<{ url: string; seedSeconds: number | null; seedLog: string }> {
  assertLocal(SERVER_URL);
  if (!/^[a-z0-9_]+$/.test(DB)) throw new Error(`bad database name ${DB}`);
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${DB}`;
    if (!exists) {
      await admin.unsafe(`CREATE DATABASE ${DB}`);
      console.log(`Created database ${DB}`);
    }
  } finally {
    await admin.end();
  }
  const url = databaseUrl(DB);
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, NODE_ENV: "development" };
  const setup = spawnSync("npx", ["tsx", "scripts/db-setup.ts"], { stdio: ["ignore", "inherit", "inherit"], env });
  if (setup.status !== 0) throw new Error(`scripts/db-setup.ts failed (exit ${setup.status ?? setup.signal})`);
  const t = Date.now();
  const seed = spawnSync("npx", ["tsx", "scripts/seed-scale.ts"], { stdio: ["ignore", "pipe", "inherit"], env, encoding: "utf8" });
  process.stdout.write(seed.stdout ?? "");
  if (seed.status !== 0) throw new Error(`scripts/seed-scale.ts failed (exit ${seed.status ?? seed.signal})`);
  const ran = !/already has scale data/.test(seed.stdout ?? "");
  return { url, seedSeconds: ran ? (Date.now() - t) / 1000 : null, seedLog: seed.stdout ?? "" };
}

// ------------------------------------------------------------------ server

function ensureBuild() {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.log("no production build: npx next build");
    execFileSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  }
}

async function startServer(url: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: url,
    AUTH_SECRET: "bench-admin-pages-secret-0123456789abcdef",
    CLASSBOOK_DEMO: "true",
    MAIL_WORKER_IN_APP: "false",
    PORT: String(PORT),
    HOSTNAME: "127.0.0.1",
    APP_URL: `http://localhost:${PORT}`,
  };
  for (const k of ["PAYFAST_MERCHANT_ID", "PAYFAST_MERCHANT_KEY", "PAYFAST_PASSPHRASE", "PAYFAST_SIMULATOR", "TRUSTED_PROXY_HOPS", "DB_POOL_MAX"]) {
    delete env[k];
  }
  const child = spawn("node", ["scripts/serve.mjs"], { env, stdio: ["ignore", "pipe", "pipe"] });
  server = child;
  child.stdout.on("data", (d: Buffer) => {
    for (const line of d.toString().split("\n")) if (line.trim()) console.log(`  [app] ${line}`);
  });
  child.stderr.on("data", (d: Buffer) => {
    for (const line of d.toString().split("\n")) if (line.trim() && serverErr.length < 50) serverErr.push(line);
  });
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the app exited during start-up: ${serverErr.join("\n")}`);
    try {
      const r = await get("/api/health", "");
      if (r.status === 200) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the app did not answer /api/health within 90 s");
}

async function signInCookie(): Promise<string> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  try {
    const context = await browser.newContext({ baseURL: `http://localhost:${PORT}` });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.locator("html[data-hydrated]").waitFor({ state: "attached", timeout: 30_000 });
    await page.getByLabel("Email").fill(ADMIN_EMAIL);
    await page.getByLabel("Password").fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"), { timeout: 30_000 });
    const cookies = await context.cookies();
    if (!cookies.some((c) => c.name.includes("session-token"))) throw new Error(`no session cookie after sign-in (${cookies.map((c) => c.name).join(", ")})`);
    return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  } finally {
    await browser.close();
  }
}

// ------------------------------------------------------------------ HTTP client

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

type Reply = { status: number; bytes: number; ttfbMs: number; totalMs: number; body: string };

function get(urlPath: string, cookie: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    let ttfb = 0;
    const req = http.request(
      { host: "127.0.0.1", port: PORT, method: "GET", path: urlPath, agent, headers: { Host: `localhost:${PORT}`, Cookie: cookie, "Accept-Encoding": "identity" }, timeout: 60_000 },
      (res) => {
        ttfb = Number(process.hrtime.bigint() - t0) / 1e6;
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, bytes: body.length, ttfbMs: ttfb, totalMs, body: body.toString("utf8") });
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("client timeout (60 s)")));
    req.on("error", reject);
    req.end();
  });
}

// ------------------------------------------------------------------ pages

type Page = { name: string; path: string; total: number[]; ttfb: number[]; bytes: number };

const day = (d: Date) => new Date(d.getTime() + 2 * 3_600_000).toISOString().slice(0, 10);

async function pickSubjects(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // The student with the most payments (the heaviest profile), and a typical one's email.
    const [heavy] = await sql<{ id: string; n: number }[]>`
      select user_id as id, count(*)::int as n from payments group by user_id order by count(*) desc, user_id limit 1`;
    const [typical] = await sql<{ email: string; n: number }[]>`
      select u.email, count(*)::int as n from users u join payments p on p.user_id = u.id
      where u.email like '%@scale.classbook.test' group by u.email order by count(*), u.email offset 5000 limit 1`;
    return { heavyId: heavy!.id, heavyPayments: heavy!.n, email: typical!.email, emailPayments: typical!.n };
  } finally {
    await sql.end();
  }
}

function pageList(s: Awaited<ReturnType<typeof pickSubjects>>): Page[] {
  const now = new Date();
  const twoYearsAgo = new Date(now.getTime() - 730 * 86_400_000);
  const p = (name: string, urlPath: string): Page => ({ name, path: urlPath, total: [], ttfb: [], bytes: 0 });
  return [
    p("baseline /api/health (no db)", "/api/health"),
    p("overview, last 30 days by day", "/admin"),
    p("overview, 2 years by month", `/admin?from=${day(twoYearsAgo)}&to=${day(now)}&bucket=month`),
    p("payments", "/admin/payments"),
    p("payments status=COMPLETED", "/admin/payments?status=COMPLETED"),
    p("payments status=FAILED", "/admin/payments?status=FAILED"),
    p("payments search by email", `/admin/payments?q=${encodeURIComponent(s.email)}`),
    p("payments sort=amount", "/admin/payments?sort=amount"),
    p("payments sort=status", "/admin/payments?sort=status"),
    p("payments page=500", "/admin/payments?page=500"),
    p("users search 'dlamini'", "/admin/users?q=dlamini"),
    p("users", "/admin/users"),
    p("audit", "/admin/audit"),
    p("mail", "/admin/mail"),
    p("notifications", "/admin/notifications"),
    p("health", "/admin/health"),
    p("sessions", "/admin/sessions"),
    p("invoices", "/admin/invoices"),
    p("invoices sort=total", "/admin/invoices?sort=total"),
    p("invoices search by email", `/admin/invoices?q=${encodeURIComponent(s.email)}`),
    p("enrollments", "/admin/enrollments"),
    p("enrollments sort=student", "/admin/enrollments?sort=student"),
    p("mail search by email", `/admin/mail?q=${encodeURIComponent(s.email)}`),
    p("notifications search 'enrolled'", "/admin/notifications?q=enrolled"),
    p(`student profile (${s.heavyPayments} payments)`, `/admin/students/${s.heavyId}`),
  ];
}

async function measure(pages: Page[], cookie: string) {
  for (const pg of pages) {
    for (let i = 0; i < WARMUP; i++) {
      const r = await get(pg.path, cookie);
      if (r.status !== 200) throw new Error(`${pg.path} answered ${r.status} during warm-up`);
      if (pg.path.startsWith("/admin") && !r.body.includes("Admin") ) throw new Error(`${pg.path} does not look like an admin page`);
      pg.bytes = r.bytes;
    }
  }
  for (let round = 0; round < REQUESTS; round++) {
    for (const pg of pages) {
      const r = await get(pg.path, cookie);
      if (r.status !== 200) throw new Error(`${pg.path} answered ${r.status}`);
      pg.total.push(r.totalMs);
      pg.ttfb.push(r.ttfbMs);
    }
    process.stdout.write(round % 10 === 9 ? `${round + 1}` : ".");
  }
  process.stdout.write("\n");
}

// ------------------------------------------------------------------ EXPLAIN

// The same builders as lib/admin/payments-table.ts, users-table.ts and overview.ts (those modules
// import "server-only" and the app's database handle, so they cannot be imported here).
const { payments, users, invoices, coursesEnrolled, productEnrolled, mailQueue, notifications } = schema;

function paymentsWhere(f: { status?: "COMPLETED" | "FAILED"; q?: string }): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (f.status) parts.push(eq(payments.status, f.status));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(or(ilike(users.email, like), ilike(users.name, like), ilike(payments.itemName, like), eq(invoices.number, f.q.toUpperCase())));
  }
  return and(...parts);
}

function explainQueries(d: ReturnType<typeof drizzle>, s: Awaited<ReturnType<typeof pickSubjects>>) {
  const base = () =>
    d
      .select({
        id: payments.id, createdAt: payments.createdAt, completedAt: payments.completedAt, status: payments.status, method: payments.method,
        amountCents: payments.amountCents, itemName: payments.itemName, buyerId: users.id, buyerName: users.name, buyerEmail: users.email,
        invoiceNumber: invoices.number,
      })
      .from(payments)
      .innerJoin(users, eq(users.id, payments.userId))
      .leftJoin(invoices, eq(invoices.paymentId, payments.id));
  const total = (w: SQL | undefined) =>
    d.select({ n: count() }).from(payments).innerJoin(users, eq(users.id, payments.userId)).leftJoin(invoices, eq(invoices.paymentId, payments.id)).where(w);
  const created = [desc(payments.createdAt), desc(payments.id)];
  const dialect = new PgDialect();
  const zone = process.env.PLATFORM_TIMEZONE ?? "Africa/Johannesburg";
  const to = new Date(Date.now() + 60_000);
  const from2y = new Date(to.getTime() - 731 * 86_400_000);
  // The overview over two years (lib/admin/overview.ts): whole closed days from overview_days,
  // the rest of the range (its partial first day, yesterday within the grace period, today) live.
  const localDay = (t: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(t);
  const d0 = localDay(new Date(from2y.getTime() + 86_400_000));
  const d1 = localDay(new Date(Date.now() - 15 * 60_000));
  const dayStart = (day: string) => dsql`(${day}::date::timestamp AT TIME ZONE ${zone})`;
  const live = (col: SQL) =>
    dsql`((${col} >= ${from2y.toISOString()}::timestamptz AND ${col} < ${dayStart(d0)}) OR (${col} >= ${dayStart(d1)} AND ${col} < ${to.toISOString()}::timestamptz))`;
  const rollup = dialect.sqlToQuery(dsql`
      SELECT to_char(date_trunc('month', day::timestamp), 'YYYY-MM-DD') AS bucket,
             sum(gross_cents)::bigint AS total, sum(vat_cents)::bigint AS vat, sum(invoices)::int AS n,
             sum(payfast_started)::int AS started, sum(payfast_completed)::int AS completed,
             sum(payfast_failed)::int AS failed, sum(payfast_cancelled)::int AS cancelled,
             sum(started_all)::int AS started_all,
             sum(course_enrollments)::int AS course_enrollments, sum(product_enrollments)::int AS product_enrollments
      FROM overview_days WHERE zone = ${zone} AND day >= ${d0}::date AND day < ${d1}::date
      GROUP BY 1`);
  const liveRevenue = dialect.sqlToQuery(dsql`
      SELECT to_char(date_trunc('month', i.issued_at AT TIME ZONE ${zone}), 'YYYY-MM-DD') AS bucket,
             sum(i.total_cents)::bigint AS total, sum(i.vat_cents)::bigint AS vat, count(*)::int AS n
      FROM invoices i
      WHERE ${live(dsql`i.issued_at`)}
      GROUP BY 1`);
  const liveByStatus = d.select({ status: payments.status, n: count() }).from(payments)
    .where(and(live(dsql`${payments.createdAt}`), eq(payments.method, "payfast"))).groupBy(payments.status).toSQL();
  const startedCheck = d.select({ n: count() }).from(payments)
    .where(and(eq(payments.status, "STARTED"), gte(payments.createdAt, dayStart(d0)), lt(payments.createdAt, dayStart(d1)))).toSQL();
  const stuckWhere = and(eq(payments.status, "STARTED"), eq(payments.method, "payfast"), lt(payments.createdAt, dsql`now() - interval '1 hour'`));
  const usersLike = `%dlamini%`;
  const q = (x: { sql: string; params: unknown[] }) => ({ sql: x.sql, params: x.params });
  return [
    ["payments-default-rows", q(base().where(paymentsWhere({})).orderBy(...created).limit(25).offset(0).toSQL())],
    ["payments-default-count", q(total(paymentsWhere({})).toSQL())],
    ["payments-status-completed-rows", q(base().where(paymentsWhere({ status: "COMPLETED" })).orderBy(...created).limit(25).offset(0).toSQL())],
    ["payments-status-completed-count", q(total(paymentsWhere({ status: "COMPLETED" })).toSQL())],
    ["payments-search-email-rows", q(base().where(paymentsWhere({ q: s.email })).orderBy(...created).limit(25).offset(0).toSQL())],
    ["payments-search-email-count", q(total(paymentsWhere({ q: s.email })).toSQL())],
    ["payments-sort-amount-rows", q(base().where(paymentsWhere({})).orderBy(desc(payments.amountCents), desc(payments.id)).limit(25).offset(0).toSQL())],
    ["payments-page-500-rows", q(base().where(paymentsWhere({})).orderBy(...created).limit(25).offset(499 * 25).toSQL())],
    ["overview-rollup-2y-month", q(rollup)],
    ["overview-live-revenue-2y-month", q(liveRevenue)],
    ["overview-live-payments-by-status-2y", q(liveByStatus)],
    ["overview-started-check-2y", q(startedCheck)],
    ["overview-live-enrollment-counts-2y", q(d.select({ n: count() }).from(coursesEnrolled).where(live(dsql`${coursesEnrolled.enrolledAt}`)).toSQL())],
    ["overview-live-product-counts-2y", q(d.select({ n: count() }).from(productEnrolled).where(live(dsql`${productEnrolled.createdAt}`)).toSQL())],
    ["overview-new-students-2y", q(d.select({ n: count() }).from(users).where(and(eq(users.role, "student"), gte(users.createdAt, from2y), lt(users.createdAt, to))).toSQL())],
    ["overview-mail-counts", q(d.select({ status: mailQueue.status, n: count() }).from(mailQueue).where(inArray(mailQueue.status, ["queued", "sending", "failed"])).groupBy(mailQueue.status).toSQL())],
    ["health-stuck-count", q(d.select({ n: count() }).from(payments).where(stuckWhere).toSQL())],
    ["health-stuck-rows", q(d.select({ id: payments.id, itemName: payments.itemName, amountCents: payments.amountCents, createdAt: payments.createdAt }).from(payments).where(stuckWhere).orderBy(payments.createdAt).limit(20).toSQL())],
    ["health-latest-reconciliation", q(d.select().from(schema.reconciliationRuns).orderBy(desc(schema.reconciliationRuns.startedAt)).limit(1).toSQL())],
    ["users-search-rows", q(d.select({ id: users.id, name: users.name, email: users.email, role: users.role, disabledAt: users.disabledAt, createdAt: users.createdAt })
      .from(users).where(or(ilike(users.email, usersLike), ilike(users.name, usersLike))).orderBy(desc(users.createdAt), desc(users.id)).limit(25).offset(0).toSQL())],
    ["users-search-count", q(d.select({ n: count() }).from(users).where(or(ilike(users.email, usersLike), ilike(users.name, usersLike))).toSQL())],
    ["payments-sort-status-rows", q(base().where(paymentsWhere({})).orderBy(desc(payments.status), desc(payments.id)).limit(25).offset(0).toSQL())],
    ["mail-rows", q(d.select({ id: mailQueue.id, subject: mailQueue.subject, status: mailQueue.status, createdAt: mailQueue.createdAt, renderedText: mailQueue.renderedText })
      .from(mailQueue).orderBy(desc(mailQueue.createdAt), desc(mailQueue.id)).limit(25).offset(0).toSQL())],
    ["mail-count", q(d.select({ n: count() }).from(mailQueue).toSQL())],
    ["mail-count-by-status", q(d.select({ status: mailQueue.status, n: count() }).from(mailQueue).groupBy(mailQueue.status).toSQL())],
    ["notifications-count", q(d.select({ n: count() }).from(notifications).where(eq(notifications.audience, "super_admins")).toSQL())],
    // Reconciliation (lib/admin/reconciliation.ts): run by the worker every 5 minutes and by the
    // admin's button, no longer by the page.
    ["reconcile-missing-records", { sql: `SELECT p.id, p.item_name, p.amount_cents,
        (sp.id IS NULL) AS no_student_payment, (i.id IS NULL) AS no_invoice,
        (p.course_id IS NOT NULL AND ce.id IS NULL) AS no_course_enrollment,
        (p.product_id IS NOT NULL AND pe.id IS NULL) AS no_product_enrollment
      FROM payments p
      LEFT JOIN student_payments sp ON sp.payment_id = p.id
      LEFT JOIN invoices i ON i.payment_id = p.id
      LEFT JOIN courses_enrolled ce ON ce.user_id = p.user_id AND ce.course_id = p.course_id
      LEFT JOIN product_enrolled pe ON pe.payment_id = p.id
      WHERE p.status = 'COMPLETED' AND p.created_at > now() - make_interval(days => 30)
        AND (sp.id IS NULL OR i.id IS NULL OR (p.course_id IS NOT NULL AND ce.id IS NULL) OR (p.product_id IS NOT NULL AND pe.id IS NULL))
      ORDER BY p.created_at, p.id
      LIMIT 50`, params: [] }],
    ["reconcile-invoice-gaps", { sql: `WITH suspicious AS (
        SELECT year FROM invoices GROUP BY year HAVING count(*) <> max(seq)
      )
      SELECT year, prev + 1 AS gap_from, seq - 1 AS gap_to FROM (
        SELECT year, seq, coalesce(lag(seq) OVER (PARTITION BY year ORDER BY seq), 0) AS prev
        FROM invoices WHERE year IN (SELECT year FROM suspicious)
      ) s WHERE seq - prev > 1 ORDER BY year, gap_from LIMIT 50`, params: [] }],
    ["reconcile-orphan-enrollments", { sql: `SELECT * FROM (
        SELECT 'course' AS kind, ce.id, ce.payment_id, p.status FROM courses_enrolled ce JOIN payments p ON p.id = ce.payment_id
          WHERE p.status <> 'COMPLETED' AND ce.enrolled_at > now() - make_interval(days => 30)
        UNION ALL
        SELECT 'product', pe.id, pe.payment_id, p.status FROM product_enrolled pe JOIN payments p ON p.id = pe.payment_id
          WHERE p.status <> 'COMPLETED' AND pe.created_at > now() - make_interval(days => 30)
      ) o LIMIT 50`, params: [] }],
  ] as const;
}

async function runExplains(url: string, s: Awaited<ReturnType<typeof pickSubjects>>) {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  const d = drizzle(client, { schema });
  const out: { name: string; ms: number; file: string }[] = [];
  try {
    for (const [name, query] of explainQueries(d, s)) {
      // Twice: the first run warms the cache, the second is the one kept (as the pages see it).
      let text = "";
      for (let i = 0; i < 2; i++) {
        const rows = await client.unsafe(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, query.params as never[]);
        text = rows.map((r) => String((r as Record<string, unknown>)["QUERY PLAN"])).join("\n");
      }
      const ms = Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? NaN);
      const file = path.join(resultsDir, `explain-${name}.txt`);
      const params = query.params.length ? `-- params: ${JSON.stringify(query.params)}\n` : "";
      writeFileSync(file, `-- ${name} on ${DB}, ${new Date().toISOString()}\n${params}${query.sql.trim()}\n\n${text}\n`);
      out.push({ name, ms, file: path.relative(root, file) });
      console.log(`  ${name.padEnd(36)} ${f1(ms).padStart(8)} ms  ${path.relative(root, file)}`);
    }
  } finally {
    await client.end();
  }
  return out;
}

// ------------------------------------------------------------------ main

async function main() {
  console.log(`Admin pages at scale — ${machineLine()} — ${codeVersion()}`);
  mkdirSync(resultsDir, { recursive: true });
  const { url, seedSeconds } = await ensureDatabase();
  const subjects = await pickSubjects(url);
  if (process.env.BENCH_ONLY_EXPLAIN === "1") {
    await runExplains(url, subjects);
    return;
  }
  console.log(`Student profile: ${subjects.heavyId} (${subjects.heavyPayments} payments); email search: ${subjects.email} (${subjects.emailPayments} payments)`);
  // Payment health shows the latest stored reconciliation run; the worker (off here) would have
  // stored one within the last 5 minutes. Store one now, as the button does.
  process.env.DATABASE_URL = url;
  const { runReconciliation } = await import("../lib/admin/reconciliation");
  const { closeDb } = await import("../db/index");
  const run = await runReconciliation("admin");
  await closeDb();
  console.log(`Reconciliation stored: ${run.durationMs} ms; ${run.missing.length} missing, ${run.orphanEnrollments.length} orphan enrollments, ${run.gaps.length} gaps`);
  ensureBuild();
  const quiet = await waitForQuietMachine(QUIET_WAIT);
  console.log(`Machine ${pct(quiet)} busy before start-up`);
  await startServer(url);
  console.log(`App up on :${PORT} (pid ${server?.pid})`);
  let pages: Page[] = [];
  let foreign = { foreign: NaN, postgres: NaN };
  let seconds = 0;
  try {
    const cookie = await signInCookie();
    console.log("Signed in as the demo admin (Playwright, Chromium)");
    pages = pageList(subjects);
    const before = cpuSnapshot();
    const t = Date.now();
    await measure(pages, cookie);
    seconds = (Date.now() - t) / 1000;
    foreign = foreignCores(before, cpuSnapshot(), [server?.pid], seconds);
  } finally {
    await stopServer();
    agent.destroy();
  }
  if (serverErr.length) console.log(`app stderr (first lines):\n  ${serverErr.slice(0, 10).join("\n  ")}`);

  const rows = pages.map((p) => ({ name: p.name, path: p.path, kb: p.bytes / 1024, total: stats(p.total), ttfb: stats(p.ttfb) }));
  console.log(`\n${REQUESTS} measured requests per page (after ${WARMUP} warm-ups), ${f1(seconds)} s; other processes used ${f1(foreign.foreign)} cores, PostgreSQL ${f1(foreign.postgres)} cores on average`);
  console.log(`${"page".padEnd(40)} ${"p50".padStart(7)} ${"p95".padStart(7)} ${"max".padStart(7)} ${"ttfb p50".padStart(9)} ${"KiB".padStart(6)}  budget`);
  for (const r of rows) {
    const ok = r.path === "/api/health" ? "" : r.total.p95 <= BUDGET_MS ? "ok" : "OVER";
    console.log(`${r.name.padEnd(40)} ${f1(r.total.p50).padStart(7)} ${f1(r.total.p95).padStart(7)} ${f1(r.total.max).padStart(7)} ${f1(r.ttfb.p50).padStart(9)} ${f1(r.kb).padStart(6)}  ${ok}`);
  }

  let explains: Awaited<ReturnType<typeof runExplains>> = [];
  if (process.env.BENCH_NO_EXPLAIN !== "1") {
    console.log("\nEXPLAIN (ANALYZE, BUFFERS), second run of each:");
    explains = await runExplains(url, subjects);
  }
  const summary = {
    when: new Date().toISOString(),
    machine: machineLine(),
    code: codeVersion(),
    database: DB,
    seedSeconds,
    requests: REQUESTS,
    warmup: WARMUP,
    busyBeforeStart: quiet,
    foreignCores: foreign.foreign,
    postgresCores: foreign.postgres,
    subjects,
    pages: rows.map((r) => ({ name: r.name, path: r.path, kib: Number(r.kb.toFixed(1)), total: round(r.total), ttfb: round(r.ttfb) })),
    explains: explains.map((e) => ({ name: e.name, ms: e.ms, file: e.file })),
  };
  writeFileSync(path.join(resultsDir, "admin-pages.json"), JSON.stringify(summary, null, 2) + "\n");
  console.log(`\nWrote bench/results/admin-pages.json`);
}

const round = (s: Stats) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Number(v.toFixed(1))]));

try {
  await main();
} finally {
  await stopServer();
}
