import { formatZar } from "@/lib/money";

type Point = { bucket: string; totalCents: number; vatCents: number };

/** A server-rendered bar chart (no client JavaScript): revenue per bucket, VAT part shaded. */
export function RevenueChart({ series }: { series: Point[] }) {
  if (series.length === 0) return <p className="text-sm text-slate-600">No revenue in this period.</p>;
  const max = Math.max(...series.map((p) => p.totalCents), 1);
  const width = 640;
  const height = 200;
  const gap = 4;
  const bar = Math.max(2, (width - gap * series.length) / series.length);
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height + 24}`} className="h-auto w-full" role="img" aria-label="Revenue per period, VAT shown darker">
        {series.map((p, i) => {
          const h = (p.totalCents / max) * height;
          const vatH = (p.vatCents / max) * height;
          const x = i * (bar + gap);
          return (
            <g key={p.bucket}>
              <title>{`${p.bucket}: ${formatZar(p.totalCents)} (VAT ${formatZar(p.vatCents)})`}</title>
              <rect x={x} y={height - h} width={bar} height={h - vatH} fill="#6366f1" rx={2} />
              <rect x={x} y={height - vatH} width={bar} height={vatH} fill="#312e81" />
              {series.length <= 16 ? (
                <text x={x + bar / 2} y={height + 16} fontSize="10" textAnchor="middle" fill="#475569">{p.bucket.slice(5)}</text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-1 flex gap-4 text-xs text-slate-600">
        <span><span className="mr-1 inline-block size-2 bg-[#6366f1]" />Net of VAT</span>
        <span><span className="mr-1 inline-block size-2 bg-[#312e81]" />VAT</span>
      </figcaption>
      <table className="sr-only">
        <caption>Revenue per period</caption>
        <tbody>{series.map((p) => <tr key={p.bucket}><th>{p.bucket}</th><td>{formatZar(p.totalCents)}</td><td>{formatZar(p.vatCents)}</td></tr>)}</tbody>
      </table>
    </figure>
  );
}
