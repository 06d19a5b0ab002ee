import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { db } from "@/db";
import { authPasswordResets, users } from "@/db/schema";
import { isUniqueViolation } from "@/lib/db-errors";
import { env } from "@/lib/env";
import { enqueueMail } from "@/lib/mail/enqueue";
import { recordTimeline } from "@/lib/timeline/record";
import { hashPassword, verifyPassword } from "./password";
import { blockedForMinutes, recordFailure } from "./rate-limit";
import { normalizeEmail } from "./sign-in";

export const RESET_LINK_MINUTES = 30;

export type SignUpResult = { ok: true; userId: string } | { ok: false; field: "email"; message: string };

/** Creates a student account. A taken email (any letter case) is answered, not thrown. */
export async function registerStudent(input: { name: string; email: string; password: string }): Promise<SignUpResult> {
  const passwordHash = await hashPassword(input.password);
  try {
    const userId = await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ name: input.name, email: normalizeEmail(input.email), passwordHash, role: "student" })
        .returning({ id: users.id });
      await recordTimeline(tx, { userId: user!.id, event: "account_created", summary: "Created a Classbook account" });
      return user!.id;
    });
    return { ok: true, userId };
  } catch (error) {
    if (isUniqueViolation(error, "users_email_lower_key")) {
      return { ok: false, field: "email", message: "An account with this email already exists. Sign in instead." };
    }
    throw error;
  }
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Emails a single-use reset link if the account exists. The answer never says whether it
 * does; requests per email are limited so the link cannot be used to flood someone's inbox.
 */
export async function requestPasswordReset(emailInput: string): Promise<{ limited: boolean }> {
  const email = normalizeEmail(emailInput);
  const limit = { key: `reset:${email}`, max: 3, windowMinutes: 60 };
  if ((await blockedForMinutes(limit)) > 0) return { limited: true };
  await recordFailure(limit);

  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email, disabledAt: users.disabledAt })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`);
  if (!user || user.disabledAt) return { limited: false };

  const token = randomBytes(32).toString("base64url");
  const resetUrl = new URL(`/reset-password/${token}`, env().APP_URL).toString();
  const payload = { name: user.name, resetUrl, expiresInMinutes: RESET_LINK_MINUTES };
  await db.transaction(async (tx) => {
    await tx.insert(authPasswordResets).values({
      tokenHash: hashToken(token),
      userId: user.id,
      expiresAt: sql`now() + make_interval(mins => ${RESET_LINK_MINUTES})`,
    });
    await enqueueMail(tx, {
      toEmail: user.email,
      template: "password_reset",
      payload,
      userId: user.id,
    });
  });
  return { limited: false };
}

/** Whether a reset link can still be used (for showing the form or an "expired" message). */
export async function isResetTokenUsable(token: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: authPasswordResets.userId })
    .from(authPasswordResets)
    .where(
      and(
        eq(authPasswordResets.tokenHash, hashToken(token)),
        isNull(authPasswordResets.usedAt),
        gt(authPasswordResets.expiresAt, sql`now()`),
      ),
    );
  return Boolean(row);
}

/**
 * Spends the token and sets the password in one transaction. The conditional UPDATE makes the
 * link single-use even when two requests race. Every existing session of the user ends.
 */
export async function resetPasswordWithToken(token: string, newPassword: string): Promise<boolean> {
  const passwordHash = await hashPassword(newPassword);
  return db.transaction(async (tx) => {
    const [spent] = await tx
      .update(authPasswordResets)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(authPasswordResets.tokenHash, hashToken(token)),
          isNull(authPasswordResets.usedAt),
          gt(authPasswordResets.expiresAt, sql`now()`),
        ),
      )
      .returning({ userId: authPasswordResets.userId });
    if (!spent) return false;
    await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, spent.userId));
    // Any other outstanding links for this user die with this one.
    await tx
      .update(authPasswordResets)
      .set({ usedAt: sql`now()` })
      .where(and(eq(authPasswordResets.userId, spent.userId), isNull(authPasswordResets.usedAt)));
    await recordTimeline(tx, { userId: spent.userId, event: "password_changed", summary: "Reset the account password" });
    return true;
  });
}

export type ChangePasswordResult = { ok: true } | { ok: false; field: "currentPassword"; message: string };

/** Changes the password of a signed-in user; their other sessions end on their next request. */
export async function changePassword(userId: string, current: string, next: string): Promise<ChangePasswordResult> {
  const [user] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!user || !(await verifyPassword(user.hash, current))) {
    return { ok: false, field: "currentPassword", message: "That is not your current password." };
  }
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId));
    await recordTimeline(tx, { userId, event: "password_changed", summary: "Changed the account password" });
  });
  return { ok: true };
}
