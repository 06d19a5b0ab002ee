import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  CHECKOUT_FIELD_ORDER,
  apiSignature,
  apiSignatureString,
  checkoutFields,
  checkoutSignature,
  checkoutSignatureString,
  itnSignature,
  itnSignatureString,
  itnValidationBody,
  orderCheckoutFields,
  pfEncode,
  verifyItnSignature,
  type Pair,
} from "../../lib/payfast/signature";

// Vectors: /work/shared/docs/payfast.md §5.

const md5 = (s: string) => createHash("md5").update(s, "utf8").digest("hex");
const naiveEncode = (v: string) => encodeURIComponent(v).replace(/%20/g, "+");
const p = (o: Record<string, string>): Pair[] => Object.entries(o);

/** Typical ITN body in PayFast's received order, with the empty custom fields. */
function itnPairs(v: {
  m_payment_id: string;
  pf_payment_id: string;
  item_name: string;
  amount_gross: string;
  amount_fee: string;
  amount_net: string;
  name_first: string;
  name_last: string;
  email_address: string;
  merchant_id: string;
}): Pair[] {
  return [
    ["m_payment_id", v.m_payment_id],
    ["pf_payment_id", v.pf_payment_id],
    ["payment_status", "COMPLETE"],
    ["item_name", v.item_name],
    ["item_description", ""],
    ["amount_gross", v.amount_gross],
    ["amount_fee", v.amount_fee],
    ["amount_net", v.amount_net],
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
    ["name_first", v.name_first],
    ["name_last", v.name_last],
    ["email_address", v.email_address],
    ["merchant_id", v.merchant_id],
  ];
}

const S1 = itnPairs({
  m_payment_id: "1234",
  pf_payment_id: "1221576",
  item_name: "Order#123",
  amount_gross: "10.00",
  amount_fee: "-0.23",
  amount_net: "9.77",
  name_first: "First Name",
  name_last: "Last Name",
  email_address: "test@test.com",
  merchant_id: "10000100",
});
const S2 = S1.map(([k, v]): Pair => [k, k === "name_first" ? "First" : k === "name_last" ? "Last" : v]);
const S3 = itnPairs({
  m_payment_id: "000000020",
  pf_payment_id: "1579137",
  item_name: "Order #000000020",
  amount_gross: "15.00",
  amount_fee: "-2.30",
  amount_net: "12.70",
  name_first: "Tom",
  name_last: "Tom",
  email_address: "lindley+user1@appinlet.com",
  merchant_id: "10027938",
});
const O1 = itnPairs({
  m_payment_id: "",
  pf_payment_id: "61493",
  item_name: "fjdksl",
  amount_gross: "12.00",
  amount_fee: "-0.27",
  amount_net: "11.73",
  name_first: "Test",
  name_last: "User 01",
  email_address: "sbtu01@payfast.co.za",
  merchant_id: "10000103",
});
const D1 = itnPairs({
  m_payment_id: "",
  pf_payment_id: "558900",
  item_name: "Flux capacitor",
  amount_gross: "123.00",
  amount_fee: "-2.80",
  amount_net: "120.20",
  name_first: "Test",
  name_last: "User 01",
  email_address: "sbtu01@payfast.co.za",
  merchant_id: "10000100",
});

const D2: Pair[] = p({
  merchant_id: "10000100",
  merchant_key: "46f0cd694581a",
  notify_url: "http://127.0.0.1:8000/payfast/notify/",
  name_first: "Вася",
  name_last: "Пупников",
  m_payment_id: "23",
  amount: "234",
  item_name: "Payment (Планета суши). ID:272-15",
});

const C1: Pair[] = p({
  merchant_id: "10000100",
  merchant_key: "46f0cd694581a",
  return_url: "https://www.example.com/return",
  cancel_url: "https://www.example.com/cancel",
  notify_url: "https://www.example.com/notify",
  name_first: "First Name",
  name_last: "Last Name",
  email_address: "test@test.com",
  m_payment_id: "1234",
  amount: "10.00",
  item_name: "Order#123",
});

const SANDBOX_PASS = "jt7NOE43FZPn";

