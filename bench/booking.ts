// Booking on one hot slot through the app's bookSlot() against a raw conditional UPDATE of the
// same slot, side by side, at the same concurrency. Goal (issue): the app path reaches at least
// 30% of the raw rate with zero serialization or deadlock errors.
//   npx tsx --conditions=react-server bench/booking.ts     (BENCH_CLIENTS=32 BENCH_SECONDS=10)
import postgres from "postgres";
import { createDatabase, dropDatabase, f1, machineLine, migrateAndSeed, num, stats } from "./common";

const clients = num("BENCH_CLIENTS", 32);
const seconds = num("BENCH_SECONDS", 10);
const name = `classbook_bench_booking_${Date.now()}`;
const url = await createDatabase(name);
migrateAndSeed(url);
process.env.DATABASE_URL = url;
process.env.DB_POOL_MAX = String(clients);
process.env.BOOKING_MIN_NOTICE_MINUTES = "0";

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
  const s = stats(latencies);
  console.log(`  ${label}: ${f1(latencies.length / elapsed)} bookings/s, p50 ${f1(s.p50)} ms, p99 ${f1(s.p99)} ms, errors ${JSON.stringify(Object.fromEntries(errors))}`);
  return { rate: latencies.length / elapsed, errors };
}

console.log(`Booking one hot slot, ${clients} clients, ${seconds} s each. ${machineLine()}`);
const rawSlot = await slotFor("raw");
const raw = await run("raw conditional UPDATE", async () => {
  await sql`update slots set booked_count = booked_count + 1 where id = ${rawSlot} and booked_count < capacity`;
});
const appSlot = await slotFor("app");
const { bookSlot } = await import("../lib/booking/book");
const app = await run("app bookSlot() (read, then booking + timeline + notification + email in one statement)", async (i) => {
  await bookSlot(students[i]!, appSlot);
});
const [check] = await sql<{ booked: number; rows: number }[]>`select booked_count as booked, (select count(*)::int from slot_enrolled where slot_id = ${appSlot} and status <> 'cancelled') as rows from slots where id = ${appSlot}`;
console.log(`  app slot: booked_count ${check!.booked}, active rows ${check!.rows} (must be equal)`);
const serializationOrDeadlock = [...app.errors.keys()].filter((k) => k === "40001" || k === "40P01").length;
console.log(`Ratio app/raw: ${f1((app.rate / raw.rate) * 100)}% (goal ≥ 30%); serialization/deadlock errors: ${serializationOrDeadlock === 0 ? "none" : JSON.stringify(Object.fromEntries(app.errors))}`);
await sql.end();
const { closeDb } = await import("../db/index");
await closeDb();
await dropDatabase(name);
