// End-to-end ITN benchmark: the production server, a fresh database, a fake PayFast validate
// endpoint, and a keep-alive load generator, all on this machine.
//
//   npx tsx bench/itn.ts
//
// Knobs (environment): BENCH_SECONDS (per measured phase, 15), BENCH_ROUNDS (health/ITN pairs, 2),
// BENCH_WARMUP_SECONDS (3), BENCH_CONNECTIONS (16), BENCH_PAYMENTS (20000), BENCH_STUDENTS (500),
// BENCH_DUPLICATE_EVERY (10: every 10th ITN request re-sends an already answered ITN),
// BENCH_KEEP_DB=1 (keep classbook_bench_<ts> afterwards), BENCH_SERVER_URL (postgres server URL),
// BENCH_REBUILD=1 (npx next build first), BENCH_APP_NODE_ARGS (node flags for the app only).
// Port 3300 for the app. See BENCHMARKS.md.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import postgres from "postgres";
import {
  createDatabase,
  createStartedPayments,
  codeVersion,
  completeItn,
  cpuSnapshot,
  dropDatabase,
  f1,
  f2,
  foreignCores,
  machineCpu,
  machineLine,
  migrateAndSeed,
  num,
  pct,
  printActivity,
  printVerification,
  processCpuTicks,
  stats,
  TICKS_PER_SECOND,
  startActivitySampler,
  verifyCompletions,
  waitForQuietMachine,
  type BenchPayment,
} from "./common";

const PORT = 3300;
const SECONDS = num("BENCH_SECONDS", 15);
const ROUNDS = num("BENCH_ROUNDS", 2);
const WARMUP_SECONDS = num("BENCH_WARMUP_SECONDS", 3);
const CONNECTIONS = num("BENCH_CONNECTIONS", 16);
const PAYMENTS = num("BENCH_PAYMENTS", 20000);
const STUDENTS = num("BENCH_STUDENTS", 500);
const DUPLICATE_EVERY = num("BENCH_DUPLICATE_EVERY", 10);
const KEEP_DB = process.env.BENCH_KEEP_DB === "1";
// The simulator defaults of lib/env.ts (no PAYFAST_MERCHANT_ID): PayFast's public sandbox merchant.
const MERCHANT_ID = "10000100";
const PASSPHRASE = "jt7NOE43FZPn";

const root = process.cwd();
const dbName = `classbook_bench_${Date.now()}`;
let server: ChildProcess | undefined;
let validateServer: http.Server | undefined;
let dbCreated = false;
const serverErrLines: string[] = [];
let serverErrCount = 0;

// ------------------------------------------------------------------ cleanup

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

async function cleanup() {
  await stopServer();
  await new Promise<void>((resolve) => (validateServer ? validateServer.close(() => resolve()) : resolve()));
  validateServer = undefined;
  agent.destroy();
  if (dbCreated && !KEEP_DB) {
    await dropDatabase(dbName).catch((e: unknown) => console.error(`could not drop ${dbName}:`, e));
    dbCreated = false;
  }
}

for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ------------------------------------------------------------------ HTTP client

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS, maxFreeSockets: CONNECTIONS });

type Reply = { status: number; body: string };

function request(method: "GET" | "POST", urlPath: string, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: PORT,
        method,
        path: urlPath,
        agent,
        headers:
          body === undefined
            ? {}
            : { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("client timeout (30 s)")));
    req.on("error", reject);
    req.end(body);
  });
}

// ------------------------------------------------------------------ load phases

type PhaseResult = {
  kind: "health" | "itn";
  label: string;
  seconds: number;
  ok: number;
  errors: number;
  errorSamples: string[];
  latencies: number[];
  fresh: number;
  duplicates: number;
  ranOut: boolean;
  serverCpu: number | null; // cores used by the Next process
  machineCpu: number | null; // 0..1 of all cores
  postgresCpu: number; // cores used by all PostgreSQL processes (shared server)
  foreignCpu: number; // cores used by processes that are not ours and not PostgreSQL
  benchCpu: number; // cores used by this process: load generator + fake validate endpoint
  activity: { what: string; avg: number }[];
};

type Itn = { payment: BenchPayment; body: string };

let nextFresh = 0;
let itnRequestNo = 0;
const answered: Itn[] = []; // fresh ITNs whose first delivery got 200 OK: candidates for duplicates
let itns: Itn[] = [];

