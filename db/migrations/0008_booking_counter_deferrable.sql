-- The seat counter trigger becomes a constraint trigger that a transaction may defer to commit.
-- bookSlot() defers it: the slot's row is then locked only for the moment of commit instead of
-- for the whole booking transaction, so bookings of one hot slot no longer queue behind each
-- other's side effects. The capacity check still runs on every booking, at commit, under the
-- row lock: overbooking stays impossible. Every other transaction keeps it immediate.
DROP TRIGGER IF EXISTS slot_enrolled_count ON slot_enrolled;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER slot_enrolled_count
  AFTER INSERT OR UPDATE OF status, slot_id, user_id OR DELETE ON slot_enrolled
  DEFERRABLE INITIALLY IMMEDIATE
  FOR EACH ROW EXECUTE FUNCTION slot_enrolled_keep_count();
