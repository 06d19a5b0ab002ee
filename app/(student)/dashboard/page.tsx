import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/current-user";
import { bookingsOf } from "@/lib/booking/queries";
import { libraryOf } from "@/lib/payments/queries";
import { formatSlotRange, requestNow } from "@/lib/time";

export const metadata = { title: "My Classbook" };

export default async function StudentHomePage() {
  const user = await requireUser("/dashboard");
  const [library, { bookings }] = await Promise.all([libraryOf(user.id), bookingsOf(user.id)]);
  const now = requestNow();
  const upcoming = bookings.filter((b) => b.booking.status === "booked" && b.slot.endsAt.getTime() > now).reverse().slice(0, 3);
  const tiles = [
    { href: "/library", title: "My library", text: `${library.courses.length} course${library.courses.length === 1 ? "" : "s"}, ${library.products.length} product${library.products.length === 1 ? "" : "s"}` },
    { href: "/bookings", title: "My bookings", text: `${upcoming.length ? `${upcoming.length} upcoming` : "No upcoming bookings"}` },
    { href: "/payments", title: "My payments", text: "Receipts and invoices" },
    { href: "/activity", title: "My activity", text: "Everything that happened, newest first" },
  ];
  return (
    <>
      <PageHeader title={`Hello, ${user.name.split(" ")[0]}`} description="Your courses, products, bookings and invoices live here." />
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {tiles.map((t) => (
          <li key={t.href}>
            <Link href={t.href} className="block rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 hover:ring-brand-600">
              <p className="font-semibold">{t.title}</p>
              <p className="mt-1 text-sm text-slate-600">{t.text}</p>
            </Link>
          </li>
        ))}
      </ul>
      <div className="mt-8 grid gap-4 md:grid-cols-2">
        {library.courses.length === 0 ? (
          <EmptyState title="No courses yet" action={<ButtonLink href="/courses">Browse courses</ButtonLink>}>Courses you buy appear here, ready to start.</EmptyState>
        ) : (
          <Card>
            <h2 className="font-semibold">My courses</h2>
            <ul className="mt-2 space-y-1 text-sm">
              {library.courses.slice(0, 5).map((c) => (
                <li key={c.slug}><Link href={`/courses/${c.slug}`} className="text-brand-700 hover:underline">{c.title}</Link></li>
              ))}
            </ul>
          </Card>
        )}
        {upcoming.length === 0 ? (
          <EmptyState title="No upcoming bookings" action={<ButtonLink href="/sessions" variant="secondary">Find a live session</ButtonLink>}>When you book a seat in a live session, it shows here with its time and place.</EmptyState>
        ) : (
          <Card>
            <h2 className="font-semibold">Next sessions</h2>
            <ul className="mt-2 space-y-2 text-sm">
              {upcoming.map((b) => (
                <li key={b.booking.id}><span className="font-medium">{b.session.title}</span><br />{formatSlotRange(b.slot.startsAt, b.slot.endsAt)}</li>
              ))}
            </ul>
          </Card>
        )}
      </div>
    </>
  );
}
