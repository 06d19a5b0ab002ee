"use server";
import { z } from "zod";
import { adminAction, fields } from "@/lib/actions/action";
import { recordManualPayment } from "@/lib/payments/manual";

const manualSchema = z.object({
  studentId: z.uuid({ error: "Choose a student." }),
  item: z
    .string({ error: "Choose what was paid for." })
    .regex(/^(course|product):[a-z0-9-]+$/, "Choose what was paid for."),
  reference: fields.text("Reference", 100),
});

export const recordManualPaymentAction = adminAction(manualSchema, async (input, { user }) => {
  const [kind, slug] = input.item.split(":") as ["course" | "product", string];
  const result = await recordManualPayment({ adminId: user.id, studentId: input.studentId, kind, slug, reference: input.reference });
  if (!result.ok) {
    return result.field === "form" ? { formError: result.message } : { fieldErrors: { [result.field]: [result.message] } };
  }
  return { ok: true, message: `Payment recorded. Invoice ${result.invoiceNumber} was issued and the student is enrolled.` };
});
