import { describe, expect, it } from "vitest";
import { nodesOf, pageOf, pageVariables, readCursor, writeCursor, type PageSize } from "./pagination";

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
  it("asks for one row more than a page shows, forwards with first/after and backwards with last/before", () => {
    expect(pageVariables({ size: 25 })).toEqual({ first: 26 });
    expect(pageVariables({ size: 50, after: "e" })).toEqual({ first: 51, after: "e" });
    expect(pageVariables({ size: 25, before: "s" })).toEqual({ last: 26, before: "s" });
  });

  it("stays within the API's 100 rows", () => {
    expect(pageVariables({ size: 100 })).toEqual({ first: 100 });
    expect(pageVariables({ size: 100, before: "s" })).toEqual({ last: 100, before: "s" });
  });
});

/** Edges n..m of a list, newest first, as the API returns them. */
const edges = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ cursor: `c${from + i}`, node: from + i }));

describe("pageOf", () => {
  const size: PageSize = 25;

  it("shows a full first page with more beyond", () => {
    const { nodes, pageInfo } = pageOf(edges(1, 26), { size });
    expect(nodes).toEqual(edges(1, 25).map((e) => e.node));
    expect(pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: "c1", endCursor: "c25" });
  });

  it("knows the last page going forwards", () => {
    const { nodes, pageInfo } = pageOf(edges(26, 10), { size, after: "c25" });
    expect(nodes).toHaveLength(10);
    expect(pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: "c26", endCursor: "c35" });
  });

  it("drops the extra row at the front going backwards", () => {
    // Before c51: rows 25..50, of which 25 is the extra one.
    const { nodes, pageInfo } = pageOf(edges(25, 26), { size, before: "c51" });
    expect(nodes).toEqual(edges(26, 25).map((e) => e.node));
    expect(pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true, startCursor: "c26", endCursor: "c50" });
  });

  it("knows the first page going backwards", () => {
    const { pageInfo } = pageOf(edges(1, 25), { size, before: "c26" });
    expect(pageInfo.hasPreviousPage).toBe(false);
  });

  it("assumes more after a full page of 100", () => {
    expect(pageOf(edges(1, 100), { size: 100 }).pageInfo.hasNextPage).toBe(true);
    expect(pageOf(edges(1, 99), { size: 100 }).pageInfo.hasNextPage).toBe(false);
  });

  it("has no cursors for an empty page", () => {
    expect(pageOf([], { size })).toEqual({ nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false } });
  });
});

it("nodesOf skips the holes GraphQL allows", () => {
  expect(nodesOf([{ node: 1 }, null, { node: null }, { node: 2 }])).toEqual([1, 2]);
  expect(nodesOf(undefined)).toEqual([]);
});
