import Link from "next/link";
import { DataTable } from "@/components/admin/data-table";
import { PageHeader } from "@/components/ui/card";
import { userParams, usersPage } from "@/lib/admin/users-table";
import { requireRole } from "@/lib/auth/current-user";
import { formatDate } from "@/lib/time";

export const metadata = { title: "Students and users" };

const roleLabel = { student: "Student", instructor: "Instructor", super_admin: "Super admin" } as const;

export default async function AdminUsersPage({ searchParams }: PageProps<"/admin/users">) {
  await requireRole("super_admin", "/admin/users");
  const params = userParams(await searchParams);
  const { rows, total, pages } = await usersPage(params);
  return (
    <>
      <PageHeader title="Students and users" />
      <DataTable
        base="/admin/users"
        exportHref="/admin/export/users"
        state={params}
        searchLabel="Search name or email"
        filters={[
          { name: "role", label: "Role", options: Object.entries(roleLabel).map(([value, label]) => ({ value, label })) },
          { name: "state", label: "Account", options: [{ value: "active", label: "Active" }, { value: "disabled", label: "Disabled" }] },
        ]}
        columns={[
          { key: "name", label: "Name", sortable: true },
          { key: "email", label: "Email", sortable: true },
          { key: "role", label: "Role" },
          { key: "state", label: "Account" },
          { key: "created", label: "Joined", sortable: true },
        ]}
        rows={rows.map((u) => ({
          id: u.id,
          cells: [
            <Link key="n" href={`/admin/students/${u.id}`} className="text-brand-700 hover:underline">{u.name}</Link>,
            <span key="e" className="break-all">{u.email}</span>,
            roleLabel[u.role],
            u.disabledAt ? "Disabled" : "Active",
            formatDate(u.createdAt),
          ],
        }))}
        total={total}
        pages={pages}
      />
    </>
  );
}
