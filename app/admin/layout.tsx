import { requireRole } from "@/lib/auth/current-user";

// Every admin page also checks for itself (pages render in parallel with layouts); this layout
// adds the same check so nothing under /admin renders for anyone but a super admin.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await requireRole("super_admin", "/admin");
  return <div className="space-y-6">{children}</div>;
}
