import { Alert, Card, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/current-user";
import { PasswordForm } from "./password-form";

export const metadata = { title: "Account" };

const roleLabel = { student: "Student", instructor: "Instructor", super_admin: "Super admin" } as const;

export default async function AccountPage({ searchParams }: PageProps<"/account">) {
  const user = await requireUser("/account");
  const { password } = await searchParams;
  return (
    <>
      <PageHeader title="Account" />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="text-lg font-semibold">Profile</h2>
          <dl className="mt-4 space-y-3 text-sm">
            <div>
              <dt className="text-slate-600">Name</dt>
              <dd className="font-medium">{user.name}</dd>
            </div>
            <div>
              <dt className="text-slate-600">Email</dt>
              <dd className="font-medium break-all">{user.email}</dd>
            </div>
            <div>
              <dt className="text-slate-600">Role</dt>
              <dd className="font-medium">{roleLabel[user.role]}</dd>
            </div>
          </dl>
        </Card>
        <Card>
          <h2 className="text-lg font-semibold">Change password</h2>
          <p className="mt-1 text-sm text-slate-600">Changing it signs you out on every other device.</p>
          <div className="mt-4 space-y-4">
            {password === "changed" ? (
              <Alert tone="success">Password changed. You have been signed out everywhere else.</Alert>
            ) : null}
            <PasswordForm />
          </div>
        </Card>
      </div>
    </>
  );
}
