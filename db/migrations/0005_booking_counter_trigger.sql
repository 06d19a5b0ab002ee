-- slots.booked_count is kept equal to the slot's active (not cancelled) slot_enrolled rows by the
-- database itself. The UPDATE takes the slot's row lock, and slots_booked_within_capacity then
-- refuses the booking that would exceed capacity, under any concurrency and from any code path.
CREATE OR REPLACE FUNCTION slot_enrolled_keep_count() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (NEW.slot_id IS DISTINCT FROM OLD.slot_id OR NEW.user_id IS DISTINCT FROM OLD.user_id) THEN
    RAISE EXCEPTION 'a booking cannot move to another slot or student'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'slot_enrolled_fixed_slot';
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status <> 'cancelled'
     AND (TG_OP = 'INSERT' OR OLD.status = 'cancelled') THEN
    UPDATE slots SET booked_count = booked_count + 1 WHERE id = NEW.slot_id;
  ELSIF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status <> 'cancelled'
     AND (TG_OP = 'DELETE' OR NEW.status = 'cancelled') THEN
    UPDATE slots SET booked_count = booked_count - 1 WHERE id = OLD.slot_id;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER slot_enrolled_count
  AFTER INSERT OR UPDATE OF status, slot_id, user_id OR DELETE ON slot_enrolled
  FOR EACH ROW EXECUTE FUNCTION slot_enrolled_keep_count();
