import Link from "next/link";
import { formatZar } from "@/lib/money";

export function ItemCard({ href, name, description, priceCents, owned }: { href: string; name: string; description: string; priceCents: number; owned?: boolean }) {
  return (
    <li className="flex">
      <Link
        href={href}
        className="flex w-full flex-col rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 transition hover:ring-brand-600"
      >
        <h2 className="text-lg font-semibold text-slate-900">{name}</h2>
        <p className="mt-2 line-clamp-3 flex-1 text-sm text-slate-600">{description}</p>
        <div className="mt-4 flex items-center justify-between">
          <span className="text-lg font-bold tabular-nums">{priceCents === 0 ? "Free" : formatZar(priceCents)}</span>
          {owned ? <span className="rounded-full bg-green-100 px-2 py-1 text-xs font-semibold text-green-800">You own this</span> : null}
        </div>
      </Link>
    </li>
  );
}
