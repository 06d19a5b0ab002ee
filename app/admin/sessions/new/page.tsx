import { Card, PageHeader } from "@/components/ui/card";
import { requireRole } from "@/lib/auth/current-user";
import { sessionFormOptions } from "@/lib/booking/admin-queries";
import { SessionForm } from "../session-form";

export const metadata = { title: "New session" };

export default async function NewSessionPage() {
  await requireRole("super_admin", "/admin/sessions/new");
  const options = await sessionFormOptions();
  return (
    <>
      <PageHeader title="New session" />
      <Card className="max-w-2xl">
        <SessionForm initial={{ title: "", description: "", courseId: "", mode: "in_person", location: "", meetingUrl: "", instructorIds: [] }} {...options} />
      </Card>
    </>
  );
}
