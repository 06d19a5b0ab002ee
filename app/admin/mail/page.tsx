import Link from "next/link";
import { Pagination, pageParam } from "@/components/pagination";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { requireRole } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { MAIL_STATUSES, mailPage, type MailStatus } from "@/lib/mail/queries";
import { formatDateTime } from "@/lib/time";
import { CancelMailButton, RetryMailButton } from "./buttons";

export const metadata = { title: "Mail queue" };

const badge: Record<MailStatus, string> = {
  queued: "bg-amber-100 text-amber-900",
  sending: "bg-blue-100 text-blue-900",
  sent: "bg-green-100 text-green-800",
  failed: "bg-red-100 text-red-800",
  cancelled: "bg-slate-200 text-slate-800",
};

export default async function MailQueuePage({ searchParams }: PageProps<"/admin/mail">) {
  await requireRole("super_admin", "/admin/mail");
  const params = await searchParams;
  const page = pageParam(params.page);
  const status = MAIL_STATUSES.find((s) => s === params.status) ?? null;
  const { rows, pages, byStatus } = await mailPage(page, status);
  const filterLink = (s: MailStatus | null) => (s ? `/admin/mail?status=${s}` : "/admin/mail");
  return (
    <>
      <PageHeader
        title="Mail queue"
        description={env().RESEND_API_KEY ? "Emails sent through Resend." : "No RESEND_API_KEY: emails are kept here instead of being sent."}
      />
      <nav aria-label="Filter by status" className="flex flex-wrap gap-2">
        {[null, ...MAIL_STATUSES].map((s) => (
          <Link
            key={s ?? "all"}
            href={filterLink(s)}
            aria-current={s === status ? "page" : undefined}
            className={`rounded-full px-3 py-1.5 text-sm font-medium ring-1 ${s === status ? "bg-brand-700 text-white ring-brand-700" : "bg-white ring-slate-300 hover:bg-slate-50"}`}
          >
            {s ?? "All"} {s ? `(${byStatus[s] ?? 0})` : ""}
          </Link>
        ))}
      </nav>
      {rows.length === 0 ? (
        <EmptyState title="No emails here" />
      ) : (
        <ul className="space-y-3">
          {rows.map((m) => (
            <li key={m.id} className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="mail-row">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="min-w-0">
                  <p className="font-semibold break-words">{m.subject}</p>
                  <p className="text-sm text-slate-600 break-all">To {m.toEmail}</p>
                  <p className="text-xs text-slate-600">
                    Queued {formatDateTime(m.createdAt)} · {m.attempts} attempt{m.attempts === 1 ? "" : "s"}
                    {m.sentAt ? ` · sent ${formatDateTime(m.sentAt)}` : ""}
                    {m.status === "queued" && m.attempts > 0 ? ` · next try ${formatDateTime(m.nextAttemptAt)}` : ""}
                  </p>
                </div>
                <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${badge[m.status]}`}>{m.status}</span>
              </div>
              {m.lastError ? <p className="mt-2 text-sm text-red-700 break-words">Last error: {m.lastError}</p> : null}
              <div className="mt-2 flex flex-wrap gap-2">
                {m.status === "failed" || m.status === "cancelled" ? <RetryMailButton id={m.id} /> : null}
                {m.status === "queued" || m.status === "failed" ? <CancelMailButton id={m.id} /> : null}
              </div>
              {m.renderedText ? (
                <details className="mt-2">
                  <summary className="cursor-pointer text-sm font-medium text-brand-700">Show the email</summary>
                  <pre className="mt-2 whitespace-pre-wrap break-words rounded-lg bg-slate-50 p-3 font-sans text-sm">{m.renderedText}</pre>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} href={(p) => `/admin/mail?page=${p}${status ? `&status=${status}` : ""}`} />
    </>
  );
}
