import { clientIp } from "@/lib/auth/client-ip";
import { handleItn, MAX_ITN_BYTES } from "@/lib/payfast/itn";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  let body: string;
  try {
    const declared = Number(request.headers.get("content-length") ?? 0);
    body = declared > MAX_ITN_BYTES * 4 ? "x".repeat(MAX_ITN_BYTES + 1) : await request.text();
  } catch {
    body = "";
  }
  const outcome = await handleItn(body, clientIp(request.headers));
  return new Response(outcome.verdict === "processed" || outcome.verdict === "duplicate" ? "OK" : outcome.reason, {
    status: outcome.httpStatus,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}
