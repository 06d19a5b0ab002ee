import { eq } from "drizzle-orm";
import { notFound } from "next/navigation";
import { Pagination, pageParam } from "@/components/pagination";
import { TimelineList } from "@/components/timeline-list";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { db } from "@/db";
import { users } from "@/db/schema";
import { requireRole } from "@/lib/auth/current-user";
import { timelinePage } from "@/lib/timeline/queries";

export const metadata = { title: "Student" };

export default async function AdminStudentPage({ params, searchParams }: PageProps<"/admin/students/[id]">) {
  await requireRole("super_admin", "/admin");
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const [student] = await db.select({ name: users.name, email: users.email, role: users.role }).from(users).where(eq(users.id, id));
  if (!student) notFound();
  const page = pageParam((await searchParams).page);
  const { rows, pages } = await timelinePage(id, page);
  return (
    <>
      <PageHeader title={student.name} description={`${student.email} · ${student.role}`} />
      <h2 className="text-lg font-semibold">Timeline</h2>
      {rows.length === 0 ? <EmptyState title="No activity yet" /> : <TimelineList rows={rows} />}
      <Pagination page={page} pages={pages} href={(p) => `/admin/students/${id}?page=${p}`} />
    </>
  );
}
