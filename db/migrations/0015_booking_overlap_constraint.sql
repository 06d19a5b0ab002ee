ALTER TABLE "slot_enrolled" ADD COLUMN "during" "tstzrange" DEFAULT 'empty' NOT NULL;--> statement-breakpoint
-- One student, two overlapping active bookings: forbidden by the database, as double booking a
-- seat already is. bookSlot used to lock the student's row and look for a clash; the constraint
-- holds for every writer and lets a booking be one statement without any lock of its own.
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
CREATE OR REPLACE FUNCTION slot_enrolled_during() RETURNS trigger AS $$
BEGIN
  SELECT tstzrange(s.starts_at, s.ends_at) INTO NEW.during FROM slots s WHERE s.id = NEW.slot_id;
  -- No slot: leave the value; the foreign key refuses the row.
  NEW.during := coalesce(NEW.during, 'empty');
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER slot_enrolled_during BEFORE INSERT ON slot_enrolled
  FOR EACH ROW EXECUTE FUNCTION slot_enrolled_during();--> statement-breakpoint
-- Slots are not rescheduled by the app today; if one ever is, its bookings follow.
CREATE OR REPLACE FUNCTION slots_times_to_bookings() RETURNS trigger AS $$
BEGIN
  UPDATE slot_enrolled SET during = tstzrange(NEW.starts_at, NEW.ends_at) WHERE slot_id = NEW.id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER slots_times_to_bookings AFTER UPDATE OF starts_at, ends_at ON slots
  FOR EACH ROW WHEN (OLD.starts_at IS DISTINCT FROM NEW.starts_at OR OLD.ends_at IS DISTINCT FROM NEW.ends_at)
  EXECUTE FUNCTION slots_times_to_bookings();--> statement-breakpoint
UPDATE slot_enrolled e SET during = tstzrange(s.starts_at, s.ends_at) FROM slots s WHERE s.id = e.slot_id;--> statement-breakpoint
ALTER TABLE slot_enrolled ADD CONSTRAINT slot_enrolled_no_overlap
  EXCLUDE USING gist (user_id WITH =, during WITH &&) WHERE (status = 'booked');
