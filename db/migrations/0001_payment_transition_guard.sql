-- A payment moves only STARTED -> COMPLETED | FAILED | CANCELLED; nothing leaves a final state.
-- A constraint cannot see the old row, so a trigger guards the transition.
CREATE OR REPLACE FUNCTION payments_guard_status_transition() RETURNS trigger AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status AND OLD.status <> 'STARTED' THEN
    RAISE EXCEPTION 'payment % cannot move from % to %', OLD.id, OLD.status, NEW.status
      USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_status_transition';
  END IF;
  IF NEW.amount_cents IS DISTINCT FROM OLD.amount_cents OR NEW.user_id IS DISTINCT FROM OLD.user_id
     OR NEW.course_id IS DISTINCT FROM OLD.course_id OR NEW.product_id IS DISTINCT FROM OLD.product_id THEN
    RAISE EXCEPTION 'payment % amount, buyer and item are fixed once written', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_immutable_terms';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER payments_status_transition
  BEFORE UPDATE ON payments
  FOR EACH ROW EXECUTE FUNCTION payments_guard_status_transition();
--> statement-breakpoint
-- Rows that only a COMPLETED payment may have: student_payments, invoices, enrollments.
CREATE OR REPLACE FUNCTION require_completed_payment() RETURNS trigger AS $$
DECLARE
  s payment_status;
BEGIN
  SELECT status INTO s FROM payments WHERE id = NEW.payment_id;
  IF s IS DISTINCT FROM 'COMPLETED' THEN
    RAISE EXCEPTION '% row needs a COMPLETED payment (payment % is %)', TG_TABLE_NAME, NEW.payment_id, s
      USING ERRCODE = 'check_violation', CONSTRAINT = TG_TABLE_NAME || '_payment_completed';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER student_payments_payment_completed BEFORE INSERT OR UPDATE OF payment_id ON student_payments
  FOR EACH ROW EXECUTE FUNCTION require_completed_payment();
--> statement-breakpoint
CREATE TRIGGER invoices_payment_completed BEFORE INSERT OR UPDATE OF payment_id ON invoices
  FOR EACH ROW EXECUTE FUNCTION require_completed_payment();
--> statement-breakpoint
CREATE TRIGGER courses_enrolled_payment_completed BEFORE INSERT OR UPDATE OF payment_id ON courses_enrolled
  FOR EACH ROW EXECUTE FUNCTION require_completed_payment();
--> statement-breakpoint
CREATE TRIGGER product_enrolled_payment_completed BEFORE INSERT OR UPDATE OF payment_id ON product_enrolled
  FOR EACH ROW EXECUTE FUNCTION require_completed_payment();