describe("ITN vectors", () => {
  it("S1: ITN, no passphrase", () => {
    expect(itnSignature(S1)).toBe("93db1c63dc397361ab6b05e36fd73125");
  });

  it("S2: ITN, with and without passphrase", () => {
    expect(itnSignature(S2, SANDBOX_PASS)).toBe("ac4c3e993d31b5b9d525dc0087051437");
    expect(itnSignature(S2)).toBe("6b1f1c46e2c4cef9f841379a8f42bde2");
    expect(itnSignature(S2, "")).toBe("6b1f1c46e2c4cef9f841379a8f42bde2");
  });

  it("S3: real capture, exact signed string", () => {
    expect(itnSignatureString(S3)).toBe(
      "m_payment_id=000000020&pf_payment_id=1579137&payment_status=COMPLETE&item_name=Order+%23000000020&item_description=&amount_gross=15.00&amount_fee=-2.30&amount_net=12.70&custom_str1=&custom_str2=&custom_str3=&custom_str4=&custom_str5=&custom_int1=&custom_int2=&custom_int3=&custom_int4=&custom_int5=&name_first=Tom&name_last=Tom&email_address=lindley%2Buser1%40appinlet.com&merchant_id=10027938",
    );
    expect(itnSignature(S3)).toBe("4078bca2c8987e0e0c4e7230f2f46323");
  });

  it("O1: ITN keeps empties; dropping them gives a different MD5", () => {
    expect(itnSignature(O1)).toBe("92ac916145511e9050383b008729e162");
    const dropped = itnSignature(O1.filter(([, v]) => v !== ""));
    expect(dropped).not.toBe("92ac916145511e9050383b008729e162");
    expect(dropped.startsWith("1c89ae5a")).toBe(true);
  });

  it("D1: ITN known good", () => {
    expect(itnSignature(D1)).toBe("94b05677771813701468289ed3cabed1");
  });

  it("skips the signature pair wherever it is and keeps received order", () => {
    const mid: Pair[] = [...S1.slice(0, 3), ["signature", "x"], ...S1.slice(3)];
    expect(itnSignature(mid)).toBe("93db1c63dc397361ab6b05e36fd73125");
    expect(itnSignature([...S1].reverse())).not.toBe("93db1c63dc397361ab6b05e36fd73125");
  });

  it("does not trim ITN values", () => {
    const padded = S1.map(([k, v]): Pair => [k, k === "name_first" ? ` ${v}` : v]);
    expect(itnSignature(padded)).not.toBe(itnSignature(S1));
    expect(itnSignatureString(padded)).toContain("name_first=+First+Name&");
  });
});

