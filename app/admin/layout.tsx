import Link from "next/link";
import { requireRole } from "@/lib/auth/current-user";

const sections = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/notifications", label: "Notifications" },
  { href: "/admin/payments", label: "Payments" },
  { href: "/admin/invoices", label: "Invoices" },
  { href: "/admin/enrollments", label: "Enrollments" },
  { href: "/admin/users", label: "Students" },
  { href: "/admin/catalog", label: "Catalog" },
  { href: "/admin/sessions", label: "Sessions" },
  { href: "/admin/mail", label: "Mail queue" },
  { href: "/admin/health", label: "Payment health" },
  { href: "/admin/audit", label: "Audit trail" },
];

// Every admin page also checks for itself (pages render in parallel with layouts); this layout
// adds the same check so nothing under /admin renders for anyone but a super admin.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await requireRole("super_admin", "/admin");
  return (
    <div className="space-y-6">
      <nav aria-label="Admin" className="flex flex-wrap gap-2 border-b border-slate-200 pb-3">
        {sections.map((s) => (
          <Link key={s.href} href={s.href} className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">
            {s.label}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}
