import "server-only";
import { eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { type Role, users } from "@/db/schema";
import { audit } from "./audit";

export type UserChange = { ok: true } | { ok: false; message: string };

/** A new role takes effect at once, and the user's existing sessions end (session version bump). */
export async function changeRole(actorId: string, userId: string, role: Role): Promise<UserChange> {
  if (actorId === userId) return { ok: false, message: "You cannot change your own role." };
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ role: users.role }).from(users).where(eq(users.id, userId)).for("update");
    if (!before) return { ok: false as const, message: "That user no longer exists." };
    if (before.role === role) return { ok: false as const, message: `This user already has that role.` };
    await tx.update(users).set({ role, sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, userId));
    await audit(tx, { actorId, action: "user.role_changed", entityType: "user", entityId: userId, before: { role: before.role }, after: { role } });
    return { ok: true as const };
  });
}

/** Disabling signs the user out everywhere and refuses new sign-ins; enabling lets them back. */
export async function setDisabled(actorId: string, userId: string, disabled: boolean): Promise<UserChange> {
  if (actorId === userId) return { ok: false, message: "You cannot disable your own account." };
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId)).for("update");
    if (!before) return { ok: false as const, message: "That user no longer exists." };
    if (Boolean(before.disabledAt) === disabled) return { ok: true as const };
    await tx
      .update(users)
      .set({ disabledAt: disabled ? sql`now()` : null, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId));
    await audit(tx, {
      actorId,
      action: disabled ? "user.disabled" : "user.enabled",
      entityType: "user",
      entityId: userId,
      before: { disabled: Boolean(before.disabledAt) },
      after: { disabled },
    });
    return { ok: true as const };
  });
}
