import "server-only";
import { eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { authSignInEvents, users } from "@/db/schema";
import { env } from "@/lib/env";
import { clientIp } from "./client-ip";
import { verifyDecoy, verifyPassword } from "./password";
import { blockedForMinutes, clearFailures, recordFailure, type Limit } from "./rate-limit";

export type AuthResult =
  | { ok: true; user: { id: string; name: string; email: string; sessionVersion: number } }
  | { ok: false; reason: "invalid" | "disabled" }
  | { ok: false; reason: "rate_limited"; minutes: number };

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

function limits(email: string, ip: string | null): Limit[] {
  const e = env();
  const list: Limit[] = [
    { key: `signin:account:${email}`, max: e.SIGNIN_MAX_FAILURES_PER_ACCOUNT, windowMinutes: e.SIGNIN_WINDOW_MINUTES },
  ];
  if (ip) list.push({ key: `signin:ip:${ip}`, max: e.SIGNIN_MAX_FAILURES_PER_IP, windowMinutes: e.SIGNIN_WINDOW_MINUTES });
  return list;
}

/** Checks a password sign-in, counting failures per account and per IP in PostgreSQL. */
export async function authenticate(input: { email: string; password: string }, headers: Headers): Promise<AuthResult> {
  const email = normalizeEmail(input.email);
  const ip = clientIp(headers);
  const checks = limits(email, ip);

  for (const limit of checks) {
    const minutes = await blockedForMinutes(limit);
    if (minutes > 0) {
      await logEvent(null, email, ip, "rate_limited");
      return { ok: false, reason: "rate_limited", minutes };
    }
  }

  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`);
  const valid = user ? await verifyPassword(user.passwordHash, input.password) : await verifyDecoy(input.password);

  if (!user || !valid) {
    await Promise.all(checks.map(recordFailure));
    await logEvent(user?.id ?? null, email, ip, "wrong_password");
    return { ok: false, reason: "invalid" };
  }
  if (user.disabledAt) {
    await logEvent(user.id, email, ip, "disabled");
    return { ok: false, reason: "disabled" };
  }
  await clearFailures(checks[0]!.key);
  await logEvent(user.id, email, ip, "success");
  return { ok: true, user: { id: user.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion } };
}

async function logEvent(userId: string | null, email: string, ip: string | null, outcome: string) {
  await db.insert(authSignInEvents).values({ userId, email, ip, outcome });
}

export async function findUserIdByEmail(email: string) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.email})`, normalizeEmail(email)));
  return row?.id ?? null;
}
