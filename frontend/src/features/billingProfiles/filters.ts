// The billing profiles list's view — its filters and the page — lives in
// the URL's query string, so that it can be bookmarked, shared and reloaded.
import { BillingProfileCardBrand, BillingProfileStatus, type BillingProfileWhereInput } from "@/gql/graphql";
import { dayRange, isDay, type Day } from "@/lib/dates";
import { readCursor, writeCursor, type Cursor } from "@/lib/pagination";

export const PROFILE_STATUSES = Object.values(BillingProfileStatus);
export const CARD_BRANDS = Object.values(BillingProfileCardBrand);

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Whether s is a YYYY-MM month. */
export function isMonth(s: string | null | undefined): s is string {
  return !!s && MONTH.test(s);
}

export interface ProfileFilters {
  status?: BillingProfileStatus;
  brand?: BillingProfileCardBrand;
  /** Cards expiring in this month, YYYY-MM. */
  expiring?: string;
  /** Cards whose data has not changed since this day (the merchant's). */
  notUpdatedSince?: Day;
  /** Part of the payment method ID, the billing ID or the Payer ID. */
  q?: string;
}

export interface ProfilesView {
  filters: ProfileFilters;
  cursor: Cursor;
}

/** Reads the view from a query string, dropping values it does not know. */
export function parseProfilesView(search: string | URLSearchParams): ProfilesView {
  const p = typeof search === "string" ? new URLSearchParams(search) : search;
  const filters: ProfileFilters = {};
  const status = p.get("status");
  if (status && (PROFILE_STATUSES as string[]).includes(status)) filters.status = status as BillingProfileStatus;
  const brand = p.get("brand");
  if (brand && (CARD_BRANDS as string[]).includes(brand)) filters.brand = brand as BillingProfileCardBrand;
  const expiring = p.get("expiring");
  if (isMonth(expiring)) filters.expiring = expiring;
  const since = p.get("notUpdatedSince");
  if (isDay(since)) filters.notUpdatedSince = since;
  const q = p.get("q")?.trim();
  if (q) filters.q = q;
  return { filters, cursor: readCursor(p) };
}

function writeFilters(f: ProfileFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.status) p.set("status", f.status);
  if (f.brand) p.set("brand", f.brand);
  if (f.expiring) p.set("expiring", f.expiring);
  if (f.notUpdatedSince) p.set("notUpdatedSince", f.notUpdatedSince);
  if (f.q) p.set("q", f.q);
  return p;
}

/** The query string of a view. */
export function serializeProfilesView(view: ProfilesView): string {
  return writeCursor(writeFilters(view.filters), view.cursor).toString();
}

/** Identifies a set of filters whatever the page, to keep its total while paging. */
export function profileFilterKey(f: ProfileFilters): string {
  return writeFilters(f).toString();
}

/** The API's where for a set of filters; days are the merchant's. */
export function toProfilesWhere(f: ProfileFilters, timeZone: string): BillingProfileWhereInput {
  const where: BillingProfileWhereInput = {};
  if (f.status) where.status = f.status;
  if (f.brand) where.cardBrand = f.brand;
  if (f.expiring) where.expiringIn = f.expiring;
  // Not updated since a day: the card's data last changed before it began.
  const { gte } = dayRange(f.notUpdatedSince, undefined, timeZone);
  if (gte) where.cardUpdatedAtLT = gte;
  if (f.q) {
    where.or = [
      { paymentMethodRefContainsFold: f.q },
      { billingRefContainsFold: f.q },
      { hasPayerWith: [{ referenceContainsFold: f.q }] },
    ];
  }
  return where;
}
