import { Resend } from "resend";
import { env } from "@/lib/env";

import type { MailAttachment } from "./render";

export type OutgoingMail = {
  to: string;
  from: string;
  subject: string;
  html: string;
  text: string;
  attachments?: MailAttachment[];
  idempotencyKey: string;
};
export type SendResult =
  | { ok: true; providerMessageId: string }
  | { ok: false; permanent: boolean; retryAfterMs?: number; error: string };

export type MailTransport = { name: string; send(mail: OutgoingMail): Promise<SendResult> };

/** Resend, through its SDK. The Idempotency-Key makes a retried send deliver at most once. */
export function resendTransport(apiKey: string): MailTransport {
  let client: Resend | undefined; // constructed lazily: the SDK throws without a key
  return {
    name: "resend",
    async send(mail) {
      client ??= new Resend(apiKey);
      const { data, error, headers } = await client.emails.send(
        {
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          attachments: mail.attachments?.map((a) => ({ filename: a.filename, content: Buffer.from(a.content).toString("base64"), contentType: a.contentType })),
        },
        { idempotencyKey: mail.idempotencyKey },
      );
      if (data?.id) return { ok: true, providerMessageId: data.id };
      const status = (error as { statusCode?: number | null } | null)?.statusCode ?? null;
      const retryAfter = Number(headers?.["retry-after"]);
      const message = `${status ?? "network"}: ${error?.message ?? "no response"}`;
      // 429 and 5xx and network failures are worth retrying; other 4xx will fail the same way again.
      const permanent = status !== null && status >= 400 && status < 500 && status !== 429 && status !== 409;
      return {
        ok: false,
        permanent,
        retryAfterMs: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : undefined,
        error: message,
      };
    },
  };
}

/** No provider configured: the email counts as sent and stays readable on its queue row. */
export const developmentTransport: MailTransport = {
  name: "development",
  send: (mail) => Promise.resolve({ ok: true, providerMessageId: `dev-${mail.idempotencyKey}` }),
};

export function configuredTransport(): MailTransport {
  const key = env().RESEND_API_KEY;
  return key ? resendTransport(key) : developmentTransport;
}
