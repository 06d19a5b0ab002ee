// Shared helpers for the benchmark scripts (bench/itn.ts, bench/completion-tx.ts). Nothing here
// imports app code that needs Next or "server-only": database setup is done with plain SQL and
// scripts/db-setup.ts (spawned), exactly as a fresh deployment is migrated and seeded.
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import postgres from "postgres";
import { centsToAmount } from "../lib/payfast/amount";
import { itnSignature, type Pair } from "../lib/payfast/signature";

/** The local server the benchmarks create their databases on (trust auth, user postgres). */
export const SERVER_URL = process.env.BENCH_SERVER_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export const num = (name: string, fallback: number) => {
  const v = process.env[name];
  if (v === undefined || v.trim() === "") return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${v}"`);
  return n;
};

export function assertLocal(url: string) {
  const host = new URL(url).hostname;
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host)) {
    throw new Error(`Refusing to benchmark against a non-local database server (${host}).`);
  }
}

export function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createDatabase(name: string): Promise<string> {
  assertLocal(SERVER_URL);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return databaseUrl(name);
}

export async function dropDatabase(name: string) {
  if (!/^[a-z0-9_]+$/.test(name)) return;
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Migrates and seeds through the project's own script, as a fresh install would. */
export function migrateAndSeed(url: string) {
  const r = spawnSync("npx", ["tsx", "scripts/db-setup.ts"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DATABASE_URL: url, NODE_ENV: "development" },
  });
  if (r.status !== 0) throw new Error(`scripts/db-setup.ts failed (exit ${r.status ?? r.signal})`);
}

export type BenchPayment = {
  id: string;
  amountCents: number;
  itemName: string;
  email: string;
  name: string;
  /** Unique per payment: payfast_transactions is unique on (pf_payment_id, payment_status). */
  pfPaymentId: string;
};

/**
 * `students` student users and `count` STARTED PayFast payments for the seeded products,
 * spread round-robin over users and products (products may be bought repeatedly).
 */
export async function createStartedPayments(url: string, count: number, students: number): Promise<BenchPayment[]> {
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  try {
    const [{ hash } = { hash: "" }] = await sql<{ hash: string }[]>`select password_hash as hash from users limit 1`;
    await sql`
      insert into users (name, email, password_hash, role)
      select 'Bench Student ' || g, 'bench-student-' || g || '@classbook.bench', ${hash}, 'student'
      from generate_series(1, ${students}::int) g`;
    const rows = await sql<{ id: string; amount_cents: number; item_name: string; email: string; name: string; n: string }[]>`
      with u as (
        select id, name, email, row_number() over (order by email) - 1 as i
        from users where email like 'bench-student-%@classbook.bench'
      ),
      p as (
        select id, name, price_cents, row_number() over (order by slug) - 1 as i, count(*) over () as n
        from products where status = 'published' and price_cents > 0
      ),
      ins as (
        insert into payments (user_id, method, status, amount_cents, product_id, item_name)
        select u.id, 'payfast', 'STARTED', p.price_cents, p.id, p.name
        from generate_series(0, ${count}::int - 1) g
        join u on u.i = g % ${students}::int
        join p on p.i = g % p.n
        returning id, user_id, amount_cents, item_name
      )
      select ins.id, ins.amount_cents, ins.item_name, users.email, users.name,
             row_number() over (order by ins.id)::text as n
      from ins join users on users.id = ins.user_id`;
    await sql`analyze`;
    return rows.map((r) => ({
      id: r.id,
      amountCents: r.amount_cents,
      itemName: r.item_name,
      email: r.email,
      name: r.name,
      pfPaymentId: String(3_000_000 + Number(r.n)),
    }));
  } finally {
    await sql.end();
  }
}

/**
 * A COMPLETE ITN for `p`, field for field what lib/payfast/simulator.ts `buildItn` sends (PayFast's
 * order), signed with the project's own lib/payfast/signature.ts. buildItn itself cannot be
 * imported here: its module imports "server-only".
 */
export function completeItn(p: BenchPayment, merchantId: string, passphrase: string): Pair[] {
  const grossCents = p.amountCents;
  const feeCents = -Math.min(grossCents, Math.round(grossCents * 0.035) + 200);
  const [first, ...rest] = p.name.trim().split(/\s+/);
  const pairs: Pair[] = [
    ["m_payment_id", p.id],
    ["pf_payment_id", p.pfPaymentId],
    ["payment_status", "COMPLETE"],
    ["item_name", p.itemName],
    ["item_description", ""],
    ["amount_gross", centsToAmount(grossCents)],
    ["amount_fee", feeCents === 0 ? "0.00" : `-${centsToAmount(-feeCents)}`],
    ["amount_net", centsToAmount(grossCents + feeCents)],
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
    ["name_first", first ?? ""],
    ["name_last", rest.join(" ")],
    ["email_address", p.email],
    ["merchant_id", merchantId],
  ];
  return [...pairs, ["signature", itnSignature(pairs, passphrase)]];
}

