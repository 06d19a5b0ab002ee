ALTER TABLE "invoices" ALTER COLUMN "number" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ALTER COLUMN "seq" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_number_with_seq" CHECK (("invoices"."number" IS NULL) = ("invoices"."seq" IS NULL));--> statement-breakpoint
-- Invoice numbers are gapless per year, so whoever takes one holds the year's counter row until
-- its transaction commits. Taking it at COMMIT (a deferred constraint trigger) instead of in the
-- middle of the completion keeps that critical section to the commit itself: the rest of the
-- completion runs in parallel. A rollback, including one caused by a later deferred check,
-- undoes the counter too, so no number is lost.
CREATE OR REPLACE FUNCTION invoices_assign_number() RETURNS trigger AS $$
DECLARE
  next_seq integer;
BEGIN
  UPDATE invoice_counters SET last_seq = last_seq + 1 WHERE year = NEW.year RETURNING last_seq INTO next_seq;
  IF NOT FOUND THEN
    INSERT INTO invoice_counters (year, last_seq) VALUES (NEW.year, 1)
      ON CONFLICT (year) DO UPDATE SET last_seq = invoice_counters.last_seq + 1
      RETURNING last_seq INTO next_seq;
  END IF;
  UPDATE invoices
     SET seq = next_seq,
         number = 'INV-' || NEW.year || '-' || lpad(next_seq::text, greatest(6, length(next_seq::text)), '0')
   WHERE id = NEW.id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER invoices_number_at_commit
  AFTER INSERT ON invoices
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (NEW.seq IS NULL)
  EXECUTE FUNCTION invoices_assign_number();
