DROP INDEX "mail_queue_course_enrollment_id_idx";--> statement-breakpoint
DROP INDEX "mail_queue_product_enrollment_id_idx";--> statement-breakpoint
DROP INDEX "mail_queue_payment_id_idx";--> statement-breakpoint
DROP INDEX "mail_queue_slot_enrollment_id_idx";--> statement-breakpoint
DROP INDEX "notifications_user_id_idx";--> statement-breakpoint
DROP INDEX "notifications_course_enrollment_id_idx";--> statement-breakpoint
DROP INDEX "notifications_product_enrollment_id_idx";--> statement-breakpoint
DROP INDEX "notifications_payment_id_idx";--> statement-breakpoint
DROP INDEX "notifications_slot_enrollment_id_idx";--> statement-breakpoint
DROP INDEX "payments_course_id_idx";--> statement-breakpoint
DROP INDEX "payments_product_id_idx";--> statement-breakpoint
DROP INDEX "payments_recorded_by_id_idx";--> statement-breakpoint
DROP INDEX "timeline_payment_id_idx";--> statement-breakpoint
DROP INDEX "timeline_course_enrollment_id_idx";--> statement-breakpoint
DROP INDEX "timeline_product_enrollment_id_idx";--> statement-breakpoint
DROP INDEX "timeline_slot_enrollment_id_idx";--> statement-breakpoint
DROP INDEX "timeline_mail_id_idx";--> statement-breakpoint
CREATE INDEX "mail_queue_course_enrollment_id_idx" ON "mail_queue" USING btree ("course_enrollment_id") WHERE "mail_queue"."course_enrollment_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "mail_queue_product_enrollment_id_idx" ON "mail_queue" USING btree ("product_enrollment_id") WHERE "mail_queue"."product_enrollment_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "mail_queue_payment_id_idx" ON "mail_queue" USING btree ("payment_id") WHERE "mail_queue"."payment_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "mail_queue_slot_enrollment_id_idx" ON "mail_queue" USING btree ("slot_enrollment_id") WHERE "mail_queue"."slot_enrollment_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notifications_user_id_idx" ON "notifications" USING btree ("user_id") WHERE "notifications"."user_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notifications_course_enrollment_id_idx" ON "notifications" USING btree ("course_enrollment_id") WHERE "notifications"."course_enrollment_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notifications_product_enrollment_id_idx" ON "notifications" USING btree ("product_enrollment_id") WHERE "notifications"."product_enrollment_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notifications_payment_id_idx" ON "notifications" USING btree ("payment_id") WHERE "notifications"."payment_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notifications_slot_enrollment_id_idx" ON "notifications" USING btree ("slot_enrollment_id") WHERE "notifications"."slot_enrollment_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "payments_course_id_idx" ON "payments" USING btree ("course_id") WHERE "payments"."course_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "payments_product_id_idx" ON "payments" USING btree ("product_id") WHERE "payments"."product_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "payments_recorded_by_id_idx" ON "payments" USING btree ("recorded_by_id") WHERE "payments"."recorded_by_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "timeline_payment_id_idx" ON "timeline" USING btree ("payment_id") WHERE "timeline"."payment_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "timeline_course_enrollment_id_idx" ON "timeline" USING btree ("course_enrollment_id") WHERE "timeline"."course_enrollment_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "timeline_product_enrollment_id_idx" ON "timeline" USING btree ("product_enrollment_id") WHERE "timeline"."product_enrollment_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "timeline_slot_enrollment_id_idx" ON "timeline" USING btree ("slot_enrollment_id") WHERE "timeline"."slot_enrollment_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "timeline_mail_id_idx" ON "timeline" USING btree ("mail_id") WHERE "timeline"."mail_id" IS NOT NULL;