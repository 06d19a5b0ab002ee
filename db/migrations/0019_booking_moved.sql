-- Moving a booking to another time of the same session (lib/booking/move.ts): the old booking is
-- cancelled and points at the one that replaced it, so "My bookings" and the roster can say
-- "moved" rather than "cancelled". Only a cancelled booking can point anywhere, never at itself.
ALTER TYPE "public"."timeline_event" ADD VALUE 'booking_moved' BEFORE 'booking_attended';--> statement-breakpoint
ALTER TABLE "slot_enrolled" ADD COLUMN "moved_to_id" uuid;--> statement-breakpoint
ALTER TABLE "slot_enrolled" ADD CONSTRAINT "slot_enrolled_moved_to_fk" FOREIGN KEY ("moved_to_id") REFERENCES "public"."slot_enrolled"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "slot_enrolled_moved_to_id_idx" ON "slot_enrolled" USING btree ("moved_to_id") WHERE "slot_enrolled"."moved_to_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "slot_enrolled" ADD CONSTRAINT "slot_enrolled_moved_only_when_cancelled" CHECK ("slot_enrolled"."moved_to_id" IS NULL OR ("slot_enrolled"."status" = 'cancelled' AND "slot_enrolled"."moved_to_id" <> "slot_enrolled"."id"));