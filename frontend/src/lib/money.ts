// Money is integer minor units (a string of digits, as the API's MinorUnits
// scalar gives it) plus an ISO 4217 currency. It is never turned into a
// float: decimal points are moved on the digits themselves.

/**
 * Minor-unit exponents of the currencies the API accepts, as in ISO 4217.
 * The API's Currency enum does not carry them; this mirrors
 * internal/money on the server.
 */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = {
  AED: 2, AUD: 2, BHD: 3, BRL: 2, CAD: 2, CHF: 2, CNY: 2, CZK: 2, DKK: 2,
  EUR: 2, GBP: 2, HKD: 2, HUF: 2, ILS: 2, INR: 2, ISK: 0, JOD: 3, JPY: 0,
  KRW: 0, KWD: 3, MAD: 2, MXN: 2, NOK: 2, NZD: 2, OMR: 3, PLN: 2, RON: 2,
  SAR: 2, SEK: 2, SGD: 2, THB: 2, TND: 3, TRY: 2, USD: 2, XOF: 0, ZAR: 2,
};

/** The exponent used when no single currency is known. */
export const DEFAULT_EXPONENT = 2;

/** The minor-unit exponent of a currency (2 for an unknown one). */
export function exponentOf(currency: string): number {
  return CURRENCY_EXPONENTS[currency] ?? DEFAULT_EXPONENT;
}

/** The exponent for an amount filter over the given currencies. */
export function exponentForCurrencies(currencies: readonly string[]): number {
  return currencies.length === 1 ? exponentOf(currencies[0]!) : DEFAULT_EXPONENT;
}

const MINOR = /^(-?)(\d+)$/;

/**
 * Moves the decimal point of an amount in minor units: "-1250" with
 * exponent 2 is "-12.50". Works on any number of digits.
 */
export function minorToDecimal(minor: string, exponent: number): string {
  const m = MINOR.exec(minor.trim());
  if (!m) throw new Error(`${JSON.stringify(minor)} is not an amount in minor units`);
  const sign = m[1]!;
  let digits = m[2]!.replace(/^0+(?=\d)/, "");
  if (exponent === 0) return sign + digits;
  digits = digits.padStart(exponent + 1, "0");
  const whole = digits.slice(0, -exponent);
  const fraction = digits.slice(-exponent);
  const zero = /^0+$/.test(whole + fraction);
  return (zero ? "" : sign) + whole + "." + fraction;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, currency: string, exponent: number): Intl.NumberFormat {
  const key = `${locale}|${currency}|${exponent}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      // Codes rather than symbols: "JPY" and "CNY" are both "¥".
      currencyDisplay: "code",
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    formatters.set(key, f);
  }
  return f;
}

/**
 * Formats an amount in minor units for a person, such as "12.50 CHF" in
 * Swiss French. Intl.NumberFormat receives the decimal as a string, which it reads
 * exactly, so amounts beyond 2^53 keep every digit.
 */
export function formatMoney(minor: string, currency: string, locale: string): string {
  const exponent = exponentOf(currency);
  const decimal = minorToDecimal(minor, exponent) as Intl.StringNumericLiteral;
  return formatter(locale, currency, exponent).format(decimal);
}

/** Why an amount typed by a person could not be read. */
export type AmountError = "invalid" | "tooManyDecimals";

/** An amount typed by a person, read into minor units or refused. */
export type ParsedAmount = { ok: true; minor: string } | { ok: false; error: AmountError };

/**
 * Reads an amount typed in major units ("12.5", "12,50", "1 000") into minor
 * units with the given exponent. More decimals than the exponent allows are
 * refused rather than rounded.
 */
export function parseMajor(input: string, exponent: number): ParsedAmount {
  const s = input.replace(/[\s\u00a0\u202f']/g, "").replace(",", ".");
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return { ok: false, error: "invalid" };
  const fraction = m[3] ?? "";
  if (fraction.length > exponent) return { ok: false, error: "tooManyDecimals" };
  const digits = ((m[2] ?? "") + fraction.padEnd(exponent, "0")).replace(/^0+(?=\d)/, "");
  const sign = /^0+$/.test(digits) ? "" : m[1]!;
  return { ok: true, minor: sign + digits };
}

/** Adds amounts in minor units without losing digits. */
export function addMinor(a: string, b: string): string {
  return (BigInt(a) + BigInt(b)).toString();
}
