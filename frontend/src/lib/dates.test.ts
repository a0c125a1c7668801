import { describe, expect, it } from "vitest";
import { dayRange, formatDateTime, isDay, presetRange, today } from "./dates";

// 23:30 UTC on 31 March is already 1 April in Zurich.
const NOW = new Date("2026-03-31T23:30:00Z");

describe("presetRange", () => {
  const cases = [
    ["today", ["2026-04-01", "2026-04-01"]],
    ["last7", ["2026-03-26", "2026-04-01"]],
    ["last30", ["2026-03-03", "2026-04-01"]],
    ["thisMonth", ["2026-04-01", "2026-04-01"]],
    ["last90", ["2026-01-02", "2026-04-01"]],
  ] as const;
  for (const [preset, want] of cases) {
    it(`${preset} ends today in the merchant's time zone`, () => {
      expect(presetRange(preset, "Europe/Zurich", NOW)).toEqual(want);
    });
  }

  it("uses the merchant's day, not the browser's", () => {
    expect(today("Europe/Zurich", NOW)).toBe("2026-04-01");
    expect(today("America/New_York", NOW)).toBe("2026-03-31");
  });
});

describe("dayRange", () => {
  it("covers whole days of the merchant", () => {
    expect(dayRange("2026-11-01", "2026-11-01", "Asia/Tokyo")).toEqual({
      gte: "2026-11-01T00:00:00+09:00",
      lt: "2026-11-02T00:00:00+09:00",
    });
  });

  it("leaves an open end open", () => {
    expect(dayRange(undefined, "2026-11-01", "UTC")).toEqual({ lt: "2026-11-02T00:00:00Z" });
  });
});

it("isDay accepts only real calendar days", () => {
  expect(["2026-02-28", "2028-02-29"].every(isDay)).toBe(true);
  expect(["2026-02-29", "2026-13-01", "26-01-01", "", null].some(isDay)).toBe(false);
});

it("formatDateTime shows the merchant's wall clock", () => {
  expect(formatDateTime("2026-11-26T07:15:21Z", "Europe/Zurich", "fr-CH", true)).toBe("26.11.2026 08:15:21");
  expect(formatDateTime("2026-11-26T07:15:21Z", "Asia/Tokyo", "en-GB")).toBe("26/11/2026, 16:15");
});
