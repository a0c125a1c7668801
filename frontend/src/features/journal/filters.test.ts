import { describe, expect, it } from "vitest";
import { EMPTY_FILTERS, filterKey, parseView, serializeView, toQueryArgs, type JournalView } from "./filters";

const full: JournalView = {
  filters: {
    from: "2026-11-01",
    to: "2026-11-26",
    status: ["CAPTURED", "FAILED"],
    method: ["VISA", "TWINT"],
    currency: ["CHF"],
    min: "10.50",
    max: "1000",
    payer: "CUST-100001",
    labels: ["AAAAAQAAAAE", "AAAAAQAAAAI"],
    labelMatch: "all",
    q: "CMD-2611 ü&=?",
  },
  cursor: { size: 100, after: "gqFpzwAAAAYAAJw+oXbX/+iR9sBrB9r6" },
};

describe("URL round trip", () => {
  it("restores every filter and the page", () => {
    expect(parseView(serializeView(full))).toEqual(full);
  });

  it("restores a backward page", () => {
    const view: JournalView = { filters: EMPTY_FILTERS, cursor: { size: 25, before: "abc+/=" } };
    expect(parseView(serializeView(view))).toEqual(view);
  });

  it("writes nothing for the default view", () => {
    expect(serializeView({ filters: EMPTY_FILTERS, cursor: { size: 50 } })).toBe("");
    expect(parseView("")).toEqual({ filters: EMPTY_FILTERS, cursor: { size: 50 } });
  });

  it("writes the same URL for the same view", () => {
    const again = parseView(serializeView(full));
    expect(serializeView(again)).toBe(serializeView(full));
  });

  it("drops values it does not know", () => {
    const view = parseView("status=CAPTURED&status=BOGUS&currency=XXX&method=visa&from=2026-02-30&to=yesterday&size=1000&match=some");
    expect(view).toEqual({ filters: { ...EMPTY_FILTERS, status: ["CAPTURED"] }, cursor: { size: 50 } });
  });

  it("keeps only one cursor", () => {
    expect(parseView("after=a&before=b").cursor).toEqual({ size: 50, after: "a" });
  });

  it("leaves the label match out without labels", () => {
    expect(serializeView({ filters: { ...EMPTY_FILTERS, labelMatch: "all" }, cursor: { size: 50 } })).toBe("");
  });
});

describe("filterKey", () => {
  it("ignores the page", () => {
    const otherPage = { ...full, cursor: { size: 25 as const, before: "x" } };
    expect(filterKey(otherPage.filters)).toBe(filterKey(full.filters));
  });

  it("differs when a filter differs", () => {
    expect(filterKey({ ...full.filters, status: ["CAPTURED"] })).not.toBe(filterKey(full.filters));
  });
});

describe("toQueryArgs", () => {
  it("maps every filter onto the journal's where and search", () => {
    expect(toQueryArgs(full.filters, "Europe/Zurich")).toEqual({
      where: {
        createdAtGTE: "2026-11-01T00:00:00+01:00",
        createdAtLT: "2026-11-27T00:00:00+01:00",
        statusIn: ["CAPTURED", "FAILED"],
        paymentMethodIn: ["VISA", "TWINT"],
        currencyIn: ["CHF"],
        amountGTE: "1050",
        amountLTE: "100000",
        hasPayerWith: [{ reference: "CUST-100001" }],
        hasLabelsAllOf: ["AAAAAQAAAAE", "AAAAAQAAAAI"],
      },
      search: "CMD-2611 ü&=?",
      exponent: 2,
      amountProblems: {},
    });
  });

  it("uses hasLabelsAnyOf for any of", () => {
    const { where } = toQueryArgs({ ...EMPTY_FILTERS, labels: ["L1"] }, "UTC");
    expect(where).toEqual({ hasLabelsAnyOf: ["L1"] });
  });

  it("reads days in the merchant's time zone, across a DST change", () => {
    const { where } = toQueryArgs({ ...EMPTY_FILTERS, from: "2026-03-29", to: "2026-03-29" }, "Europe/Zurich");
    expect(where).toEqual({ createdAtGTE: "2026-03-29T00:00:00+01:00", createdAtLT: "2026-03-30T00:00:00+02:00" });
  });

  it("reads amounts with the one chosen currency's exponent", () => {
    expect(toQueryArgs({ ...EMPTY_FILTERS, currency: ["JPY"], min: "1500" }, "UTC").where.amountGTE).toBe("1500");
    expect(toQueryArgs({ ...EMPTY_FILTERS, currency: ["KWD"], min: "1.5" }, "UTC").where.amountGTE).toBe("1500");
  });

  it("reads amounts with 2 decimals for several currencies", () => {
    const args = toQueryArgs({ ...EMPTY_FILTERS, currency: ["JPY", "KWD"], min: "1.5" }, "UTC");
    expect([args.exponent, args.where.amountGTE]).toEqual([2, "150"]);
  });

  it("leaves out and reports amounts it cannot read", () => {
    const args = toQueryArgs({ ...EMPTY_FILTERS, currency: ["JPY"], min: "12.5", max: "lots" }, "UTC");
    expect(args.where).toEqual({ currencyIn: ["JPY"] });
    expect(args.amountProblems).toEqual({ min: "tooManyDecimals", max: "invalid" });
  });
});
