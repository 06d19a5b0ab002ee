import Link from "next/link";
import type { ReactNode } from "react";
import { tableHref } from "@/lib/admin/table-params";

export type Column = { key: string; label: string; sortable?: boolean; align?: "right" };
export type Filter = { name: string; label: string; options: { value: string; label: string }[] };

type State = { q: string; sort: string; dir: "asc" | "desc"; page: number; filters: Record<string, string | null>; from?: Date | null; to?: Date | null };

const day = (d: Date | null | undefined) => (d ? new Date(d.getTime() + 2 * 3_600_000).toISOString().slice(0, 10) : "");

/**
 * A server-rendered admin table: search, filters and date range as a GET form, sortable headers,
 * pagination and a CSV link that carries the same filters. Works without JavaScript.
 */
export function DataTable({
  base,
  exportHref,
  state,
  columns,
  filters = [],
  dateRange = false,
  searchLabel,
  rows,
  pages,
  total,
}: {
  base: string;
  exportHref?: string;
  state: State;
  columns: Column[];
  filters?: Filter[];
  dateRange?: boolean;
  searchLabel: string;
  rows: { id: string; cells: ReactNode[] }[];
  pages: number;
  total: number;
}) {
  const current = { q: state.q, sort: state.sort, dir: state.dir, ...state.filters, from: day(state.from), to: day(state.to) };
  const input = "mt-1 block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base sm:text-sm";
  return (
    <div className="space-y-4">
      <form method="get" action={base} className="grid gap-3 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-4">
        <div className="sm:col-span-2">
          <label htmlFor="table-q" className="block text-sm font-medium">{searchLabel}</label>
          <input id="table-q" name="q" type="search" defaultValue={state.q} className={input} />
        </div>
        {filters.map((f) => (
          <div key={f.name}>
            <label htmlFor={`filter-${f.name}`} className="block text-sm font-medium">{f.label}</label>
            <select id={`filter-${f.name}`} name={f.name} defaultValue={state.filters[f.name] ?? ""} className={input}>
              <option value="">All</option>
              {f.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
            </select>
          </div>
        ))}
        {dateRange ? (
          <>
            <div>
              <label htmlFor="table-from" className="block text-sm font-medium">From</label>
              <input id="table-from" name="from" type="date" defaultValue={day(state.from)} className={input} />
            </div>
            <div>
              <label htmlFor="table-to" className="block text-sm font-medium">To</label>
              <input id="table-to" name="to" type="date" defaultValue={day(state.to)} className={input} />
            </div>
          </>
        ) : null}
        <input type="hidden" name="sort" value={state.sort} />
        <input type="hidden" name="dir" value={state.dir} />
        <div className="flex items-end gap-2">
          <button type="submit" className="min-h-11 rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-800">Apply</button>
          <Link href={base} className="inline-flex min-h-11 items-center rounded-lg px-3 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-50">Reset</Link>
        </div>
      </form>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <p className="text-slate-700" data-testid="table-total">{total.toLocaleString("en-ZA")} result{total === 1 ? "" : "s"}</p>
        {exportHref ? (
          <a href={tableHref(exportHref, current, {})} className="font-semibold text-brand-700 hover:underline" data-testid="export-csv">Export CSV</a>
        ) : null}
      </div>
      <div className="overflow-x-auto rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
        <table className="w-full min-w-[640px] text-left text-sm">
          <thead className="border-b border-slate-200 bg-slate-50">
            <tr>
              {columns.map((c) => {
                const active = state.sort === c.key;
                const nextDir = active && state.dir === "desc" ? "asc" : "desc";
                return (
                  <th key={c.key} scope="col" className={`px-3 py-2 font-semibold ${c.align === "right" ? "text-right" : ""}`} aria-sort={active ? (state.dir === "asc" ? "ascending" : "descending") : undefined}>
                    {c.sortable ? (
                      <Link href={tableHref(base, current, { sort: c.key, dir: nextDir, page: null })} className="hover:underline">
                        {c.label} {active ? (state.dir === "asc" ? "↑" : "↓") : ""}
                      </Link>
                    ) : (
                      c.label
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr><td colSpan={columns.length} className="px-3 py-8 text-center text-slate-600">Nothing matches these filters.</td></tr>
            ) : (
              rows.map((r) => (
                <tr key={r.id} className="border-b border-slate-100 last:border-0" data-testid="table-row">
                  {r.cells.map((cell, i) => (
                    <td key={i} className={`px-3 py-2 align-top ${columns[i]?.align === "right" ? "text-right tabular-nums" : ""}`}>{cell}</td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav aria-label="Pagination" className="flex items-center justify-between">
          {state.page > 1 ? <Link className="min-h-11 inline-flex items-center rounded-lg px-4 text-sm ring-1 ring-slate-300" href={tableHref(base, current, { page: state.page - 1 })}>← Previous</Link> : <span />}
          <span className="text-sm text-slate-600">Page {state.page} of {pages}</span>
          {state.page < pages ? <Link className="min-h-11 inline-flex items-center rounded-lg px-4 text-sm ring-1 ring-slate-300" href={tableHref(base, current, { page: state.page + 1 })}>Next →</Link> : <span />}
        </nav>
      ) : null}
    </div>
  );
}
