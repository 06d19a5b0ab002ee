import Link from "next/link";
import { notFound } from "next/navigation";
import { ButtonLink } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { getCurrentUser } from "@/lib/auth/current-user";
import { formatZar, vatInclusiveSplit } from "@/lib/money";
import { findItem, ownsCourse, type ItemKind } from "@/lib/payments/catalog";
import { env } from "@/lib/env";
import { BuyButton } from "./buy-button";

export async function ItemPage({ kind, slug }: { kind: ItemKind; slug: string }) {
  const item = await findItem(kind, slug);
  if (!item || item.status === "draft") notFound();
  const user = await getCurrentUser();
  const owned = kind === "course" && user ? await ownsCourse(user.id, item.id) : false;
  const path = `/${kind === "course" ? "courses" : "products"}/${item.slug}`;
  const split = vatInclusiveSplit(item.priceCents, env().VAT_RATE_BASIS_POINTS);
  const free = item.priceCents === 0;
  return (
    <article className="mx-auto max-w-3xl">
      <Link href={kind === "course" ? "/courses" : "/products"} className="text-sm font-medium text-brand-700 hover:underline">
        ← All {kind === "course" ? "courses" : "products"}
      </Link>
      <h1 className="mt-3 text-3xl font-bold tracking-tight">{item.name}</h1>
      <p className="mt-3 text-lg text-slate-700">{item.description}</p>
      <div className="mt-6 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <p className="text-3xl font-extrabold tabular-nums" data-testid="price">
          {free ? "Free" : formatZar(item.priceCents)}
        </p>
        {!free ? <p className="mt-1 text-sm text-slate-600">Includes VAT of {formatZar(split.vatCents)}</p> : null}
        <div className="mt-5">
          {owned ? (
            <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
              <span className="rounded-full bg-green-100 px-3 py-1 text-sm font-semibold text-green-800">You own this</span>
              <ButtonLink href="/library" variant="secondary">
                Go to My courses
              </ButtonLink>
            </div>
          ) : item.status === "archived" ? (
            <Alert tone="info">This {kind} is no longer for sale.</Alert>
          ) : user ? (
            <BuyButton kind={kind} slug={item.slug} label={free ? "Enroll for free" : `Buy for ${formatZar(item.priceCents)}`} />
          ) : (
            <ButtonLink href={`/sign-in?callbackUrl=${encodeURIComponent(path)}`}>Sign in to buy</ButtonLink>
          )}
        </div>
        {!free && item.status === "published" && !owned ? (
          <p className="mt-4 text-xs text-slate-600">Secure payment by PayFast: card, instant EFT and more. You get an invoice by email.</p>
        ) : null}
      </div>
    </article>
  );
}
