// Liveness probe and the benchmark baseline (bench/itn.ts): no database, no auth, no work.
export const dynamic = "force-dynamic";

export function GET() {
  return new Response("ok", { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
