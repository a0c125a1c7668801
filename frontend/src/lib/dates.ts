import dayjs, { type Dayjs } from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";

dayjs.extend(utc);
dayjs.extend(timezone);

/** A calendar day, YYYY-MM-DD. */
export type Day = string;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether s is a valid YYYY-MM-DD day. */
export function isDay(s: string | null | undefined): s is Day {
  return !!s && DAY.test(s) && dayjs(s).format("YYYY-MM-DD") === s;
}

/** Today in the given time zone. */
export function today(timeZone: string, now: Date = new Date()): Day {
  return dayjs(now).tz(timeZone).format("YYYY-MM-DD");
}

/**
 * The instants a range of days covers in the merchant's time zone: from the
 * start of `from` to the start of the day after `to`.
 */
export function dayRange(from: Day | undefined, to: Day | undefined, timeZone: string): { gte?: string; lt?: string } {
  const out: { gte?: string; lt?: string } = {};
  if (from) out.gte = dayjs.tz(from, timeZone).format();
  // The next day is found on the calendar first: dayjs.tz(...).add() would
  // keep the offset of `to` across a daylight saving change.
  if (to) out.lt = dayjs.tz(dayjs(to).add(1, "day").format("YYYY-MM-DD"), timeZone).format();
  return out;
}

/** Named ranges of days, ending today in the merchant's time zone. */
export type RangePreset = "today" | "last7" | "last30" | "thisMonth" | "last90";

export const RANGE_PRESETS: readonly RangePreset[] = ["today", "last7", "last30", "thisMonth", "last90"];

/** The days a preset covers. */
export function presetRange(preset: RangePreset, timeZone: string, now: Date = new Date()): [Day, Day] {
  const end = dayjs(today(timeZone, now));
  const fmt = (d: Dayjs) => d.format("YYYY-MM-DD");
  switch (preset) {
    case "today":
      return [fmt(end), fmt(end)];
    case "last7":
      return [fmt(end.subtract(6, "day")), fmt(end)];
    case "last30":
      return [fmt(end.subtract(29, "day")), fmt(end)];
    case "thisMonth":
      return [fmt(end.startOf("month")), fmt(end)];
    case "last90":
      return [fmt(end.subtract(89, "day")), fmt(end)];
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(locale: string, timeZone: string, withSeconds: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withSeconds}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      ...(withSeconds ? { second: "2-digit" } : {}),
    });
    formats.set(key, f);
  }
  return f;
}

/** A timestamp as the merchant reads it: in the merchant's time zone. */
export function formatDateTime(iso: string, timeZone: string, locale: string, withSeconds = false): string {
  return dateTimeFormat(locale, timeZone, withSeconds).format(new Date(iso));
}

export { dayjs };
