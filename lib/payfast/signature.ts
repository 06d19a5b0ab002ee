// PayFast signatures (see /work/shared/docs/payfast.md §2). Three different rules share one
// primitive (PHP urlencode + MD5): checkout (documented order, trimmed, empties dropped),
// ITN (received order, untrimmed, empties kept) and REST API (alphabetical, passphrase sorted in).
// No "server-only" import so the module stays unit-testable; it needs node:crypto (Node runtime —
// WebCrypto has no MD5, so it cannot run on the Edge runtime anyway).
import { createHash, timingSafeEqual } from "node:crypto";

export type Pair = [name: string, value: string];

const md5 = (s: string): string => createHash("md5").update(s, "utf8").digest("hex");

/**
 * PHP `urlencode`: everything but `A-Za-z0-9-_.` becomes uppercase %XX over UTF-8, space becomes `+`.
 * encodeURIComponent leaves `!'()*~` raw, which changes the MD5 (vector D2).
 * Throws URIError on lone surrogates (not representable in UTF-8).
 */
export function pfEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*~]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, "+");
}

// PHP trim() strips only " \t\n\r\0\x0B"; String#trim would also strip NBSP etc., which PayFast keeps.
const phpTrim = (s: string): string => s.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, "");

const join = (pairs: readonly Pair[]): string => pairs.map(([k, v]) => `${k}=${pfEncode(v)}`).join("&");

/** Documented checkout order (PHP SDK `Auth::$fields`, minus its stray `passphrase` entry). */
export const CHECKOUT_FIELD_ORDER: readonly string[] = Object.freeze([
  "merchant_id",
  "merchant_key",
  "return_url",
  "cancel_url",
  "notify_url",
  "notify_method",
  // fica_idnumber deliberately absent: its position is only community-sourced (doc §1 row 5b).
  "name_first",
  "name_last",
  "email_address",
  "cell_number",
  "m_payment_id",
  "amount",
  "item_name",
  "item_description",
  "custom_int1",
  "custom_int2",
  "custom_int3",
  "custom_int4",
  "custom_int5",
  "custom_str1",
  "custom_str2",
  "custom_str3",
  "custom_str4",
  "custom_str5",
  "email_confirmation",
  "confirmation_address",
  "currency",
  "payment_method",
  "subscription_type",
  "billing_date",
  "recurring_amount",
  "frequency",
  "cycles",
  "subscription_notify_email",
  "subscription_notify_webhook",
  "subscription_notify_buyer",
]);

const CHECKOUT_FIELD_INDEX = new Map(CHECKOUT_FIELD_ORDER.map((k, i) => [k, i]));

/** Emits the known fields in documented order; undefined values are skipped, unknown keys throw. */
export function orderCheckoutFields(fields: Record<string, string | undefined>): Pair[] {
  const unknown = Object.keys(fields).filter((k) => !CHECKOUT_FIELD_INDEX.has(k));
  if (unknown.length > 0) {
    // Unknown keys would either be unsigned extras or signed out of order; both risk a mismatch.
    throw new Error(`PayFast checkout: unknown field(s): ${unknown.join(", ")}`);
  }
  const out: Pair[] = [];
  for (const k of CHECKOUT_FIELD_ORDER) {
    const v = fields[k];
    if (v !== undefined) out.push([k, v]);
  }
  return out;
}

/** Trimmed, non-empty pairs in the given order: exactly what is both signed and posted. */
function normaliseCheckoutPairs(pairs: readonly Pair[]): Pair[] {
  const seen = new Set<string>();
  const out: Pair[] = [];
  for (const [k, raw] of pairs) {
    // Posting either would break the signature or leak the secret.
    if (k === "signature" || k === "passphrase") throw new Error(`PayFast checkout: field "${k}" must not be passed in`);
    if (seen.has(k)) throw new Error(`PayFast checkout: duplicate field "${k}"`);
    seen.add(k);
    const v = phpTrim(raw);
    // Only "" is dropped. PHP empty() would also drop "0", but cycles=0 must be signed (vector P1);
    // callers should simply omit fields they mean to leave out.
    if (v !== "") out.push([k, v]);
  }
  return out;
}

