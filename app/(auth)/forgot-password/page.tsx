import Link from "next/link";
import { env } from "@/lib/env";
import { AuthCard } from "../auth-card";
import { ForgotForm } from "./forgot-form";

export const metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  const showOutbox = env().demo && !env().RESEND_API_KEY;
  return (
    <AuthCard
      title="Reset your password"
      subtitle="Enter the email you signed up with and we will send you a link to choose a new password."
      footer={
        <>
          <Link href="/sign-in" className="font-semibold text-brand-700 hover:underline">
            Back to sign in
          </Link>
          {showOutbox ? (
            <p className="mt-2 text-slate-600">
              Demo: emails are not sent; read them in the{" "}
              <Link href="/dev/outbox" className="font-semibold text-brand-700 hover:underline">
                development outbox
              </Link>
              .
            </p>
          ) : null}
        </>
      }
    >
      <ForgotForm />
    </AuthCard>
  );
}
