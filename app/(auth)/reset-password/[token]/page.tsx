import Link from "next/link";
import { Alert } from "@/components/ui/card";
import { isResetTokenUsable } from "@/lib/auth/accounts";
import { AuthCard } from "../../auth-card";
import { ResetForm } from "./reset-form";

export const metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ params }: PageProps<"/reset-password/[token]">) {
  const { token } = await params;
  const usable = token.length <= 200 && (await isResetTokenUsable(token));
  return (
    <AuthCard title="Choose a new password">
      {usable ? (
        <ResetForm token={token} />
      ) : (
        <div className="space-y-4">
          <Alert tone="error">This reset link has expired or was already used.</Alert>
          <Link href="/forgot-password" className="font-semibold text-brand-700 hover:underline">
            Ask for a new link
          </Link>
        </div>
      )}
    </AuthCard>
  );
}
