CREATE TYPE "public"."catalog_status" AS ENUM('draft', 'published', 'archived');--> statement-breakpoint
CREATE TYPE "public"."itn_verdict" AS ENUM('processed', 'duplicate', 'ignored', 'refused', 'invalid', 'retry');--> statement-breakpoint
CREATE TYPE "public"."mail_status" AS ENUM('queued', 'sending', 'sent', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."notification_audience" AS ENUM('super_admins', 'user');--> statement-breakpoint
CREATE TYPE "public"."payment_method" AS ENUM('payfast', 'manual', 'free');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('STARTED', 'COMPLETED', 'FAILED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."session_mode" AS ENUM('online', 'in_person');--> statement-breakpoint
CREATE TYPE "public"."slot_enrollment_status" AS ENUM('booked', 'cancelled', 'attended', 'no_show');--> statement-breakpoint
CREATE TYPE "public"."slot_status" AS ENUM('scheduled', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."timeline_event" AS ENUM('account_created', 'payment_started', 'payment_completed', 'payment_failed', 'payment_cancelled', 'invoice_issued', 'course_enrolled', 'product_enrolled', 'email_sent', 'booking_made', 'booking_cancelled', 'booking_attended', 'booking_no_show', 'password_changed');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('student', 'instructor', 'super_admin');--> statement-breakpoint
CREATE TABLE "auth_accounts" (
	"user_id" uuid NOT NULL,
	"type" text NOT NULL,
	"provider" text NOT NULL,
	"provider_account_id" text NOT NULL,
	"refresh_token" text,
	"access_token" text,
	"expires_at" integer,
	"token_type" text,
	"scope" text,
	"id_token" text,
	"session_state" text,
	CONSTRAINT "auth_accounts_provider_provider_account_id_pk" PRIMARY KEY("provider","provider_account_id")
);
--> statement-breakpoint
CREATE TABLE "auth_password_resets" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auth_rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"window_ends_at" timestamp with time zone NOT NULL,
	CONSTRAINT "auth_rate_limits_failures_nonneg" CHECK ("auth_rate_limits"."failures" >= 0)
);
--> statement-breakpoint
CREATE TABLE "auth_sessions" (
	"session_token" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"expires" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auth_sign_in_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"email" text NOT NULL,
	"ip" text,
	"outcome" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auth_verification_tokens" (
	"identifier" text NOT NULL,
	"token" text NOT NULL,
	"expires" timestamp with time zone NOT NULL,
	CONSTRAINT "auth_verification_tokens_identifier_token_pk" PRIMARY KEY("identifier","token")
);
--> statement-breakpoint
CREATE TABLE "courses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"price_cents" integer NOT NULL,
	"status" "catalog_status" DEFAULT 'draft' NOT NULL,
	"image_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "courses_slug_key" UNIQUE("slug"),
	CONSTRAINT "courses_price_nonneg" CHECK ("courses"."price_cents" >= 0),
	CONSTRAINT "courses_slug_shape" CHECK ("courses"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
--> statement-breakpoint
CREATE TABLE "courses_enrolled" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "courses_enrolled_user_course_key" UNIQUE("user_id","course_id"),
	CONSTRAINT "courses_enrolled_payment_id_key" UNIQUE("payment_id")
);
--> statement-breakpoint
CREATE TABLE "invoice_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last_seq" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "invoice_counters_seq_nonneg" CHECK ("invoice_counters"."last_seq" >= 0)
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"payment_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"billed_to_name" text NOT NULL,
	"billed_to_email" text NOT NULL,
	"seller_name" text NOT NULL,
	"seller_vat_number" text,
	"lines" jsonb NOT NULL,
	"vat_rate_bp" integer NOT NULL,
	"subtotal_cents" integer NOT NULL,
	"vat_cents" integer NOT NULL,
	"total_cents" integer NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoices_number_key" UNIQUE("number"),
	CONSTRAINT "invoices_year_seq_key" UNIQUE("year","seq"),
	CONSTRAINT "invoices_payment_id_key" UNIQUE("payment_id"),
	CONSTRAINT "invoices_seq_positive" CHECK ("invoices"."seq" > 0),
	CONSTRAINT "invoices_amounts_nonneg" CHECK ("invoices"."subtotal_cents" >= 0 AND "invoices"."vat_cents" >= 0 AND "invoices"."total_cents" >= 0),
	CONSTRAINT "invoices_total_adds_up" CHECK ("invoices"."total_cents" = "invoices"."subtotal_cents" + "invoices"."vat_cents")
);
--> statement-breakpoint
CREATE TABLE "mail_queue" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"to_email" text NOT NULL,
	"subject" text NOT NULL,
	"template" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" "mail_status" DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_at" timestamp with time zone,
	"last_error" text,
	"provider_message_id" text,
	"user_id" uuid,
	"course_enrollment_id" uuid,
	"product_enrollment_id" uuid,
	"payment_id" uuid,
	"slot_enrollment_id" uuid,
	"rendered_html" text,
	"rendered_text" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "mail_queue_attempts_nonneg" CHECK ("mail_queue"."attempts" >= 0),
	CONSTRAINT "mail_queue_to_shape" CHECK ("mail_queue"."to_email" ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
	CONSTRAINT "mail_queue_sent_at_iff_sent" CHECK (("mail_queue"."status" = 'sent') = ("mail_queue"."sent_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"audience" "notification_audience" NOT NULL,
	"user_id" uuid,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"link" text,
	"course_enrollment_id" uuid,
	"product_enrollment_id" uuid,
	"payment_id" uuid,
	"slot_enrollment_id" uuid,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notifications_audience_user" CHECK (("notifications"."audience" = 'user') = ("notifications"."user_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "payfast_itn_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source_ip" text,
	"body" text NOT NULL,
	"m_payment_id" text,
	"pf_payment_id" text,
	"payment_status" text,
	"payment_id" uuid,
	"verdict" "itn_verdict" NOT NULL,
	"reason" text NOT NULL,
	"http_status" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payfast_transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_id" uuid NOT NULL,
	"pf_payment_id" text NOT NULL,
	"payment_status" text NOT NULL,
	"amount_gross_cents" integer NOT NULL,
	"amount_fee_cents" integer NOT NULL,
	"amount_net_cents" integer NOT NULL,
	"raw_itn" jsonb NOT NULL,
	"source_ip" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payfast_transactions_pf_id_status_key" UNIQUE("pf_payment_id","payment_status"),
	CONSTRAINT "payfast_transactions_gross_nonneg" CHECK ("payfast_transactions"."amount_gross_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"method" "payment_method" NOT NULL,
	"status" "payment_status" DEFAULT 'STARTED' NOT NULL,
	"amount_cents" integer NOT NULL,
	"currency" text DEFAULT 'ZAR' NOT NULL,
	"course_id" uuid,
	"product_id" uuid,
	"item_name" text NOT NULL,
	"failure_reason" text,
	"recorded_by_id" uuid,
	"reference" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "payments_amount_nonneg" CHECK ("payments"."amount_cents" >= 0),
	CONSTRAINT "payments_currency_zar" CHECK ("payments"."currency" = 'ZAR'),
	CONSTRAINT "payments_buys_exactly_one" CHECK (num_nonnulls("payments"."course_id", "payments"."product_id") = 1),
	CONSTRAINT "payments_completed_at_iff_completed" CHECK (("payments"."status" = 'COMPLETED') = ("payments"."completed_at" IS NOT NULL)),
	CONSTRAINT "payments_free_is_zero" CHECK ("payments"."method" <> 'free' OR "payments"."amount_cents" = 0)
);
--> statement-breakpoint
CREATE TABLE "product_enrolled" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_enrolled_payment_id_key" UNIQUE("payment_id")
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"price_cents" integer NOT NULL,
	"status" "catalog_status" DEFAULT 'draft' NOT NULL,
	"image_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_slug_key" UNIQUE("slug"),
	CONSTRAINT "products_price_nonneg" CHECK ("products"."price_cents" >= 0),
	CONSTRAINT "products_slug_shape" CHECK ("products"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
--> statement-breakpoint
CREATE TABLE "session_instructors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"instructor_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_instructors_pair_key" UNIQUE("session_id","instructor_id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"course_id" uuid,
	"mode" "session_mode" NOT NULL,
	"location" text,
	"meeting_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sessions_mode_has_place" CHECK (("sessions"."mode" = 'online' AND "sessions"."meeting_url" IS NOT NULL) OR ("sessions"."mode" = 'in_person' AND "sessions"."location" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "slot_enrolled" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slot_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" "slot_enrollment_status" DEFAULT 'booked' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "slot_enrolled_cancelled_at_iff_cancelled" CHECK (("slot_enrolled"."status" = 'cancelled') = ("slot_enrolled"."cancelled_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "slots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"booked_count" integer DEFAULT 0 NOT NULL,
	"status" "slot_status" DEFAULT 'scheduled' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "slots_id_session_id_key" UNIQUE("id","session_id"),
	CONSTRAINT "slots_capacity_positive" CHECK ("slots"."capacity" > 0),
	CONSTRAINT "slots_ends_after_starts" CHECK ("slots"."ends_at" > "slots"."starts_at"),
	CONSTRAINT "slots_booked_within_capacity" CHECK ("slots"."booked_count" >= 0 AND "slots"."booked_count" <= "slots"."capacity")
);
--> statement-breakpoint
CREATE TABLE "student_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"amount_cents" integer NOT NULL,
	"paid_at" timestamp with time zone NOT NULL,
	CONSTRAINT "student_payments_payment_id_key" UNIQUE("payment_id"),
	CONSTRAINT "student_payments_amount_nonneg" CHECK ("student_payments"."amount_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "timeline" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"event" timeline_event NOT NULL,
	"summary" text NOT NULL,
	"payment_id" uuid,
	"course_enrollment_id" uuid,
	"product_enrollment_id" uuid,
	"slot_enrollment_id" uuid,
	"mail_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "user_role" DEFAULT 'student' NOT NULL,
	"session_version" integer DEFAULT 0 NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_shape" CHECK ("users"."email" ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
	CONSTRAINT "users_name_not_blank" CHECK (length(trim("users"."name")) > 0)
);
--> statement-breakpoint
ALTER TABLE "auth_accounts" ADD CONSTRAINT "auth_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_password_resets" ADD CONSTRAINT "auth_password_resets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_sign_in_events" ADD CONSTRAINT "auth_sign_in_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courses_enrolled" ADD CONSTRAINT "courses_enrolled_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courses_enrolled" ADD CONSTRAINT "courses_enrolled_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courses_enrolled" ADD CONSTRAINT "courses_enrolled_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_queue" ADD CONSTRAINT "mail_queue_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_queue" ADD CONSTRAINT "mail_queue_course_enrollment_id_courses_enrolled_id_fk" FOREIGN KEY ("course_enrollment_id") REFERENCES "public"."courses_enrolled"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_queue" ADD CONSTRAINT "mail_queue_product_enrollment_id_product_enrolled_id_fk" FOREIGN KEY ("product_enrollment_id") REFERENCES "public"."product_enrolled"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_queue" ADD CONSTRAINT "mail_queue_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_queue" ADD CONSTRAINT "mail_queue_slot_enrollment_id_slot_enrolled_id_fk" FOREIGN KEY ("slot_enrollment_id") REFERENCES "public"."slot_enrolled"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_course_enrollment_id_courses_enrolled_id_fk" FOREIGN KEY ("course_enrollment_id") REFERENCES "public"."courses_enrolled"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_product_enrollment_id_product_enrolled_id_fk" FOREIGN KEY ("product_enrollment_id") REFERENCES "public"."product_enrolled"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_slot_enrollment_id_slot_enrolled_id_fk" FOREIGN KEY ("slot_enrollment_id") REFERENCES "public"."slot_enrolled"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payfast_itn_log" ADD CONSTRAINT "payfast_itn_log_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payfast_transactions" ADD CONSTRAINT "payfast_transactions_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_recorded_by_id_users_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_enrolled" ADD CONSTRAINT "product_enrolled_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_enrolled" ADD CONSTRAINT "product_enrolled_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_enrolled" ADD CONSTRAINT "product_enrolled_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_instructors" ADD CONSTRAINT "session_instructors_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_instructors" ADD CONSTRAINT "session_instructors_instructor_id_users_id_fk" FOREIGN KEY ("instructor_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot_enrolled" ADD CONSTRAINT "slot_enrolled_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot_enrolled" ADD CONSTRAINT "slot_enrolled_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot_enrolled" ADD CONSTRAINT "slot_enrolled_slot_session_fk" FOREIGN KEY ("slot_id","session_id") REFERENCES "public"."slots"("id","session_id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slots" ADD CONSTRAINT "slots_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_payments" ADD CONSTRAINT "student_payments_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_payments" ADD CONSTRAINT "student_payments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline" ADD CONSTRAINT "timeline_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline" ADD CONSTRAINT "timeline_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline" ADD CONSTRAINT "timeline_course_enrollment_id_courses_enrolled_id_fk" FOREIGN KEY ("course_enrollment_id") REFERENCES "public"."courses_enrolled"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline" ADD CONSTRAINT "timeline_product_enrollment_id_product_enrolled_id_fk" FOREIGN KEY ("product_enrollment_id") REFERENCES "public"."product_enrolled"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline" ADD CONSTRAINT "timeline_slot_enrollment_id_slot_enrolled_id_fk" FOREIGN KEY ("slot_enrollment_id") REFERENCES "public"."slot_enrolled"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline" ADD CONSTRAINT "timeline_mail_id_mail_queue_id_fk" FOREIGN KEY ("mail_id") REFERENCES "public"."mail_queue"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auth_accounts_user_id_idx" ON "auth_accounts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "auth_password_resets_user_id_idx" ON "auth_password_resets" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "auth_sessions_user_id_idx" ON "auth_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "auth_sign_in_events_user_id_idx" ON "auth_sign_in_events" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "courses_status_idx" ON "courses" USING btree ("status");--> statement-breakpoint
CREATE INDEX "courses_enrolled_course_id_idx" ON "courses_enrolled" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "invoices_user_id_idx" ON "invoices" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "mail_queue_due_idx" ON "mail_queue" USING btree ("next_attempt_at") WHERE "mail_queue"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "mail_queue_status_idx" ON "mail_queue" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "mail_queue_user_id_idx" ON "mail_queue" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "mail_queue_course_enrollment_id_idx" ON "mail_queue" USING btree ("course_enrollment_id");--> statement-breakpoint
CREATE INDEX "mail_queue_product_enrollment_id_idx" ON "mail_queue" USING btree ("product_enrollment_id");--> statement-breakpoint
CREATE INDEX "mail_queue_payment_id_idx" ON "mail_queue" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "mail_queue_slot_enrollment_id_idx" ON "mail_queue" USING btree ("slot_enrollment_id");--> statement-breakpoint
CREATE INDEX "notifications_audience_created_idx" ON "notifications" USING btree ("audience","created_at");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("audience") WHERE "notifications"."read_at" IS NULL;--> statement-breakpoint
CREATE INDEX "notifications_user_id_idx" ON "notifications" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "notifications_course_enrollment_id_idx" ON "notifications" USING btree ("course_enrollment_id");--> statement-breakpoint
CREATE INDEX "notifications_product_enrollment_id_idx" ON "notifications" USING btree ("product_enrollment_id");--> statement-breakpoint
CREATE INDEX "notifications_payment_id_idx" ON "notifications" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "notifications_slot_enrollment_id_idx" ON "notifications" USING btree ("slot_enrollment_id");--> statement-breakpoint
CREATE INDEX "payfast_itn_log_payment_id_idx" ON "payfast_itn_log" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "payfast_itn_log_received_at_idx" ON "payfast_itn_log" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "payfast_itn_log_verdict_idx" ON "payfast_itn_log" USING btree ("verdict","received_at");--> statement-breakpoint
CREATE INDEX "payfast_transactions_payment_id_idx" ON "payfast_transactions" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "payments_user_id_idx" ON "payments" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "payments_course_id_idx" ON "payments" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "payments_product_id_idx" ON "payments" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "payments_recorded_by_id_idx" ON "payments" USING btree ("recorded_by_id");--> statement-breakpoint
CREATE INDEX "payments_status_created_idx" ON "payments" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "product_enrolled_user_id_idx" ON "product_enrolled" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "product_enrolled_product_id_idx" ON "product_enrolled" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "products_status_idx" ON "products" USING btree ("status");--> statement-breakpoint
CREATE INDEX "session_instructors_instructor_id_idx" ON "session_instructors" USING btree ("instructor_id");--> statement-breakpoint
CREATE INDEX "sessions_course_id_idx" ON "sessions" USING btree ("course_id");--> statement-breakpoint
CREATE UNIQUE INDEX "slot_enrolled_one_active_per_user" ON "slot_enrolled" USING btree ("slot_id","user_id") WHERE "slot_enrolled"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "slot_enrolled_slot_id_idx" ON "slot_enrolled" USING btree ("slot_id","status");--> statement-breakpoint
CREATE INDEX "slot_enrolled_session_id_idx" ON "slot_enrolled" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "slot_enrolled_user_id_idx" ON "slot_enrolled" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "slots_session_id_starts_idx" ON "slots" USING btree ("session_id","starts_at");--> statement-breakpoint
CREATE INDEX "slots_starts_at_idx" ON "slots" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "student_payments_user_id_idx" ON "student_payments" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "timeline_user_id_created_idx" ON "timeline" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "timeline_payment_id_idx" ON "timeline" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "timeline_course_enrollment_id_idx" ON "timeline" USING btree ("course_enrollment_id");--> statement-breakpoint
CREATE INDEX "timeline_product_enrollment_id_idx" ON "timeline" USING btree ("product_enrollment_id");--> statement-breakpoint
CREATE INDEX "timeline_slot_enrollment_id_idx" ON "timeline" USING btree ("slot_enrollment_id");--> statement-breakpoint
CREATE INDEX "timeline_mail_id_idx" ON "timeline" USING btree ("mail_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_key" ON "users" USING btree (lower("email"));