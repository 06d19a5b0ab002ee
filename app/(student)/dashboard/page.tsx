import { EmptyState, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/current-user";

export const metadata = { title: "My Classbook" };

export default async function StudentHomePage() {
  const user = await requireUser("/dashboard");
  return (
    <>
      <PageHeader title={`Hello, ${user.name.split(" ")[0]}`} description="Your courses, products, bookings and invoices live here." />
      <div className="grid gap-4 md:grid-cols-2">
        <EmptyState title="No courses yet">Courses you buy appear here, ready to start.</EmptyState>
        <EmptyState title="No upcoming bookings">When you book a seat in a live session, it shows here with its time and place.</EmptyState>
      </div>
    </>
  );
}
