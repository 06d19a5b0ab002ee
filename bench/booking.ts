// Booking on one hot slot through the app's bookSlot() against a raw conditional UPDATE of the
// same slot, side by side, at the same concurrency. Goal (issue): the app path reaches at least
// 30% of the raw rate with zero serialization or deadlock errors.
//   npx tsx --conditions=react-server bench/booking.ts     (BENCH_CLIENTS=32 BENCH_SECONDS=10)
//
// 32 clients call at once either way. The app runs with its own connection pool (DB_POOL_MAX,
// default 10; BENCH_APP_POOL overrides it); the raw UPDATE is measured both with one connection
// per client and with the app's pool size, and the faster of the two is the baseline.
import postgres from "postgres";
import { cpuSnapshot, createDatabase, dropDatabase, f1, f2, foreignCores, machineLine, migrateAndSeed, num, printActivity, startActivitySampler, stats } from "./common";

const clients = num("BENCH_CLIENTS", 32);
const seconds = num("BENCH_SECONDS", 10);
const name = `classbook_bench_booking_${Date.now()}`;
const url = await createDatabase(name);
migrateAndSeed(url);
process.env.DATABASE_URL = url;
process.env.BOOKING_MIN_NOTICE_MINUTES = "0";
if (process.env.BENCH_APP_POOL) process.env.DB_POOL_MAX = process.env.BENCH_APP_POOL;
const { env } = await import("../lib/env");
const appPool = env().DB_POOL_MAX;

const sql = postgres(url, { max: clients, onnotice: () => {} });
const [session] = await sql<{ id: string }[]>`insert into sessions (title, mode, location) values ('Hot slot', 'in_person', 'Bench hall') returning id`;
const slotFor = async (label: string) => {
  const [slot] = await sql<{ id: string }[]>`insert into slots (session_id, starts_at, ends_at, capacity)
    values (${session!.id}, now() + interval '30 days', now() + interval '30 days 1 hour', 1000000) returning id`;
  console.log(`  ${label} slot ${slot!.id}`);
  return slot!.id;
};
// Students enough for every app booking (one booking per student per slot).
await sql`insert into users (name, email, password_hash)
  select 'Bench ' || g, 'bench-' || g || '@example.com', 'x' from generate_series(1, 200000) g`;
const students = (await sql<{ id: string }[]>`select id from users where email like 'bench-%' order by email`).map((r) => r.id);

async function run(label: string, op: (i: number) => Promise<void>) {
  const deadline = Date.now() + seconds * 1000;
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  let next = 0;
  const sampler = startActivitySampler(name);
  const snap0 = cpuSnapshot();
  const self0 = process.cpuUsage();
  const started = Date.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < deadline) {
        const i = next++;
        const t0 = performance.now();
        try {
          await op(i);
          latencies.push(performance.now() - t0);
        } catch (error) {
          const code = (error as { code?: string }).code ?? (error instanceof Error ? error.message.slice(0, 60) : "error");
          errors.set(code, (errors.get(code) ?? 0) + 1);
        }
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  const self = process.cpuUsage(self0);
  const cpu = foreignCores(snap0, cpuSnapshot(), [], elapsed);
  const activity = await sampler();
  const s = stats(latencies);
  console.log(`  ${label}: ${f1(latencies.length / elapsed)} bookings/s, p50 ${f1(s.p50)} ms, p99 ${f1(s.p99)} ms, errors ${JSON.stringify(Object.fromEntries(errors))}`);
  console.log(`      cpu: this process ${f2((self.user + self.system) / 1e6 / elapsed)}, postgres ${f2(cpu.postgres)}, other ${f2(cpu.foreign)} cores`);
  printActivity(activity);
  return { rate: latencies.length / elapsed, errors };
}

console.log(`Booking one hot slot, ${clients} clients, ${seconds} s each. ${machineLine()}`);
const rawSlot = await slotFor("raw");
const rawRuns = [];
for (const max of [...new Set([clients, appPool])]) {
  const pool = postgres(url, { max, onnotice: () => {} });
  rawRuns.push(
    await run(`raw conditional UPDATE, ${max} connections`, async () => {
      await pool`update slots set booked_count = booked_count + 1 where id = ${rawSlot} and booked_count < capacity`;
    }),
  );
  await pool.end();
}
const raw = rawRuns.reduce((best, r) => (r.rate > best.rate ? r : best));
const appSlot = await slotFor("app");
const { bookSlot } = await import("../lib/booking/book");
const app = await run(`app bookSlot() (read, then booking + timeline + notification + email in one statement), pool of ${appPool}`, async (i) => {
  await bookSlot(students[i]!, appSlot);
});
const [check] = await sql<{ booked: number; rows: number }[]>`select booked_count as booked, (select count(*)::int from slot_enrolled where slot_id = ${appSlot} and status <> 'cancelled') as rows from slots where id = ${appSlot}`;
console.log(`  app slot: booked_count ${check!.booked}, active rows ${check!.rows} (must be equal)`);
const serializationOrDeadlock = [...app.errors.keys()].filter((k) => k === "40001" || k === "40P01").length;
console.log(`Ratio app/raw (the faster raw run): ${f1((app.rate / raw.rate) * 100)}% (goal ≥ 30%); serialization/deadlock errors: ${serializationOrDeadlock === 0 ? "none" : JSON.stringify(Object.fromEntries(app.errors))}`);
await sql.end();
const { closeDb } = await import("../db/index");
await closeDb();
if (process.env.BENCH_KEEP_DB === "1") console.log(`Kept database ${name}`);
else await dropDatabase(name);
