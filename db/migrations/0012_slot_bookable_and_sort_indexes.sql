CREATE INDEX "invoices_total_id_idx" ON "invoices" USING btree ("total_cents","id");--> statement-breakpoint
CREATE INDEX "users_name_id_idx" ON "users" USING btree ("name","id");--> statement-breakpoint
-- The seat counter also refuses a booking (new, or a cancelled one made active again) in a slot
-- that is no longer scheduled. bookSlot checks the status first, but a slot cancelled between
-- that check and the booking's commit would otherwise keep the booking: the counter's UPDATE
-- waits for the cancellation's row lock and then sees the cancelled row.
CREATE OR REPLACE FUNCTION slot_enrolled_keep_count() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (NEW.slot_id IS DISTINCT FROM OLD.slot_id OR NEW.user_id IS DISTINCT FROM OLD.user_id) THEN
    RAISE EXCEPTION 'a booking cannot move to another slot or student'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'slot_enrolled_fixed_slot';
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status <> 'cancelled'
     AND (TG_OP = 'INSERT' OR OLD.status = 'cancelled') THEN
    UPDATE slots SET booked_count = booked_count + 1 WHERE id = NEW.slot_id AND status = 'scheduled';
    IF NOT FOUND THEN
      RAISE EXCEPTION 'slot % is not open for booking', NEW.slot_id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'slot_enrolled_slot_scheduled';
    END IF;
  ELSIF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status <> 'cancelled'
     AND (TG_OP = 'DELETE' OR NEW.status = 'cancelled') THEN
    UPDATE slots SET booked_count = booked_count - 1 WHERE id = OLD.slot_id;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
