import { getCurrentUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { renderInvoicePdf } from "@/lib/payments/invoice-pdf";
import { invoiceForViewer } from "@/lib/payments/queries";

export const runtime = "nodejs";

export async function GET(_request: Request, ctx: RouteContext<"/invoices/[id]/pdf">) {
  const { id } = await ctx.params;
  const user = await getCurrentUser();
  if (!user) return new Response("Sign in to download invoices.", { status: 401 });
  const row = await invoiceForViewer(id, user);
  if (!row) return new Response("Invoice not found.", { status: 404 });
  const bytes = await renderInvoicePdf(row.invoice, env().SELLER_ADDRESS);
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${row.invoice.number}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
