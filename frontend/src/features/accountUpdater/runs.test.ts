import { describe, expect, it } from "vitest";
import { formatMonth } from "./month";
import { POLL_AWAITING_MS, POLL_BUSY_MS, pollInterval } from "./runs";

describe("following runs", () => {
  it("asks quickly while cards are selected or sent, slowly while answers are due, never once all completed", () => {
    expect(pollInterval(["COMPLETED", "SUBMITTING"])).toBe(POLL_BUSY_MS);
    expect(pollInterval(["SELECTING"])).toBe(POLL_BUSY_MS);
    expect(pollInterval(["COMPLETED", "AWAITING_RESPONSES"])).toBe(POLL_AWAITING_MS);
    expect(pollInterval(["COMPLETED", "COMPLETED"])).toBeUndefined();
    expect(pollInterval([])).toBeUndefined();
  });
});

describe("months", () => {
  it("reads a month as words in the app's language, whatever the time zone", () => {
    expect(formatMonth("2026-12", "fr-CH")).toBe("décembre 2026");
    expect(formatMonth("2027-01", "en-GB")).toBe("January 2027");
  });
});
