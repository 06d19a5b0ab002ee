// PayFast's Instant Transaction Notification, checked in the order payfast.md gives and
// recorded whatever the outcome. The HTTP status tells PayFast whether to retry: 200 when we
// are done with it (processed, or refused for a business reason), 400 for a forged or
// malformed body, 403 for a sender that is not PayFast, 503 only when we want a retry.
import "server-only";
import http from "node:http";
import https from "node:https";
import { db } from "@/db";
import { payfastItnLog, type Payment } from "@/db/schema";
import { env } from "@/lib/env";
import { formatZar } from "@/lib/money";
import { notifyAdmins } from "@/lib/notifications/notify";
import { closePayment, completePayment, readPaymentToComplete, type PaymentToComplete } from "@/lib/payments/complete";
import { parseAmountToCents } from "./amount";
import { itnValidationBody, verifyItnSignature, type Pair } from "./signature";
import { ipInRanges } from "./source";

export const MAX_ITN_BYTES = 16 * 1024;

type Verdict = (typeof payfastItnLog.verdict.enumValues)[number];
export type ItnOutcome = {
  httpStatus: number;
  verdict: Verdict;
  reason: string;
  paymentId?: string;
  /** Already in payfast_itn_log: written in the completion's own transaction. */
  recorded?: boolean;
};
type LogRow = (outcome: ItnOutcome) => typeof payfastItnLog.$inferInsert;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ValidatePostback = (url: string, body: string, timeoutMs: number) => Promise<"VALID" | "INVALID" | "UNREACHABLE">;

// Node's own client with kept-alive connections: the postback is on every ITN's path, and the
// global fetch inside Next carries its caching and tracing layers for no benefit here.
const keepAlive = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };

export const postbackToPayfast: ValidatePostback = (url, body, timeoutMs) =>
  new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve("UNREACHABLE");
      return;
    }
    const secure = target.protocol === "https:";
    // The whole exchange, retry included, must fit in the timeout.
    const deadline = Date.now() + timeoutMs;
    const attempt = (isRetry: boolean) => {
      const request = (secure ? https : http).request(
        target,
        {
          method: "POST",
          agent: secure ? keepAlive.https : keepAlive.http,
          headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) },
          timeout: Math.max(1, deadline - Date.now()),
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (c: Buffer) => chunks.push(c));
          response.on("end", () => {
            const status = response.statusCode ?? 0;
            if (status < 200 || status >= 300) return resolve("UNREACHABLE");
            const first = Buffer.concat(chunks).toString("utf8").split("\n")[0]?.trim().toUpperCase();
            resolve(first === "VALID" ? "VALID" : "INVALID");
          });
          response.on("error", () => resolve("UNREACHABLE"));
        },
      );
      const timer = setTimeout(() => request.destroy(new Error("timeout")), Math.max(1, deadline - Date.now()));
      request.on("close", () => clearTimeout(timer));
      request.on("timeout", () => request.destroy(new Error("timeout")));
      request.on("error", (error: NodeJS.ErrnoException) => {
        // A kept-alive socket the server had already closed fails at once; the postback only
        // asks a question, so it is sent again once on a new connection (as Node's docs advise).
        if (!isRetry && request.reusedSocket && error.code === "ECONNRESET" && Date.now() < deadline) return attempt(true);
        resolve("UNREACHABLE");
      });
      request.end(body);
    };
    attempt(false);
  });

