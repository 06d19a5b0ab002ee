// The completion transaction alone (lib/payments/complete.ts), no HTTP, against pgbench's TPC-B
// at the same client count on the same PostgreSQL server, alternating in one run.
//
//   npx tsx --conditions=react-server bench/completion-tx.ts
//
// (--conditions=react-server: lib/payments/complete.ts imports "server-only", which throws
// unless resolved with the react-server condition, as Next does for server code.)
//
// Knobs (environment): BENCH_SECONDS (per measured phase, 15), BENCH_ROUNDS (completion/pgbench
// pairs, 2), BENCH_WARMUP_SECONDS (3), BENCH_CLIENTS (16), BENCH_PAYMENTS (30000),
// BENCH_STUDENTS (500), BENCH_PGBENCH_SCALE (16), BENCH_DIAGNOSTICS=0 (skip the 1-client runs),
// BENCH_KEEP_DB=1, BENCH_SERVER_URL, BENCH_COMPLETION_MODULE (path of a module exporting a
// candidate completePayment with the same signature, measured instead of the app's).
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openPostgres } from "../db/index";
import { parseAmountToCents } from "../lib/payfast/amount";
import { completePayment as appCompletePayment, type PayfastRecord } from "../lib/payments/complete";
import {
  SERVER_URL,
  codeVersion,
  completeItn,
  cpuSnapshot,
  createDatabase,
  createStartedPayments,
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
  startActivitySampler,
  stats,
  TICKS_PER_SECOND,
  verifyCompletions,
  waitForQuietMachine,
  type BenchPayment,
} from "./common";

const SECONDS = num("BENCH_SECONDS", 15);
const ROUNDS = num("BENCH_ROUNDS", 2);
const WARMUP_SECONDS = num("BENCH_WARMUP_SECONDS", 3);
const CLIENTS = num("BENCH_CLIENTS", 16);
const PAYMENTS = num("BENCH_PAYMENTS", 30000);
const STUDENTS = num("BENCH_STUDENTS", 500);
const SCALE = num("BENCH_PGBENCH_SCALE", 16);
const KEEP_DB = process.env.BENCH_KEEP_DB === "1";
const DIAGNOSTICS = process.env.BENCH_DIAGNOSTICS !== "0";
// A candidate implementation to measure instead of lib/payments/complete.ts (same signature).
const COMPLETION_MODULE = process.env.BENCH_COMPLETION_MODULE;
type Complete = typeof appCompletePayment;
let completePayment: Complete = appCompletePayment;
const MERCHANT_ID = "10000100";
const PASSPHRASE = "jt7NOE43FZPn";

const stamp = Date.now();
const appDb = `classbook_bench_tx_${stamp}`;
const pgbDb = `classbook_bench_pgb_${stamp}`;
const created: string[] = [];
let closeApp: (() => Promise<void>) | undefined;
let pgbenchChild: ReturnType<typeof spawn> | undefined;
const logDir = mkdtempSync(path.join(os.tmpdir(), "classbook-pgbench-"));

async function cleanup() {
  if (pgbenchChild && pgbenchChild.exitCode === null) pgbenchChild.kill("SIGTERM");
  await closeApp?.().catch(() => {});
  closeApp = undefined;
  rmSync(logDir, { recursive: true, force: true });
  if (!KEEP_DB) {
    for (const name of created.splice(0)) await dropDatabase(name).catch((e: unknown) => console.error(`could not drop ${name}:`, e));
  }
}
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}

function pgbenchBinary(): string {
  for (const candidate of ["/usr/lib/postgresql/15/bin/pgbench", "/usr/bin/pgbench"]) if (existsSync(candidate)) return candidate;
  return "pgbench";
}

function pgArgs(database: string): string[] {
  const u = new URL(SERVER_URL);
  return ["-h", u.hostname, "-p", u.port || "5432", "-U", decodeURIComponent(u.username || "postgres"), database];
}