export type Stats = { count: number; p50: number; p95: number; p99: number; max: number; mean: number };

/** Nearest-rank percentiles of latencies in milliseconds. */
export function stats(latenciesMs: number[]): Stats {
  const a = Float64Array.from(latenciesMs).sort();
  const at = (q: number) => (a.length === 0 ? NaN : a[Math.min(a.length - 1, Math.max(0, Math.ceil(q * a.length) - 1))]!);
  const sum = a.reduce((s, v) => s + v, 0);
  return { count: a.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1), mean: a.length ? sum / a.length : NaN };
}

export const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "n/a");
export const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "n/a");
export const pct = (n: number) => (Number.isFinite(n) ? `${(n * 100).toFixed(1)}%` : "n/a");

/** Whole-machine CPU counters from /proc/stat (Linux), for "how busy was the box" per phase. */
export function machineCpu(): { busy: number; total: number } | null {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const total = v.reduce((s, x) => s + x, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** utime+stime of one process in clock ticks (Linux). */
export function processCpuTicks(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

export const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export function machineLine(): string {
  const cpus = os.cpus();
  return `${cpus.length} CPU(s) ${cpus[0]?.model ?? "?"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}`;
}

export type Verification = {
  completed: number;
  started: number;
  problems: string[];
  invoiceYears: { year: number; count: number; minSeq: number; maxSeq: number; distinctSeq: number; counter: number | null }[];
};

/**
 * After a run: every COMPLETED payment has exactly one invoice, student_payments row and
 * payfast_transactions row (and one product enrollment, mail and notification); nothing else
 * has any; invoice numbers per year are 1..n without gaps and match the counter.
 */
export async function verifyCompletions(url: string): Promise<Verification> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const problems: string[] = [];
    const [counts] = await sql<{ completed: string; started: string }[]>`
      select count(*) filter (where status = 'COMPLETED') as completed,
             count(*) filter (where status = 'STARTED') as started
      from payments where method = 'payfast'`;
    const perPayment = [
      ["invoices", "invoices"],
      ["student_payments", "student_payments"],
      ["payfast_transactions", "payfast_transactions"],
      ["product_enrolled", "product_enrolled"],
      ["mail_queue", "mail_queue"],
      ["notifications", "notifications"],
    ] as const;
    for (const [label, table] of perPayment) {
      const [r] = await sql<{ wrong: string; orphans: string }[]>`
        select
          (select count(*) from payments p
             where p.status = 'COMPLETED' and p.method = 'payfast'
               and (select count(*) from ${sql(table)} t where t.payment_id = p.id) <> 1) as wrong,
          (select count(*) from ${sql(table)} t join payments p on p.id = t.payment_id
             where p.status <> 'COMPLETED') as orphans`;
      if (Number(r!.wrong) > 0) problems.push(`${r!.wrong} COMPLETED payment(s) without exactly one ${label} row`);
      if (Number(r!.orphans) > 0) problems.push(`${r!.orphans} ${label} row(s) for payments that are not COMPLETED`);
    }
    const years = await sql<{ year: number; count: string; min_seq: number; max_seq: number; distinct_seq: string; counter: number | null; bad_numbers: string }[]>`
      select i.year, count(*) as count, min(i.seq) as min_seq, max(i.seq) as max_seq, count(distinct i.seq) as distinct_seq,
             (select last_seq from invoice_counters c where c.year = i.year) as counter,
             count(*) filter (where i.number <> 'INV-' || i.year || '-' || lpad(i.seq::text, 6, '0')) as bad_numbers
      from invoices i group by i.year order by i.year`;
    const invoiceYears = years.map((y) => ({
      year: y.year,
      count: Number(y.count),
      minSeq: y.min_seq,
      maxSeq: y.max_seq,
      distinctSeq: Number(y.distinct_seq),
      counter: y.counter,
    }));
    for (const y of invoiceYears) {
      if (y.minSeq !== 1 || y.maxSeq !== y.count || y.distinctSeq !== y.count) {
        problems.push(`invoice numbers for ${y.year} are not 1..${y.count} (min ${y.minSeq}, max ${y.maxSeq}, distinct ${y.distinctSeq})`);
      }
      if (y.counter !== y.maxSeq) problems.push(`invoice counter for ${y.year} is ${y.counter}, highest invoice is ${y.maxSeq}`);
    }
    for (const y of years) if (Number(y.bad_numbers) > 0) problems.push(`${y.bad_numbers} invoice number(s) do not match year/seq`);
    return { completed: Number(counts!.completed), started: Number(counts!.started), problems, invoiceYears };
  } finally {
    await sql.end();
  }
}

export function printVerification(v: Verification) {
  console.log(`\nDatabase check: ${v.completed} payments COMPLETED, ${v.started} still STARTED`);
  for (const y of v.invoiceYears) {
    console.log(
      `  invoices ${y.year}: ${y.count} rows, seq ${y.minSeq}..${y.maxSeq}, ${y.distinctSeq} distinct, counter ${y.counter} -> ${
        y.minSeq === 1 && y.maxSeq === y.count && y.distinctSeq === y.count && y.counter === y.maxSeq ? "gapless" : "GAPS/DUPLICATES"
      }`,
    );
  }
  if (v.problems.length === 0) {
    console.log("  each COMPLETED payment has exactly one invoice, student_payments, payfast_transactions, product_enrolled, mail_queue and notifications row: OK");
  } else {
    for (const p of v.problems) console.log(`  PROBLEM: ${p}`);
  }
}

/** utime+stime per pid, with the owning uid, for every process visible in /proc (Linux). */
export function cpuSnapshot(): Map<number, { ticks: number; uid: number; ppid: number }> {
  const out = new Map<number, { ticks: number; uid: number; ppid: number }>();
  let pids: string[] = [];
  try {
    pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const p of pids) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const uid = statSync(`/proc/${p}`).uid;
      out.set(Number(p), { ticks: Number(fields[11]) + Number(fields[12]), uid, ppid: Number(fields[1]) });
    } catch {
      /* gone */
    }
  }
  return out;
}

