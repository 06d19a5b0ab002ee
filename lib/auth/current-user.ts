import "server-only";
import { cache } from "react";
import { eq } from "drizzle-orm";
import { forbidden, redirect } from "next/navigation";
import { db } from "@/db";
import { type Role, users } from "@/db/schema";
import { auth } from "./index";

export type CurrentUser = { id: string; name: string; email: string; role: Role };

/**
 * The signed-in user, read once per request. A session whose version is older than the user's
 * (password or role changed since) or whose account is disabled counts as signed out.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const [user] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      sessionVersion: users.sessionVersion,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .where(eq(users.id, id));
  if (!user || user.disabledAt || user.sessionVersion !== session.sessionVersion) return null;
  return { id: user.id, name: user.name, email: user.email, role: user.role };
});

/** For pages: sends anonymous visitors to sign in and back. */
export async function requireUser(returnTo?: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(returnTo ? `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}` : "/sign-in");
  return user;
}

/** For pages: anonymous → sign in; signed in without the role → 403 page. */
export async function requireRole(roles: Role | Role[], returnTo?: string): Promise<CurrentUser> {
  const user = await requireUser(returnTo);
  if (!hasRole(user, roles)) forbidden();
  return user;
}

export function hasRole(user: Pick<CurrentUser, "role"> | null, roles: Role | Role[]): boolean {
  if (!user) return false;
  return (Array.isArray(roles) ? roles : [roles]).includes(user.role);
}

export function homePathFor(role: Role): string {
  return role === "super_admin" ? "/admin" : role === "instructor" ? "/instructor" : "/dashboard";
}