type Phase = {
  label: string;
  seconds: number;
  ok: number;
  errors: number;
  errorSamples: string[];
  latencies: number[];
  tps: number;
  /** Cores: the client (this process, or pgbench), PostgreSQL, anything else, the whole box. */
  cpu: { own: number; postgres: number; foreign: number; box: number };
  activity: { what: string; avg: number }[];
};

function row(p: Phase) {
  const s = stats(p.latencies);
  console.log(
    `  ${p.label.padEnd(22)} ${f1(p.seconds).padStart(5)} s  ${String(p.ok).padStart(6)} tx  ${String(p.errors).padStart(3)} err  ${f1(p.tps).padStart(8)} tx/s  p50 ${f2(s.p50)}  p95 ${f2(s.p95)}  p99 ${f2(s.p99)}  max ${f2(s.max)} ms  cpu: client ${f2(p.cpu.own)}, postgres ${f2(p.cpu.postgres)}, other ${f2(p.cpu.foreign)}, box ${f2(p.cpu.box)} of ${os.cpus().length} cores`,
  );
  printActivity(p.activity);
  for (const e of p.errorSamples) console.log(`      error: ${e}`);
}

// ------------------------------------------------------------------ completion phase

function boxCores(before: ReturnType<typeof machineCpu>): number {
  const after = machineCpu();
  if (!before || !after) return NaN;
  return ((after.busy - before.busy) / (after.total - before.total)) * os.cpus().length;
}

let next = 0;
let payments: BenchPayment[] = [];
let records: PayfastRecord[] = [];

async function completionPhase(db: ReturnType<typeof openPostgres>["db"], label: string, seconds: number, clients = CLIENTS): Promise<Phase> {
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let ok = 0;
  let errors = 0;
  const sampler = startActivitySampler(appDb);
  const snap0 = cpuSnapshot();
  const box0 = machineCpu();
  const self0 = process.cpuUsage();
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let ranOut = false;
  const worker = async () => {
    while (performance.now() < deadline) {
      const i = next++;
      const p = payments[i];
      if (!p) {
        ranOut = true;
        return;
      }
      const t0 = performance.now();
      try {
        // As the app completes one: read the payment, then one statement that is its own
        // transaction (lib/payments/complete.ts). A what-if module writes in several statements,
        // so it gets a transaction around them.
        const result = COMPLETION_MODULE
          ? await db.transaction((tx) => completePayment(tx, p.id, records[i]))
          : await completePayment(db, p.id, records[i]);
        latencies.push(performance.now() - t0);
        if (result.outcome === "completed") ok++;
        else {
          errors++;
          if (errorSamples.length < 5) errorSamples.push(`payment ${p.id}: ${result.outcome} (${result.status})`);
        }
      } catch (error) {
        latencies.push(performance.now() - t0);
        errors++;
        if (errorSamples.length < 5) errorSamples.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  const elapsed = (performance.now() - start) / 1000;
  const self = process.cpuUsage(self0);
  const box = boxCores(box0);
  const other = foreignCores(snap0, cpuSnapshot(), [], elapsed);
  const activity = await sampler();
  if (ranOut) errorSamples.push("PAYMENTS RAN OUT before the phase ended (raise BENCH_PAYMENTS)");
  return {
    label,
    seconds: elapsed,
    ok,
    errors,
    errorSamples,
    latencies,
    tps: ok / elapsed,
    cpu: { own: (self.user + self.system) / 1e6 / elapsed, postgres: other.postgres, foreign: other.foreign, box },
    activity,
  };
}

// ------------------------------------------------------------------ pgbench phase

let pgbenchRun = 0;

async function pgbenchPhase(label: string, seconds: number, clients = CLIENTS): Promise<Phase> {
  const prefix = path.join(logDir, `run${++pgbenchRun}`);
  const args = ["-c", String(clients), "-j", String(Math.min(2, clients)), "-T", String(seconds), "-l", `--log-prefix=${prefix}`, ...pgArgs(pgbDb)];
  const sampler = startActivitySampler(pgbDb);
  const snap0 = cpuSnapshot();
  const box0 = machineCpu();
  const self0 = process.cpuUsage();
  let out = "";
  let clientTicks = 0;
  let poll: NodeJS.Timeout | undefined;
  const code = await new Promise<number>((resolve, reject) => {
    pgbenchChild = spawn(pgbenchBinary(), args, { stdio: ["ignore", "pipe", "pipe"] });
    // pgbench's CPU, read while it runs (an exited process leaves no /proc entry).
    const pid = pgbenchChild.pid;
    poll = setInterval(() => (clientTicks = processCpuTicks(pid) ?? clientTicks), 100);
    pgbenchChild.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    pgbenchChild.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    pgbenchChild.once("error", reject);
    pgbenchChild.once("exit", (c) => resolve(c ?? 1));
  });
  clearInterval(poll);
  const box = boxCores(box0);
  const self = process.cpuUsage(self0);
  const snap1 = cpuSnapshot();
  const activity = await sampler();
  if (code !== 0) throw new Error(`pgbench exited ${code}:\n${out}`);
  const tps = Number(/tps = ([0-9.]+) \(without initial connection time\)/.exec(out)?.[1] ?? NaN);
  const failed = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0);
  const processed = Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1] ?? NaN);
  const latencies: number[] = [];
  for (const f of readdirSync(logDir).filter((n) => n.startsWith(path.basename(prefix) + "."))) {
    for (const line of readFileSync(path.join(logDir, f), "utf8").split("\n")) {
      const cols = line.split(" ");
      if (cols.length >= 6) latencies.push(Number(cols[2]) / 1000); // µs -> ms
    }
  }
  const other = foreignCores(snap0, snap1, [], seconds);
  return {
    label,
    seconds,
    ok: processed,
    errors: failed,
    errorSamples: [],
    latencies,
    tps,
    // pgbench's server backends exit with it, so PostgreSQL's share is what the box used beyond
    // pgbench, this process (the activity sampler) and everything else.
    cpu: (() => {
      const client = clientTicks / TICKS_PER_SECOND / seconds;
      const sampling = (self.user + self.system) / 1e6 / seconds;
      return { own: client, postgres: Math.max(0, box - client - sampling - other.foreign), foreign: other.foreign, box };
    })(),
    activity,
  };
}

