import { desc } from "drizzle-orm";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { db } from "@/db";
import { mailQueue } from "@/db/schema";
import { env } from "@/lib/env";
import { withInvoiceNumber } from "@/lib/mail/late-fields";
import { renderMail } from "@/lib/mail/render";

export const metadata = { title: "Development outbox" };

// Demo only: with no email provider configured, this is where emails can be read.
export default async function OutboxPage() {
  await connection();
  if (!env().demo || env().RESEND_API_KEY) notFound();
  const mails = await db.select().from(mailQueue).orderBy(desc(mailQueue.createdAt)).limit(50);
  return (
    <>
      <PageHeader title="Development outbox" description="Emails Classbook would have sent. Shown only in demo mode without an email provider." />
      {mails.length === 0 ? (
        <EmptyState title="No emails yet" />
      ) : (
        <ul className="space-y-4">
          {await Promise.all(mails.map(async (m) => {
            let body = m.renderedText;
            if (!body) {
              body = await renderMail(m.template, await withInvoiceNumber(m.payload)).then(
                (r) => r.text,
                (e: unknown) => `Could not render: ${e instanceof Error ? e.message : String(e)}`,
              );
            }
            return (
              <li key={m.id}>
                <Card>
                  <p className="text-xs text-slate-600">
                    To <span className="font-medium">{m.toEmail}</span> · {m.createdAt.toISOString()} · {m.status}
                  </p>
                  <h2 className="mt-1 font-semibold">{m.subject}</h2>
                  <pre className="mt-3 whitespace-pre-wrap break-words font-sans text-sm text-slate-800" data-testid="outbox-body">
                    {body}
                  </pre>
                </Card>
              </li>
            );
          }))}
        </ul>
      )}
    </>
  );
}
