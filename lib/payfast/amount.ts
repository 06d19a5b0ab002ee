// Money as integer cents; PayFast amounts are decimal strings. No floats anywhere so that
// ITN amount checks compare exact cents rather than PHP's `abs(a - b) <= 0.01`.

/** Integer cents → "123.45" (the `amount` field format: exactly 2 decimals, `.` separator). */
export function centsToAmount(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) {
    throw new Error(`centsToAmount: expected a non-negative safe integer, got ${String(cents)}`);
  }
  const whole = Math.floor(cents / 100); // exact for safe integers
  const frac = cents % 100;
  return `${whole}.${frac < 10 ? "0" : ""}${frac}`;
}

// Optional minus (amount_fee is negative), ASCII digits, optional 1–2 decimals. Nothing else:
// no exponent, hex, sign `+`, whitespace, or bare "." forms.
const AMOUNT_RE = /^(-?)([0-9]+)(?:\.([0-9]{1,2}))?$/;
const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** Parses a PayFast decimal string to integer cents exactly; null if it is not one. */
export function parseAmountToCents(s: string): number | null {
  const m = AMOUNT_RE.exec(s);
  if (!m) return null;
  const [, sign, whole = "", frac = ""] = m;
  const abs = BigInt(whole) * 100n + BigInt(frac.padEnd(2, "0"));
  if (abs > MAX) return null;
  const n = Number(abs);
  return sign === "-" && n !== 0 ? -n : n; // avoid -0 for "-0.00"
}
