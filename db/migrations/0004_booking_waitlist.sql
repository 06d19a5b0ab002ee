CREATE TYPE "public"."waitlist_status" AS ENUM('waiting', 'offered', 'accepted', 'expired', 'left');--> statement-breakpoint
ALTER TYPE "public"."timeline_event" ADD VALUE 'waitlist_joined' BEFORE 'password_changed';--> statement-breakpoint
ALTER TYPE "public"."timeline_event" ADD VALUE 'waitlist_offered' BEFORE 'password_changed';--> statement-breakpoint
ALTER TYPE "public"."timeline_event" ADD VALUE 'waitlist_expired' BEFORE 'password_changed';--> statement-breakpoint
CREATE TABLE "slot_waitlist" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slot_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" "waitlist_status" DEFAULT 'waiting' NOT NULL,
	"offered_at" timestamp with time zone,
	"offer_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "slot_waitlist_offer_has_expiry" CHECK (("slot_waitlist"."status" = 'offered') <= ("slot_waitlist"."offer_expires_at" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "slots" DROP CONSTRAINT "slots_booked_within_capacity";--> statement-breakpoint
ALTER TABLE "slot_enrolled" ADD COLUMN "reminder_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "slots" ADD COLUMN "held_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "slot_waitlist" ADD CONSTRAINT "slot_waitlist_slot_id_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."slots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot_waitlist" ADD CONSTRAINT "slot_waitlist_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "slot_waitlist_one_active_per_user" ON "slot_waitlist" USING btree ("slot_id","user_id") WHERE "slot_waitlist"."status" IN ('waiting', 'offered');--> statement-breakpoint
CREATE INDEX "slot_waitlist_queue_idx" ON "slot_waitlist" USING btree ("slot_id","status","created_at");--> statement-breakpoint
CREATE INDEX "slot_waitlist_user_id_idx" ON "slot_waitlist" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "slot_waitlist_offers_due_idx" ON "slot_waitlist" USING btree ("offer_expires_at") WHERE "slot_waitlist"."status" = 'offered';--> statement-breakpoint
ALTER TABLE "slots" ADD CONSTRAINT "slots_booked_within_capacity" CHECK ("slots"."booked_count" >= 0 AND "slots"."held_count" >= 0 AND "slots"."booked_count" + "slots"."held_count" <= "slots"."capacity");