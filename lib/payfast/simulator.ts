// An offline stand-in for PayFast's hosted checkout, for the demo and the tests. It checks the
// checkout signature the way PayFast does, posts a correctly signed ITN (PayFast's field order)
// to our notify URL, answers the validate postback, and sends the browser back. lib/env.ts
// refuses to start it next to live credentials.
import "server-only";
import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { centsToAmount, parseAmountToCents } from "./amount";
import { checkoutSignature, itnSignature, itnValidationBody, type Pair } from "./signature";

export const SCENARIOS = {
  normal: "Normal: one ITN, then back to the shop",
  duplicate: "Duplicate: the same ITN twice",
  concurrent: "Concurrent: two identical ITNs at the same moment",
  out_of_order: "Out of order: COMPLETE, then CANCELLED",
  after_return: "Late ITN: browser returns first, ITN 3 s later",
  tampered_amount: "Tampered amount: ITN for R1.00 less (correctly signed)",
  wrong_passphrase: "Wrong passphrase: ITN signed with another passphrase",
} as const;
export type Scenario = keyof typeof SCENARIOS;

export type SimCheckout = Record<string, string>;

const globalSim = globalThis as unknown as { payfastSimIssued?: Set<string> };
const issued = (globalSim.payfastSimIssued ??= new Set<string>());

export function simulatorEnabled() {
  return env().payfast.simulator;
}

/** PayFast's own check of the posted checkout form. */
export function verifyCheckoutPost(pairs: Pair[]): { ok: true; fields: SimCheckout } | { ok: false; error: string } {
  const pf = env().payfast;
  const given = pairs.find(([k]) => k === "signature")?.[1];
  const unsigned = pairs.filter(([k]) => k !== "signature");
  const fields = Object.fromEntries(unsigned);
  if (!given) return { ok: false, error: "signature : missing" };
  if (checkoutSignature(unsigned, pf.passphrase) !== given) {
    return { ok: false, error: "signature : Generated signature does not match submitted signature" };
  }
  if (fields.merchant_id !== pf.merchantId || fields.merchant_key !== pf.merchantKey) {
    return { ok: false, error: "merchant_id : Invalid merchant" };
  }
  if (parseAmountToCents(fields.amount ?? "") === null) return { ok: false, error: "amount : Invalid amount" };
  return { ok: true, fields };
}

const tokenMac = (data: string) => createHmac("sha256", env().AUTH_SECRET).update(`payfast-sim:${data}`).digest("base64url");

/** The checkout travels to the simulator page in a tamper-proof token instead of server state. */
export function sealCheckout(fields: SimCheckout): string {
  const data = Buffer.from(JSON.stringify({ ...fields, pf_payment_id: String(randomInt(1_000_000, 9_999_999)) })).toString("base64url");
  return `${data}.${tokenMac(data)}`;
}

export function openCheckout(token: string): SimCheckout | null {
  const [data, mac] = token.split(".");
  if (!data || !mac) return null;
  const expected = Buffer.from(tokenMac(data));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    return JSON.parse(Buffer.from(data, "base64url").toString("utf8")) as SimCheckout;
  } catch {
    return null;
  }
}

export function buildItn(c: SimCheckout, status: "COMPLETE" | "FAILED" | "CANCELLED", opts: { amountDeltaCents?: number; passphrase?: string } = {}): Pair[] {
  const grossCents = (parseAmountToCents(c.amount ?? "0") ?? 0) + (opts.amountDeltaCents ?? 0);
  const feeCents = status === "COMPLETE" ? -Math.min(grossCents, Math.round(grossCents * 0.035) + 200) : 0;
  const pairs: Pair[] = [
    ["m_payment_id", c.m_payment_id ?? ""],
    ["pf_payment_id", c.pf_payment_id ?? ""],
    ["payment_status", status],
    ["item_name", c.item_name ?? ""],
    ["item_description", c.item_description ?? ""],
    ["amount_gross", centsToAmount(grossCents)],
    ["amount_fee", feeCents === 0 ? "0.00" : `-${centsToAmount(-feeCents)}`],
    ["amount_net", centsToAmount(grossCents + feeCents)],
    ["custom_str1", ""],
    ["custom_str2", ""],
    ["custom_str3", ""],
    ["custom_str4", ""],
    ["custom_str5", ""],
    ["custom_int1", ""],
    ["custom_int2", ""],
    ["custom_int3", ""],
    ["custom_int4", ""],
    ["custom_int5", ""],
    ["name_first", c.name_first ?? ""],
    ["name_last", c.name_last ?? ""],
    ["email_address", c.email_address ?? ""],
    ["merchant_id", c.merchant_id ?? ""],
  ];
  const passphrase = opts.passphrase ?? env().payfast.passphrase;
  return [...pairs, ["signature", itnSignature(pairs, passphrase)]];
}

async function post(notifyUrl: string, itn: Pair[]) {
  issued.add(itnValidationBody(itn));
  try {
    const res = await fetch(notifyUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(itn).toString(),
      cache: "no-store",
    });
    return res.status;
  } catch (error) {
    console.error("[payfast simulator] could not reach notify_url", error);
    return 0;
  }
}

/** Sends the ITN(s) for the buyer's choice; resolves once the ones that go before the redirect are sent. */
export async function sendItns(c: SimCheckout, outcome: "pay" | "fail", scenario: Scenario): Promise<void> {
  const notifyUrl = c.notify_url;
  if (!notifyUrl) return;
  const status = outcome === "pay" ? "COMPLETE" : "FAILED";
  const itn = buildItn(c, status);
  switch (scenario) {
    case "duplicate":
      await post(notifyUrl, itn);
      await post(notifyUrl, itn);
      return;
    case "concurrent":
      await Promise.all([post(notifyUrl, itn), post(notifyUrl, itn)]);
      return;
    case "out_of_order":
      await post(notifyUrl, itn);
      await post(notifyUrl, buildItn(c, "CANCELLED"));
      return;
    case "after_return":
      setTimeout(() => void post(notifyUrl, itn), 3000);
      return;
    case "tampered_amount":
      await post(notifyUrl, buildItn(c, status, { amountDeltaCents: -100 }));
      return;
    case "wrong_passphrase":
      await post(notifyUrl, buildItn(c, status, { passphrase: "not-the-passphrase" }));
      return;
    default:
      await post(notifyUrl, itn);
  }
}

/** PayFast's validate endpoint: VALID only for ITNs this simulator really sent. */
export function validatePostback(body: string): "VALID" | "INVALID" {
  const withoutSignature = [...new URLSearchParams(body).entries()].filter(([k]) => k !== "signature");
  return issued.has(itnValidationBody(withoutSignature)) ? "VALID" : "INVALID";
}

export { centsToAmount };
