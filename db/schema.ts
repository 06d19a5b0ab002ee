// The Classbook schema. Table names follow the ER entities in ../shared/docs/domain.md.
// Rules that must always hold live here as constraints, not only in forms.
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  customType,
  bigint,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
const tstz = (name: string) => timestamp(name, { withTimezone: true });
/** A tstzrange, read and written in PostgreSQL's text form, e.g. ["2026-12-01 08:00:00+00","2026-12-01 09:00:00+00"). */
const tstzrange = customType<{ data: string; driverData: string }>({ dataType: () => "tstzrange" });
const id = () => uuid("id").primaryKey().defaultRandom();
// Indexes on optional references (a notification's payment, a timeline row's booking, ...) are
// partial, WHERE the column IS NOT NULL: a row that leaves the reference empty adds no index entry,
// and most rows leave most of them empty. Lookups by a value (joins, foreign-key actions) still
// use them, since `col = x` implies `col IS NOT NULL`.

// ---------------------------------------------------------------- enums

export const userRole = pgEnum("user_role", ["student", "instructor", "super_admin"]);
export const paymentMethod = pgEnum("payment_method", ["payfast", "manual", "free"]);
export const paymentStatus = pgEnum("payment_status", ["STARTED", "COMPLETED", "FAILED", "CANCELLED"]);
export const catalogStatus = pgEnum("catalog_status", ["draft", "published", "archived"]);
export const sessionMode = pgEnum("session_mode", ["online", "in_person"]);
export const slotStatus = pgEnum("slot_status", ["scheduled", "cancelled"]);
export const slotEnrollmentStatus = pgEnum("slot_enrollment_status", ["booked", "cancelled", "attended", "no_show"]);
export const mailStatus = pgEnum("mail_status", ["queued", "sending", "sent", "failed", "cancelled"]);
export const notificationAudience = pgEnum("notification_audience", ["super_admins", "user"]);
export const timelineEvent = pgEnum("timeline_event", [
  "account_created",
  "payment_started",
  "payment_completed",
  "payment_failed",
  "payment_cancelled",
  "invoice_issued",
  "course_enrolled",
  "product_enrolled",
  "email_sent",
  "booking_made",
  "booking_cancelled",
  "booking_moved",
  "booking_attended",
  "booking_no_show",
  "waitlist_joined",
  "waitlist_offered",
  "waitlist_expired",
  "password_changed",
]);
export const waitlistStatus = pgEnum("waitlist_status", ["waiting", "offered", "accepted", "expired", "left"]);
export const itnVerdict = pgEnum("itn_verdict", ["processed", "duplicate", "ignored", "refused", "invalid", "retry"]);

export type Role = (typeof userRole.enumValues)[number];
export type PaymentStatus = (typeof paymentStatus.enumValues)[number];

// ---------------------------------------------------------------- users and auth

export const users = pgTable(
  "users",
  {
    id: id(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: userRole("role").notNull().default("student"),
    // Bumped on password or role change: JWTs carrying an older value stop working.
    sessionVersion: integer("session_version").notNull().default(0),
    disabledAt: tstz("disabled_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("users_email_lower_key").on(sql`lower(${t.email})`),
    check("users_email_shape", sql`${t.email} ~ '^[^@[:space:]]+@[^@[:space:]]+$'`),
    check("users_name_not_blank", sql`length(trim(${t.name})) > 0`),
    index("users_role_created_idx").on(t.role, t.createdAt),
    // Admin tables sort students by name (enrollments, users) at 10k+ students.
    index("users_name_id_idx").on(t.name, t.id),
  ],
);

// Auth.js tables, prefixed so they never collide with class `sessions`. Credentials sign-in uses
// JWT sessions, so these stay empty until an OAuth provider is added; they keep the adapter shape.
export const authAccounts = pgTable(
  "auth_accounts",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refreshToken: text("refresh_token"),
    accessToken: text("access_token"),
    expiresAt: integer("expires_at"),
    tokenType: text("token_type"),
    scope: text("scope"),
    idToken: text("id_token"),
    sessionState: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), index("auth_accounts_user_id_idx").on(t.userId)],
);

export const authSessions = pgTable(
  "auth_sessions",
  {
    sessionToken: text("session_token").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires: tstz("expires").notNull(),
  },
  (t) => [index("auth_sessions_user_id_idx").on(t.userId)],
);

