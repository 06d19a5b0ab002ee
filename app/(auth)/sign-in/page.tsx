import Link from "next/link";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/card";
import { getCurrentUser, homePathFor } from "@/lib/auth/current-user";
import { safeReturnPath } from "@/lib/auth/return-path";
import { AuthCard } from "../auth-card";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(typeof params.callbackUrl === "string" ? params.callbackUrl : null) ?? undefined;
  const user = await getCurrentUser();
  if (user) redirect(callbackUrl ?? homePathFor(user.role));
  const signUpHref = callbackUrl ? `/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/sign-up";
  return (
    <AuthCard
      title="Sign in"
      subtitle="Welcome back to Classbook."
      footer={
        <>
          New here?{" "}
          <Link href={signUpHref} className="font-semibold text-brand-700 hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      {params.reset === "1" ? (
        <div className="mb-4">
          <Alert tone="success">Your password has been changed. Sign in with the new one.</Alert>
        </div>
      ) : null}
      {params.created === "1" ? (
        <div className="mb-4">
          <Alert tone="success">Your account is ready. Sign in to continue.</Alert>
        </div>
      ) : null}
      <SignInForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