describe("checkout vectors", () => {
  it("O2: no passphrase", () => {
    const pairs = p({
      merchant_id: "foo",
      merchant_key: "bar",
      return_url: "https://www.example.com/return",
      cancel_url: "https://www.example.com/cancel",
      m_payment_id: "123",
      amount: "12.00",
      item_name: "Test Product",
    });
    expect(checkoutSignature(pairs)).toBe("812a071d77d0120073fd53ee7e45aa9b");
    expect(checkoutSignature(pairs, "")).toBe("812a071d77d0120073fd53ee7e45aa9b");
  });

  it("O3: with passphrase", () => {
    const pairs = p({
      merchant_id: "10004554",
      merchant_key: "93zkeljp6j9ao",
      return_url: "https://www.example.com/return",
      cancel_url: "https://www.example.com/cancel",
      notify_url: "https://www.example.com/notify",
      m_payment_id: "123",
      amount: "12.00",
      item_name: "Test Product",
    });
    expect(checkoutSignature(pairs, "ihnKRspB5IZ5bpOzLKbVArpQfiGVuWh")).toBe("c98b49c6d0914fa8bd13cc8974e2d29e");
  });

  it("D2: UTF-8 Cyrillic + parentheses; naive encodeURIComponent differs", () => {
    expect(checkoutSignature(D2)).toBe("481366608545707be67c6514386b3fb1");
    const naive = md5(D2.map(([k, v]) => `${k}=${naiveEncode(v)}`).join("&"));
    expect(naive).not.toBe("481366608545707be67c6514386b3fb1");
    expect(naive.startsWith("1c975fdd")).toBe(true);
  });

  it("D3: blank fields are dropped (both variants)", () => {
    const blankFirst = D2.map(([k, v]): Pair => [k, k === "name_first" ? "" : v]);
    expect(checkoutSignature(blankFirst)).toBe("6551205f0fee13cf09174b0b887ec5b3");
    const blankBoth = D2.map(([k, v]): Pair => [k, k === "name_first" || k === "name_last" ? "" : v]);
    expect(checkoutSignature(blankBoth)).toBe("8f6435965cd9b00a9a965d93fc6c4c48");
    expect(checkoutFields(blankBoth).map(([k]) => k)).not.toContain("name_last");
  });

  it("P1: recurring with passphrase, built via orderCheckoutFields from unordered input", () => {
    // Deliberately scrambled key order; cycles=0 must survive.
    const fields = {
      cycles: "0",
      amount: "5.00",
      frequency: "3",
      merchant_key: "4hjoenwbwnuso",
      item_name: "Test",
      recurring_amount: "5",
      billing_date: "2023-01-01",
      subscription_type: "1",
      confirmation_address: "test@test.test",
      email_confirmation: "1",
      custom_str2: "QW5vdGhlciBUZXN0IFN0cmluZw",
      custom_str1: "U29tZSBUZXN0IFN0cmluZw",
      custom_int2: "1",
      custom_int1: "1",
      m_payment_id: "5",
      email_address: "test@test.com",
      name_last: "Test",
      name_first: "Test",
      notify_url: "https://test.com/payfast/webhook",
      cancel_url: "https://test.com/billing/cancel",
      return_url: "https://test.com/billing/success",
      merchant_id: "10028084",
      item_description: undefined,
    };
    const pairs = orderCheckoutFields(fields);
    expect(pairs[0]).toEqual(["merchant_id", "10028084"]);
    expect(pairs.at(-1)).toEqual(["cycles", "0"]);
    expect(checkoutSignature(pairs, "payfastsandbox")).toBe("3441682c5d8a65486f5b7cc8ce41d146");
  });

  it("C1: with and without passphrase, exact string", () => {
    expect(checkoutSignature(C1)).toBe("5abb1286c64f1b8e82ee093bc7981f7b");
    const expectedString =
      "merchant_id=10000100&merchant_key=46f0cd694581a&return_url=https%3A%2F%2Fwww.example.com%2Freturn&cancel_url=https%3A%2F%2Fwww.example.com%2Fcancel&notify_url=https%3A%2F%2Fwww.example.com%2Fnotify&name_first=First+Name&name_last=Last+Name&email_address=test%40test.com&m_payment_id=1234&amount=10.00&item_name=Order%23123&passphrase=jt7NOE43FZPn";
    expect(checkoutSignatureString(C1, SANDBOX_PASS)).toBe(expectedString);
    expect(checkoutSignature(C1, SANDBOX_PASS)).toBe("75523c4c36665c817c591133faeaea1f");
    expect(md5(expectedString)).toBe("75523c4c36665c817c591133faeaea1f");
  });
});

describe("API vectors", () => {
  const headers = { "merchant-id": "10000100", version: "v1", timestamp: "2024-01-01T12:00:00+02:00" };

  it("A1: alphabetical, passphrase inside the sort", () => {
    const params = { ...headers, amount: "1000", item_name: "Test adhoc" };
    expect(apiSignatureString(params, SANDBOX_PASS)).toBe(
      "amount=1000&item_name=Test+adhoc&merchant-id=10000100&passphrase=jt7NOE43FZPn&timestamp=2024-01-01T12%3A00%3A00%2B02%3A00&version=v1",
    );
    expect(apiSignature(params, SANDBOX_PASS)).toBe("bf5a4e9b8e5c4474bc519adc562726e3");
  });

  it("A2: headers only", () => {
    expect(apiSignature(headers, SANDBOX_PASS)).toBe("3d1a0d15f44e7a6113f6a906f39d94af");
  });

  it("rejects a passphrase smuggled in as a param", () => {
    expect(() => apiSignature({ ...headers, passphrase: "x" })).toThrow();
  });
});

