// Card fields of the E-Terminal, checked as the server checks them
// (internal/payments/charge.go) so that a mistyped card is caught before
// it is sent. Nothing here keeps or logs a card number.

export type Brand = "VISA" | "MASTERCARD" | "AMEX";

/** The digits of a card number as typed, spaces and dashes left out. */
export function cardDigits(typed: string): string {
  return typed.replace(/[\s-]/g, "");
}

/** Whether digits pass the Luhn check (the last digit checks the others). */
export function luhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The card's brand from its first digits, among those the processor accepts. */
export function brandOf(digits: string): Brand | undefined {
  if (/^4/.test(digits)) return "VISA";
  if (/^3[47]/.test(digits)) return "AMEX";
  if (/^5[1-5]/.test(digits)) return "MASTERCARD";
  const two = Number(digits.slice(0, 4));
  if (digits.length >= 4 && two >= 2221 && two <= 2720) return "MASTERCARD";
  return undefined;
}

/** The card number as printed on the card: 4 4 4 4, or 4 6 5 for American Express. */
export function groupCardNumber(typed: string): string {
  const digits = typed.replace(/\D/g, "").slice(0, 19);
  const groups = brandOf(digits) === "AMEX" ? [4, 6, 5] : [4, 4, 4, 4, 3];
  const out: string[] = [];
  let at = 0;
  for (const size of groups) {
    if (at >= digits.length) break;
    out.push(digits.slice(at, at + size));
    at += size;
  }
  return out.join(" ");
}

/** What is wrong with a card number. */
export type NumberProblem = "length" | "luhn" | "brand";

export function checkCardNumber(typed: string): NumberProblem | undefined {
  const digits = cardDigits(typed);
  if (!/^\d{12,19}$/.test(digits)) return "length";
  if (!luhn(digits)) return "luhn";
  if (!brandOf(digits)) return "brand";
  return undefined;
}

/** "MM/YY" as typed, with the slash added after the month. */
export function formatExpiry(typed: string): string {
  const digits = typed.replace(/\D/g, "").slice(0, 4);
  return digits.length > 2 ? `${digits.slice(0, 2)}/${digits.slice(2)}` : digits;
}

export type ExpiryProblem = "format" | "month" | "expired";

/** An expiry read into month and four-digit year, or what is wrong with it. */
export function readExpiry(
  typed: string,
  now: Date = new Date(),
): { ok: true; month: number; year: number } | { ok: false; problem: ExpiryProblem } {
  const m = /^\s*(\d{1,2})\s*\/\s*(\d{2})\s*$/.exec(typed);
  if (!m) return { ok: false, problem: "format" };
  const month = Number(m[1]);
  const year = 2000 + Number(m[2]);
  if (month < 1 || month > 12) return { ok: false, problem: "month" };
  const thisYear = now.getFullYear();
  const thisMonth = now.getMonth() + 1;
  if (year < thisYear || (year === thisYear && month < thisMonth)) return { ok: false, problem: "expired" };
  return { ok: true, month, year };
}

/** The security code's length: 4 digits for American Express, 3 otherwise. */
export function cvcLength(brand: Brand | undefined): number {
  return brand === "AMEX" ? 4 : 3;
}
