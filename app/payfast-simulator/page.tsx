import { notFound } from "next/navigation";
import { formatZar } from "@/lib/money";
import { parseAmountToCents } from "@/lib/payfast/amount";
import { openCheckout, SCENARIOS, simulatorEnabled } from "@/lib/payfast/simulator";

export const metadata = { title: "PayFast (simulator)" };

export default async function PayfastSimulatorPage({ searchParams }: PageProps<"/payfast-simulator">) {
  if (!simulatorEnabled()) notFound();
  const { t } = await searchParams;
  const token = typeof t === "string" ? t : "";
  const checkout = openCheckout(token);
  if (!checkout) notFound();
  const cents = parseAmountToCents(checkout.amount ?? "") ?? 0;
  const button = "min-h-11 w-full rounded-lg px-4 py-2 text-sm font-semibold";
  return (
    <div className="mx-auto max-w-md">
      <div className="rounded-t-2xl bg-red-700 px-6 py-3 text-sm font-semibold text-white">
        PayFast simulator · no real money moves
      </div>
      <div className="rounded-b-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <p className="text-sm text-slate-600">Paying Classbook</p>
        <h1 className="mt-1 text-xl font-bold">{checkout.item_name}</h1>
        <p className="mt-2 text-3xl font-extrabold tabular-nums" data-testid="sim-amount">
          {formatZar(cents)}
        </p>
        <p className="mt-1 text-xs text-slate-600">Reference {checkout.m_payment_id}</p>
        <form action="/api/payfast-simulator/pay" method="post" className="mt-6 space-y-3">
          <input type="hidden" name="t" value={token} />
          <details className="rounded-lg bg-slate-50 p-3 text-sm">
            <summary className="cursor-pointer font-medium">Test scenario</summary>
            <label htmlFor="scenario" className="mt-2 block text-slate-700">
              How PayFast should notify Classbook
            </label>
            <select id="scenario" name="scenario" className="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-2">
              {Object.entries(SCENARIOS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </details>
          <button name="outcome" value="pay" className={`${button} bg-green-700 text-white hover:bg-green-800`}>
            Pay {formatZar(cents)}
          </button>
          <button name="outcome" value="fail" className={`${button} bg-white text-red-800 ring-1 ring-red-300 hover:bg-red-50`}>
            Simulate a failed payment
          </button>
          <button name="outcome" value="cancel" className={`${button} text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50`}>
            Cancel and return to Classbook
          </button>
        </form>
      </div>
    </div>
  );
}
