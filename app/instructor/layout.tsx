import { requireRole } from "@/lib/auth/current-user";

export default async function InstructorLayout({ children }: { children: React.ReactNode }) {
  await requireRole(["instructor", "super_admin"], "/instructor");
  return <div className="space-y-6">{children}</div>;
}
