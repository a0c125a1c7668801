// Months of the Account Updater (YYYY-MM, in the merchant's time zone).

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Whether s is a YYYY-MM month. */
export function isMonth(s: string | null | undefined): s is string {
  return !!s && MONTH.test(s);
}

/** "décembre 2026": a month as words, in the app's language. */
export function formatMonth(month: string, locale: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  // Noon UTC of the 15th: the same month in every time zone.
  return new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, 15, 12)),
  );
}
