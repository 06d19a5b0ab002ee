// Demo data. Every row has a fixed key (email, slug or a derived uuid) and is inserted with
// ON CONFLICT DO NOTHING, so running the seed again changes nothing.
import { createHash } from "node:crypto";
import { hash } from "@node-rs/argon2";
import type { Db } from "./index";
import { courses, products, sessionInstructors, sessions, slots, users } from "./schema";

export const DEMO_PASSWORD = "classbook-demo";

export const DEMO_ACCOUNTS = [
  { email: "admin@classbook.demo", name: "Ayanda Admin", role: "super_admin" },
  { email: "instructor@classbook.demo", name: "Ivan Instructor", role: "instructor" },
  { email: "nandi@classbook.demo", name: "Nandi Instructor", role: "instructor" },
  { email: "thandi@classbook.demo", name: "Thandi Student", role: "student" },
  { email: "sipho@classbook.demo", name: "Sipho Student", role: "student" },
] as const;

/** A stable uuid for a seed row, so reruns hit the same key. */
export function seedId(name: string): string {
  const h = createHash("sha1").update(`classbook-seed:${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const COURSES = [
  ["intro-to-bookkeeping", "Introduction to Bookkeeping", 0, "Free starter course: debits, credits and your first trial balance."],
  ["excel-for-small-business", "Excel for Small Business", 49900, "Budgets, cash-flow sheets and pivot tables for owners who do their own books."],
  ["sars-efiling-made-simple", "SARS eFiling Made Simple", 69900, "Register, file and track provisional tax and VAT returns with confidence."],
  ["photography-fundamentals", "Photography Fundamentals", 89900, "Exposure, light and composition with any camera, including your phone."],
  ["web-development-bootcamp", "Web Development Bootcamp", 249900, "HTML, CSS and JavaScript from zero to a deployed portfolio site."],
  ["public-speaking-masterclass", "Public Speaking Masterclass", 129900, "Plan, rehearse and deliver talks that people remember."],
] as const;

const PRODUCTS = [
  ["bookkeeping-templates", "Bookkeeping Template Pack", 19900, "Twelve ready-made spreadsheets for invoices, expenses and VAT."],
  ["study-planner-pdf", "Study Planner (PDF)", 4900, "A printable 12-week planner with weekly review pages."],
  ["lightroom-presets", "Lightroom Preset Collection", 29900, "Thirty presets tuned for South African light."],
  ["interview-prep-workbook", "Interview Prep Workbook", 9900, "Questions, model answers and a practice schedule."],
] as const;

export async function seed(db: Db, now = new Date()) {
  const passwordHash = await hash(DEMO_PASSWORD, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  await db
    .insert(users)
    .values(DEMO_ACCOUNTS.map((a) => ({ id: seedId(`user:${a.email}`), ...a, passwordHash })))
    .onConflictDoNothing();

  await db
    .insert(courses)
    .values(
      COURSES.map(([slug, title, priceCents, description]) => ({
        id: seedId(`course:${slug}`),
        slug,
        title,
        priceCents,
        description,
        status: "published" as const,
      })),
    )
    .onConflictDoNothing();

  await db
    .insert(products)
    .values(
      PRODUCTS.map(([slug, name, priceCents, description]) => ({
        id: seedId(`product:${slug}`),
        slug,
        name,
        priceCents,
        description,
        status: "published" as const,
      })),
    )
    .onConflictDoNothing();

  const instructorId = seedId("user:instructor@classbook.demo");
  const sessionRows = [
    {
      id: seedId("session:excel-clinic"),
      title: "Excel Clinic (live, online)",
      description: "Bring your spreadsheet questions; we work through them together.",
      courseId: seedId("course:excel-for-small-business"),
      mode: "online" as const,
      meetingUrl: "https://meet.example.com/classbook-excel",
    },
    {
      id: seedId("session:photo-walk"),
      title: "Photo Walk: Golden Hour",
      description: "A guided walk around the V&A Waterfront at sunset.",
      courseId: null,
      mode: "in_person" as const,
      location: "V&A Waterfront, Cape Town (meet at the Clock Tower)",
    },
    {
      id: seedId("session:speaking-lab"),
      title: "Speaking Lab",
      description: "Five-minute talks with live feedback in a small group.",
      courseId: null,
      mode: "in_person" as const,
      location: "Classbook Studio, 12 Long Street, Cape Town",
    },
  ];
  await db.insert(sessions).values(sessionRows).onConflictDoNothing();
  await db
    .insert(sessionInstructors)
    .values(sessionRows.map((s) => ({ id: seedId(`si:${s.id}`), sessionId: s.id, instructorId })))
    .onConflictDoNothing();

  // Upcoming slots: 10:00 SAST (08:00 UTC) on days 3, 10 and 17 from the first seed run.
  const day = 24 * 60 * 60 * 1000;
  const base = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 8, 0, 0);
  const slotRows = sessionRows.flatMap((s, si) =>
    [3, 10, 17].map((offset, i) => ({
      id: seedId(`slot:${s.id}:${i}`),
      sessionId: s.id,
      startsAt: new Date(base + (offset + si) * day),
      endsAt: new Date(base + (offset + si) * day + 90 * 60 * 1000),
      capacity: si === 2 ? 2 : 12,
    })),
  );
  await db.insert(slots).values(slotRows).onConflictDoNothing();
}
