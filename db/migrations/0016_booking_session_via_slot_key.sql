-- slot_enrolled.session_id is already checked by the composite key (slot_id, session_id) ->
-- slots (id, session_id), and slots.session_id -> sessions. This second key only added a share
-- lock on the session's row to every booking: one multixact that every booking in flight joins.
ALTER TABLE "slot_enrolled" DROP CONSTRAINT "slot_enrolled_session_id_sessions_id_fk";
