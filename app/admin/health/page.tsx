import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { paymentHealth, RECONCILE_DAYS } from "@/lib/admin/health";
import { requireRole } from "@/lib/auth/current-user";
import { formatZar } from "@/lib/money";
import { formatDateTime } from "@/lib/time";
import { RepairButton } from "./repair-button";

export const metadata = { title: "Payment health" };

export default async function PaymentHealthPage() {
  await requireRole("super_admin", "/admin/health");
  const h = await paymentHealth();
  const allClear = h.missing.length === 0 && h.orphanEnrollments.length === 0 && h.gaps.length === 0;
  return (
    <>
      <PageHeader title="Payment health" description="PayFast notifications, stuck payments and reconciliation." />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card>
          <h2 className="font-semibold">Last ITN received</h2>
          {h.lastItn ? (
            <p className="mt-2 text-sm" data-testid="last-itn">
              {formatDateTime(h.lastItn.receivedAt)} · {h.lastItn.paymentStatus ?? "?"} · <strong>{h.lastItn.verdict}</strong>
              <span className="block text-slate-600">{h.lastItn.reason}</span>
            </p>
          ) : (
            <p className="mt-2 text-sm text-slate-600">None yet.</p>
          )}
        </Card>
        <Card>
          <h2 className="font-semibold">Stuck in STARTED over an hour</h2>
          <p className="mt-2 text-3xl font-bold tabular-nums">{h.stuckCount}</p>
          <ul className="mt-2 space-y-1 text-sm">
            {h.stuck.map((p) => (
              <li key={p.id}><Link className="text-brand-700 hover:underline" href={`/admin/payments/${p.id}`}>{p.itemName}</Link> · {formatZar(p.amountCents)} · {formatDateTime(p.createdAt)}</li>
            ))}
          </ul>
        </Card>
        <Card>
          <h2 className="font-semibold">ITNs refused (30 days)</h2>
          {h.refused.length === 0 ? <p className="mt-2 text-sm text-slate-600">None.</p> : (
            <ul className="mt-2 space-y-1 text-sm">
              {h.refused.map((r, i) => <li key={i}><strong>{r.n}×</strong> {r.verdict}: {r.reason}</li>)}
            </ul>
          )}
        </Card>
      </div>
      <Card>
        <h2 className="font-semibold">Reconciliation (last {RECONCILE_DAYS} days; invoice numbers: all years)</h2>
        {allClear ? <p className="mt-2 text-sm text-green-800" data-testid="reconciliation-clear">All completed payments have their student payment, invoice and enrollment; no enrollment lacks a completed payment; invoice numbers have no gaps.</p> : null}
        {h.missing.length ? (
          <section className="mt-4">
            <h3 className="text-sm font-semibold">Completed payments missing records</h3>
            <ul className="mt-2 divide-y divide-slate-100">
              {h.missing.map((m) => (
                <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm" data-testid="reconcile-row">
                  <span><Link className="text-brand-700 hover:underline" href={`/admin/payments/${m.id}`}>{m.itemName}</Link> · {formatZar(m.amountCents)} · {m.problems.join(", ")}</span>
                  <RepairButton paymentId={m.id} />
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {h.orphanEnrollments.length ? (
          <section className="mt-4">
            <h3 className="text-sm font-semibold">Enrollments without a completed payment (review by hand)</h3>
            <ul className="mt-2 text-sm">{h.orphanEnrollments.map((o) => <li key={o.id}>{o.kind} enrollment {o.id.slice(0, 8)} · payment {o.paymentId.slice(0, 8)} is {o.status}</li>)}</ul>
          </section>
        ) : null}
        {h.gaps.length ? (
          <section className="mt-4">
            <h3 className="text-sm font-semibold">Gaps in invoice numbers (review by hand)</h3>
            <ul className="mt-2 text-sm">{h.gaps.map((g) => <li key={`${g.year}-${g.from}`}>{g.year}: {g.from}{g.to > g.from ? `–${g.to}` : ""} missing</li>)}</ul>
          </section>
        ) : null}
      </Card>
    </>
  );
}
