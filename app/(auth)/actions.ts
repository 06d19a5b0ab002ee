"use server";
import { redirect } from "next/navigation";
import { CredentialsSignin } from "next-auth";
import { z } from "zod";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { users } from "@/db/schema";
import { fields, publicAction, userAction } from "@/lib/actions/action";
import { changePassword, registerStudent, requestPasswordReset, resetPasswordWithToken } from "@/lib/auth/accounts";
import { homePathFor } from "@/lib/auth/current-user";
import { signIn, signOut, unstable_update } from "@/lib/auth";
import { passwordSchema } from "@/lib/auth/password";
import { findUserIdByEmail } from "@/lib/auth/sign-in";
import { safeReturnPath } from "@/lib/auth/return-path";

const signInSchema = z.object({
  email: fields.email(),
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password."),
  callbackUrl: z.string().optional(),
});

export const signInAction = publicAction(signInSchema, async (input) => {
  try {
    await signIn("credentials", { email: input.email, password: input.password, redirect: false });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      const values = { email: input.email, callbackUrl: input.callbackUrl ?? "" };
      if (error.code.startsWith("rate_limited")) {
        const minutes = Number(error.code.split(":")[1] ?? 15);
        return {
          formError: `Too many failed sign-in attempts. For your safety, try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or reset your password.`,
          values,
        };
      }
      if (error.code === "disabled") {
        return { formError: "This account has been disabled. Contact support if you think this is a mistake.", values };
      }
      return { formError: "That email and password do not match an account.", values };
    }
    throw error;
  }
  const id = await findUserIdByEmail(input.email);
  const [user] = id ? await db.select({ role: users.role }).from(users).where(eq(users.id, id)) : [];
  redirect(safeReturnPath(input.callbackUrl) ?? homePathFor(user?.role ?? "student"));
});

const signUpSchema = z
  .object({
    name: fields.text("Your name", 100),
    email: fields.email(),
    password: passwordSchema,
    confirmPassword: z.string(),
    callbackUrl: z.string().optional(),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The two passwords do not match." });

export const signUpAction = publicAction(signUpSchema, async (input) => {
  const result = await registerStudent(input);
  if (!result.ok) {
    return { fieldErrors: { [result.field]: [result.message] }, values: { name: input.name, email: input.email } };
  }
  try {
    await signIn("credentials", { email: input.email, password: input.password, redirect: false });
  } catch (error) {
    // The account exists; if signing in straight away is refused (e.g. a busy IP), sign in by hand.
    if (error instanceof CredentialsSignin) redirect("/sign-in?created=1");
    throw error;
  }
  redirect(safeReturnPath(input.callbackUrl) ?? "/dashboard");
});

export async function signOutAction() {
  await signOut({ redirectTo: "/" });
}

const forgotSchema = z.object({ email: fields.email() });

export const forgotPasswordAction = publicAction(forgotSchema, async (input) => {
  const { limited } = await requestPasswordReset(input.email);
  if (limited) {
    return {
      formError: "We have already sent several reset links to this address. Check your inbox (and spam), or try again in an hour.",
      values: { email: input.email },
    };
  }
  return {
    ok: true,
    message: `If an account exists for ${input.email}, we have emailed it a link to choose a new password. The link works once, for 30 minutes.`,
    values: { email: input.email },
  };
});

const resetSchema = z
  .object({ token: z.string().min(1), password: passwordSchema, confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The two passwords do not match." });

export const resetPasswordAction = publicAction(resetSchema, async (input) => {
  const ok = await resetPasswordWithToken(input.token, input.password);
  if (!ok) {
    return { formError: "This reset link has expired or was already used. Ask for a new one." };
  }
  redirect("/sign-in?reset=1");
});

const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1, "Enter your current password."), password: passwordSchema, confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The two passwords do not match." });

export const changePasswordAction = userAction(changePasswordSchema, async (input, { user }) => {
  const result = await changePassword(user.id, input.currentPassword, input.password);
  if (!result.ok) return { fieldErrors: { [result.field]: [result.message] } };
  // Re-issue this browser's token with the new session version; every other session ends.
  await unstable_update({});
  // A fresh request, so the page is rendered with the re-issued session cookie.
  redirect("/account?password=changed");
});
