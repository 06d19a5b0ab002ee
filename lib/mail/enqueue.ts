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

/**
 * Puts an email on the queue inside the caller's transaction: if the business event rolls back,
 * the email was never queued. A bad recipient is refused here, not discovered by the worker.
 */
export async function enqueueMail(tx: Executor, mail: EnqueueMail) {
  if (!z.email().safeParse(mail.toEmail).success) throw new InvalidRecipientError(mail.toEmail);
  const [row] = await tx
    .insert(mailQueue)
    .values({ ...mail, subject: mailSubject(mail.template, mail.payload) })
    .returning({ id: mailQueue.id });
  return row!.id;
}
