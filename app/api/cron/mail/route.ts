import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { runMailBatch } from "@/lib/mail/worker";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** For a scheduler: POST with `Authorization: Bearer $CRON_SECRET` sends one batch of due emails. */
export async function POST(request: Request) {
  const secret = env().CRON_SECRET;
  if (!secret) return new Response("Not found", { status: 404 });
  const given = Buffer.from(request.headers.get("authorization") ?? "");
  const expected = Buffer.from(`Bearer ${secret}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return new Response("Unauthorized", { status: 401 });
  }
  const result = await runMailBatch(undefined, 50);
  return Response.json(result);
}
