// Scale data for performance work: about 10k students, 1M payments (70% COMPLETED, each with
// its student payment and a gapless invoice), 300k enrollments, 1k slots with bookings, and the
// side effects completions leave behind (admin notifications, sent emails, timeline, audit).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/classbook_scale npm run seed:scale
//
// Needs a migrated database with the demo seed (npm run db:setup): it buys the demo catalog and
// uses the demo admin and instructors. Everything is set-based SQL (INSERT ... SELECT from
// generate_series) in one transaction, with every constraint and trigger on: rows are written in
// an order the triggers accept (payments COMPLETED before their children, bookings after slots).
// Running it again does nothing: scale students are recognised by their @scale.classbook.test
// address. Knobs (environment): SCALE_STUDENTS (10000), SCALE_PAYMENTS (1000000),
// SCALE_COURSE_ENROLLMENTS (50000), SCALE_PRODUCT_ENROLLMENTS (250000), SCALE_SLOTS (1000),
// SCALE_SEED (0.42, for setseed: the same knobs give the same data shape). Ends with VACUUM
// (ANALYZE), outside the transaction, and fills the admin overview's daily rollup (overview_days:
// rebuilt after a seeding, which writes into closed days; only missing days otherwise).
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Executor } from "../db/index";
import { fillClosedDays } from "../lib/admin/rollup";

const DOMAIN = "scale.classbook.test";

function num(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v.trim() === "") return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${v}"`);
  return n;
}

const STUDENTS = num("SCALE_STUDENTS", 10_000);
const PAYMENTS = num("SCALE_PAYMENTS", 1_000_000);
const COURSE_ENROLLMENTS = num("SCALE_COURSE_ENROLLMENTS", 50_000);
const PRODUCT_ENROLLMENTS = num("SCALE_PRODUCT_ENROLLMENTS", 250_000);
const SLOTS = num("SCALE_SLOTS", 1_000);
const SEED = Number(process.env.SCALE_SEED ?? "0.42");
const COMPLETED = Math.round(PAYMENTS * 0.7);
const MANUAL_SHARE = 0.02; // of paid completions: recorded by an admin (EFT), the rest PayFast
const SESSIONS = Math.max(1, Math.round(SLOTS / 50));
const TZ = process.env.PLATFORM_TIMEZONE?.trim() || "Africa/Johannesburg";
const VAT_BP = Number(process.env.VAT_RATE_BASIS_POINTS?.trim() || 1500);
const SELLER_NAME = process.env.SELLER_NAME?.trim() || "Classbook (Pty) Ltd";
const SELLER_VAT = process.env.SELLER_VAT_NUMBER?.trim() || null;

class Refusal extends Error {}
function fail(message: string): never {
  throw new Refusal(message);
}

function refuse(message: string): never {
  console.error(`seed:scale: ${message}`);
  process.exit(1);
}

const url = process.env.DATABASE_URL?.trim();
if (!url) refuse("DATABASE_URL is not set. Point it at a local PostgreSQL database migrated with `npm run db:setup`.");
let host: string;
try {
  host = new URL(url).hostname;
} catch {
  refuse("DATABASE_URL is not a valid URL.");
}
if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host)) {
  refuse(`refusing to write scale data to a non-local database server (${host}). This script is for local benchmarks only.`);
}
if (PRODUCT_ENROLLMENTS + COURSE_ENROLLMENTS > COMPLETED) {
  refuse(`enrollments (${PRODUCT_ENROLLMENTS} + ${COURSE_ENROLLMENTS}) exceed the ${COMPLETED} COMPLETED payments.`);
}

const sql = postgres(url, { max: 1, onnotice: () => {} });
const started = Date.now();
const timings: [string, number, number | null][] = [];

async function step<T extends { count?: number }>(label: string, run: () => Promise<T>): Promise<T> {
  const t = Date.now();
  const r = await run();
  const ms = Date.now() - t;
  const rows = typeof r?.count === "number" ? r.count : null;
  timings.push([label, ms, rows]);
  console.log(`  ${label.padEnd(44)} ${rows === null ? "".padStart(9) : String(rows).padStart(9)} rows ${(ms / 1000).toFixed(1).padStart(7)} s`);
  return r;
}

