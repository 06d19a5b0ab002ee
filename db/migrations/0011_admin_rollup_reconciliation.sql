CREATE TABLE "overview_days" (
	"zone" text NOT NULL,
	"day" date NOT NULL,
	"gross_cents" bigint NOT NULL,
	"vat_cents" bigint NOT NULL,
	"invoices" integer NOT NULL,
	"payfast_started" integer NOT NULL,
	"payfast_completed" integer NOT NULL,
	"payfast_failed" integer NOT NULL,
	"payfast_cancelled" integer NOT NULL,
	"started_all" integer NOT NULL,
	"course_enrollments" integer NOT NULL,
	"product_enrollments" integer NOT NULL,
	"filled_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "overview_days_zone_day_pk" PRIMARY KEY("zone","day")
);
--> statement-breakpoint
CREATE TABLE "reconciliation_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"duration_ms" integer NOT NULL,
	"source" text NOT NULL,
	"window_days" integer NOT NULL,
	"missing" jsonb NOT NULL,
	"orphan_enrollments" jsonb NOT NULL,
	"gaps" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "reconciliation_runs_started_idx" ON "reconciliation_runs" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "payments_started_payfast_idx" ON "payments" USING btree ("created_at") WHERE "payments"."status" = 'STARTED' AND "payments"."method" = 'payfast';