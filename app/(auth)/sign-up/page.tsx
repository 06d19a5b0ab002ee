import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser, homePathFor } from "@/lib/auth/current-user";
import { safeReturnPath } from "@/lib/auth/return-path";
import { AuthCard } from "../auth-card";
import { SignUpForm } from "./sign-up-form";

export const metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: PageProps<"/sign-up">) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(typeof params.callbackUrl === "string" ? params.callbackUrl : null) ?? undefined;
  const user = await getCurrentUser();
  if (user) redirect(callbackUrl ?? homePathFor(user.role));
  return (
    <AuthCard
      title="Create your account"
      subtitle="Buy courses, book live sessions and keep your invoices in one place."
      footer={
        <>
          Already have an account?{" "}
          <Link href="/sign-in" className="font-semibold text-brand-700 hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
