import { describe, expect, it } from "vitest";
import { nodesOf, pageVariables, readCursor, writeCursor } from "./pagination";

describe("cursor in the URL", () => {
  it("round-trips forward and backward pages", () => {
    for (const cursor of [{ size: 50 as const }, { size: 25 as const, after: "a+/=" }, { size: 100 as const, before: "b" }]) {
      expect(readCursor(writeCursor(new URLSearchParams(), cursor))).toEqual(cursor);
    }
  });

  it("falls back to 50 rows for a size the API would refuse", () => {
    expect(readCursor(new URLSearchParams("size=500")).size).toBe(50);
  });
});

describe("pageVariables", () => {
  it("pages forwards with first/after and backwards with last/before", () => {
    expect(pageVariables({ size: 25 })).toEqual({ first: 25 });
    expect(pageVariables({ size: 25, after: "e" })).toEqual({ first: 25, after: "e" });
    expect(pageVariables({ size: 100, before: "s" })).toEqual({ last: 100, before: "s" });
  });
});

it("nodesOf skips the holes GraphQL allows", () => {
  expect(nodesOf([{ node: 1 }, null, { node: null }, { node: 2 }])).toEqual([1, 2]);
  expect(nodesOf(undefined)).toEqual([]);
});
