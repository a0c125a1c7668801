// The links list's view — its filters and the page — lives in the URL's
// query string, so that it can be bookmarked, shared and reloaded.
import { PaymentLinkMode, PaymentLinkStatus, type PaymentLinkWhereInput } from "@/gql/graphql";
import { dayRange, isDay, type Day } from "@/lib/dates";
import { readCursor, writeCursor, type Cursor } from "@/lib/pagination";

/** Statuses in the order of a link's life. */
export const LINK_STATUSES = [
  "CREATED",
  "SENT",
  "OPENED",
  "PAID",
  "EXPIRED",
  "CANCELED",
  "FAILED",
] as const satisfies readonly PaymentLinkStatus[];

// Fails to compile when the API gains a status LINK_STATUSES lacks.
type MissingStatus = Exclude<PaymentLinkStatus, (typeof LINK_STATUSES)[number]>;
const noMissingStatus: MissingStatus extends never ? true : never = true;
void noMissingStatus;

export const LINK_MODES = Object.values(PaymentLinkMode);

export interface LinkFilters {
  status: PaymentLinkStatus[];
  mode?: PaymentLinkMode;
  shop?: string;
  from?: Day;
  to?: Day;
  /** Part of the order reference. */
  reference?: string;
  /** Part of the recipient's address. */
  recipient?: string;
  /** The links one wizard sent together. */
  batch?: string;
}

export interface LinksView {
  filters: LinkFilters;
  cursor: Cursor;
}

export const EMPTY_LINK_FILTERS: LinkFilters = { status: [] };

const TEXT = ["shop", "reference", "recipient", "batch"] as const;

/** Reads the view from a query string, dropping values it does not know. */
export function parseLinksView(search: string | URLSearchParams): LinksView {
  const p = typeof search === "string" ? new URLSearchParams(search) : search;
  const known = new Set<string>(LINK_STATUSES);
  const filters: LinkFilters = {
    status: [...new Set(p.getAll("status"))].filter((s): s is PaymentLinkStatus => known.has(s)),
  };
  const mode = p.get("mode");
  if (mode && (LINK_MODES as string[]).includes(mode)) filters.mode = mode as PaymentLinkMode;
  const from = p.get("from");
  const to = p.get("to");
  if (isDay(from)) filters.from = from;
  if (isDay(to)) filters.to = to;
  for (const name of TEXT) {
    const v = p.get(name)?.trim();
    if (v) filters[name] = v;
  }
  return { filters, cursor: readCursor(p) };
}

/** The filters as URL parameters, in a fixed order, without the empty ones. */
function writeFilters(f: LinkFilters): URLSearchParams {
  const p = new URLSearchParams();
  for (const s of f.status) p.append("status", s);
  if (f.mode) p.set("mode", f.mode);
  if (f.shop) p.set("shop", f.shop);
  if (f.from) p.set("from", f.from);
  if (f.to) p.set("to", f.to);
  if (f.reference) p.set("reference", f.reference);
  if (f.recipient) p.set("recipient", f.recipient);
  if (f.batch) p.set("batch", f.batch);
  return p;
}

/** The query string of a view. */
export function serializeLinksView(view: LinksView): string {
  return writeCursor(writeFilters(view.filters), view.cursor).toString();
}

/** Identifies a set of filters whatever the page, to keep its total while paging. */
export function linkFilterKey(f: LinkFilters): string {
  return writeFilters(f).toString();
}

/** The API's where for a set of filters; days are the merchant's. */
export function toLinksWhere(f: LinkFilters, timeZone: string): PaymentLinkWhereInput {
  const where: PaymentLinkWhereInput = {};
  if (f.status.length) where.statusIn = f.status;
  if (f.mode) where.mode = f.mode;
  if (f.shop) where.hasShopWith = [{ id: f.shop }];
  const { gte, lt } = dayRange(f.from, f.to, timeZone);
  if (gte) where.createdAtGTE = gte;
  if (lt) where.createdAtLT = lt;
  if (f.reference) where.orderReferenceContainsFold = f.reference;
  if (f.recipient) where.recipientEmailContainsFold = f.recipient;
  if (f.batch) where.batch = f.batch;
  return where;
}
