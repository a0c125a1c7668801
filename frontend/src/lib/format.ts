import { useTranslation } from "react-i18next";
import { formatDateTime } from "./dates";
import { formatLocale } from "./i18n";
import { formatMoney } from "./money";
import { useTimeZone } from "./viewer";

/** The locale numbers are formatted in, following the app's language. */
export function useLocale(): string {
  const { i18n } = useTranslation();
  return formatLocale(i18n.language);
}

/** Formats counts in the app's language. */
export function useNumberFormat(): (n: number) => string {
  const locale = useLocale();
  return (n) => new Intl.NumberFormat(locale).format(n);
}

/**
 * Formatters bound to the current language and the merchant's time zone.
 */
export function useFormat() {
  const locale = useLocale();
  const number = useNumberFormat();
  const timeZone = useTimeZone();
  return {
    locale,
    timeZone,
    number,
    money: (amount: string, currency: string) => formatMoney(amount, currency, locale),
    dateTime: (iso: string, withSeconds = false) => formatDateTime(iso, timeZone, locale, withSeconds),
  };
}
