import Link from "next/link";
import { connection } from "next/server";
import { Card, PageHeader } from "@/components/ui/card";
import { paymentHealth, RECONCILE_DAYS, RECONCILE_EVERY_MINUTES, RECONCILE_LIMIT } from "@/lib/admin/health";
import { requireRole } from "@/lib/auth/current-user";
import { formatZar } from "@/lib/money";
import { formatDateTime, requestNow } from "@/lib/time";
import { RepairButton } from "./repair-button";
import { RunReconciliationButton } from "./run-button";

export const metadata = { title: "Payment health" };

function age(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "less than a minute ago";
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? "" : "s"} ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

const SOURCES = { worker: "by the worker", admin: "by an admin", repair: "after a repair" } as Record<string, string>;

export default async function PaymentHealthPage() {
  await connection();
  await requireRole("super_admin", "/admin/health");
  const h = await paymentHealth();
  const run = h.reconciliation;
  const ageMs = run ? Math.max(0, requestNow() - run.startedAt.getTime()) : 0;
  // The worker runs it every few minutes; much older means no worker is running.
  const stale = run !== null && ageMs > 3 * RECONCILE_EVERY_MINUTES * 60_000;
  const allClear = run !== null && run.missing.length === 0 && run.orphanEnrollments.length === 0 && run.gaps.length === 0;
  const capped = (n: number) => (n >= RECONCILE_LIMIT ? ` (first ${RECONCILE_LIMIT})` : "");
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
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h2 className="font-semibold">Reconciliation (last {RECONCILE_DAYS} days; invoice numbers: all years)</h2>
            <p className="mt-1 text-sm text-slate-600" data-testid="reconciliation-age">
              {run
                ? <>Checked {age(ageMs)} ({formatDateTime(run.startedAt)}, {SOURCES[run.source] ?? run.source}, took {run.durationMs} ms). Runs every {RECONCILE_EVERY_MINUTES} minutes while the worker runs.</>
                : <>Not run yet. It runs every {RECONCILE_EVERY_MINUTES} minutes while the worker runs.</>}
            </p>
            {stale ? <p className="mt-1 text-sm font-medium text-amber-800">This result is old: is the worker (npm run worker) running?</p> : null}
          </div>
          <RunReconciliationButton />
        </div>
        {allClear ? <p className="mt-2 text-sm text-green-800" data-testid="reconciliation-clear">All completed payments have their student payment, invoice and enrollment; no enrollment lacks a completed payment; invoice numbers have no gaps.</p> : null}
        {run?.missing.length ? (
          <section className="mt-4">
            <h3 className="text-sm font-semibold">Completed payments missing records{capped(run.missing.length)}</h3>
            <ul className="mt-2 divide-y divide-slate-100">
              {run.missing.map((m) => (
                <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm" data-testid="reconcile-row">
                  <span><Link className="text-brand-700 hover:underline" href={`/admin/payments/${m.id}`}>{m.itemName}</Link> · {formatZar(m.amountCents)} · {m.problems.join(", ")}</span>
                  <RepairButton paymentId={m.id} />
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {run?.orphanEnrollments.length ? (
          <section className="mt-4">
            <h3 className="text-sm font-semibold">Enrollments without a completed payment (review by hand){capped(run.orphanEnrollments.length)}</h3>
            <ul className="mt-2 text-sm">{run.orphanEnrollments.map((o) => <li key={o.id}>{o.kind} enrollment {o.id.slice(0, 8)} · payment {o.paymentId.slice(0, 8)} is {o.status}</li>)}</ul>
          </section>
        ) : null}
        {run?.gaps.length ? (
          <section className="mt-4">
            <h3 className="text-sm font-semibold">Gaps in invoice numbers (review by hand){capped(run.gaps.length)}</h3>
            <ul className="mt-2 text-sm">{run.gaps.map((g) => <li key={`${g.year}-${g.from}`}>{g.year}: {g.from}{g.to > g.from ? `–${g.to}` : ""} missing</li>)}</ul>
          </section>
        ) : null}
      </Card>
    </>
  );
}