try {
  const [{ db, payments_table } = { db: "?", payments_table: null }] = await sql<{ db: string; payments_table: string | null }[]>`
    select current_database() as db, to_regclass('public.payments')::text as payments_table`;
  if (!payments_table) fail(`database ${db} has no schema yet: run \`npm run db:setup\` (migrations and demo seed) first.`);

  const outcome = await sql.begin(async (tx) => {
    // One seeding at a time; the check below then sees any committed earlier run.
    await tx`select pg_advisory_xact_lock(hashtext('classbook:seed-scale'))`;
    const [{ n } = { n: 0 }] = await tx<{ n: number }[]>`select count(*)::int as n from users where email like ${`%@${DOMAIN}`}`;
    if (n > 0) return { skipped: n };

    const [admin] = await tx<{ id: string; password_hash: string }[]>`
      select id, password_hash from users where role = 'super_admin' order by (email = 'admin@classbook.demo') desc, created_at limit 1`;
    const [{ courses, products } = { courses: 0, products: 0 }] = await tx<{ courses: number; products: number }[]>`
      select (select count(*)::int from courses) as courses, (select count(*)::int from products) as products`;
    if (!admin || courses < 2 || products < 1) {
      fail(`database ${db} lacks the demo seed (a super admin, the demo courses and products): run \`npm run db:setup\` first.`);
    }
    if (COURSE_ENROLLMENTS > STUDENTS * courses) {
      fail(`${COURSE_ENROLLMENTS} course enrollments do not fit ${STUDENTS} students x ${courses} courses (one per student and course).`);
    }
    const instructors = await tx<{ id: string }[]>`select id from users where role = 'instructor' order by email`;

    console.log(
      `Seeding ${db}: ${STUDENTS} students, ${PAYMENTS} payments (${COMPLETED} COMPLETED), ~${COURSE_ENROLLMENTS} course + ${PRODUCT_ENROLLMENTS} product enrollments, ${SLOTS} slots in ${SESSIONS} sessions`,
    );
    await tx.unsafe(`set local work_mem = '256MB'`);
    await tx.unsafe(`set local maintenance_work_mem = '512MB'`);
    await tx.unsafe(`set local synchronous_commit = off`);
    await tx`select setseed(${SEED})`;

    // -------------------------------------------------------------- students
    // Joined over the last two years and a month; every student signs in with the demo password.
    await step("students (users)", () => tx`
      insert into users (name, email, password_hash, role, created_at, updated_at)
      select f.name || ' ' || l.name,
             lower(f.name) || '.' || lower(replace(l.name, ' ', '')) || '.' || g || ${`@${DOMAIN}`},
             ${admin.password_hash}, 'student', t, t
      from generate_series(1, ${STUDENTS}::int) g
      cross join lateral (select now() - interval '1 day' - interval '759 days' * random() + g * interval '0' as t) ts -- g: once per row
      join (select row_number() over () - 1 as i, count(*) over () as n, name
            from unnest(array['Thandi','Sipho','Lerato','Johan','Aisha','Pieter','Zanele','Kagiso','Naledi','Ruan',
                              'Fatima','Bongani','Anika','Themba','Priya','Lwazi','Megan','Tshepo','Nomsa','Riaan',
                              'Keabetswe','Hannah','Mpho','Ayesha','Dineo','Stefan','Palesa','Yusuf','Busisiwe','Carel']) name) f
        on f.i = g % f.n
      join (select row_number() over () - 1 as i, count(*) over () as n, name
            from unnest(array['Dlamini','Nkosi','Botha','Naidoo','van der Merwe','Mokoena','Pillay','Khumalo','Smith','Ndlovu',
                              'Pretorius','Mahlangu','Adams','Molefe','Jacobs','Sithole','Venter','Zulu','Govender','Mthembu',
                              'Coetzee','Mabaso','Williams','Moloi','du Plessis','Hendricks','Maseko','Fourie','Cele','Erasmus',
                              'Radebe','Kruger','Patel','Nel','Shabalala','Louw','Mkhize','Booysen','Ntuli','Swart']) name) l
        on l.i = (g / 30) % l.n`);
    await tx`
      create temp table scale_students on commit drop as
      select id, name, email, created_at, (row_number() over (order by created_at, id) - 1)::int as i
      from users where email like ${`%@${DOMAIN}`}`;
    await tx`create unique index on scale_students (i)`;
    await tx`analyze scale_students`;

    // -------------------------------------------------------------- payments
    // Plan every payment first (temp table), then write it once, already in its final state: a
    // row is born COMPLETED/FAILED/CANCELLED as the app's transition would leave it.
    //   g <= PRODUCT_ENROLLMENTS   COMPLETED product purchase (each gets a product enrollment)
    //   g <= COMPLETED             COMPLETED course purchase, of one of the student's few courses
    //                              (COURSE_ENROLLMENTS / STUDENTS each): the first purchase enrolls,
    //                              later ones are the repeat purchases the app keeps and flags
    //   otherwise                  STARTED, FAILED or CANCELLED (a third each) of a paid item
    // When: the last two years, volume growing twofold over them (density 2^(-age/730 days)).
    // Who: a student who had signed up by then (students are numbered in sign-up order), so
    // long-standing students have bought more.
    await tx`
      create temp table scale_items on commit drop as
      select row_number() over (order by kind, slug)::int - 1 as i, kind, id, name, price_cents, slug,
             row_number() over (partition by kind order by slug)::int - 1 as k
      from (select 'course' as kind, id, title as name, price_cents, slug from courses
            union all select 'product', id, name, price_cents, slug from products) x`;
    const [cat] = await tx<{ nc: number; np: number }[]>`
      select count(*) filter (where kind = 'course')::int as nc, count(*) filter (where kind = 'product')::int as np from scale_items`;
    const perStudent = Math.max(1, Math.min(cat!.nc, Math.round(COURSE_ENROLLMENTS / STUDENTS)));
    await step("plan payments (temp table)", () => tx`
      create temp table scale_plan on commit drop as
      with paid as (select array_agg(i order by i) as items, count(*)::int as n from scale_items where price_cents > 0),
      plan as (
        select g,
               case when g <= ${PRODUCT_ENROLLMENTS}::int then 'product'
                    when g <= ${COMPLETED}::int then 'course'
                    else 'other' end as kind,
               random() as r1, -730 * ln(1 - random() / 2) / ln(2) as age_days, random() as r3, random() as r4, random() as r5
        from generate_series(1, ${PAYMENTS}::int) g
      ),
      picked as (
        select p.*, x.student_i,
               case when p.kind = 'product' then ${cat!.nc}::int + least(${cat!.np}::int - 1, floor(p.r3 * ${cat!.np}::int)::int)
                    when p.kind = 'course' then (least(${perStudent}::int - 1, floor(p.r5 * ${perStudent}::int)::int) + x.student_i) % ${cat!.nc}::int
                    else paid.items[1 + least(paid.n - 1, floor(p.r3 * paid.n)::int)] end as item_i
        from plan p cross join paid
        cross join lateral (select least(${STUDENTS}::int - 1, floor(p.r1 * ${STUDENTS}::int * (760 - p.age_days) / 760)::int) as student_i) x
      )
      select gen_random_uuid() as id, p.g, s.id as user_id, s.name as buyer_name, s.email as buyer_email,
             it.kind as item_kind, it.id as item_id, it.name as item_name, it.price_cents as amount_cents,
             case when p.kind = 'other' then (array['STARTED','FAILED','CANCELLED'])[1 + p.g % 3]
                  else 'COMPLETED' end::payment_status as status,
             case when it.price_cents = 0 then 'free'
                  when p.kind <> 'other' and p.r4 < ${MANUAL_SHARE} then 'manual'
                  else 'payfast' end::payment_method as method,
             greatest(now() - interval '20 minutes' - p.age_days * interval '1 day', s.created_at + interval '10 minutes') as created_at,
             (interval '30 seconds' + interval '14 minutes' * p.r4) as took
      from picked p
      join scale_students s on s.i = p.student_i
      join scale_items it on it.i = p.item_i`);
    await tx`analyze scale_plan`;

    await step("payments", () => tx`
      insert into payments (id, user_id, method, status, amount_cents, course_id, product_id, item_name, failure_reason,
                            recorded_by_id, reference, created_at, updated_at, completed_at)
      select id, user_id, method, status, amount_cents,
             case when item_kind = 'course' then item_id end, case when item_kind = 'product' then item_id end,
             item_name,
             case when status = 'FAILED' then (array['Card declined by the bank','Insufficient funds','3-D Secure not completed'])[1 + g % 3] end,
             case when method = 'manual' then ${admin.id}::uuid end,
             case when method = 'manual' then 'EFT-' || lpad(g::text, 8, '0') end,
             created_at,
             case when status = 'STARTED' then created_at else created_at + took end,
             case when status = 'COMPLETED' then created_at + took end
      from scale_plan
      order by created_at`);
    await tx`create index on scale_plan (id)`;

    // -------------------------------------------------------------- what a completion writes
    await step("student_payments", () => tx`
      insert into student_payments (payment_id, user_id, amount_cents, paid_at)
      select id, user_id, amount_cents, created_at + took from scale_plan where status = 'COMPLETED'
      order by created_at`);

    // Numbers per calendar year (platform time zone), in completion order, continuing any
    // counter already in the database: INV-<year>-<seq>, 1..n without gaps.
    await step("invoices", () => tx`
      insert into invoices (number, year, seq, payment_id, user_id, billed_to_name, billed_to_email, seller_name,
                            seller_vat_number, lines, vat_rate_bp, subtotal_cents, vat_cents, total_cents, issued_at)
      select 'INV-' || year || '-' || lpad(seq::text, 6, '0'), year, seq, id, user_id, buyer_name, buyer_email,
             ${SELLER_NAME}, ${SELLER_VAT}::text,
             jsonb_build_array(jsonb_build_object('description', item_name, 'quantity', 1,
                                                  'unitPriceCents', amount_cents, 'totalCents', amount_cents)),
             ${VAT_BP}::int, amount_cents - vat, vat, amount_cents, completed_at
      from (
        select c.*, coalesce(ic.last_seq, 0)
                    + row_number() over (partition by c.year order by c.completed_at, c.id) as seq
        from (select p.*, p.created_at + p.took as completed_at,
                     extract(year from (p.created_at + p.took) at time zone ${TZ})::int as year,
                     round(p.amount_cents * ${VAT_BP}::numeric / (10000 + ${VAT_BP}::int))::int as vat
              from scale_plan p where p.status = 'COMPLETED') c
        left join invoice_counters ic on ic.year = c.year
      ) numbered
      order by completed_at`);
    await step("invoice_counters", () => tx`
      insert into invoice_counters (year, last_seq)
      select year, max(seq) from invoices group by year
      on conflict (year) do update set last_seq = excluded.last_seq`);

    await step("product_enrolled", () => tx`
      insert into product_enrolled (user_id, product_id, payment_id, created_at)
      select user_id, item_id, id, created_at + took from scale_plan
      where status = 'COMPLETED' and item_kind = 'product'
      order by created_at`);
    // The first completed purchase of each (student, course) enrolls; later ones are the
    // already-owned repeats the app keeps and flags.
    await step("courses_enrolled", () => tx`
      insert into courses_enrolled (user_id, course_id, payment_id, enrolled_at)
      select user_id, item_id, id, at from (
        select distinct on (user_id, item_id) user_id, item_id, id, created_at + took as at
        from scale_plan where status = 'COMPLETED' and item_kind = 'course'
        order by user_id, item_id, created_at, id
      ) first order by at`);

    // One admin notification, one sent email and one timeline entry per enrollment, like
    // lib/payments/complete.ts. Notifications older than two weeks have been read.
    await tx`
      create temp table scale_enrollments on commit drop as
      select 'course' as kind, ce.id, ce.payment_id, ce.user_id, ce.enrolled_at as at, c.title as item, c.slug,
             p.amount_cents, s.name as buyer_name, s.email as buyer_email
      from courses_enrolled ce join scale_students s on s.id = ce.user_id
      join courses c on c.id = ce.course_id join payments p on p.id = ce.payment_id
      union all
      select 'product', pe.id, pe.payment_id, pe.user_id, pe.created_at, p.item_name, null, p.amount_cents, s.name, s.email
      from product_enrolled pe join scale_students s on s.id = pe.user_id join payments p on p.id = pe.payment_id`;
    await step("notifications (admin, per enrollment)", () => tx`
      insert into notifications (audience, type, title, body, link, course_enrollment_id, product_enrollment_id, payment_id, read_at, created_at)
      select 'super_admins',
             case when kind = 'course' then 'course_enrolled' else 'product_purchased' end,
             case when kind = 'course' then 'New enrollment: ' || item else 'Product sold: ' || item end,
             buyer_name || case when kind = 'course' then ' enrolled (R ' else ' bought it for R ' end
               || to_char(amount_cents / 100.0, 'FM999990.00') || case when kind = 'course' then ').' else '.' end,
             '/admin/payments/' || payment_id,
             case when kind = 'course' then id end, case when kind = 'product' then id end, payment_id,
             case when at < now() - interval '14 days' then at + interval '1 day' end, at
      from scale_enrollments order by at`);
    await step("mail_queue (sent, per enrollment)", () => tx`
      insert into mail_queue (to_email, subject, template, payload, status, attempts, next_attempt_at, user_id,
                              course_enrollment_id, product_enrollment_id, payment_id, rendered_text, created_at, updated_at, sent_at)
      select buyer_email,
             case when kind = 'course' then 'You''re enrolled: ' || item else 'Your receipt for ' || item end,
             case when kind = 'course' then 'course_enrollment' else 'purchase_receipt' end,
             case when kind = 'course'
                  then jsonb_build_object('name', buyer_name, 'courseTitle', item, 'courseUrl', 'http://localhost:3000/courses/' || slug)
                  else jsonb_build_object('name', buyer_name, 'itemName', item, 'amountCents', amount_cents) end,
             'sent', 1, at, user_id,
             case when kind = 'course' then id end, case when kind = 'product' then id end, payment_id,
             'Hi ' || buyer_name || E',\n\nThank you for your purchase of ' || item || '.',
             at, at + interval '5 seconds', at + interval '5 seconds'
      from scale_enrollments order by at`);
    await step("timeline", () => tx`
      insert into timeline (user_id, event, summary, payment_id, course_enrollment_id, product_enrollment_id, created_at)
      select id, 'account_created', 'Account created', null, null, null, created_at from scale_students
      union all
      select user_id, case when kind = 'course' then 'course_enrolled' else 'product_enrolled' end::timeline_event,
             case when kind = 'course' then 'Enrolled in ' || item else 'Bought ' || item end,
             payment_id, case when kind = 'course' then id end, case when kind = 'product' then id end, at
      from scale_enrollments`);
    await step("audit_log (manual payments)", () => tx`
      insert into audit_log (actor_id, action, entity_type, entity_id, before, after, created_at)
      select ${admin.id}::uuid, 'payment.manual_recorded', 'payment', id::text, null,
             jsonb_build_object('amountCents', amount_cents, 'itemName', item_name, 'reference', 'EFT-' || lpad(g::text, 8, '0')),
             created_at
      from scale_plan where method = 'manual' order by created_at`);

    // -------------------------------------------------------------- sessions, slots, bookings
    await step("sessions", () => tx`
      insert into sessions (title, description, course_id, mode, location, meeting_url, created_at, updated_at)
      select (array['Excel Clinic','Photo Walk','Speaking Lab','VAT Q&A','Portfolio Review','Bookkeeping Basics'])[1 + g % 6]
               || ' (group ' || g || ')',
             'Scale-test session ' || g || '.',
             case when g % 4 = 0 then (select id from scale_items where kind = 'course' and k = g % ${cat!.nc}::int) end,
             case when g % 2 = 0 then 'online' else 'in_person' end::session_mode,
             case when g % 2 = 1 then 'Classbook Studio, room ' || g end,
             case when g % 2 = 0 then 'https://meet.example.com/scale-' || g end,
             now() - interval '400 days', now() - interval '400 days'
      from generate_series(1, ${SESSIONS}::int) g`);
    await tx`
      create temp table scale_sessions on commit drop as
      select id, (row_number() over (order by title) - 1)::int as i from sessions where description like 'Scale-test session %'`;
    if (instructors.length) {
      await step("session_instructors", () => tx`
        insert into session_instructors (session_id, instructor_id)
        select s.id, (${instructors.map((i) => i.id)}::uuid[])[1 + s.i % ${instructors.length}::int] from scale_sessions s`);
    }
    // From 300 days back to about two months ahead, one slot a week per session, 90 minutes,
    // capacity 8-30; 3% cancelled.
    await step("slots", () => tx`
      insert into slots (session_id, starts_at, ends_at, capacity, status, created_at, updated_at)
      select s.id, t, t + interval '90 minutes', 8 + (g * 7) % 23,
             case when g % 33 = 0 then 'cancelled' else 'scheduled' end::slot_status,
             least(t, now()) - interval '30 days', least(t, now()) - interval '30 days'
      from generate_series(0, ${SLOTS}::int - 1) g
      join scale_sessions s on s.i = g % ${SESSIONS}::int
      cross join lateral (select date_trunc('day', now()) - interval '300 days' + interval '8 hours'
                                 + (g / ${SESSIONS}::int) * (interval '365 days' / greatest(1, ${Math.ceil(SLOTS / SESSIONS)}::int))
                                 + (g % ${SESSIONS}::int) * interval '1 hour' as t) ts`);
    // Past slots ~80% full (attended / no-show), future ones ~50% (booked), plus two cancelled
    // bookings per slot. the seat counter trigger ("A_slot_enrolled_count") keeps slots.booked_count, row by row.
    await step("slot_enrolled", () => tx`
      insert into slot_enrolled (slot_id, session_id, user_id, status, created_at, updated_at, cancelled_at)
      select sl.id, sl.session_id, st.id,
             case when n > seats then 'cancelled'
                  when sl.starts_at > now() then 'booked'
                  when (k + n) % 10 = 0 then 'no_show' else 'attended' end::slot_enrollment_status,
             sl.starts_at - interval '3 days', sl.starts_at - interval '3 days',
             case when n > seats then sl.starts_at - interval '2 days' end
      from (select sl.*, row_number() over (order by sl.starts_at, sl.id)::int as k,
                   floor(sl.capacity * case when sl.starts_at > now() then 0.5 else 0.8 end)::int as seats
            from slots sl join scale_sessions ss on ss.id = sl.session_id where sl.status = 'scheduled') sl
      cross join lateral generate_series(1, sl.seats + 2) n
      join scale_students st on st.i = (sl.k * 97 + n) % ${STUDENTS}::int
      order by sl.starts_at, n`);

    return { skipped: 0 };
  });

  const fillRollup = async (rebuild: boolean) => {
    const t = Date.now();
    if (rebuild) await sql`delete from overview_days`;
    const days = await fillClosedDays(TZ, undefined, drizzle(sql) as unknown as Executor);
    console.log(`  ${"overview_days (closed days)".padEnd(44)} ${String(days).padStart(9)} rows ${((Date.now() - t) / 1000).toFixed(1).padStart(7)} s`);
  };
  if (outcome.skipped) {
    console.log(`seed:scale: ${db} already has scale data (${outcome.skipped} students @${DOMAIN}); nothing seeded. Recreate the database to seed again.`);
    await fillRollup(false);
  } else {
    // VACUUM as well as ANALYZE: freshly loaded tables have no visibility map (index-only scans
    // would visit the heap) and no hint bits; autovacuum would get there in production, but may
    // be off or behind on a benchmark server. This is the state the pages meet in steady state.
    const t = Date.now();
    await sql`vacuum (analyze)`;
    timings.push(["vacuum (analyze)", Date.now() - t, null]);
    console.log(`  ${"vacuum (analyze)".padEnd(44)} ${"".padStart(14)} ${((Date.now() - t) / 1000).toFixed(1).padStart(7)} s`);
    await fillRollup(true);
    const counts = await sql<{ t: string; n: string }[]>`
      select 'users' as t, count(*) as n from users union all select 'payments', count(*) from payments
      union all select 'invoices', count(*) from invoices union all select 'courses_enrolled', count(*) from courses_enrolled
      union all select 'product_enrolled', count(*) from product_enrolled union all select 'slots', count(*) from slots
      union all select 'slot_enrolled', count(*) from slot_enrolled`;
    const [{ size } = { size: "?" }] = await sql<{ size: string }[]>`select pg_size_pretty(pg_database_size(current_database())) as size`;
    console.log(`Totals: ${counts.map((c) => `${c.t} ${c.n}`).join(", ")}; database ${size}.`);
    console.log(`seed:scale done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
} catch (error) {
  if (!(error instanceof Refusal)) throw error;
  console.error(`seed:scale: ${error.message}`);
  process.exitCode = 1;
} finally {
  await sql.end();
}
