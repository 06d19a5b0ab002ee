// Money is integer cents in ZAR everywhere; these are the only conversions to text.
const zar = new Intl.NumberFormat("en-ZA", { style: "currency", currency: "ZAR", minimumFractionDigits: 2 });

export function formatZar(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new Error(`Not a whole number of cents: ${cents}`);
  return zar.format(cents / 100);
}

/** VAT contained in a VAT-inclusive price, rounded to the nearest cent. */
export function vatInclusiveSplit(totalCents: number, rateBasisPoints: number) {
  const vatCents = Math.round((totalCents * rateBasisPoints) / (10_000 + rateBasisPoints));
  return { subtotalCents: totalCents - vatCents, vatCents, totalCents };
}
