CREATE TABLE "mail_send_clock" (
	"id" integer PRIMARY KEY NOT NULL,
	"next_slot" timestamp with time zone NOT NULL,
	CONSTRAINT "mail_send_clock_single_row" CHECK ("mail_send_clock"."id" = 1)
);
