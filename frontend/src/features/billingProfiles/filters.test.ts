import { describe, expect, it } from "vitest";
import { parseProfilesView, serializeProfilesView, toProfilesWhere } from "./filters";

describe("billing profile filters", () => {
  it("reads the filters from the URL, dropping what it does not know", () => {
    const view = parseProfilesView("status=DISABLED&brand=AMEX&expiring=2026-12&notUpdatedSince=2026-05-01&q=%20PM-1%20&size=25&x=1");
    expect(view.filters).toEqual({ status: "DISABLED", brand: "AMEX", expiring: "2026-12", notUpdatedSince: "2026-05-01", q: "PM-1" });
    expect(view.cursor).toEqual({ size: 25 });
    expect(parseProfilesView("status=GONE&brand=DINERS&expiring=2026-13&notUpdatedSince=2026-02-30").filters).toEqual({});
  });

  it("writes them back in a fixed order, leaving defaults out", () => {
    const search = "status=ACTIVE&brand=VISA&expiring=2026-12&notUpdatedSince=2026-05-01&q=FACT";
    expect(serializeProfilesView(parseProfilesView(search))).toBe(search);
    expect(serializeProfilesView({ filters: {}, cursor: { size: 50, after: "c9" } })).toBe("after=c9");
  });

  it("asks the API for cards expiring in a month and not updated since the start of a day of the merchant", () => {
    expect(
      toProfilesWhere({ status: "ACTIVE", brand: "MASTERCARD", expiring: "2026-12", notUpdatedSince: "2026-06-01" }, "Europe/Zurich"),
    ).toEqual({ status: "ACTIVE", cardBrand: "MASTERCARD", expiringIn: "2026-12", cardUpdatedAtLT: "2026-06-01T00:00:00+02:00" });
    expect(toProfilesWhere({ notUpdatedSince: "2026-01-01" }, "Europe/Zurich")).toEqual({ cardUpdatedAtLT: "2026-01-01T00:00:00+01:00" });
  });

  it("searches the payment method ID, the billing ID and the Payer ID", () => {
    expect(toProfilesWhere({ q: "100042" }, "UTC")).toEqual({
      or: [
        { paymentMethodRefContainsFold: "100042" },
        { billingRefContainsFold: "100042" },
        { hasPayerWith: [{ referenceContainsFold: "100042" }] },
      ],
    });
  });
});
