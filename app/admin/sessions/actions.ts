"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { adminAction, fields } from "@/lib/actions/action";
import { addSlots, cancelSlot, changeCapacity, saveSession } from "@/lib/booking/admin";
import { parseLocalDateTime } from "@/lib/booking/time";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || null);

const sessionSchema = z
  .object({
    id: z.union([z.uuid(), z.literal("")]).optional(),
    title: fields.text("Title", 150),
    description: z.string().trim().max(2000, "Keep the description under 2000 characters.").default(""),
    courseId: z.union([z.uuid(), z.literal("")]).optional().transform((v) => v || null),
    mode: z.enum(["online", "in_person"], { error: "Choose online or in person." }),
    location: optionalText(200),
    meetingUrl: optionalText(500).pipe(z.url({ protocol: /^https$/, error: "Enter the meeting link, starting with https://" }).nullable()),
    instructorIds: z
      .union([z.uuid(), z.array(z.uuid())])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  })
  .superRefine((v, ctx) => {
    if (v.mode === "online" && !v.meetingUrl) ctx.addIssue({ code: "custom", path: ["meetingUrl"], message: "Online sessions need a meeting link." });
    if (v.mode === "in_person" && !v.location) ctx.addIssue({ code: "custom", path: ["location"], message: "In-person sessions need a location." });
  });

export const saveSessionAction = adminAction(sessionSchema, async (input, { user }) => {
  const result = await saveSession(input.id || null, input, { actorId: user.id });
  if (!result.ok) return result.field === "form" ? { formError: result.message } : { fieldErrors: { [result.field]: [result.message] } };
  revalidatePath("/admin/sessions");
  redirect(`/admin/sessions/${result.id}?saved=1`);
});

const localDateTime = (label: string) =>
  z
    .string({ error: `${label} is required.` })
    .min(1, `${label} is required.`)
    .transform((v, ctx) => {
      const date = parseLocalDateTime(v);
      if (!date) {
        ctx.addIssue({ code: "custom", message: `${label} is not a valid date and time.` });
        return z.NEVER;
      }
      return date;
    });

const slotSchema = z.object({
  sessionId: z.uuid(),
  startsAt: localDateTime("Start"),
  endsAt: localDateTime("End"),
  capacity: z.coerce.number({ error: "Enter the number of seats." }).int("Seats must be a whole number.").min(1, "A slot needs at least 1 seat.").max(10_000, "At most 10 000 seats."),
  weeks: z.coerce.number({ error: "Enter how many weeks." }).int().min(1, "At least 1.").max(52, "At most 52 weeks at a time.").default(1),
});

export const addSlotsAction = adminAction(slotSchema, async (input, { user }) => {
  const result = await addSlots(input.sessionId, input, { actorId: user.id });
  if (!result.ok) return result.field === "form" ? { formError: result.message } : { fieldErrors: { [result.field]: [result.message] } };
  revalidatePath(`/admin/sessions/${input.sessionId}`);
  return { ok: true, message: `${result.created} slot${result.created === 1 ? "" : "s"} added.` };
});

const capacitySchema = z.object({
  slotId: z.uuid(),
  sessionId: z.uuid(),
  capacity: z.coerce.number({ error: "Enter the number of seats." }).int("Seats must be a whole number.").min(1, "A slot needs at least 1 seat.").max(10_000),
});

export const changeCapacityAction = adminAction(capacitySchema, async (input, { user }) => {
  const result = await changeCapacity(input.slotId, input.capacity, { actorId: user.id });
  if (!result.ok) return result.field === "form" ? { formError: result.message } : { fieldErrors: { [result.field]: [result.message] } };
  revalidatePath(`/admin/sessions/${input.sessionId}`);
  return { ok: true, message: "Capacity updated." };
});

const cancelSchema = z.object({ slotId: z.uuid(), sessionId: z.uuid(), reason: fields.text("Reason", 200) });

export const cancelSlotAction = adminAction(cancelSchema, async (input, { user }) => {
  const result = await cancelSlot(input.slotId, input.reason, { actorId: user.id });
  if (!result.ok) return { formError: result.message };
  revalidatePath(`/admin/sessions/${input.sessionId}`);
  return { ok: true, message: `Slot cancelled; ${result.cancelledBookings} student${result.cancelledBookings === 1 ? "" : "s"} emailed.` };
});
