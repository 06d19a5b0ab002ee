import "server-only";
import { PDFDocument, StandardFonts, rgb } from "pdf-lib";
import type { Invoice } from "@/db/schema";
import { formatZar } from "@/lib/money";
import { formatDate } from "@/lib/time";

// The standard PDF fonts only cover WinAnsi: anything else is replaced rather than failing.
const pdfSafe = (s: string) => s.replace(/[^\x20-\x7E\u00A0-\u00FF]/g, "?");

export async function renderInvoicePdf(invoice: Invoice, sellerAddress: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Invoice ${invoice.number}`);
  pdf.setCreator("Classbook");
  const page = pdf.addPage([595.28, 841.89]); // A4
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const ink = rgb(0.1, 0.12, 0.16);
  const muted = rgb(0.35, 0.38, 0.45);
  let y = 790;
  const text = (s: string, x: number, size = 10, f = font, color = ink) => page.drawText(pdfSafe(s), { x, y, size, font: f, color });
  const right = (s: string, xRight: number, size = 10, f = font) => {
    const safe = pdfSafe(s);
    page.drawText(safe, { x: xRight - f.widthOfTextAtSize(safe, size), y, size, font: f, color: ink });
  };

  text("TAX INVOICE", 50, 20, bold);
  right(invoice.sellerName, 545, 11, bold);
  y -= 20;
  text(invoice.number ?? "", 50, 11);
  right(sellerAddress, 545, 9);
  y -= 14;
  text(`Issued ${formatDate(invoice.issuedAt)}`, 50, 10, font, muted);
  if (invoice.sellerVatNumber) right(`VAT no. ${invoice.sellerVatNumber}`, 545, 9);
  y -= 40;
  text("Billed to", 50, 10, bold);
  y -= 14;
  text(invoice.billedToName, 50);
  y -= 14;
  text(invoice.billedToEmail, 50, 10, font, muted);
  y -= 36;
  text("Description", 50, 10, bold);
  right("Qty", 400, 10, bold);
  right("Amount (incl. VAT)", 545, 10, bold);
  y -= 6;
  page.drawLine({ start: { x: 50, y }, end: { x: 545, y }, thickness: 0.5, color: muted });
  for (const line of invoice.lines) {
    y -= 18;
    text(line.description.slice(0, 60), 50);
    right(String(line.quantity), 400);
    right(formatZar(line.totalCents), 545);
  }
  y -= 30;
  const totals: [string, number, boolean][] = [
    ["Subtotal (excl. VAT)", invoice.subtotalCents, false],
    [`VAT (${invoice.vatRateBasisPoints / 100}%)`, invoice.vatCents, false],
    ["Total paid", invoice.totalCents, true],
  ];
  for (const [label, cents, strong] of totals) {
    right(label, 430, 10, strong ? bold : font);
    right(formatZar(cents), 545, 10, strong ? bold : font);
    y -= 16;
  }
  y -= 30;
  text("Prices include VAT. Thank you for learning with Classbook.", 50, 9, font, muted);
  return pdf.save();
}