// ------------------------------------------------------------------ main

function merged(label: string, ps: Phase[]): Phase {
  const seconds = ps.reduce((a, p) => a + p.seconds, 0);
  const ok = ps.reduce((a, p) => a + p.ok, 0);
  return {
    label,
    seconds,
    ok,
    errors: ps.reduce((a, p) => a + p.errors, 0),
    errorSamples: [],
    latencies: ps.flatMap((p) => p.latencies),
    // pgbench's own tps excludes connection set-up; weight rounds by their duration.
    tps: ps.reduce((a, p) => a + p.tps * p.seconds, 0) / seconds,
    cpu: { own: NaN, postgres: NaN, foreign: NaN, box: NaN },
    activity: [],
  };
}

async function main() {
  console.log(`Completion transaction vs pgbench — ${machineLine()} — ${codeVersion()}`);
  console.log(`${CLIENTS} clients, ${ROUNDS} round(s) of completion ${SECONDS} s + pgbench TPC-B ${SECONDS} s (scale ${SCALE}), ${WARMUP_SECONDS} s warm-up`);

  if (COMPLETION_MODULE) {
    completePayment = ((await import(path.resolve(COMPLETION_MODULE))) as { completePayment: Complete }).completePayment;
    console.log(`Measuring completePayment from ${COMPLETION_MODULE}, NOT lib/payments/complete.ts`);
  }
  const url = await createDatabase(appDb);
  created.push(appDb);
  migrateAndSeed(url);
  payments = await createStartedPayments(url, PAYMENTS, STUDENTS);
  // What the ITN handler passes: the parsed, signed ITN as received.
  records = payments.map((p) => {
    const itn = completeItn(p, MERCHANT_ID, PASSPHRASE);
    const field = (k: string) => itn.find(([n]) => n === k)?.[1] ?? "";
    const cents = (s: string) => parseAmountToCents(s) ?? 0;
    return {
      pfPaymentId: p.pfPaymentId,
      paymentStatus: "COMPLETE",
      amountGrossCents: cents(field("amount_gross")),
      amountFeeCents: cents(field("amount_fee")),
      amountNetCents: cents(field("amount_net")),
      rawItn: itn,
      sourceIp: "127.0.0.1",
    };
  });
  console.log(`Database ${appDb}: ${payments.length} STARTED payments for ${STUDENTS} students`);

  await createDatabase(pgbDb);
  created.push(pgbDb);
  execFileSync(pgbenchBinary(), ["-i", "-q", "-s", String(SCALE), ...pgArgs(pgbDb)], { stdio: ["ignore", "ignore", "inherit"] });
  console.log(`Database ${pgbDb}: pgbench -i -s ${SCALE}`);

  const handle = openPostgres(url, CLIENTS);
  closeApp = handle.close;
  const quiet = await waitForQuietMachine();
  console.log(`Machine ${pct(quiet)} busy before the run`);

  console.log("\nWarm-up (not counted):");
  row(await completionPhase(handle.db, "warm-up completion", WARMUP_SECONDS));
  row(await pgbenchPhase("warm-up pgbench", Math.max(1, Math.round(WARMUP_SECONDS))));

  const completion: Phase[] = [];
  const pgbench: Phase[] = [];
  console.log("\nMeasured phases (alternating):");
  for (let i = 1; i <= ROUNDS; i++) {
    // Alternate which goes first so neither always runs on a warmer/cooler machine.
    if (i % 2 === 1) {
      completion.push(await completionPhase(handle.db, `completion #${i}`, SECONDS));
      row(completion.at(-1)!);
      pgbench.push(await pgbenchPhase(`pgbench TPC-B #${i}`, SECONDS));
      row(pgbench.at(-1)!);
    } else {
      pgbench.push(await pgbenchPhase(`pgbench TPC-B #${i}`, SECONDS));
      row(pgbench.at(-1)!);
      completion.push(await completionPhase(handle.db, `completion #${i}`, SECONDS));
      row(completion.at(-1)!);
    }
  }
  if (DIAGNOSTICS) {
    // Not part of the ratio: the same work with one client shows the per-transaction latency
    // without any lock waits, i.e. how much of the 16-client latency is queueing.
    const d = Math.min(5, SECONDS);
    console.log("\nDiagnostics (1 client, not counted):");
    row(await completionPhase(handle.db, "completion, 1 client", d, 1));
    row(await pgbenchPhase("pgbench, 1 client", d, 1));
  }
  await handle.close();
  closeApp = undefined;

  const C = merged("completion (all)", completion);
  const P = merged("pgbench (all)", pgbench);
  const cs = stats(C.latencies);
  const ps = stats(P.latencies);
  const ratio = C.tps / P.tps;
  const v = await verifyCompletions(url);
  printVerification(v);

  console.log("\nResult:");
  console.log(`  completion transaction : ${f1(C.tps)} tx/s, p50 ${f2(cs.p50)} p95 ${f2(cs.p95)} p99 ${f2(cs.p99)} ms, ${C.errors} errors`);
  console.log(`  pgbench TPC-B          : ${f1(P.tps)} tx/s, p50 ${f2(ps.p50)} p95 ${f2(ps.p95)} p99 ${f2(ps.p99)} ms, ${P.errors} failed`);
  console.log(`  ratio completion/pgbench = ${pct(ratio)} (goal >= 40%: ${ratio >= 0.4 ? "MET" : "NOT MET"})`);
  console.log(`  database checks: ${v.problems.length === 0 ? "OK" : `${v.problems.length} PROBLEM(S)`}`);
  if (KEEP_DB) console.log(`  kept databases ${appDb}, ${pgbDb}`);
  return v.problems.length === 0 && C.errors === 0 ? 0 : 1;
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
