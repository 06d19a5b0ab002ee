CREATE INDEX "mail_queue_to_email_lower_idx" ON "mail_queue" USING btree (lower("to_email"));--> statement-breakpoint
-- Statistics for the new expression, so the planner uses the index before autovacuum gets to it.
ANALYZE "mail_queue";
