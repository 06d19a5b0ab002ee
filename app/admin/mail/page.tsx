import { DataTable } from "@/components/admin/data-table";
import { PageHeader } from "@/components/ui/card";
import { mailStatus } from "@/db/schema";
import { mailParams, mailTablePage } from "@/lib/admin/mail-table";
import { requireRole } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { MAIL_TEMPLATES } from "@/lib/mail/templates";
import { formatDateTime } from "@/lib/time";
import { CancelMailButton, RetryMailButton } from "./buttons";

export const metadata = { title: "Mail queue" };

type MailStatus = (typeof mailStatus.enumValues)[number];

const badge: Record<MailStatus, string> = {
  queued: "bg-amber-100 text-amber-900",
  sending: "bg-blue-100 text-blue-900",
  sent: "bg-green-100 text-green-800",
  failed: "bg-red-100 text-red-800",
  cancelled: "bg-slate-200 text-slate-800",
};

export default async function MailQueuePage({ searchParams }: PageProps<"/admin/mail">) {
  await requireRole("super_admin", "/admin/mail");
  const params = mailParams(await searchParams);
  const { rows, total, pages, byStatus } = await mailTablePage(params);
  return (
    <>
      <PageHeader
        title="Mail queue"
        description={env().RESEND_API_KEY ? "Emails sent through Resend." : "No RESEND_API_KEY: emails are kept here instead of being sent."}
      />
      <DataTable
        base="/admin/mail"
        exportHref="/admin/export/mail"
        state={params}
        searchLabel="Search recipient email or subject"
        dateRange
        filters={[
          {
            name: "status",
            label: "Status",
            // Counts for the statuses that need a look (sent, nearly every row, is not counted).
            options: mailStatus.enumValues.map((s) => ({ value: s, label: s === "sent" ? s : `${s} (${(byStatus[s] ?? 0).toLocaleString("en-ZA")})` })),
          },
          { name: "template", label: "Template", options: MAIL_TEMPLATES.map((t) => ({ value: t, label: t.replace(/_/g, " ") })) },
        ]}
        columns={[
          { key: "message", label: "Email" },
          { key: "status", label: "Status", sortable: true },
          { key: "template", label: "Template" },
          { key: "attempts", label: "Attempts", align: "right" },
          { key: "created", label: "Queued", sortable: true },
        ]}
        rows={rows.map((m) => ({
          id: m.id,
          cells: [
            <div key="m" className="min-w-56 max-w-md" data-testid="mail-row">
              <p className="font-semibold break-words">{m.subject}</p>
              <p className="text-slate-600 break-all">To {m.toEmail}</p>
              {m.lastError ? <p className="mt-1 text-red-700 break-words">Last error: {m.lastError}</p> : null}
              {m.status === "queued" && m.attempts > 0 ? <p className="text-xs text-slate-600">Next try {formatDateTime(m.nextAttemptAt)}</p> : null}
              {m.status === "failed" || m.status === "cancelled" || m.status === "queued" ? (
                <div className="mt-2 flex flex-wrap gap-2">
                  {m.status === "failed" || m.status === "cancelled" ? <RetryMailButton id={m.id} /> : null}
                  {m.status === "queued" || m.status === "failed" ? <CancelMailButton id={m.id} /> : null}
                </div>
              ) : null}
              {m.renderedText ? (
                <details className="mt-2">
                  <summary className="cursor-pointer font-medium text-brand-700">Show the email</summary>
                  <pre className="mt-2 whitespace-pre-wrap break-words rounded-lg bg-slate-50 p-3 font-sans text-sm">{m.renderedText}</pre>
                </details>
              ) : null}
            </div>,
            <span key="s" className={`rounded-full px-2 py-0.5 text-xs font-semibold ${badge[m.status]}`} data-testid="mail-status">{m.status}</span>,
            m.template,
            m.attempts,
            <span key="c" className="whitespace-nowrap">
              {formatDateTime(m.createdAt)}
              {m.sentAt ? <span className="block text-xs text-slate-600">sent {formatDateTime(m.sentAt)}</span> : null}
            </span>,
          ],
        }))}
        total={total}
        pages={pages}
      />
    </>
  );
}
