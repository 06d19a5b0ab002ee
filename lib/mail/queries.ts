import "server-only";
import { count, desc, eq } from "drizzle-orm";
import { db } from "@/db";
import { mailQueue, mailStatus } from "@/db/schema";

export const MAIL_PAGE_SIZE = 25;
export type MailStatus = (typeof mailStatus.enumValues)[number];
export const MAIL_STATUSES = mailStatus.enumValues;

export async function mailPage(page: number, status: MailStatus | null) {
  const where = status ? eq(mailQueue.status, status) : undefined;
  const [rows, [total], byStatus] = await Promise.all([
    db
      .select({
        id: mailQueue.id,
        toEmail: mailQueue.toEmail,
        subject: mailQueue.subject,
        template: mailQueue.template,
        status: mailQueue.status,
        attempts: mailQueue.attempts,
        lastError: mailQueue.lastError,
        nextAttemptAt: mailQueue.nextAttemptAt,
        createdAt: mailQueue.createdAt,
        sentAt: mailQueue.sentAt,
        providerMessageId: mailQueue.providerMessageId,
        renderedText: mailQueue.renderedText,
      })
      .from(mailQueue)
      .where(where)
      .orderBy(desc(mailQueue.createdAt), desc(mailQueue.id))
      .limit(MAIL_PAGE_SIZE)
      .offset((page - 1) * MAIL_PAGE_SIZE),
    db.select({ n: count() }).from(mailQueue).where(where),
    db.select({ status: mailQueue.status, n: count() }).from(mailQueue).groupBy(mailQueue.status),
  ]);
  const n = total?.n ?? 0;
  return { rows, pages: Math.max(1, Math.ceil(n / MAIL_PAGE_SIZE)), byStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])) as Partial<Record<MailStatus, number>> };
}
