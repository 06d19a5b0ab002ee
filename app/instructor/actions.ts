"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { roleAction } from "@/lib/actions/action";
import { markAttendance } from "@/lib/booking/attendance";
import { BookingRefused } from "@/lib/booking/errors";

const schema = z.object({ bookingId: z.uuid(), outcome: z.enum(["attended", "no_show"]) });

// The role check here lets instructors in; markAttendance then checks this instructor teaches the session.
export const markAttendanceAction = roleAction(["instructor", "super_admin"], schema, async (input, { user }) => {
  try {
    await markAttendance(user, input.bookingId, input.outcome);
  } catch (error) {
    if (error instanceof BookingRefused) return { formError: error.message };
    throw error;
  }
  revalidatePath("/instructor");
  return { ok: true, message: input.outcome === "attended" ? "Marked attended." : "Marked no-show." };
});
