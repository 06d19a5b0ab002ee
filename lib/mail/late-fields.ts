// An invoice is numbered when its transaction commits (migration 0010), after the purchase
// email was queued in that same transaction. So the email carries the invoice's id and the
// number is filled in when the email is rendered.
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { invoices } from "@/db/schema";

type WithInvoiceRef = { invoiceId: string; invoiceNumber?: unknown };

export function refersToInvoice(payload: unknown): payload is WithInvoiceRef {
  return typeof payload === "object" && payload !== null && typeof (payload as { invoiceId?: unknown }).invoiceId === "string";
}

/** The payload with its invoice number, when it refers to an invoice by id only. */
export async function withInvoiceNumber(payload: unknown): Promise<unknown> {
  if (!refersToInvoice(payload) || payload.invoiceNumber !== undefined) return payload;
  const [invoice] = /^[0-9a-f-]{36}$/i.test(payload.invoiceId)
    ? await db.select({ number: invoices.number }).from(invoices).where(eq(invoices.id, payload.invoiceId))
    : [];
  // No invoice (or no number): left out, so rendering fails this row with a clear message.
  return invoice?.number ? { ...payload, invoiceNumber: invoice.number } : payload;
}
