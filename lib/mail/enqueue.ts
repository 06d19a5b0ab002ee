import { z } from "zod";
import { mailQueue } from "@/db/schema";
import type { Executor } from "@/db";
import { mailSubject } from "./render";
import type { MailTemplate } from "./templates";

export type { MailTemplate };

export type EnqueueMail = Omit<typeof mailQueue.$inferInsert, "template" | "status" | "attempts" | "subject"> & {
  template: MailTemplate;
};

export class InvalidRecipientError extends Error {
  constructor(address: string) {
    super(`Cannot send email to "${address}": it is not a valid email address.`);
  }
}

/** The queue row for an email, or the reason it cannot be queued (a bad recipient is refused here, not discovered by the worker). */
const emailAddress = z.email();

export function mailRow(mail: EnqueueMail): typeof mailQueue.$inferInsert | InvalidRecipientError {
  if (!emailAddress.safeParse(mail.toEmail).success) return new InvalidRecipientError(mail.toEmail);
  return { ...mail, subject: mailSubject(mail.template, mail.payload) };
}

/**
 * Puts an email on the queue inside the caller's transaction: if the business event rolls back,
 * the email was never queued.
 */
export async function enqueueMail(tx: Executor, mail: EnqueueMail) {
  const row = mailRow(mail);
  if (row instanceof InvalidRecipientError) throw row;
  const [inserted] = await tx.insert(mailQueue).values(row).returning({ id: mailQueue.id });
  return inserted!.id;
}