export async function handleItn(
  body: string,
  sourceIp: string | null,
  postback: ValidatePostback = postbackToPayfast,
): Promise<ItnOutcome> {
  let pairs: Pair[] = [];
  let outcome: ItnOutcome;
  const logRow: LogRow = (o) => ({
    body: withoutNul(body.slice(0, MAX_ITN_BYTES)),
    sourceIp,
    mPaymentId: field(pairs, "m_payment_id")?.slice(0, 100) ?? null,
    pfPaymentId: field(pairs, "pf_payment_id")?.slice(0, 100) ?? null,
    paymentStatus: field(pairs, "payment_status")?.slice(0, 40) ?? null,
    paymentId: o.paymentId ?? null,
    verdict: o.verdict,
    reason: o.reason.slice(0, 500),
    httpStatus: o.httpStatus,
  });
  try {
    if (Buffer.byteLength(body) > MAX_ITN_BYTES) {
      outcome = { httpStatus: 400, verdict: "invalid", reason: `body larger than ${MAX_ITN_BYTES} bytes` };
    } else {
      pairs = [...new URLSearchParams(body).entries()].map(([k, v]): Pair => [withoutNul(k), withoutNul(v)]);
      outcome = await decide(pairs, sourceIp, postback, logRow);
    }
  } catch (error) {
    // Database unreachable or another failure on our side: record nothing fulfilled, ask for a retry.
    console.error("[payfast itn]", error);
    outcome = { httpStatus: 503, verdict: "retry", reason: `server error: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!outcome.recorded) await record(logRow(outcome), outcome);
  return outcome;
}

/** PostgreSQL text cannot hold NUL; junk bodies sometimes contain it. */
const withoutNul = (s: string) => s.replaceAll("\u0000", "\\0");

const field = (pairs: Pair[], name: string) => pairs.find(([k]) => k === name)?.[1];

async function decide(pairs: Pair[], sourceIp: string | null, postback: ValidatePostback, logRow: LogRow): Promise<ItnOutcome> {
  const pf = env().payfast;
  if (pairs.length === 0 || !field(pairs, "payment_status")) {
    return { httpStatus: 400, verdict: "invalid", reason: "malformed body: not a PayFast ITN" };
  }
  if (!field(pairs, "signature")) return { httpStatus: 400, verdict: "invalid", reason: "no signature" };
  if (!verifyItnSignature(pairs, pf.passphrase)) return { httpStatus: 400, verdict: "invalid", reason: "signature mismatch" };

  if (field(pairs, "merchant_id") !== pf.merchantId) {
    return refuse(`merchant_id ${field(pairs, "merchant_id") ?? "(none)"} is not ours`);
  }
  const mPaymentId = field(pairs, "m_payment_id") ?? "";
  // What the completion will write about the payment is read here, so completing is one statement.
  const payment = UUID.test(mPaymentId) ? await readPaymentToComplete(db, mPaymentId) : undefined;
  if (!payment) return refuse(`unknown m_payment_id "${mPaymentId.slice(0, 100)}"`);

  const gross = parseAmountToCents(field(pairs, "amount_gross") ?? "");
  if (gross === null || gross !== payment.amountCents) {
    return refuse(`amount_gross ${field(pairs, "amount_gross") ?? "(none)"} does not match ${formatZar(payment.amountCents)}`, payment);
  }
  if (pf.checkSource && !ipInRanges(sourceIp, pf.allowedSources)) {
    return { httpStatus: 403, verdict: "invalid", reason: `source address ${sourceIp ?? "(unknown)"} is not PayFast`, paymentId: payment.id };
  }
  const validation = await postback(pf.validateUrl, itnValidationBody(pairs), pf.validateTimeoutMs);
  if (validation === "UNREACHABLE") {
    return { httpStatus: 503, verdict: "retry", reason: "PayFast validate endpoint unreachable", paymentId: payment.id };
  }
  if (validation === "INVALID") {
    return { httpStatus: 400, verdict: "invalid", reason: "PayFast answered INVALID to the validate postback", paymentId: payment.id };
  }
  return apply(pairs, payment, sourceIp, logRow);
}

async function apply(pairs: Pair[], payment: PaymentToComplete, sourceIp: string | null, logRow: LogRow): Promise<ItnOutcome> {
  const status = field(pairs, "payment_status")!;
  const pfPaymentId = field(pairs, "pf_payment_id") ?? "";
  if (status === "COMPLETE") {
    if (!pfPaymentId) return { httpStatus: 400, verdict: "invalid", reason: "COMPLETE without pf_payment_id", paymentId: payment.id };
    const processed: ItnOutcome = { httpStatus: 200, verdict: "processed", reason: "completed; invoice issued", paymentId: payment.id };
    // On `db`: the completion is one statement, so a transaction of its own.
    const result = await completePayment(
      db,
      payment,
      {
        pfPaymentId,
        paymentStatus: status,
        amountGrossCents: parseAmountToCents(field(pairs, "amount_gross") ?? "") ?? 0,
        amountFeeCents: parseAmountToCents(field(pairs, "amount_fee") ?? "0") ?? 0,
        amountNetCents: parseAmountToCents(field(pairs, "amount_net") ?? "0") ?? 0,
        rawItn: pairs,
        sourceIp,
      },
      // Recorded in the completion's commit: one commit per ITN instead of two.
      logRow(processed),
    );
    if (result.outcome === "completed") return { ...processed, recorded: true };
    if (result.status === "COMPLETED") {
      return { httpStatus: 200, verdict: "duplicate", reason: "payment already COMPLETED", paymentId: payment.id };
    }
    // PayFast took the money for a payment that already ended here (e.g. the buyer went through
    // cancel_url, then paid after all). Nothing is fulfilled automatically; a person must decide.
    return refuse(
      `PayFast reports ${payment.itemName} (${formatZar(payment.amountCents)}) paid, but the payment is ${result.status}: refund the buyer or record a manual payment`,
      payment,
    );
  }
  if (status === "FAILED" || status === "CANCELLED") {
    const changed = await db.transaction((tx) => closePayment(tx, payment.id, status, `PayFast reported ${status}`));
    return changed
      ? { httpStatus: 200, verdict: "processed", reason: `payment ${status}`, paymentId: payment.id }
      : { httpStatus: 200, verdict: "ignored", reason: `${status} arrived for a payment that is no longer STARTED`, paymentId: payment.id };
  }
  return { httpStatus: 200, verdict: "ignored", reason: `status ${status.slice(0, 40)} needs no action`, paymentId: payment.id };
}

/** A business refusal: PayFast stops retrying, nothing is fulfilled, the super admins are told. */
async function refuse(reason: string, payment?: Payment): Promise<ItnOutcome> {
  await notifyAdmins(db, {
    type: "itn_refused",
    title: "PayFast notification refused",
    body: reason,
    link: payment ? `/admin/payments/${payment.id}` : null,
    paymentId: payment?.id ?? null,
  });
  return { httpStatus: 200, verdict: "refused", reason, paymentId: payment?.id };
}

async function record(row: typeof payfastItnLog.$inferInsert, outcome: ItnOutcome) {
  try {
    await db.insert(payfastItnLog).values(row);
  } catch (error) {
    // Could not even record it: make PayFast come back later.
    console.error("[payfast itn] could not record", error);
    outcome.httpStatus = 503;
  }
}
