import Link from "next/link";
import { desc, eq } from "drizzle-orm";
import { notFound } from "next/navigation";
import { PaymentStatusBadge } from "@/components/payment-status";
import { Card, PageHeader } from "@/components/ui/card";
import { db } from "@/db";
import { invoices, payfastItnLog, payfastTransactions, payments, users } from "@/db/schema";
import { requireRole } from "@/lib/auth/current-user";
import { formatZar } from "@/lib/money";
import { formatDateTime } from "@/lib/time";

export const metadata = { title: "Payment" };

export default async function AdminPaymentPage({ params }: PageProps<"/admin/payments/[id]">) {
  await requireRole("super_admin", "/admin");
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const [row] = await db
    .select({ payment: payments, buyer: { id: users.id, name: users.name, email: users.email }, invoice: { id: invoices.id, number: invoices.number } })
    .from(payments)
    .innerJoin(users, eq(users.id, payments.userId))
    .leftJoin(invoices, eq(invoices.paymentId, payments.id))
    .where(eq(payments.id, id));
  if (!row) notFound();
  const [transactions, itns] = await Promise.all([
    db.select().from(payfastTransactions).where(eq(payfastTransactions.paymentId, id)),
    db.select().from(payfastItnLog).where(eq(payfastItnLog.paymentId, id)).orderBy(desc(payfastItnLog.receivedAt)).limit(50),
  ]);
  const { payment, buyer, invoice } = row;
  return (
    <>
      <PageHeader title={payment.itemName} description={<>Payment {payment.id}</>} />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <dl className="space-y-2 text-sm">
            <div className="flex justify-between gap-4"><dt className="text-slate-600">Status</dt><dd><PaymentStatusBadge status={payment.status} /></dd></div>
            <div className="flex justify-between gap-4"><dt className="text-slate-600">Amount</dt><dd className="tabular-nums">{formatZar(payment.amountCents)}</dd></div>
            <div className="flex justify-between gap-4"><dt className="text-slate-600">Method</dt><dd>{payment.method}{payment.reference ? ` (${payment.reference})` : ""}</dd></div>
            <div className="flex justify-between gap-4"><dt className="text-slate-600">Student</dt><dd><Link className="text-brand-700 hover:underline" href={`/admin/students/${buyer.id}`}>{buyer.name}</Link></dd></div>
            <div className="flex justify-between gap-4"><dt className="text-slate-600">Started</dt><dd>{formatDateTime(payment.createdAt)}</dd></div>
            {payment.completedAt ? <div className="flex justify-between gap-4"><dt className="text-slate-600">Completed</dt><dd>{formatDateTime(payment.completedAt)}</dd></div> : null}
            {payment.failureReason ? <div className="flex justify-between gap-4"><dt className="text-slate-600">Reason</dt><dd>{payment.failureReason}</dd></div> : null}
            {invoice?.id ? <div className="flex justify-between gap-4"><dt className="text-slate-600">Invoice</dt><dd><Link className="text-brand-700 hover:underline" href={`/invoices/${invoice.id}`}>{invoice.number}</Link></dd></div> : null}
          </dl>
        </Card>
        <Card>
          <h2 className="font-semibold">PayFast transactions</h2>
          {transactions.length === 0 ? <p className="mt-2 text-sm text-slate-600">None.</p> : (
            <ul className="mt-2 space-y-1 text-sm">
              {transactions.map((t) => (
                <li key={t.id}>#{t.pfPaymentId} · {t.paymentStatus} · gross {formatZar(t.amountGrossCents)}, fee {formatZar(t.amountFeeCents)}, net {formatZar(t.amountNetCents)}</li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <Card>
        <h2 className="font-semibold">ITN history</h2>
        {itns.length === 0 ? <p className="mt-2 text-sm text-slate-600">No notifications received for this payment.</p> : (
          <ul className="mt-2 space-y-1 text-sm">
            {itns.map((i) => (
              <li key={i.id}>{formatDateTime(i.receivedAt)} · {i.paymentStatus ?? "?"} · <strong>{i.verdict}</strong> ({i.httpStatus}) · {i.reason} · from {i.sourceIp ?? "unknown"}</li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