export const authVerificationTokens = pgTable(
  "auth_verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: tstz("expires").notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

export const authPasswordResets = pgTable(
  "auth_password_resets",
  {
    // sha256 of the emailed token: a leaked table does not leak usable links.
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: tstz("expires_at").notNull(),
    usedAt: tstz("used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("auth_password_resets_user_id_idx").on(t.userId)],
);

// Failed sign-in counters, shared by every app instance because they live in PostgreSQL.
export const authRateLimits = pgTable(
  "auth_rate_limits",
  {
    key: text("key").primaryKey(),
    failures: integer("failures").notNull().default(0),
    windowEndsAt: tstz("window_ends_at").notNull(),
  },
  (t) => [check("auth_rate_limits_failures_nonneg", sql`${t.failures} >= 0`)],
);

export const authSignInEvents = pgTable(
  "auth_sign_in_events",
  {
    id: id(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    ip: text("ip"),
    outcome: text("outcome").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("auth_sign_in_events_user_id_idx").on(t.userId, t.createdAt)],
);

// ---------------------------------------------------------------- catalog

export const courses = pgTable(
  "courses",
  {
    id: id(),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    priceCents: integer("price_cents").notNull(),
    status: catalogStatus("status").notNull().default("draft"),
    imageUrl: text("image_url"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("courses_slug_key").on(t.slug),
    check("courses_price_nonneg", sql`${t.priceCents} >= 0`),
    check("courses_slug_shape", sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    index("courses_status_idx").on(t.status),
  ],
);

export const products = pgTable(
  "products",
  {
    id: id(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    priceCents: integer("price_cents").notNull(),
    status: catalogStatus("status").notNull().default("draft"),
    imageUrl: text("image_url"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("products_slug_key").on(t.slug),
    check("products_price_nonneg", sql`${t.priceCents} >= 0`),
    check("products_slug_shape", sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    index("products_status_idx").on(t.status),
  ],
);

// ---------------------------------------------------------------- payments

export const payments = pgTable(
  "payments",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    method: paymentMethod("method").notNull(),
    status: paymentStatus("status").notNull().default("STARTED"),
    amountCents: integer("amount_cents").notNull(),
    currency: text("currency").notNull().default("ZAR"),
    courseId: uuid("course_id").references(() => courses.id, { onDelete: "restrict" }),
    productId: uuid("product_id").references(() => products.id, { onDelete: "restrict" }),
    // What the buyer saw at checkout; the catalog may be renamed later.
    itemName: text("item_name").notNull(),
    failureReason: text("failure_reason"),
    // Manual payments: the super admin who recorded it and the bank/cash reference.
    recordedById: uuid("recorded_by_id").references(() => users.id, { onDelete: "restrict" }),
    reference: text("reference"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    completedAt: tstz("completed_at"),
  },
  (t) => [
    check("payments_amount_nonneg", sql`${t.amountCents} >= 0`),
    check("payments_currency_zar", sql`${t.currency} = 'ZAR'`),
    check("payments_buys_exactly_one", sql`num_nonnulls(${t.courseId}, ${t.productId}) = 1`),
    check(
      "payments_completed_at_iff_completed",
      sql`(${t.status} = 'COMPLETED') = (${t.completedAt} IS NOT NULL)`,
    ),
    check("payments_free_is_zero", sql`${t.method} <> 'free' OR ${t.amountCents} = 0`),
    index("payments_user_id_idx").on(t.userId, t.createdAt),
    index("payments_course_id_idx").on(t.courseId).where(sql`${t.courseId} IS NOT NULL`),
    index("payments_product_id_idx").on(t.productId).where(sql`${t.productId} IS NOT NULL`),
    index("payments_recorded_by_id_idx").on(t.recordedById).where(sql`${t.recordedById} IS NOT NULL`),
    index("payments_status_created_idx").on(t.status, t.createdAt),
    index("payments_created_at_idx").on(t.createdAt),
    // Admin payments table sorted by amount: amounts repeat (catalog prices), so the id tie-breaker
    // of the ORDER BY is in the index too, and the first page is read straight off it.
    index("payments_amount_idx").on(t.amountCents, t.id),
    // ... and sorted by status: four values, so the same applies.
    index("payments_status_sort_idx").on(t.status, t.id),
    // Payment health's stuck checkouts (count and oldest first). Partial, so a completion (whose new
    // row is COMPLETED) adds no entry to it.
    index("payments_started_payfast_idx").on(t.createdAt).where(sql`${t.status} = 'STARTED' AND ${t.method} = 'payfast'`),
  ],
);

export const studentPayments = pgTable(
  "student_payments",
  {
    id: id(),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id, { onDelete: "restrict" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    amountCents: integer("amount_cents").notNull(),
    paidAt: tstz("paid_at").notNull(),
  },
  (t) => [
    unique("student_payments_payment_id_key").on(t.paymentId),
    check("student_payments_amount_nonneg", sql`${t.amountCents} >= 0`),
    index("student_payments_user_id_idx").on(t.userId),
  ],
);

export type InvoiceLine = {
  description: string;
  quantity: number;
  unitPriceCents: number; // VAT inclusive
  totalCents: number; // VAT inclusive
};

export const invoiceCounters = pgTable(
  "invoice_counters",
  {
    year: integer("year").primaryKey(),
    lastSeq: integer("last_seq").notNull().default(0),
  },
  (t) => [check("invoice_counters_seq_nonneg", sql`${t.lastSeq} >= 0`)],
);

export const invoices = pgTable(
  "invoices",
  {
    id: id(),
    // Null only inside the completing transaction: a deferred trigger (migration 0010) takes the
    // year's next number at COMMIT, so the counter's row lock is held for the commit alone.
    number: text("number"),
    year: integer("year").notNull(),
    seq: integer("seq"),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id, { onDelete: "restrict" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    billedToName: text("billed_to_name").notNull(),
    billedToEmail: text("billed_to_email").notNull(),
    sellerName: text("seller_name").notNull(),
    sellerVatNumber: text("seller_vat_number"),
    lines: jsonb("lines").$type<InvoiceLine[]>().notNull(),
    vatRateBasisPoints: integer("vat_rate_bp").notNull(),
    subtotalCents: integer("subtotal_cents").notNull(),
    vatCents: integer("vat_cents").notNull(),
    totalCents: integer("total_cents").notNull(),
    issuedAt: tstz("issued_at").notNull().defaultNow(),
  },
  (t) => [
    unique("invoices_number_key").on(t.number),
    unique("invoices_year_seq_key").on(t.year, t.seq),
    unique("invoices_payment_id_key").on(t.paymentId),
    check("invoices_seq_positive", sql`${t.seq} > 0`),
    check("invoices_number_with_seq", sql`(${t.number} IS NULL) = (${t.seq} IS NULL)`),
    check("invoices_amounts_nonneg", sql`${t.subtotalCents} >= 0 AND ${t.vatCents} >= 0 AND ${t.totalCents} >= 0`),
    check("invoices_total_adds_up", sql`${t.totalCents} = ${t.subtotalCents} + ${t.vatCents}`),
    index("invoices_user_id_idx").on(t.userId),
    index("invoices_issued_at_idx").on(t.issuedAt),
    index("invoices_total_id_idx").on(t.totalCents, t.id),
  ],
);

export const payfastTransactions = pgTable(
  "payfast_transactions",
  {
    id: id(),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id, { onDelete: "restrict" }),
    pfPaymentId: text("pf_payment_id").notNull(),
    paymentStatus: text("payment_status").notNull(),
    amountGrossCents: integer("amount_gross_cents").notNull(),
    amountFeeCents: integer("amount_fee_cents").notNull(),
    amountNetCents: integer("amount_net_cents").notNull(),
    // The ITN as received, in its order: [[name, value], ...].
    rawItn: jsonb("raw_itn").$type<[string, string][]>().notNull(),
    sourceIp: text("source_ip"),
    receivedAt: tstz("received_at").notNull().defaultNow(),
  },
  (t) => [
    unique("payfast_transactions_pf_id_status_key").on(t.pfPaymentId, t.paymentStatus),
    check("payfast_transactions_gross_nonneg", sql`${t.amountGrossCents} >= 0`),
    index("payfast_transactions_payment_id_idx").on(t.paymentId),
  ],
);

// Every ITN that reached us, valid or not, with what we decided and why.
export const payfastItnLog = pgTable(
  "payfast_itn_log",
  {
    id: id(),
    receivedAt: tstz("received_at").notNull().defaultNow(),
    sourceIp: text("source_ip"),
    body: text("body").notNull(),
    mPaymentId: text("m_payment_id"),
    pfPaymentId: text("pf_payment_id"),
    paymentStatus: text("payment_status"),
    paymentId: uuid("payment_id").references(() => payments.id, { onDelete: "set null" }),
    verdict: itnVerdict("verdict").notNull(),
    reason: text("reason").notNull(),
    httpStatus: integer("http_status").notNull(),
  },
  (t) => [
    index("payfast_itn_log_payment_id_idx").on(t.paymentId),
    index("payfast_itn_log_received_at_idx").on(t.receivedAt),
    index("payfast_itn_log_verdict_idx").on(t.verdict, t.receivedAt),
  ],
);

// ---------------------------------------------------------------- enrollments

export const coursesEnrolled = pgTable(
  "courses_enrolled",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "restrict" }),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id, { onDelete: "restrict" }),
    enrolledAt: tstz("enrolled_at").notNull().defaultNow(),
  },
  (t) => [
    unique("courses_enrolled_user_course_key").on(t.userId, t.courseId),
    unique("courses_enrolled_payment_id_key").on(t.paymentId),
    index("courses_enrolled_course_id_idx").on(t.courseId),
    index("courses_enrolled_enrolled_at_idx").on(t.enrolledAt),
  ],
);

export const productEnrolled = pgTable(
  "product_enrolled",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "restrict" }),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id, { onDelete: "restrict" }),
    createdAt: createdAt(),
  },
  (t) => [
    unique("product_enrolled_payment_id_key").on(t.paymentId),
    index("product_enrolled_user_id_idx").on(t.userId),
    index("product_enrolled_product_id_idx").on(t.productId),
    index("product_enrolled_created_at_idx").on(t.createdAt),
  ],
);

// ---------------------------------------------------------------- sessions and slots

export const sessions = pgTable(
  "sessions",
  {
    id: id(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    courseId: uuid("course_id").references(() => courses.id, { onDelete: "restrict" }),
    mode: sessionMode("mode").notNull(),
    location: text("location"),
    meetingUrl: text("meeting_url"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check(
      "sessions_mode_has_place",
      sql`(${t.mode} = 'online' AND ${t.meetingUrl} IS NOT NULL) OR (${t.mode} = 'in_person' AND ${t.location} IS NOT NULL)`,
    ),
    index("sessions_course_id_idx").on(t.courseId),
  ],
);

export const slots = pgTable(
  "slots",
  {
    id: id(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "restrict" }),
    startsAt: tstz("starts_at").notNull(),
    endsAt: tstz("ends_at").notNull(),
    capacity: integer("capacity").notNull(),
    // Seats taken by active bookings. Maintained by a trigger on slot_enrolled (see migration
    // 0004), so it always equals the rows, and the check below makes overbooking impossible.
    bookedCount: integer("booked_count").notNull().default(0),
    // Seats held for a waitlisted student who was offered one and has not answered yet.
    heldCount: integer("held_count").notNull().default(0),
    status: slotStatus("status").notNull().default("scheduled"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("slots_capacity_positive", sql`${t.capacity} > 0`),
    check("slots_ends_after_starts", sql`${t.endsAt} > ${t.startsAt}`),
    check(
      "slots_booked_within_capacity",
      sql`${t.bookedCount} >= 0 AND ${t.heldCount} >= 0 AND ${t.bookedCount} + ${t.heldCount} <= ${t.capacity}`,
    ),
    // Target of slot_enrolled's composite foreign key.
    unique("slots_id_session_id_key").on(t.id, t.sessionId),
    index("slots_session_id_starts_idx").on(t.sessionId, t.startsAt),
    index("slots_starts_at_idx").on(t.startsAt),
  ],
);

export const slotEnrolled = pgTable(
  "slot_enrolled",
  {
    id: id(),
    slotId: uuid("slot_id").notNull(),
    // Must be the slot's own session: the composite key slot_enrolled_slot_session_fk checks it,
    // and through the slot, that the session exists (a second key straight to sessions would only
    // add a share lock on a popular session's row to every booking).
    sessionId: uuid("session_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    status: slotEnrollmentStatus("status").notNull().default("booked"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    cancelledAt: tstz("cancelled_at"),
    reminderSentAt: tstz("reminder_sent_at"),
    // The slot's [start, end), copied by the slot_enrolled_during trigger (migrations 0015, 0017)
    // so the exclusion constraint slot_enrolled_no_overlap can forbid one student two overlapping
    // bookings. Whatever a writer puts here, on insert or update, is replaced by the slot's times.
    during: tstzrange("during").notNull().default(sql`'empty'`),
    // Set when the student moved this booking to another time: the booking that replaced it.
    movedToId: uuid("moved_to_id"),
  },
  (t) => [
    foreignKey({ name: "slot_enrolled_moved_to_fk", columns: [t.movedToId], foreignColumns: [t.id] }).onDelete("restrict"),
    check("slot_enrolled_moved_only_when_cancelled", sql`${t.movedToId} IS NULL OR (${t.status} = 'cancelled' AND ${t.movedToId} <> ${t.id})`),
    index("slot_enrolled_moved_to_id_idx").on(t.movedToId).where(sql`${t.movedToId} IS NOT NULL`),
    // The session id must be the slot's own session.
    foreignKey({
      name: "slot_enrolled_slot_session_fk",
      columns: [t.slotId, t.sessionId],
      foreignColumns: [slots.id, slots.sessionId],
    }).onDelete("restrict"),
    uniqueIndex("slot_enrolled_one_active_per_user")
      .on(t.slotId, t.userId)
      .where(sql`${t.status} <> 'cancelled'`),
    check("slot_enrolled_cancelled_at_iff_cancelled", sql`(${t.status} = 'cancelled') = (${t.cancelledAt} IS NOT NULL)`),
    index("slot_enrolled_slot_id_idx").on(t.slotId, t.status),
    index("slot_enrolled_session_id_idx").on(t.sessionId),
    index("slot_enrolled_user_id_idx").on(t.userId, t.status),
  ],
);

export const sessionInstructors = pgTable(
  "session_instructors",
  {
    id: id(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    instructorId: uuid("instructor_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    createdAt: createdAt(),
  },
  (t) => [
    unique("session_instructors_pair_key").on(t.sessionId, t.instructorId),
    index("session_instructors_instructor_id_idx").on(t.instructorId),
  ],
);

// First come, first served per slot. An offer holds a seat (slots.held_count) until it expires.
export const slotWaitlist = pgTable(
  "slot_waitlist",
  {
    id: id(),
    slotId: uuid("slot_id")
      .notNull()
      .references(() => slots.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: waitlistStatus("status").notNull().default("waiting"),
    offeredAt: tstz("offered_at"),
    offerExpiresAt: tstz("offer_expires_at"),
    createdAt: tstz("created_at").notNull().default(sql`clock_timestamp()`),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("slot_waitlist_one_active_per_user")
      .on(t.slotId, t.userId)
      .where(sql`${t.status} IN ('waiting', 'offered')`),
    check("slot_waitlist_offer_has_expiry", sql`(${t.status} = 'offered') <= (${t.offerExpiresAt} IS NOT NULL)`),
    index("slot_waitlist_queue_idx").on(t.slotId, t.status, t.createdAt),
    index("slot_waitlist_user_id_idx").on(t.userId),
    index("slot_waitlist_offers_due_idx").on(t.offerExpiresAt).where(sql`${t.status} = 'offered'`),
  ],
);

// ---------------------------------------------------------------- side effects

export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    audience: notificationAudience("audience").notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    link: text("link"),
    courseEnrollmentId: uuid("course_enrollment_id").references(() => coursesEnrolled.id, { onDelete: "set null" }),
    productEnrollmentId: uuid("product_enrollment_id").references(() => productEnrolled.id, {
      onDelete: "set null",
    }),
    paymentId: uuid("payment_id").references(() => payments.id, { onDelete: "set null" }),
    slotEnrollmentId: uuid("slot_enrollment_id").references(() => slotEnrolled.id, { onDelete: "set null" }),
    readAt: tstz("read_at"),
    createdAt: createdAt(),
  },
  (t) => [
    check("notifications_audience_user", sql`(${t.audience} = 'user') = (${t.userId} IS NOT NULL)`),
    index("notifications_audience_created_idx").on(t.audience, t.createdAt),
    index("notifications_unread_idx").on(t.audience).where(sql`${t.readAt} IS NULL`),
    index("notifications_user_id_idx").on(t.userId).where(sql`${t.userId} IS NOT NULL`),
    index("notifications_course_enrollment_id_idx").on(t.courseEnrollmentId).where(sql`${t.courseEnrollmentId} IS NOT NULL`),
    index("notifications_product_enrollment_id_idx").on(t.productEnrollmentId).where(sql`${t.productEnrollmentId} IS NOT NULL`),
    index("notifications_payment_id_idx").on(t.paymentId).where(sql`${t.paymentId} IS NOT NULL`),
    index("notifications_slot_enrollment_id_idx").on(t.slotEnrollmentId).where(sql`${t.slotEnrollmentId} IS NOT NULL`),
  ],
);

export const mailQueue = pgTable(
  "mail_queue",
  {
    id: id(),
    toEmail: text("to_email").notNull(),
    subject: text("subject").notNull(),
    template: text("template").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: mailStatus("status").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: tstz("next_attempt_at").notNull().defaultNow(),
    lockedAt: tstz("locked_at"),
    lastError: text("last_error"),
    providerMessageId: text("provider_message_id"),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    courseEnrollmentId: uuid("course_enrollment_id").references(() => coursesEnrolled.id, { onDelete: "set null" }),
    productEnrollmentId: uuid("product_enrollment_id").references(() => productEnrolled.id, {
      onDelete: "set null",
    }),
    paymentId: uuid("payment_id").references(() => payments.id, { onDelete: "set null" }),
    slotEnrollmentId: uuid("slot_enrollment_id").references(() => slotEnrolled.id, { onDelete: "set null" }),
    // Rendered output kept for the development transport and the admin's sent-mail view.
    renderedHtml: text("rendered_html"),
    renderedText: text("rendered_text"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    sentAt: tstz("sent_at"),
  },
  (t) => [
    check("mail_queue_attempts_nonneg", sql`${t.attempts} >= 0`),
    check("mail_queue_to_shape", sql`${t.toEmail} ~ '^[^@[:space:]]+@[^@[:space:]]+$'`),
    check("mail_queue_sent_at_iff_sent", sql`(${t.status} = 'sent') = (${t.sentAt} IS NOT NULL)`),
    index("mail_queue_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'queued'`),
    index("mail_queue_status_idx").on(t.status, t.createdAt),
    // Admin mail queue without a status filter: newest first.
    index("mail_queue_created_idx").on(t.createdAt),
    // The admin's recipient search: a pasted address is an index lookup, not a scan.
    index("mail_queue_to_email_lower_idx").on(sql`lower(${t.toEmail})`),
    index("mail_queue_user_id_idx").on(t.userId),
    index("mail_queue_course_enrollment_id_idx").on(t.courseEnrollmentId).where(sql`${t.courseEnrollmentId} IS NOT NULL`),
    index("mail_queue_product_enrollment_id_idx").on(t.productEnrollmentId).where(sql`${t.productEnrollmentId} IS NOT NULL`),
    index("mail_queue_payment_id_idx").on(t.paymentId).where(sql`${t.paymentId} IS NOT NULL`),
    index("mail_queue_slot_enrollment_id_idx").on(t.slotEnrollmentId).where(sql`${t.slotEnrollmentId} IS NOT NULL`),
  ],
);

export const timeline = pgTable(
  "timeline",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    event: timelineEvent("event").notNull(),
    summary: text("summary").notNull(),
    paymentId: uuid("payment_id").references(() => payments.id, { onDelete: "set null" }),
    courseEnrollmentId: uuid("course_enrollment_id").references(() => coursesEnrolled.id, { onDelete: "set null" }),
    productEnrollmentId: uuid("product_enrollment_id").references(() => productEnrolled.id, {
      onDelete: "set null",
    }),
    slotEnrollmentId: uuid("slot_enrollment_id").references(() => slotEnrolled.id, { onDelete: "set null" }),
    mailId: uuid("mail_id").references((): AnyPgColumn => mailQueue.id, { onDelete: "set null" }),
    // clock_timestamp, not now(): rows written in one transaction keep the order they happened in.
    createdAt: tstz("created_at").notNull().default(sql`clock_timestamp()`),
  },
  (t) => [
    index("timeline_user_id_created_idx").on(t.userId, t.createdAt),
    index("timeline_payment_id_idx").on(t.paymentId).where(sql`${t.paymentId} IS NOT NULL`),
    index("timeline_course_enrollment_id_idx").on(t.courseEnrollmentId).where(sql`${t.courseEnrollmentId} IS NOT NULL`),
    index("timeline_product_enrollment_id_idx").on(t.productEnrollmentId).where(sql`${t.productEnrollmentId} IS NOT NULL`),
    index("timeline_slot_enrollment_id_idx").on(t.slotEnrollmentId).where(sql`${t.slotEnrollmentId} IS NOT NULL`),
    index("timeline_mail_id_idx").on(t.mailId).where(sql`${t.mailId} IS NOT NULL`),
  ],
);

export type User = typeof users.$inferSelect;
export type Course = typeof courses.$inferSelect;
export type Product = typeof products.$inferSelect;
export type Payment = typeof payments.$inferSelect;
export type Invoice = typeof invoices.$inferSelect;

// One row: the next moment any worker may send. Reserving a slot is one UPDATE, so the send
// rate holds across every worker process and app instance.
export const mailSendClock = pgTable(
  "mail_send_clock",
  {
    id: integer("id").primaryKey(),
    nextSlot: tstz("next_slot").notNull(),
  },
  (t) => [check("mail_send_clock_single_row", sql`${t.id} = 1`)],
);

// Every super-admin action: who, what, when, and the record before and after.
export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    before: jsonb("before").$type<Record<string, unknown> | null>(),
    after: jsonb("after").$type<Record<string, unknown> | null>(),
    createdAt: tstz("created_at").notNull().default(sql`clock_timestamp()`),
  },
  (t) => [
    index("audit_log_created_idx").on(t.createdAt),
    index("audit_log_actor_idx").on(t.actorId, t.createdAt),
    index("audit_log_entity_idx").on(t.entityType, t.entityId),
    index("audit_log_action_idx").on(t.action, t.createdAt),
  ],
);

// ---------------------------------------------------------------- admin rollups and checks

// The admin overview's numbers per closed day (a day in `zone` that ended, with a grace period,
// before the fill), filled from the base tables by lib/admin/rollup.ts and never by the payment
// path. Invoices, enrollments and payments are written with now() and never deleted, so a closed
// day's invoices and enrollments stay as filled. A payment of the day may still leave STARTED
// later: started_all (every method) is how the reader notices and recounts that day.
export const overviewDays = pgTable(
  "overview_days",
  {
    zone: text("zone").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    grossCents: bigint("gross_cents", { mode: "number" }).notNull(),
    vatCents: bigint("vat_cents", { mode: "number" }).notNull(),
    invoices: integer("invoices").notNull(),
    payfastStarted: integer("payfast_started").notNull(),
    payfastCompleted: integer("payfast_completed").notNull(),
    payfastFailed: integer("payfast_failed").notNull(),
    payfastCancelled: integer("payfast_cancelled").notNull(),
    startedAll: integer("started_all").notNull(),
    courseEnrollments: integer("course_enrollments").notNull(),
    productEnrollments: integer("product_enrollments").notNull(),
    filledAt: tstz("filled_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.zone, t.day] })],
);

export type ReconcileMissing = { id: string; itemName: string; amountCents: number; problems: string[] };
export type ReconcileOrphan = { kind: string; id: string; paymentId: string; status: string };
export type ReconcileGap = { year: number; from: number; to: number };

// Each reconciliation run (lib/admin/reconciliation.ts) with what it found; the payment health
// page shows the latest. Kept for a week.
export const reconciliationRuns = pgTable(
  "reconciliation_runs",
  {
    id: id(),
    startedAt: tstz("started_at").notNull().defaultNow(),
    durationMs: integer("duration_ms").notNull(),
    // Who asked: "worker" (every few minutes), "admin" (the button) or "repair" (after a repair).
    source: text("source").notNull(),
    windowDays: integer("window_days").notNull(),
    missing: jsonb("missing").$type<ReconcileMissing[]>().notNull(),
    orphanEnrollments: jsonb("orphan_enrollments").$type<ReconcileOrphan[]>().notNull(),
    gaps: jsonb("gaps").$type<ReconcileGap[]>().notNull(),
  },
  (t) => [index("reconciliation_runs_started_idx").on(t.startedAt)],
);