function checkoutStringFromNormalised(pairs: readonly Pair[], passphrase?: string): string {
  let s = join(pairs);
  const pass = passphrase === undefined ? "" : phpTrim(passphrase);
  if (pass !== "") s += `&passphrase=${pfEncode(pass)}`; // encoded once (SDK 1.1.6 double-encodes)
  return s;
}

/** The exact string that is MD5-hashed for a checkout post (exposed for tests/debugging). */
export function checkoutSignatureString(pairs: readonly Pair[], passphrase?: string): string {
  return checkoutStringFromNormalised(normaliseCheckoutPairs(pairs), passphrase);
}

/** Checkout signature; `pairs` must already be in documented order (see orderCheckoutFields). */
export function checkoutSignature(pairs: readonly Pair[], passphrase?: string): string {
  return md5(checkoutSignatureString(pairs, passphrase));
}

/** Fields the auto-submitting form must post: trimmed, non-empty, in order, then `signature`. */
export function checkoutFields(pairs: readonly Pair[], passphrase?: string): Pair[] {
  const normalised = normaliseCheckoutPairs(pairs);
  return [...normalised, ["signature", md5(checkoutStringFromNormalised(normalised, passphrase))]];
}

const withoutSignature = (pairs: readonly Pair[]): Pair[] => pairs.filter(([k]) => k !== "signature");

/** The exact string hashed for an ITN: received order, `signature` skipped, empties kept, no trim. */
export function itnSignatureString(receivedPairs: readonly Pair[], passphrase?: string): string {
  let s = join(withoutSignature(receivedPairs));
  // Doc §2b: ITN appends urlencode(passphrase) without trim (unlike checkout).
  if (passphrase !== undefined && passphrase !== "") s += `&passphrase=${pfEncode(passphrase)}`;
  return s;
}

export function itnSignature(receivedPairs: readonly Pair[], passphrase?: string): string {
  return md5(itnSignatureString(receivedPairs, passphrase));
}

/** Constant-time check of the posted `signature`; false if missing or posted more than once. */
export function verifyItnSignature(receivedPairs: readonly Pair[], passphrase?: string): boolean {
  const posted = receivedPairs.filter(([k]) => k === "signature");
  if (posted.length !== 1) return false;
  // MD5 hex is case-insensitive; PayFast sends lowercase but accepting either costs nothing.
  const received = Buffer.from(posted[0]![1].toLowerCase(), "utf8");
  const expected = Buffer.from(itnSignature(receivedPairs, passphrase), "utf8");
  if (received.length !== expected.length) return false;
  return timingSafeEqual(received, expected);
}

/** Body for POST /eng/query/validate: ITN pairs without `signature`, no passphrase. */
export function itnValidationBody(receivedPairs: readonly Pair[]): string {
  return join(withoutSignature(receivedPairs));
}

/** The exact string hashed for a REST API call (alphabetical, passphrase as an ordinary key). */
export function apiSignatureString(params: Readonly<Record<string, string>>, passphrase?: string): string {
  if (Object.hasOwn(params, "passphrase")) throw new Error('PayFast API: pass the passphrase separately, not as "passphrase"');
  const entries: Pair[] = Object.entries(params).filter(([, v]) => v !== ""); // Woo skips empties
  if (passphrase !== undefined && passphrase !== "") entries.push(["passphrase", passphrase]);
  // PHP ksort = byte order; keys are ASCII so code-unit comparison matches (not localeCompare).
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return join(entries);
}

/** REST API `signature` header; `params` = merchant-id, version, timestamp + query/body params. */
export function apiSignature(params: Readonly<Record<string, string>>, passphrase?: string): string {
  return md5(apiSignatureString(params, passphrase));
}
