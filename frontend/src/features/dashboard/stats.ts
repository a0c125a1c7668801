// The dashboard's figures, from the journal's statistics. Volumes stay in
// minor units per currency: they are never added across currencies.
import type { DashboardStatsQuery, LabelDaysQuery } from "@/gql/graphql";
import { dayjs, type Day } from "@/lib/dates";
import { addMinor } from "@/lib/money";

type Bucket = DashboardStatsQuery["transactionStats"]["buckets"][number];

/** Count and volume of one payment method in one currency. */
export interface MethodFigure {
  method: string;
  currency: string;
  count: number;
  /** Minor units of currency. */
  volume: string;
}

/** Counts and volumes per payment method and currency, failure codes folded in. */
export function byMethodAndCurrency(buckets: readonly Bucket[]): MethodFigure[] {
  const out = new Map<string, MethodFigure>();
  for (const b of buckets) {
    if (!b.paymentMethod || !b.currency) continue;
    const key = `${b.paymentMethod}|${b.currency}`;
    const figure = out.get(key) ?? { method: b.paymentMethod, currency: b.currency, count: 0, volume: "0" };
    figure.count += b.count;
    for (const v of b.volume) if (v.currency === b.currency) figure.volume = addMinor(figure.volume, v.amount);
    out.set(key, figure);
  }
  return [...out.values()];
}

/** The distinct values of a key, the most frequent first. */
export function ranked(figures: readonly MethodFigure[], key: "method" | "currency"): string[] {
  const counts = new Map<string, number>();
  for (const f of figures) counts.set(f[key], (counts.get(f[key]) ?? 0) + f.count);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
}

/** Failed transactions per failure code, the most frequent first. */
export function failuresByReason(buckets: readonly Bucket[]): [code: string, count: number][] {
  const counts = new Map<string, number>();
  for (const b of buckets) if (b.failureCode) counts.set(b.failureCode, (counts.get(b.failureCode) ?? 0) + b.count);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: Day, to: Day): Day[] {
  const out: Day[] = [];
  for (let d = dayjs(from); !d.isAfter(dayjs(to), "day"); d = d.add(1, "day")) out.push(d.format("YYYY-MM-DD"));
  return out;
}

/** Transactions carrying one label in a period: in all, and per day. */
export interface LabelDays {
  total: number;
  perDay: ReadonlyMap<Day, number>;
}

export function labelDays(stats: LabelDaysQuery["transactionStats"]): LabelDays {
  return { total: stats.totalCount, perDay: new Map(stats.buckets.flatMap((b) => (b.day ? [[b.day, b.count] as const] : []))) };
}
