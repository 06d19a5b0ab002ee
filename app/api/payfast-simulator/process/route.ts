import { sealCheckout, simulatorEnabled, verifyCheckoutPost } from "@/lib/payfast/simulator";

export const runtime = "nodejs";

/** Where the checkout form posts, like PayFast's /eng/process. */
export async function POST(request: Request) {
  if (!simulatorEnabled()) return new Response("Not found", { status: 404 });
  const pairs = [...new URLSearchParams(await request.text()).entries()];
  const checked = verifyCheckoutPost(pairs);
  if (!checked.ok) {
    return new Response(`<h1>Payment error</h1><p>The supplied variables are not according to specification: ${checked.error}</p>`, {
      status: 400,
      headers: { "Content-Type": "text/html; charset=utf-8" },
    });
  }
  const url = new URL("/payfast-simulator", request.url);
  url.searchParams.set("t", sealCheckout(checked.fields));
  return Response.redirect(url, 303);
}