describe("pfEncode (PHP urlencode)", () => {
  // Independent reference: PHP keeps only A-Za-z0-9-_. ; space → '+'; else %XX upper over UTF-8.
  const phpUrlencode = (s: string) =>
    [...Buffer.from(s, "utf8")]
      .map((b) => {
        const c = String.fromCharCode(b);
        if (/[A-Za-z0-9\-_.]/.test(c)) return c;
        if (b === 0x20) return "+";
        return "%" + b.toString(16).toUpperCase().padStart(2, "0");
      })
      .join("");

  it("encodes the characters encodeURIComponent leaves raw", () => {
    expect(pfEncode("!")).toBe("%21");
    expect(pfEncode("'")).toBe("%27");
    expect(pfEncode("(")).toBe("%28");
    expect(pfEncode(")")).toBe("%29");
    expect(pfEncode("*")).toBe("%2A");
    expect(pfEncode("~")).toBe("%7E");
  });

  it("space → '+', and + & = % are percent-encoded", () => {
    expect(pfEncode("a b")).toBe("a+b");
    expect(pfEncode("+")).toBe("%2B");
    expect(pfEncode("&")).toBe("%26");
    expect(pfEncode("=")).toBe("%3D");
    expect(pfEncode("%")).toBe("%25");
    expect(pfEncode("%20")).toBe("%2520");
  });

  it("UTF-8 multi-byte with uppercase hex", () => {
    expect(pfEncode("é")).toBe("%C3%A9");
    expect(pfEncode("😀")).toBe("%F0%9F%98%80");
    expect(pfEncode("\u00a0")).toBe("%C2%A0");
  });

  it("php.net example", () => {
    expect(pfEncode("Data123!@-_ +")).toBe("Data123%21%40-_+%2B");
  });

  it("matches PHP urlencode for every ASCII character and some non-ASCII", () => {
    for (let c = 0; c < 0x80; c++) {
      const s = String.fromCharCode(c);
      expect(pfEncode(s), `char 0x${c.toString(16)}`).toBe(phpUrlencode(s));
    }
    for (const s of ["Bob's Widget (x2)", "Ünïcödé ~ *", "日本語", "a\u2028b", "€100"]) {
      expect(pfEncode(s)).toBe(phpUrlencode(s));
    }
  });
});

describe("checkout normalisation", () => {
  const base = p({ merchant_id: "10000100", merchant_key: "46f0cd694581a", amount: "10.00", item_name: "Order#123" });

  it("trims leading/trailing PHP whitespace before signing and posting", () => {
    const padded = base.map(([k, v]): Pair => [k, k === "item_name" ? ` \t${v}\r\n ` : v]);
    expect(checkoutSignature(padded)).toBe(checkoutSignature(base));
    expect(checkoutFields(padded)).toContainEqual(["item_name", "Order#123"]);
  });

  it("does not trim NBSP (PHP trim keeps it)", () => {
    const nbsp = base.map(([k, v]): Pair => [k, k === "item_name" ? `${v}\u00a0` : v]);
    expect(checkoutSignature(nbsp)).not.toBe(checkoutSignature(base));
  });

  it("drops empty and whitespace-only values, keeps '0'", () => {
    const withBlanks: Pair[] = [...base.slice(0, 2), ["return_url", ""], ["cancel_url", "   "], ...base.slice(2), ["cycles", "0"]];
    const fields = checkoutFields(withBlanks);
    expect(fields.map(([k]) => k)).toEqual(["merchant_id", "merchant_key", "amount", "item_name", "cycles", "signature"]);
    expect(checkoutSignatureString(withBlanks)).toBe(
      "merchant_id=10000100&merchant_key=46f0cd694581a&amount=10.00&item_name=Order%23123&cycles=0",
    );
  });

  it("checkoutFields ends with the signature of exactly the posted fields", () => {
    const fields = checkoutFields(C1, SANDBOX_PASS);
    expect(fields.at(-1)).toEqual(["signature", "75523c4c36665c817c591133faeaea1f"]);
    expect(fields.slice(0, -1)).toEqual(C1);
    expect(fields.map(([k]) => k)).not.toContain("passphrase");
  });

  it("passphrase is appended once-encoded and trimmed", () => {
    expect(checkoutSignatureString(base, "a/b")).toMatch(/&passphrase=a%2Fb$/);
    expect(checkoutSignatureString(base, " abc ")).toMatch(/&passphrase=abc$/);
    expect(checkoutSignatureString(base, "   ")).not.toContain("passphrase");
  });

  it("rejects signature/passphrase/duplicate pairs", () => {
    expect(() => checkoutSignature([...base, ["signature", "x"]])).toThrow();
    expect(() => checkoutSignature([...base, ["passphrase", "x"]])).toThrow();
    expect(() => checkoutSignature([...base, ["amount", "1.00"]])).toThrow();
  });
});

