import { describe, expect, it } from "vitest";
import { withFilter } from "./filters";

type F = { status?: string; shop?: string };

describe("withFilter", () => {
  it("sets a filter and leaves the others", () => {
    expect(withFilter<F, "status">({ shop: "s1" }, "status", "PAID")).toEqual({ shop: "s1", status: "PAID" });
  });
  it("leaves out a filter set to undefined or null", () => {
    expect(withFilter<F, "status">({ shop: "s1", status: "PAID" }, "status", undefined)).toEqual({ shop: "s1" });
    expect(withFilter<F, "status">({ shop: "s1", status: "PAID" }, "status", null)).toEqual({ shop: "s1" });
  });
  it("does not change the filters it is given", () => {
    const before: F = { status: "PAID" };
    withFilter(before, "status", undefined);
    expect(before).toEqual({ status: "PAID" });
  });
});
