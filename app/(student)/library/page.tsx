import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/current-user";
import { libraryOf } from "@/lib/payments/queries";
import { formatDate } from "@/lib/time";

export const metadata = { title: "My library" };

type Owned = { key: string; title: string; href: string; when: string; invoiceId: string | null; invoiceNumber: string | null };

function OwnedList({ id, heading, empty, browse, items }: { id: string; heading: string; empty: string; browse: string; items: Owned[] }) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-lg font-semibold">{heading}</h2>
      {items.length === 0 ? (
        <EmptyState title={empty} action={<ButtonLink href={browse}>{`Browse ${heading.replace("My ", "")}`}</ButtonLink>} />
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {items.map((item) => (
            <li key={item.key}>
              <Card>
                <Link href={item.href} className="font-semibold text-slate-900 hover:underline">{item.title}</Link>
                <p className="mt-1 text-sm text-slate-600">{item.when}</p>
                {item.invoiceId ? (
                  <Link href={`/invoices/${item.invoiceId}`} className="mt-2 inline-block text-sm font-medium text-brand-700 hover:underline">
                    Invoice {item.invoiceNumber}
                  </Link>
                ) : null}
              </Card>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default async function LibraryPage() {
  const user = await requireUser("/library");
  const library = await libraryOf(user.id);
  return (
    <>
      <PageHeader title="My library" description="Everything you have bought, with its invoice." />
      <OwnedList
        id="my-courses"
        heading="My courses"
        empty="No courses yet"
        browse="/courses"
        items={library.courses.map((c) => ({ key: c.slug, title: c.title, href: `/courses/${c.slug}`, when: `Enrolled ${formatDate(c.enrolledAt)}`, invoiceId: c.invoiceId, invoiceNumber: c.invoiceNumber }))}
      />
      <div className="mt-8">
        <OwnedList
          id="my-products"
          heading="My products"
          empty="No products yet"
          browse="/products"
          items={library.products.map((p, i) => ({ key: `${p.slug}-${i}`, title: p.name, href: `/products/${p.slug}`, when: `Bought ${formatDate(p.boughtAt)}`, invoiceId: p.invoiceId, invoiceNumber: p.invoiceNumber }))}
        />
      </div>
    </>
  );
}
