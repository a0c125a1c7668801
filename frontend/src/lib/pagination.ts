import { useRef } from "react";

/** Page sizes a person can choose. */
export const PAGE_SIZES = [25, 50, 100] as const;
/** The API refuses larger pages. */
const MAX_PAGE = 100;
export type PageSize = (typeof PAGE_SIZES)[number];
export const DEFAULT_PAGE_SIZE: PageSize = 50;

/** Where a person is in a cursor-paginated list. */
export interface Cursor {
  after?: string;
  before?: string;
  size: PageSize;
}

/** Reads the page of a list from the URL (after, before, size). */
export function readCursor(params: URLSearchParams): Cursor {
  const n = Number(params.get("size"));
  const size = (PAGE_SIZES as readonly number[]).includes(n) ? (n as PageSize) : DEFAULT_PAGE_SIZE;
  const after = params.get("after") || undefined;
  const before = after ? undefined : params.get("before") || undefined;
  return { size, ...(after ? { after } : {}), ...(before ? { before } : {}) };
}

/** Writes the page of a list into URL parameters, leaving defaults out. */
export function writeCursor(params: URLSearchParams, cursor: Cursor): URLSearchParams {
  if (cursor.after) params.set("after", cursor.after);
  else if (cursor.before) params.set("before", cursor.before);
  if (cursor.size !== DEFAULT_PAGE_SIZE) params.set("size", String(cursor.size));
  return params;
}

// Guichet's lists never select pageInfo: entgql counts every matching row
// to fill it in, the very cost totalCount is kept off later pages for.
// A page asks for one row more than it shows instead: that row tells
// whether there is a page beyond, and the edges' cursors do the rest.

/** How many rows a page asks for: one more than it shows, within the API's limit. */
function fetchSize(size: PageSize): number {
  return Math.min(size + 1, MAX_PAGE);
}

/** The connection arguments of a page: first/after forwards, last/before back. */
export function pageVariables(cursor: Cursor): { first?: number; after?: string; last?: number; before?: string } {
  const n = fetchSize(cursor.size);
  if (cursor.before) return { last: n, before: cursor.before };
  return { first: n, ...(cursor.after ? { after: cursor.after } : {}) };
}

/** Which way a list goes from a page, and the cursors to go there. */
export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor?: string;
  endCursor?: string;
}

type Edge<T> = { cursor: string; node?: T | null } | null;

/**
 * The rows of a page fetched with pageVariables, and where the list goes
 * from it. A page of 100 cannot ask for a 101st row: when it comes back
 * full, a next page is assumed, and may turn out empty.
 */
export function pageOf<T>(edges: readonly Edge<T>[] | null | undefined, cursor: Cursor): { nodes: T[]; pageInfo: PageInfo } {
  const all = (edges ?? []).flatMap((e) => (e?.node ? [{ cursor: e.cursor, node: e.node }] : []));
  const more = fetchSize(cursor.size) > cursor.size ? all.length > cursor.size : all.length === cursor.size;
  const backwards = !!cursor.before;
  // Going back, the extra row is the oldest one of the page before: the first.
  const shown = backwards ? all.slice(Math.max(0, all.length - cursor.size)) : all.slice(0, cursor.size);
  return {
    nodes: shown.map((e) => e.node),
    pageInfo: {
      // A cursor we came through has a page on its other side.
      hasNextPage: backwards ? true : more,
      hasPreviousPage: backwards ? more : !!cursor.after,
      ...(shown.length ? { startCursor: shown[0]!.cursor, endCursor: shown[shown.length - 1]!.cursor } : {}),
    },
  };
}

/** Whether a cursor points at the first page of its list. */
export function isFirstPage(cursor: Cursor): boolean {
  return !cursor.after && !cursor.before;
}

/**
 * Keeps the total count of a list while paging through it: counting is
 * costly on large lists, so it is asked for on the first page only (see
 * isFirstPage) and remembered under the key of the list's filters. urql
 * keeps showing the previous result while a new one loads: a total is
 * taken only from a settled result, never from another list's.
 */
export function useKeptTotal(
  key: string,
  result: { fetching: boolean; total: number | null | undefined },
): number | undefined {
  const totals = useRef(new Map<string, number>());
  if (!result.fetching && result.total != null) totals.current.set(key, result.total);
  return totals.current.get(key);
}

/** The nodes of a connection's edges, without the holes GraphQL allows. */
export function nodesOf<T>(edges: readonly ({ node?: T | null } | null)[] | null | undefined): T[] {
  return (edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
}
