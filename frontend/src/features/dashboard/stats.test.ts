import { describe, expect, it } from "vitest";
import { byMethodAndCurrency, daysBetween, failuresByReason, labelDays, ranked } from "./stats";

const bucket = (paymentMethod: string, currency: string, failureCode: string | null, count: number, amount: string) => ({
  paymentMethod,
  currency,
  failureCode,
  count,
  volume: [{ amount, currency }],
}) as Parameters<typeof byMethodAndCurrency>[0][number];

const BUCKETS = [
  bucket("VISA", "CHF", null, 10, "100000"),
  bucket("VISA", "CHF", "INSUFFICIENT_FUNDS", 2, "5000"),
  bucket("VISA", "JPY", null, 3, "90000"),
  bucket("TWINT", "CHF", null, 4, "12345"),
  bucket("TWINT", "CHF", "FRAUD_SUSPECTED", 1, "999"),
  bucket("MASTERCARD", "EUR", "INSUFFICIENT_FUNDS", 1, "700"),
];

describe("dashboard figures", () => {
  it("adds counts and volumes per payment method and currency, never across currencies", () => {
    expect(byMethodAndCurrency(BUCKETS)).toEqual([
      { method: "VISA", currency: "CHF", count: 12, volume: "105000" },
      { method: "VISA", currency: "JPY", count: 3, volume: "90000" },
      { method: "TWINT", currency: "CHF", count: 5, volume: "13344" },
      { method: "MASTERCARD", currency: "EUR", count: 1, volume: "700" },
    ]);
  });

  it("keeps amounts beyond 2^53 exact", () => {
    const big = [bucket("VISA", "CHF", null, 1, "9007199254740993"), bucket("VISA", "CHF", "EXPIRED_CARD", 1, "9007199254740993")];
    expect(byMethodAndCurrency(big)[0]!.volume).toBe("18014398509481986");
  });

  it("ranks methods and currencies by count", () => {
    const figures = byMethodAndCurrency(BUCKETS);
    expect(ranked(figures, "method")).toEqual(["VISA", "TWINT", "MASTERCARD"]);
    expect(ranked(figures, "currency")).toEqual(["CHF", "JPY", "EUR"]);
  });

  it("counts failures by reason, the most frequent first", () => {
    expect(failuresByReason(BUCKETS)).toEqual([
      ["INSUFFICIENT_FUNDS", 3],
      ["FRAUD_SUSPECTED", 1],
    ]);
  });

  it("lists the days of a period, across a month's end", () => {
    expect(daysBetween("2026-02-27", "2026-03-02")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
    expect(daysBetween("2026-11-26", "2026-11-26")).toEqual(["2026-11-26"]);
  });

  it("reads a label's transactions per day", () => {
    const d = labelDays({ totalCount: 5, buckets: [{ day: "2026-11-25", count: 2 }, { day: "2026-11-26", count: 3 }] } as Parameters<typeof labelDays>[0]);
    expect(d.total).toBe(5);
    expect([...d.perDay]).toEqual([["2026-11-25", 2], ["2026-11-26", 3]]);
  });
});
