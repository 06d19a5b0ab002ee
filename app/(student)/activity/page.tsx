import { Pagination, pageParam } from "@/components/pagination";
import { TimelineList } from "@/components/timeline-list";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/current-user";
import { timelinePage } from "@/lib/timeline/queries";

export const metadata = { title: "My activity" };

export default async function ActivityPage({ searchParams }: PageProps<"/activity">) {
  const user = await requireUser("/activity");
  const page = pageParam((await searchParams).page);
  const { rows, pages } = await timelinePage(user.id, page);
  return (
    <>
      <PageHeader title="My activity" description="Payments, purchases, emails and bookings, newest first." />
      {rows.length === 0 ? <EmptyState title="Nothing yet" /> : <TimelineList rows={rows} />}
      <Pagination page={page} pages={pages} href={(p) => `/activity?page=${p}`} />
    </>
  );
}
