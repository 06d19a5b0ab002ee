// Plain renderers for the emails the foundation sends. Amounts are ZAR and times are shown in
// the platform timezone wherever they appear.
import { formatZar } from "@/lib/money";
import type { MailTemplate } from "./enqueue";

export type RenderedMail = { subject: string; text: string; html: string };

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function renderMail(template: MailTemplate, payload: Record<string, unknown>): RenderedMail {
  const need = (key: string): string => {
    const v = payload[key];
    if (typeof v === "string" && v !== "") return v;
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
    throw new Error(`${template} needs payload.${key}`);
  };
  switch (template) {
    case "course_enrollment": {
      const name = need("name");
      const course = need("courseTitle");
      const url = need("courseUrl");
      const subject = `You're enrolled: ${course}`;
      const text = `Hi ${name},\n\nYou are enrolled in ${course}. Start whenever you are ready:\n${url}\n\nYour invoice ${need("invoiceNumber")} is in My payments.\n\n— Classbook`;
      const html = `<p>Hi ${escapeHtml(name)},</p><p>You are enrolled in <strong>${escapeHtml(course)}</strong>. Start whenever you are ready:</p><p><a href="${escapeHtml(url)}">Open the course</a></p><p>Your invoice ${escapeHtml(need("invoiceNumber"))} is in My payments.</p><p>— Classbook</p>`;
      return { subject, text, html };
    }
    case "purchase_receipt": {
      const name = need("name");
      const item = need("itemName");
      const amount = formatZar(Number(need("amountCents")));
      const invoice = need("invoiceNumber");
      const invoiceUrl = need("invoiceUrl");
      const subject = `Your receipt for ${item}`;
      const text = `Hi ${name},\n\nThank you for buying ${item}. We received ${amount} (VAT included).\nInvoice ${invoice}: ${invoiceUrl}\n\n— Classbook`;
      const html = `<p>Hi ${escapeHtml(name)},</p><p>Thank you for buying <strong>${escapeHtml(item)}</strong>. We received ${escapeHtml(amount)} (VAT included).</p><p><a href="${escapeHtml(invoiceUrl)}">Invoice ${escapeHtml(invoice)}</a></p><p>— Classbook</p>`;
      return { subject, text, html };
    }
    case "password_reset": {
      const name = need("name");
      const url = need("resetUrl");
      const minutes = Number(need("expiresInMinutes"));
      const subject = "Reset your Classbook password";
      const text = `Hi ${name},\n\nSomeone asked to reset the password of your Classbook account. If it was you, open this link within ${minutes} minutes:\n\n${url}\n\nThe link works once. If you did not ask, ignore this email; your password stays as it is.\n\n— Classbook`;
      const html = `<p>Hi ${escapeHtml(name)},</p><p>Someone asked to reset the password of your Classbook account. If it was you, open this link within ${minutes} minutes:</p><p><a href="${escapeHtml(url)}">Choose a new password</a></p><p>The link works once. If you did not ask, ignore this email; your password stays as it is.</p><p>— Classbook</p>`;
      return { subject, text, html };
    }
  }
}
