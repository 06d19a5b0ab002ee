import { notFound } from "next/navigation";
import Link from "next/link";
import { SlotRow } from "@/components/slot-row";
import { ButtonLink } from "@/components/ui/button";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { getCurrentUser } from "@/lib/auth/current-user";
import { sessionWithSlots } from "@/lib/booking/queries";
import { env } from "@/lib/env";
import { ownsCourse } from "@/lib/payments/catalog";
import { requestNow } from "@/lib/time";
import { BookButton, WaitlistButton } from "../../bookings/booking-buttons";

export const metadata = { title: "Session" };

export default async function SessionPage({ params }: PageProps<"/sessions/[id]">) {
  const { id } = await params;
  const user = await getCurrentUser();
  const data = await sessionWithSlots(id, user?.id ?? null);
  if (!data) notFound();
  const { session, course } = data;
  const needsCourse = Boolean(course?.id) && (!user || !(await ownsCourse(user.id, course!.id)));
  const zone = env().PLATFORM_TIMEZONE;
  const noticeMs = env().BOOKING_MIN_NOTICE_MINUTES * 60_000;
  return (
    <>
      <PageHeader title={session.title} description={session.description} />
      <div className="mb-6 space-y-1 text-sm text-slate-700">
        <p>{session.mode === "online" ? "Online: the meeting link is in your booking confirmation." : `Where: ${session.location}`}</p>
        {data.instructors.length ? <p>With {data.instructors.map((i) => i.name).join(" and ")}</p> : null}
      </div>
      {needsCourse && course ? (
        <div className="mb-6">
          <Alert tone="info">
            This session is for students of <strong>{course.title}</strong>.{" "}
            <Link href={`/courses/${course.slug}`} className="font-semibold underline">
              Get the course
            </Link>{" "}
            to book a seat.
          </Alert>
        </div>
      ) : null}
      {data.slots.length === 0 ? (
        <Card>No upcoming slots. Check back soon.</Card>
      ) : (
        <ul className="space-y-3">
          {data.slots.map((slot) => {
            const left = slot.capacity - slot.bookedCount - slot.heldCount;
            const booked = data.myBookings.get(slot.id);
            const waiting = data.myWaitlist.get(slot.id);
            const closed = slot.startsAt.getTime() - requestNow() < noticeMs;
            return (
              <SlotRow
                key={slot.id}
                testId="slot"
                startsAt={slot.startsAt}
                endsAt={slot.endsAt}
                zone={zone}
                seats={slot.status === "cancelled" ? "Cancelled" : left > 0 ? `${left} of ${slot.capacity} seats left` : "Full"}
                action={
                  slot.status === "cancelled" ? null : booked ? (
                    <ButtonLink href="/bookings" variant="secondary">
                      You&apos;re booked · My bookings
                    </ButtonLink>
                  ) : waiting ? (
                    <p className="text-sm font-medium text-brand-700">{waiting.status === "offered" ? "A seat is held for you: see My bookings" : "You are on the waitlist"}</p>
                  ) : !user ? (
                    <ButtonLink href={`/sign-in?callbackUrl=${encodeURIComponent(`/sessions/${session.id}`)}`}>Sign in to book</ButtonLink>
                  ) : needsCourse || closed ? (
                    <p className="text-sm text-slate-600">{closed ? "Bookings closed" : "Course students only"}</p>
                  ) : left > 0 ? (
                    <BookButton slotId={slot.id} />
                  ) : (
                    <WaitlistButton slotId={slot.id} />
                  )
                }
              />
            );
          })}
        </ul>
      )}
    </>
  );
}
