import { describe, expect, it } from "vitest";
import { addMinor, exponentForCurrencies, exponentOf, formatMoney, minorToDecimal, parseMajor } from "./money";

// Intl writes narrow no-break spaces as group separators in French; compare
// with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("minorToDecimal", () => {
  const cases: [string, string, number, string][] = [
    ["CHF 2 decimals", "1250", 2, "12.50"],
    ["JPY no decimals", "1250", 0, "1250"],
    ["KWD 3 decimals", "1250", 3, "1.250"],
    ["less than one unit", "5", 2, "0.05"],
    ["zero", "0", 3, "0.000"],
    ["negative", "-1250", 2, "-12.50"],
    ["negative below one unit", "-5", 3, "-0.005"],
    ["negative zero", "-0", 2, "0.00"],
    ["leading zeros", "000123", 2, "1.23"],
    ["beyond 2^53", "123456789012345678901", 2, "1234567890123456789.01"],
  ];
  for (const [name, minor, exponent, want] of cases) {
    it(name, () => expect(minorToDecimal(minor, exponent)).toBe(want));
  }

  it("refuses what is not an integer", () => {
    expect(() => minorToDecimal("12.5", 2)).toThrow();
    expect(() => minorToDecimal("1e3", 2)).toThrow();
  });
});

describe("formatMoney", () => {
  const cases: [string, string, string, string, string][] = [
    ["CHF in French", "123456", "CHF", "fr-CH", "1 234.56 CHF"],
    ["CHF in English", "123456", "CHF", "en-GB", "CHF 1,234.56"],
    ["JPY has no decimals", "123456", "JPY", "fr-CH", "123 456 JPY"],
    ["KWD has three", "123456", "KWD", "en-GB", "KWD 123.456"],
    ["EUR in French", "5", "EUR", "fr-CH", "0.05 EUR"],
    ["negative", "-123456", "CHF", "en-GB", "-CHF 1,234.56"],
    ["beyond 2^53 keeps every digit", "12345678901234567891", "CHF", "en-GB", "CHF 123,456,789,012,345,678.91"],
    ["beyond 2^53 in yen", "9007199254740993", "JPY", "fr-CH", "9 007 199 254 740 993 JPY"],
  ];
  for (const [name, amount, currency, locale, want] of cases) {
    it(name, () => expect(plain(formatMoney(amount, currency, locale))).toBe(want));
  }
});

describe("parseMajor", () => {
  const ok: [string, string, number, string][] = [
    ["whole CHF", "12", 2, "1200"],
    ["CHF with a point", "12.5", 2, "1250"],
    ["CHF with a comma", "12,50", 2, "1250"],
    ["grouped with spaces", "1 000.25", 2, "100025"],
    ["grouped with apostrophes", "1'000", 2, "100000"],
    ["JPY", "1500", 0, "1500"],
    ["KWD", "1.25", 3, "1250"],
    ["only decimals", ".5", 2, "50"],
    ["negative", "-3.5", 2, "-350"],
    ["beyond 2^53", "90071992547409931.23", 2, "9007199254740993123"],
  ];
  for (const [name, input, exponent, want] of ok) {
    it(name, () => expect(parseMajor(input, exponent)).toEqual({ ok: true, minor: want }));
  }

  it("refuses more decimals than the currency has", () => {
    expect(parseMajor("12.505", 2)).toEqual({ ok: false, error: "tooManyDecimals" });
    expect(parseMajor("12.5", 0)).toEqual({ ok: false, error: "tooManyDecimals" });
  });

  for (const input of ["", "abc", "1.2.3", "12€", "-", "."]) {
    it(`refuses ${JSON.stringify(input)}`, () => expect(parseMajor(input, 2)).toEqual({ ok: false, error: "invalid" }));
  }
});

describe("exponents", () => {
  it("follows ISO 4217", () => {
    expect([exponentOf("CHF"), exponentOf("JPY"), exponentOf("KWD")]).toEqual([2, 0, 3]);
  });

  it("uses the one chosen currency's exponent for amount filters", () => {
    expect(exponentForCurrencies(["KWD"])).toBe(3);
    expect(exponentForCurrencies(["JPY"])).toBe(0);
  });

  it("falls back to 2 for none or several currencies", () => {
    expect(exponentForCurrencies([])).toBe(2);
    expect(exponentForCurrencies(["JPY", "KWD"])).toBe(2);
  });
});

it("adds amounts beyond 2^53 exactly", () => {
  expect(addMinor("9007199254740993", "1")).toBe("9007199254740994");
});
