import { describe, expect, it } from "vitest";
import { linkFilterKey, parseLinksView, serializeLinksView, toLinksWhere } from "./filters";

describe("the links list's URL", () => {
  it("reads every filter and the page", () => {
    const view = parseLinksView(
      "status=PAID&status=SENT&mode=TEST&shop=S1&from=2026-03-01&to=2026-03-31&reference=Recouv&recipient=example.ch&batch=b1&after=c9&size=25",
    );
    expect(view).toEqual({
      filters: {
        status: ["PAID", "SENT"],
        mode: "TEST",
        shop: "S1",
        from: "2026-03-01",
        to: "2026-03-31",
        reference: "Recouv",
        recipient: "example.ch",
        batch: "b1",
      },
      cursor: { after: "c9", size: 25 },
    });
  });

  it("drops what it does not know", () => {
    expect(parseLinksView("status=LOST&mode=LIVE&from=2026-02-30&reference=%20").filters).toEqual({ status: [] });
  });

  it("writes a view back to the same query string", () => {
    const search = "status=OPENED&mode=PRODUCTION&reference=A1&before=c1";
    expect(serializeLinksView(parseLinksView(search))).toBe(search);
  });

  it("keys the filters without the page", () => {
    expect(linkFilterKey(parseLinksView("status=PAID&after=c3").filters)).toBe("status=PAID");
  });
});

describe("toLinksWhere", () => {
  it("asks the API for the filters, days in the merchant's time zone", () => {
    const { filters } = parseLinksView("status=PAID&mode=TEST&shop=S1&from=2026-03-01&to=2026-03-01&reference=Rec&recipient=lea");
    expect(toLinksWhere(filters, "Europe/Zurich")).toEqual({
      statusIn: ["PAID"],
      mode: "TEST",
      hasShopWith: [{ id: "S1" }],
      createdAtGTE: "2026-03-01T00:00:00+01:00",
      createdAtLT: "2026-03-02T00:00:00+01:00",
      orderReferenceContainsFold: "Rec",
      recipientEmailContainsFold: "lea",
    });
  });

  it("asks for everything without filters", () => {
    expect(toLinksWhere({ status: [] }, "UTC")).toEqual({});
  });
});
