import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/current-user";
import { libraryOf } from "@/lib/payments/queries";
import { formatDate } from "@/lib/time";

export const metadata = { title: "My library" };

export default async function LibraryPage() {
  const user = await requireUser("/library");
  const library = await libraryOf(user.id);
  return (
    <>
      <PageHeader title="My library" description="Everything you have bought, with its invoice." />
      <section aria-labelledby="my-courses" className="space-y-3">
        <h2 id="my-courses" className="text-lg font-semibold">My courses</h2>
        {library.courses.length === 0 ? (
          <EmptyState title="No courses yet" action={<ButtonLink href="/courses">Browse courses</ButtonLink>} />
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2">
            {library.courses.map((c) => (
              <li key={c.slug}>
                <Card>
                  <Link href={`/courses/${c.slug}`} className="font-semibold text-slate-900 hover:underline">
                    {c.title}
                  </Link>
                  <p className="mt-1 text-sm text-slate-600">Enrolled {formatDate(c.enrolledAt)}</p>
                  {c.invoiceId ? (
                    <Link href={`/invoices/${c.invoiceId}`} className="mt-2 inline-block text-sm font-medium text-brand-700 hover:underline">
                      Invoice {c.invoiceNumber}
                    </Link>
                  ) : null}
                </Card>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="my-products" className="mt-8 space-y-3">
        <h2 id="my-products" className="text-lg font-semibold">My products</h2>
        {library.products.length === 0 ? (
          <EmptyState title="No products yet" action={<ButtonLink href="/products">Browse products</ButtonLink>} />
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2">
            {library.products.map((p, i) => (
              <li key={`${p.slug}-${i}`}>
                <Card>
                  <Link href={`/products/${p.slug}`} className="font-semibold text-slate-900 hover:underline">
                    {p.name}
                  </Link>
                  <p className="mt-1 text-sm text-slate-600">Bought {formatDate(p.boughtAt)}</p>
                  {p.invoiceId ? (
                    <Link href={`/invoices/${p.invoiceId}`} className="mt-2 inline-block text-sm font-medium text-brand-700 hover:underline">
                      Invoice {p.invoiceNumber}
                    </Link>
                  ) : null}
                </Card>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
