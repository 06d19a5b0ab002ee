-- slot_enrolled.during is the slot's time range on update too: a writer that changes it (or, one
-- day, moves a booking) gets the slot's own times back, so the overlap constraint cannot be
-- switched off for a row by emptying its range.
DROP TRIGGER IF EXISTS slot_enrolled_during ON slot_enrolled;--> statement-breakpoint
CREATE TRIGGER slot_enrolled_during BEFORE INSERT OR UPDATE OF during, slot_id ON slot_enrolled
  FOR EACH ROW EXECUTE FUNCTION slot_enrolled_during();
