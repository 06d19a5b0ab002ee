import { describe, expect, it } from "vitest";
import { centsToAmount, parseAmountToCents } from "../../lib/payfast/amount";

describe("centsToAmount", () => {
  it("formats with exactly two decimals", () => {
    expect(centsToAmount(0)).toBe("0.00");
    expect(centsToAmount(5)).toBe("0.05");
    expect(centsToAmount(50)).toBe("0.50");
    expect(centsToAmount(100)).toBe("1.00");
    expect(centsToAmount(12345)).toBe("123.45");
    expect(centsToAmount(1000)).toBe("10.00");
    expect(centsToAmount(Number.MAX_SAFE_INTEGER)).toBe("90071992547409.91");
  });

  it("throws on non-integer, negative, non-finite or unsafe input", () => {
    for (const bad of [1.5, 0.1, -1, -100, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => centsToAmount(bad), String(bad)).toThrow();
    }
  });
});

describe("parseAmountToCents", () => {
  it("parses PayFast decimal strings exactly", () => {
    expect(parseAmountToCents("10")).toBe(1000);
    expect(parseAmountToCents("10.5")).toBe(1050);
    expect(parseAmountToCents("10.50")).toBe(1050);
    expect(parseAmountToCents("-0.23")).toBe(-23);
    expect(parseAmountToCents("-2.30")).toBe(-230);
    expect(parseAmountToCents("0.29")).toBe(29); // 0.29 * 100 = 28.999999999999996 in floats
    expect(parseAmountToCents("1.15")).toBe(115);
    expect(parseAmountToCents("0")).toBe(0);
    expect(parseAmountToCents("0.00")).toBe(0);
    expect(Object.is(parseAmountToCents("-0.00"), 0)).toBe(true);
    expect(parseAmountToCents("90071992547409.91")).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("rejects junk", () => {
    for (const bad of [
      "",
      " 10",
      "10 ",
      "abc",
      "1e3",
      "10.555",
      "0x10",
      "+10",
      "10.",
      ".5",
      "-",
      "--1",
      "1,000.00",
      "10,50",
      "1_000",
      "١٠", // Arabic-Indic digits
      "NaN",
      "Infinity",
      "90071992547409.92",
      "99999999999999999999",
    ]) {
      expect(parseAmountToCents(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it("round-trips centsToAmount for many values", () => {
    for (let c = 0; c <= 100000; c += 7) {
      const s = centsToAmount(c);
      expect(s).toMatch(/^\d+\.\d{2}$/);
      expect(parseAmountToCents(s)).toBe(c);
      if (c > 0) expect(parseAmountToCents(`-${s}`)).toBe(-c);
    }
  });
});
