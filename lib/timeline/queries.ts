import "server-only";
import { and, count, desc, eq, getTableColumns } from "drizzle-orm";
import { db } from "@/db";
import { invoices, timeline } from "@/db/schema";

export const TIMELINE_PAGE_SIZE = 30;

export async function timelinePage(userId: string, page: number) {
  const [rows, [total]] = await Promise.all([
    db
      .select({ ...getTableColumns(timeline), invoiceNumber: invoices.number })
      .from(timeline)
      // An invoice gets its number as its transaction commits, after its timeline row was
      // written in that same transaction, so the number is read here.
      .leftJoin(invoices, and(eq(timeline.event, "invoice_issued"), eq(invoices.paymentId, timeline.paymentId)))
      .where(eq(timeline.userId, userId))
      .orderBy(desc(timeline.createdAt), desc(timeline.id))
      .limit(TIMELINE_PAGE_SIZE)
      .offset((page - 1) * TIMELINE_PAGE_SIZE),
    db.select({ n: count() }).from(timeline).where(eq(timeline.userId, userId)),
  ]);
  return {
    rows: rows.map(({ invoiceNumber, ...row }) =>
      invoiceNumber ? { ...row, summary: row.summary.replace(/^Invoice issued/, `Invoice ${invoiceNumber} issued`) } : row,
    ),
    pages: Math.max(1, Math.ceil((total?.n ?? 0) / TIMELINE_PAGE_SIZE)),
  };
}
