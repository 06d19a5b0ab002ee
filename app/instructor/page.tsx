import { EmptyState, PageHeader } from "@/components/ui/card";
import { requireRole } from "@/lib/auth/current-user";

export const metadata = { title: "My sessions" };

export default async function InstructorHomePage() {
  const user = await requireRole(["instructor", "super_admin"], "/instructor");
  return (
    <>
      <PageHeader title="My sessions" description={`Signed in as ${user.name}.`} />
      <EmptyState title="No upcoming slots">Slots of the sessions you teach, with their rosters, will appear here.</EmptyState>
    </>
  );
}