describe("orderCheckoutFields", () => {
  it("emits documented order and skips undefined", () => {
    expect(orderCheckoutFields({ item_name: "x", amount: "1.00", merchant_id: "1", name_last: undefined })).toEqual([
      ["merchant_id", "1"],
      ["amount", "1.00"],
      ["item_name", "x"],
    ]);
  });

  it("rejects unknown keys, including signature and passphrase", () => {
    expect(() => orderCheckoutFields({ merchant_id: "1", source: "x" })).toThrow(/source/);
    expect(() => orderCheckoutFields({ signature: "x" })).toThrow();
    expect(() => orderCheckoutFields({ passphrase: "x" })).toThrow();
  });

  it("order list has the documented anchors", () => {
    const idx = (k: string) => CHECKOUT_FIELD_ORDER.indexOf(k);
    expect(CHECKOUT_FIELD_ORDER.slice(0, 5)).toEqual(["merchant_id", "merchant_key", "return_url", "cancel_url", "notify_url"]);
    expect(idx("custom_int5")).toBeLessThan(idx("custom_str1"));
    expect(idx("amount")).toBeLessThan(idx("item_name"));
    expect(idx("subscription_type")).toBeLessThan(idx("billing_date"));
    expect(idx("frequency")).toBeLessThan(idx("cycles"));
    expect(new Set(CHECKOUT_FIELD_ORDER).size).toBe(CHECKOUT_FIELD_ORDER.length);
  });
});

describe("verifyItnSignature / itnValidationBody", () => {
  const signed = (pairs: Pair[], pass?: string): Pair[] => [...pairs, ["signature", itnSignature(pairs, pass)]];

  it("true for correct ITNs (published signatures)", () => {
    expect(verifyItnSignature([...S1, ["signature", "93db1c63dc397361ab6b05e36fd73125"]])).toBe(true);
    expect(verifyItnSignature([...S2, ["signature", "ac4c3e993d31b5b9d525dc0087051437"]], SANDBOX_PASS)).toBe(true);
    expect(verifyItnSignature(signed(D1))).toBe(true);
  });

  it("false when one field is tampered", () => {
    const tampered = signed(S1).map(([k, v]): Pair => [k, k === "amount_gross" ? "1.00" : v]);
    expect(verifyItnSignature(tampered)).toBe(false);
  });

  it("false when the signature is missing, empty, malformed or duplicated", () => {
    expect(verifyItnSignature(S1)).toBe(false);
    expect(verifyItnSignature([...S1, ["signature", ""]])).toBe(false);
    expect(verifyItnSignature([...S1, ["signature", "93db1c63"]])).toBe(false);
    const sig = itnSignature(S1);
    expect(verifyItnSignature([...S1, ["signature", sig], ["signature", sig]])).toBe(false);
  });

  it("false with the wrong or missing passphrase", () => {
    const s2 = signed(S2, SANDBOX_PASS);
    expect(verifyItnSignature(s2, "wrong")).toBe(false);
    expect(verifyItnSignature(s2)).toBe(false);
    expect(verifyItnSignature(signed(S1), SANDBOX_PASS)).toBe(false);
  });

  it("validation body is the ITN string without signature and passphrase", () => {
    const body = itnValidationBody([...S3, ["signature", "4078bca2c8987e0e0c4e7230f2f46323"]]);
    expect(body).toBe(itnSignatureString(S3));
    expect(body).not.toContain("signature");
    expect(body).not.toContain("passphrase");
    expect(new URLSearchParams(body).get("email_address")).toBe("lindley+user1@appinlet.com");
  });
});