/**
 * CPU (in cores) used between two snapshots by processes that are not ours: not this process,
 * not `ownRoots` or their descendants, and not PostgreSQL (owned by the postgres user, which
 * serves this benchmark but possibly also other clients of the shared server). Shows when
 * something else on the machine (tests, linters, builds) competed for the CPUs.
 */
export function foreignCores(
  before: ReturnType<typeof cpuSnapshot>,
  after: ReturnType<typeof cpuSnapshot>,
  ownRoots: (number | undefined)[],
  seconds: number,
): { foreign: number; postgres: number } {
  const own = new Set<number>([process.pid, ...ownRoots.filter((p): p is number => !!p)]);
  // Descendants of our roots (e.g. pgbench, npx children).
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, info] of after) {
      if (!own.has(pid) && own.has(info.ppid)) {
        own.add(pid);
        grew = true;
      }
    }
  }
  let pgUid = -1;
  try {
    pgUid = statSync("/var/lib/postgresql").uid;
  } catch {
    /* unknown */
  }
  let foreign = 0;
  let pg = 0;
  for (const [pid, info] of after) {
    const delta = info.ticks - (before.get(pid)?.ticks ?? 0);
    if (delta <= 0) continue;
    if (info.uid === pgUid) pg += delta;
    else if (!own.has(pid)) foreign += delta;
  }
  return { foreign: foreign / TICKS_PER_SECOND / seconds, postgres: pg / TICKS_PER_SECOND / seconds };
}

/** Waits (up to maxSeconds) for the machine to be quiet, so other work does not skew a run. */
export async function waitForQuietMachine(maxSeconds = 120, threshold = 0.15): Promise<number> {
  const until = Date.now() + maxSeconds * 1000;
  let busy = 1;
  while (Date.now() < until) {
    const a = machineCpu();
    await new Promise((r) => setTimeout(r, 1000));
    const b = machineCpu();
    busy = a && b ? (b.busy - a.busy) / (b.total - a.total) : 0;
    if (busy < threshold) return busy;
  }
  console.log(`  note: the machine stayed ${pct(busy)} busy before the run; numbers will be lower than on a quiet machine`);
  return busy;
}

/**
 * Samples pg_stat_activity for one database every `everyMs` while a phase runs: on average, how
 * many of its connections were running, waiting on a lock (e.g. the invoice counter row), doing
 * WAL I/O at commit, idle inside a transaction (waiting for the client), or idle.
 */
export function startActivitySampler(database: string, everyMs = 100) {
  const sql = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  const totals = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const rows = await sql<{ what: string; n: string }[]>`
          select case
                   when state = 'active' and wait_event_type is null then 'running (CPU)'
                   when state = 'active' then 'waiting ' || wait_event_type || ':' || wait_event
                   else coalesce(state, '?')
                 end as what, count(*) as n
          from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid()
          group by 1`;
        samples++;
        for (const r of rows) totals.set(r.what, (totals.get(r.what) ?? 0) + Number(r.n));
      } catch {
        /* sampling is best effort */
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return async () => {
    running = false;
    await loop;
    await sql.end();
    return [...totals.entries()]
      .map(([what, n]) => ({ what, avg: samples ? n / samples : 0 }))
      .sort((a, b) => b.avg - a.avg);
  };
}

export function printActivity(rows: { what: string; avg: number }[], indent = "      ") {
  if (rows.length === 0) return;
  console.log(`${indent}db connections on average: ${rows.map((r) => `${r.what} ${r.avg.toFixed(1)}`).join(", ")}`);
}

/** Which code was measured: HEAD and whether the working tree differs (read-only git). */
export function codeVersion(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
      .split("\n")
      .filter(Boolean).length;
    return `commit ${head}${dirty ? ` + ${dirty} modified tracked file(s)` : ""}`;
  } catch {
    return "commit unknown";
  }
}
