import { describe, expect, it } from "vitest";
import { brandOf, cardDigits, checkCardNumber, cvcLength, formatExpiry, groupCardNumber, luhn, readExpiry } from "./card";

describe("luhn", () => {
  it("accepts the sandbox's test cards", () => {
    for (const n of ["4242424242424242", "4000000000009995", "5555555555554444", "378282246310005"]) expect(luhn(n)).toBe(true);
  });

  it("refuses a mistyped digit and anything but digits", () => {
    expect(luhn("4242424242424241")).toBe(false);
    expect(luhn("4242 4242 4242 4242")).toBe(false);
    expect(luhn("")).toBe(false);
  });
});

describe("card numbers", () => {
  it("groups digits as printed on the card", () => {
    expect(groupCardNumber("4242424242424242")).toBe("4242 4242 4242 4242");
    expect(groupCardNumber("4242-42")).toBe("4242 42");
    expect(groupCardNumber("378282246310005")).toBe("3782 822463 10005");
  });

  it("reads the digits whatever the spacing", () => {
    expect(cardDigits("4242 4242-4242 4242")).toBe("4242424242424242");
  });

  it("knows the accepted brands", () => {
    expect(["4242", "5105", "2223", "3714", "6011"].map(brandOf)).toEqual(["VISA", "MASTERCARD", "MASTERCARD", "AMEX", undefined]);
  });

  it("says what is wrong with a number", () => {
    expect(checkCardNumber("4242 4242 4242 4242")).toBeUndefined();
    expect(checkCardNumber("4242 4242")).toBe("length");
    expect(checkCardNumber("4242 4242 4242 4241")).toBe("luhn");
    expect(checkCardNumber("6011 1111 1111 1117")).toBe("brand");
  });

  it("asks 4 digits of security code for American Express, 3 otherwise", () => {
    expect([cvcLength("AMEX"), cvcLength("VISA"), cvcLength(undefined)]).toEqual([4, 3, 3]);
  });
});

describe("expiry", () => {
  const march2026 = new Date(2026, 2, 15);

  it("adds the slash after the month", () => {
    expect([formatExpiry("1"), formatExpiry("12"), formatExpiry("1228"), formatExpiry("12/289")]).toEqual(["1", "12", "12/28", "12/28"]);
  });

  it("reads MM/YY into a month and a four-digit year", () => {
    expect(readExpiry("03/26", march2026)).toEqual({ ok: true, month: 3, year: 2026 });
    expect(readExpiry("12/30", march2026)).toEqual({ ok: true, month: 12, year: 2030 });
  });

  it("refuses a past month, a month that does not exist and other shapes", () => {
    expect(readExpiry("02/26", march2026)).toEqual({ ok: false, problem: "expired" });
    expect(readExpiry("13/27", march2026)).toEqual({ ok: false, problem: "month" });
    expect(readExpiry("2027-01", march2026)).toEqual({ ok: false, problem: "format" });
  });
});