async function phase(kind: "health" | "itn", label: string, seconds: number): Promise<PhaseResult> {
  const result: PhaseResult = {
    kind,
    label,
    seconds: 0,
    ok: 0,
    errors: 0,
    errorSamples: [],
    latencies: [],
    fresh: 0,
    duplicates: 0,
    ranOut: false,
    serverCpu: null,
    machineCpu: null,
    postgresCpu: 0,
    foreignCpu: 0,
    benchCpu: 0,
    activity: [],
  };
  const sampler = kind === "itn" ? startActivitySampler(dbName) : null;
  const self0 = process.cpuUsage();
  const snap0 = cpuSnapshot();
  const cpu0 = machineCpu();
  const srv0 = processCpuTicks(server?.pid);
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const fail = (why: string) => {
    result.errors++;
    if (result.errorSamples.length < 5) result.errorSamples.push(why.slice(0, 200));
  };

  const worker = async () => {
    while (performance.now() < deadline) {
      let body: string | undefined;
      let duplicate = false;
      let itn: Itn | undefined;
      if (kind === "itn") {
        const no = ++itnRequestNo;
        if (no % DUPLICATE_EVERY === 0 && answered.length > 0) {
          itn = answered[Math.floor(Math.random() * answered.length)]!;
          duplicate = true;
        } else {
          itn = itns[nextFresh++];
          if (!itn) {
            result.ranOut = true;
            return;
          }
        }
        body = itn.body;
      }
      const t0 = performance.now();
      try {
        const reply = kind === "health" ? await request("GET", "/api/health") : await request("POST", "/api/payfast/notify", body);
        const ms = performance.now() - t0;
        result.latencies.push(ms);
        const good = reply.status === 200 && reply.body === (kind === "health" ? "ok" : "OK");
        if (good) {
          result.ok++;
          if (kind === "itn") {
            if (duplicate) result.duplicates++;
            else {
              result.fresh++;
              answered.push(itn!);
            }
          }
        } else {
          fail(`${reply.status} ${reply.body}`);
        }
      } catch (error) {
        result.latencies.push(performance.now() - t0);
        fail(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  result.seconds = (performance.now() - start) / 1000;
  const srv1 = processCpuTicks(server?.pid);
  const cpu1 = machineCpu();
  if (srv0 !== null && srv1 !== null) result.serverCpu = (srv1 - srv0) / TICKS_PER_SECOND / result.seconds;
  if (cpu0 && cpu1) result.machineCpu = (cpu1.busy - cpu0.busy) / (cpu1.total - cpu0.total);
  const other = foreignCores(snap0, cpuSnapshot(), [server?.pid], result.seconds);
  result.postgresCpu = other.postgres;
  result.foreignCpu = other.foreign;
  const self = process.cpuUsage(self0);
  result.benchCpu = (self.user + self.system) / 1e6 / result.seconds;
  if (sampler) result.activity = await sampler();
  return result;
}

function describe(r: PhaseResult | Merged) {
  const s = stats(r.latencies);
  const rps = r.ok / r.seconds;
  return { s, rps };
}

type Merged = { label: string; seconds: number; ok: number; errors: number; latencies: number[]; fresh: number; duplicates: number };

function merge(label: string, rs: PhaseResult[]): Merged {
  return {
    label,
    seconds: rs.reduce((a, r) => a + r.seconds, 0),
    ok: rs.reduce((a, r) => a + r.ok, 0),
    errors: rs.reduce((a, r) => a + r.errors, 0),
    latencies: rs.flatMap((r) => r.latencies),
    fresh: rs.reduce((a, r) => a + r.fresh, 0),
    duplicates: rs.reduce((a, r) => a + r.duplicates, 0),
  };
}

function row(r: PhaseResult | Merged) {
  const { s, rps } = describe(r);
  const extra =
    "serverCpu" in r
      ? `  cpu: next ${r.serverCpu === null ? "?" : f2(r.serverCpu)}, postgres ${f2(r.postgresCpu)}, load generator ${f2(r.benchCpu)}, other ${f2(r.foreignCpu)} cores; box ${r.machineCpu === null ? "?" : pct(r.machineCpu)} busy${r.ranOut ? "; PAYMENTS RAN OUT" : ""}`
      : "";
  console.log(
    `  ${r.label.padEnd(18)} ${f1(r.seconds).padStart(5)} s  ${String(r.ok).padStart(6)} ok  ${String(r.errors).padStart(4)} err  ${f1(rps).padStart(8)} req/s  p50 ${f2(s.p50)}  p95 ${f2(s.p95)}  p99 ${f2(s.p99)}  max ${f2(s.max)} ms${extra}`,
  );
  if ("activity" in r) printActivity(r.activity);
  if ("errorSamples" in r) for (const e of r.errorSamples) console.log(`      error: ${e}`);
}

// ------------------------------------------------------------------ setup

/** Newest modification time of the sources that go into the build. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.(ts|tsx|css|sql|json)$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds when there is no build, when it lacks /api/health, or when BENCH_REBUILD=1. A build
 * older than the sources is only reported: .next is shared with whoever else uses this tree.
 */
function ensureBuild() {
  const buildId = path.join(root, ".next/BUILD_ID");
  const manifest = path.join(root, ".next/app-path-routes-manifest.json");
  const hasHealth = existsSync(manifest) && readFileSync(manifest, "utf8").includes('"/api/health/route"');
  const reason = !existsSync(buildId)
    ? "no build"
    : !hasHealth
      ? "the build predates /api/health"
      : process.env.BENCH_REBUILD === "1"
        ? "BENCH_REBUILD=1"
        : null;
  if (reason) {
    console.log(`${reason}: npx next build`);
    execFileSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
    return;
  }
  const built = statSync(buildId).mtimeMs;
  const newest = Math.max(...["app", "lib", "db", "components"].map((d) => newestSource(path.join(root, d))));
  if (newest > built) {
    console.log(`  note: .next was built ${new Date(built).toISOString()}, sources changed since (${new Date(newest).toISOString()}); BENCH_REBUILD=1 rebuilds`);
  }
}

async function startValidateEndpoint(): Promise<{ url: string; calls: () => number }> {
  let calls = 0;
  validateServer = http.createServer((req, res) => {
    calls++;
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("VALID");
    });
  });
  validateServer.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => validateServer!.listen(0, "127.0.0.1", () => resolve()));
  const { port } = validateServer.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/eng/query/validate`, calls: () => calls };
}

async function startApp(databaseUrl: string, validateUrl: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0123",
    CLASSBOOK_DEMO: "true",
    MAIL_WORKER_IN_APP: "false",
    PAYFAST_VALIDATE_URL: validateUrl,
    PORT: String(PORT),
    HOSTNAME: "127.0.0.1",
    APP_URL: `http://localhost:${PORT}`,
    DB_POOL_MAX: "20",
  };
  for (const k of ["PAYFAST_MERCHANT_ID", "PAYFAST_MERCHANT_KEY", "PAYFAST_PASSPHRASE", "PAYFAST_SIMULATOR", "PAYFAST_SOURCE_CHECK", "TRUSTED_PROXY_HOPS"]) {
    delete env[k];
  }
  // For profiling the app, e.g. BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (the
  // profile is written when the app exits normally, so a SIGTERM handler must call process.exit).
  const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn("node", [...nodeArgs, "scripts/serve.mjs"], { env, stdio: ["ignore", "pipe", "pipe"] });
  server = child;
  child.stdout.on("data", (d: Buffer) => {
    for (const line of d.toString().split("\n")) if (line.trim()) console.log(`  [app] ${line}`);
  });
  child.stderr.on("data", (d: Buffer) => {
    for (const line of d.toString().split("\n")) {
      if (!line.trim()) continue;
      serverErrCount++;
      if (serverErrLines.length < 20) serverErrLines.push(line);
    }
  });
  const died = new Promise<never>((_, reject) =>
    child.once("exit", (code, signal) => reject(new Error(`the app exited during start-up (${code ?? signal}): ${serverErrLines.join("\n")}`))),
  );
  const ready = (async () => {
    const until = Date.now() + 90_000;
    while (Date.now() < until) {
      try {
        const r = await request("GET", "/api/health");
        if (r.status === 200) return;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error("the app did not answer /api/health within 90 s");
  })();
  await Promise.race([ready, died]);
  child.removeAllListeners("exit");
}

async function itnLogVerdicts(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await sql<{ verdict: string; http_status: number; n: string }[]>`
      select verdict, http_status, count(*) as n from payfast_itn_log group by 1, 2 order by 1, 2`;
  } finally {
    await sql.end();
  }
}

// ------------------------------------------------------------------ main

async function main() {
  console.log(`ITN benchmark — ${machineLine()} — ${codeVersion()}`);
  console.log(
    `connections ${CONNECTIONS}, ${ROUNDS} round(s) of health ${SECONDS} s + ITN ${SECONDS} s after ${WARMUP_SECONDS} s warm-up each, every ${DUPLICATE_EVERY}th ITN a duplicate, ${PAYMENTS} STARTED payments`,
  );
  ensureBuild();
  const url = await createDatabase(dbName);
  dbCreated = true;
  console.log(`Database ${dbName}`);
  migrateAndSeed(url);
  const payments = await createStartedPayments(url, PAYMENTS, STUDENTS);
  itns = payments.map((p) => ({ payment: p, body: new URLSearchParams(completeItn(p, MERCHANT_ID, PASSPHRASE)).toString() }));
  console.log(`${payments.length} STARTED payments for ${STUDENTS} students, ITN bodies pre-signed`);

  const quiet = await waitForQuietMachine();
  console.log(`Machine ${pct(quiet)} busy before start-up`);
  const validate = await startValidateEndpoint();
  await startApp(url, validate.url);
  console.log(`App up on :${PORT} (pid ${server?.pid}), fake validate endpoint ${validate.url}`);

  // Warm-up: JIT, route module loading, connection pools. Not measured.
  const warm = [await phase("health", "warm-up health", WARMUP_SECONDS), await phase("itn", "warm-up ITN", WARMUP_SECONDS)];
  console.log("\nWarm-up (not counted):");
  warm.forEach(row);
  if (warm[1]!.ok === 0) throw new Error(`no ITN succeeded during warm-up: ${warm[1]!.errorSamples.join(" | ")}`);

  const health: PhaseResult[] = [];
  const itn: PhaseResult[] = [];
  console.log("\nMeasured phases (alternating, same server):");
  for (let i = 1; i <= ROUNDS; i++) {
    const h = await phase("health", `health #${i}`, SECONDS);
    row(h);
    health.push(h);
    const t = await phase("itn", `ITN #${i}`, SECONDS);
    row(t);
    itn.push(t);
    if (t.ranOut) break;
  }
  const H = merge("health (all)", health);
  const I = merge("ITN (all)", itn);
  console.log("\nTotals:");
  row(H);
  row(I);
  const h = describe(H);
  const t = describe(I);
  const ratio = t.rps / h.rps;
  console.log(`  ITN mix: ${I.fresh} first deliveries, ${I.duplicates} duplicates (${pct(I.duplicates / Math.max(1, I.fresh + I.duplicates))})`);
  console.log(`  validate postbacks answered: ${validate.calls()}`);

  await stopServer();
  console.log(`\nApp stopped. stderr lines from the app: ${serverErrCount}`);
  for (const line of serverErrLines.slice(0, 10)) console.log(`  [app stderr] ${line}`);

  const verdicts = await itnLogVerdicts(url);
  console.log("\npayfast_itn_log (whole run incl. warm-up):");
  for (const v of verdicts) console.log(`  ${v.verdict.padEnd(10)} HTTP ${v.http_status}: ${v.n}`);
  const v = await verifyCompletions(url);
  printVerification(v);
  const processed = Number(verdicts.find((x) => x.verdict === "processed")?.n ?? 0);
  if (processed !== v.completed) console.log(`  PROBLEM: ${processed} ITNs logged processed but ${v.completed} payments COMPLETED`);

  const goalThroughput = ratio >= 0.4;
  const goalP99 = t.s.p99 <= 100;
  console.log("\nResult:");
  console.log(`  trivial GET /api/health : ${f1(h.rps)} req/s, p50 ${f2(h.s.p50)} p95 ${f2(h.s.p95)} p99 ${f2(h.s.p99)} ms, ${H.errors} errors`);
  console.log(`  ITN POST /api/payfast/notify : ${f1(t.rps)} req/s, p50 ${f2(t.s.p50)} p95 ${f2(t.s.p95)} p99 ${f2(t.s.p99)} ms, ${I.errors} errors`);
  console.log(`  ratio ITN/trivial = ${pct(ratio)} (goal >= 40%: ${goalThroughput ? "MET" : "NOT MET"}); ITN p99 ${f2(t.s.p99)} ms (goal <= 100 ms: ${goalP99 ? "MET" : "NOT MET"})`);
  console.log(`  database checks: ${v.problems.length === 0 ? "OK" : `${v.problems.length} PROBLEM(S)`}`);
  if (KEEP_DB) console.log(`  kept database ${dbName}`);
  return v.problems.length === 0 && H.errors === 0 && I.errors === 0 ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(error);
} finally {
  await cleanup();
}
process.exit(code);
