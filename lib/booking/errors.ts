/** A booking refused for a reason the student can act on; the message is shown as is. */
export class BookingRefused extends Error {
  constructor(
    message: string,
    public readonly code:
      | "not_found"
      | "cancelled"
      | "too_soon"
      | "started"
      | "needs_course"
      | "already_booked"
      | "overlap"
      | "full"
      | "cutoff"
      | "not_full"
      | "already_waiting"
      | "offer_gone"
      | "busy"
      | "same_slot"
      | "other_session",
  ) {
    super(message);
  }
}
