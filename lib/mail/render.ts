import { render } from "@react-email/render";
import { createElement, type FunctionComponent } from "react";
import { refersToInvoice } from "./late-fields";
import { templates, type MailTemplate } from "./templates";

export type MailAttachment = { filename: string; contentType: string; content: string };
export type RenderedMail = { subject: string; html: string; text: string; attachments: MailAttachment[] };

export class TemplateDataError extends Error {}

type AnyTemplate = {
  schema: { safeParse(v: unknown): { success: true; data: unknown } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } };
  subject: (p: never) => string;
  attachments?: (p: never) => MailAttachment[];
  Body: (p: never) => React.ReactElement;
};

function definition(template: string): AnyTemplate {
  const def = (templates as Record<string, AnyTemplate | undefined>)[template];
  if (!def) throw new TemplateDataError(`unknown email template "${template}"`);
  return def;
}

function checked(template: string, payload: unknown) {
  const def = definition(template);
  const parsed = def.schema.safeParse(payload);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; ");
    throw new TemplateDataError(`template ${template} is missing data (${problems})`);
  }
  return { def, data: parsed.data };
}

/** The subject line, or a generic one when the payload is incomplete (the worker then fails the row). */
export function mailSubject(template: MailTemplate, payload: unknown): string {
  try {
    // An invoice number is filled in at render time (late-fields.ts); no subject shows it.
    const forSubject = refersToInvoice(payload) && payload.invoiceNumber === undefined ? { ...payload, invoiceNumber: "pending" } : payload;
    const { def, data } = checked(template, forSubject);
    return def.subject(data as never);
  } catch {
    return "A message from Classbook";
  }
}

/** HTML and plain text from the same react-email component, whichever transport sends it. */
export async function renderMail(template: string, payload: unknown): Promise<RenderedMail> {
  const { def, data } = checked(template, payload);
  const element = createElement(def.Body as unknown as FunctionComponent<object>, data as object);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: def.subject(data as never), html, text, attachments: def.attachments?.(data as never) ?? [] };
}
