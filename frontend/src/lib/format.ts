import { useTranslation } from "react-i18next";
import { formatDateTime } from "./dates";
import { formatLocale } from "./i18n";
import { formatMoney } from "./money";
import { useTimeZone } from "./viewer";

/**
 * Formatters bound to the current language and the merchant's time zone.
 */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = formatLocale(i18n.language);
  const timeZone = useTimeZone();
  return {
    locale,
    timeZone,
    money: (amount: string, currency: string) => formatMoney(amount, currency, locale),
    dateTime: (iso: string, withSeconds = false) => formatDateTime(iso, timeZone, locale, withSeconds),
    number: (n: number) => new Intl.NumberFormat(locale).format(n),
  };
}
