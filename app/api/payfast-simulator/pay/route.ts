import { openCheckout, SCENARIOS, sendItns, simulatorEnabled, type Scenario } from "@/lib/payfast/simulator";

export const runtime = "nodejs";

/** The buyer pressed Pay, Fail or Cancel on the simulated PayFast page. */
export async function POST(request: Request) {
  if (!simulatorEnabled()) return new Response("Not found", { status: 404 });
  const form = await request.formData();
  const t = form.get("t");
  const checkout = openCheckout(typeof t === "string" ? t : "");
  if (!checkout) return new Response("This checkout link is not valid.", { status: 400 });
  const outcome = form.get("outcome");
  const scenarioValue = form.get("scenario");
  const scenarioInput = typeof scenarioValue === "string" ? scenarioValue : "normal";
  const scenario: Scenario = scenarioInput in SCENARIOS ? (scenarioInput as Scenario) : "normal";
  if (outcome === "cancel") return Response.redirect(checkout.cancel_url ?? "/", 303);
  if (outcome !== "pay" && outcome !== "fail") return new Response("Unknown choice.", { status: 400 });
  await sendItns(checkout, outcome, scenario);
  return Response.redirect(checkout.return_url ?? "/", 303);
}
