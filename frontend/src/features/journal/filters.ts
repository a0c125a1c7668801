// The journal's view — its filters and the page — lives in the URL's query
// string, so that a view can be bookmarked, shared and reloaded.
import {
  Currency,
  TransactionPaymentMethod,
  TransactionStatus,
  type TransactionWhereInput,
} from "@/gql/graphql";
import { dayRange, isDay, type Day } from "@/lib/dates";
import { exponentForCurrencies, parseMajor, type AmountError } from "@/lib/money";
import { readCursor, writeCursor, type Cursor } from "@/lib/pagination";

/** Statuses in the order of a payment's life. */
export const STATUSES = [
  "PENDING",
  "AUTHORIZED",
  "CAPTURED",
  "PARTIALLY_REFUNDED",
  "REFUNDED",
  "CANCELED",
  "FAILED",
] as const satisfies readonly TransactionStatus[];

// Fails to compile when the API gains a status STATUSES lacks.
type MissingStatus = Exclude<TransactionStatus, (typeof STATUSES)[number]>;
const noMissingStatus: MissingStatus extends never ? true : never = true;
void noMissingStatus;

export const METHODS = Object.values(TransactionPaymentMethod);
export const CURRENCIES = Object.values(Currency);

export type LabelMatch = "any" | "all";

/** Every filter of the journal, as a person set it. */
export interface JournalFilters {
  from?: Day;
  to?: Day;
  status: TransactionStatus[];
  method: TransactionPaymentMethod[];
  currency: Currency[];
  /** Amounts in major units, as typed ("12.50"). */
  min?: string;
  max?: string;
  payer?: string;
  labels: string[];
  labelMatch: LabelMatch;
  /** Free text: the API's search argument. */
  q?: string;
}

export interface JournalView {
  filters: JournalFilters;
  cursor: Cursor;
}

export const EMPTY_FILTERS: JournalFilters = { status: [], method: [], currency: [], labels: [], labelMatch: "any" };

function oneOf<T extends string>(allowed: readonly T[], values: string[]): T[] {
  const set = new Set<string>(allowed);
  return [...new Set(values)].filter((v): v is T => set.has(v));
}

function text(params: URLSearchParams, name: string): string | undefined {
  const v = params.get(name)?.trim();
  return v ? v : undefined;
}

/**
 * Reads a journal view from a query string. Values it does not know (an
 * old bookmark, a hand-edited URL) are dropped rather than sent to the API.
 */
export function parseView(search: string | URLSearchParams): JournalView {
  const p = typeof search === "string" ? new URLSearchParams(search) : search;
  const from = p.get("from");
  const to = p.get("to");
  const filters: JournalFilters = {
    status: oneOf(STATUSES, p.getAll("status")),
    method: oneOf(METHODS, p.getAll("method")),
    currency: oneOf(CURRENCIES, p.getAll("currency")),
    labels: [...new Set(p.getAll("label").filter(Boolean))],
    labelMatch: p.get("match") === "all" ? "all" : "any",
  };
  if (isDay(from)) filters.from = from;
  if (isDay(to)) filters.to = to;
  for (const name of ["min", "max", "payer", "q"] as const) {
    const v = text(p, name);
    if (v !== undefined) filters[name] = v;
  }
  return { filters, cursor: readCursor(p) };
}

/**
 * Writes filters into URL parameters in a fixed order, leaving out what is
 * empty, so that the same view always has the same URL.
 */
function writeFilters(f: JournalFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.from) p.set("from", f.from);
  if (f.to) p.set("to", f.to);
  for (const s of f.status) p.append("status", s);
  for (const m of f.method) p.append("method", m);
  for (const c of f.currency) p.append("currency", c);
  if (f.min) p.set("min", f.min);
  if (f.max) p.set("max", f.max);
  if (f.payer) p.set("payer", f.payer);
  for (const l of f.labels) p.append("label", l);
  if (f.labels.length > 0 && f.labelMatch === "all") p.set("match", "all");
  if (f.q) p.set("q", f.q);
  return p;
}

/** The query string of a journal view. */
export function serializeView(view: JournalView): string {
  return writeCursor(writeFilters(view.filters), view.cursor).toString();
}

/**
 * Identifies a set of filters, whatever the page: the total count of a
 * filter set is asked for on its first page and kept while paging.
 */
export function filterKey(f: JournalFilters): string {
  return writeFilters(f).toString();
}

/** Problems with amounts typed in the filters. */
export interface AmountProblems {
  min?: AmountError;
  max?: AmountError;
}

/** The API's arguments for a set of filters. */
export interface JournalQueryArgs {
  where: TransactionWhereInput;
  search?: string;
  /** The exponent amounts were read with: 2 unless one currency is chosen. */
  exponent: number;
  amountProblems: AmountProblems;
}

/**
 * Turns filters into the journal's where and search. Days are days in the
 * merchant's time zone; amounts are read in the minor units of the one
 * chosen currency, or with exponent 2 when none or several are chosen. An
 * amount that cannot be read is left out and reported.
 */
export function toQueryArgs(f: JournalFilters, timeZone: string): JournalQueryArgs {
  const where: TransactionWhereInput = {};
  const { gte, lt } = dayRange(f.from, f.to, timeZone);
  if (gte) where.createdAtGTE = gte;
  if (lt) where.createdAtLT = lt;
  if (f.status.length) where.statusIn = f.status;
  if (f.method.length) where.paymentMethodIn = f.method;
  if (f.currency.length) where.currencyIn = f.currency;
  const exponent = exponentForCurrencies(f.currency);
  const amountProblems: AmountProblems = {};
  for (const [name, key] of [
    ["min", "amountGTE"],
    ["max", "amountLTE"],
  ] as const) {
    const typed = f[name];
    if (!typed) continue;
    const parsed = parseMajor(typed, exponent);
    if (parsed.ok) where[key] = parsed.minor;
    else amountProblems[name] = parsed.error;
  }
  if (f.payer) where.hasPayerWith = [{ reference: f.payer }];
  if (f.labels.length) {
    if (f.labelMatch === "all") where.hasLabelsAllOf = f.labels;
    else where.hasLabelsAnyOf = f.labels;
  }
  return { where, ...(f.q ? { search: f.q } : {}), exponent, amountProblems };
}

/** Whether any filter is set. */
export function hasFilters(f: JournalFilters): boolean {
  return filterKey(f) !== "";
}

/**
 * The journal's download with the same where and search as the page: the
 * server streams every matching transaction (GET /exports/journal.csv|.html).
 */
export function journalExportURL(ext: "csv" | "html", where: TransactionWhereInput, search?: string): string {
  const p = new URLSearchParams();
  if (Object.keys(where).length) p.set("where", JSON.stringify(where));
  if (search) p.set("search", search);
  const s = p.toString();
  return `/exports/journal.${ext}${s ? `?${s}` : ""}`;
}

/** The reports page, opening a new journal report on the journal's where and search. */
export function journalSchedulePath(where: TransactionWhereInput, search?: string): string {
  const p = new URLSearchParams({ new: "JOURNAL" });
  if (Object.keys(where).length) p.set("where", JSON.stringify(where));
  if (search) p.set("search", search);
  return `/reports?${p.toString()}`;
}
