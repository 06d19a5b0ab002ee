import { ButtonLink } from "@/components/ui/button";
import { getCurrentUser, homePathFor } from "@/lib/auth/current-user";

export default async function HomePage() {
  const user = await getCurrentUser();
  return (
    <section className="mx-auto max-w-3xl py-8 text-center sm:py-16">
      <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">Learn online · Meet in person</p>
      <h1 className="mt-3 text-4xl font-extrabold tracking-tight text-slate-900 sm:text-5xl">
        Courses, workbooks and live sessions, all in one place.
      </h1>
      <p className="mx-auto mt-4 max-w-xl text-lg text-slate-600">
        Buy a course or a product, pay securely with PayFast, and book your seat in a live session with an instructor.
      </p>
      <div className="mt-8 flex flex-col justify-center gap-3 sm:flex-row">
        {user ? (
          <ButtonLink href={homePathFor(user.role)}>Go to my Classbook</ButtonLink>
        ) : (
          <>
            <ButtonLink href="/sign-up">Create a free account</ButtonLink>
            <ButtonLink href="/sign-in" variant="secondary">
              Sign in
            </ButtonLink>
          </>
        )}
      </div>
    </section>
  );
}
