// Mail-queue worker throughput against the configured global send rate, with 4 workers sharing
// one rate (through the mail_send_clock row) and a local fake Resend API.
//   npx tsx bench/mail-worker.ts     (BENCH_ROWS=300 BENCH_RATE=50)
import { createServer } from "node:http";
import postgres from "postgres";
import { createDatabase, dropDatabase, f1, machineLine, migrateAndSeed, num } from "./common";

const rows = num("BENCH_ROWS", 300);
const rate = num("BENCH_RATE", 50);
const name = `classbook_bench_mail_${Date.now()}`;
const url = await createDatabase(name);
migrateAndSeed(url);

let requests = 0;
const fake = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    requests++;
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ id: `fake-${requests}` }));
  });
});
await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
const port = (fake.address() as { port: number }).port;
Object.assign(process.env, {
  DATABASE_URL: url,
  DB_POOL_MAX: "8",
  RESEND_BASE_URL: `http://127.0.0.1:${port}`,
  RESEND_API_KEY: "re_bench",
  MAIL_SEND_RATE_PER_SECOND: String(rate),
});

const sql = postgres(url, { max: 2, onnotice: () => {} });
await sql`insert into mail_queue (to_email, subject, template, payload)
  select 'reader' || g || '@example.com', 'Receipt', 'purchase_receipt',
    jsonb_build_object('name', 'Reader', 'itemName', 'Workbook', 'amountCents', 9900, 'invoiceNumber', 'INV-2026-000001', 'invoiceUrl', 'https://classbook.example/invoices/1')
  from generate_series(1, ${rows}) g`;

const { runMailBatch } = await import("../lib/mail/worker");
const { resendTransport } = await import("../lib/mail/transport");
const transport = resendTransport("re_bench");
console.log(`Mail worker: ${rows} emails, 4 workers, configured rate ${rate}/s. ${machineLine()}`);
const started = Date.now();
await Promise.all(
  Array.from({ length: 4 }, async () => {
    while ((await runMailBatch(transport, 10)).claimed > 0) {
      /* keep claiming */
    }
  }),
);
const seconds = (Date.now() - started) / 1000;
const [sent] = await sql<{ n: number }[]>`select count(*)::int as n from mail_queue where status = 'sent'`;
console.log(`  sent ${sent!.n}/${rows} in ${f1(seconds)} s = ${f1(sent!.n / seconds)} emails/s (configured ${rate}/s, ${f1((sent!.n / seconds / rate) * 100)}% of the rate); provider requests ${requests}`);
await sql.end();
const { closeDb } = await import("../db/index");
await closeDb();
fake.close();
await dropDatabase(name);
