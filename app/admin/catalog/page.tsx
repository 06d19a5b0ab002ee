import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { listCatalog } from "@/lib/admin/catalog";
import { requireRole } from "@/lib/auth/current-user";
import { formatZar } from "@/lib/money";

export const metadata = { title: "Catalog" };

const badge = { draft: "bg-slate-200 text-slate-800", published: "bg-green-100 text-green-800", archived: "bg-amber-100 text-amber-900" } as const;

export default async function CatalogPage() {
  await requireRole("super_admin", "/admin/catalog");
  const { courses, products } = await listCatalog();
  const section = (kind: "course" | "product", rows: typeof courses) => (
    <section className="space-y-2" aria-labelledby={`${kind}-list`}>
      <div className="flex items-center justify-between">
        <h2 id={`${kind}-list`} className="text-lg font-semibold">{kind === "course" ? "Courses" : "Products"}</h2>
        <ButtonLink href={`/admin/catalog/new?kind=${kind}`} variant="secondary">New {kind}</ButtonLink>
      </div>
      <ul className="divide-y divide-slate-200 rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
        {rows.map((r) => (
          <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 p-3" data-testid="catalog-row">
            <Link href={`/admin/catalog/${kind}/${r.id}`} className="font-medium text-brand-700 hover:underline">{r.name}</Link>
            <span className="flex items-center gap-3 text-sm">
              <span className="tabular-nums">{r.priceCents === 0 ? "Free" : formatZar(r.priceCents)}</span>
              <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${badge[r.status]}`}>{r.status}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
  return (
    <>
      <PageHeader title="Catalog" description="Courses and products: create, edit, publish and archive." />
      {section("course", courses)}
      {section("product", products)}
    </>
  );
}
