import { simulatorEnabled, validatePostback } from "@/lib/payfast/simulator";

export const runtime = "nodejs";

/** Like PayFast's /eng/query/validate: answers VALID or INVALID. */
export async function POST(request: Request) {
  if (!simulatorEnabled()) return new Response("Not found", { status: 404 });
  return new Response(validatePostback(await request.text()), { headers: { "Content-Type": "text/html" } });
}
