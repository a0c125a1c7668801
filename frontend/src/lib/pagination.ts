import { useRef } from "react";

/** Page sizes a person can choose; the API refuses more than 100. */
export const PAGE_SIZES = [25, 50, 100] as const;
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

/** The connection arguments of a page: first/after forwards, last/before back. */
export function pageVariables(cursor: Cursor): { first?: number; after?: string; last?: number; before?: string } {
  if (cursor.before) return { last: cursor.size, before: cursor.before };
  return { first: cursor.size, ...(cursor.after ? { after: cursor.after } : {}) };
}

/** Whether a cursor points at the first page of its list. */
export function isFirstPage(cursor: Cursor): boolean {
  return !cursor.after && !cursor.before;
}

/**
 * Keeps the total count of a list while paging through it: counting is
 * costly on large lists, so it is asked for on the first page only (see
 * isFirstPage) and remembered under the key of the list's filters.
 */
export function useKeptTotal(key: string, total: number | null | undefined): number | undefined {
  const totals = useRef(new Map<string, number>());
  if (total != null) totals.current.set(key, total);
  return totals.current.get(key);
}

/**
 * The last connection a query returned: the previous page stays on screen
 * while the next one loads, and goes away on an error.
 */
export function useShownConnection<C>(connection: C | undefined, error: unknown): C | undefined {
  const shown = useRef(connection);
  if (connection || error) shown.current = connection;
  return shown.current;
}

/** The nodes of a connection's edges, without the holes GraphQL allows. */
export function nodesOf<T>(edges: readonly ({ node?: T | null } | null)[] | null | undefined): T[] {
  return (edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
}
