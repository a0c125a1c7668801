// The buyers' addresses of a payment link and the order references their
// links get, as the server computes them (internal/payments/checks.go), so
// that the wizard shows before sending what will be sent.

/** The longest order reference, suffix included. */
export const MAX_REFERENCE = 64;

const ALPHANUMERIC = /^[A-Za-z0-9]*$/;

/**
 * Splits what a person typed into addresses: separated by ";" (or line
 * breaks, as pasted from a spreadsheet), spaces and empty parts ignored.
 * Positions are those the server names in its errors (recipients[i]).
 */
export function splitRecipients(text: string): string[] {
  return text
    .split(/[;\r\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

// The WHATWG form validation's address, with a dot in the domain as the
// server requires.
const ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** Whether s looks like one bare e-mail address. */
export function isAddress(s: string): boolean {
  return s.length <= 254 && ADDRESS.test(s);
}

/** What is wrong with one recipient, if anything. */
export type RecipientProblem = { kind: "invalid" } | { kind: "duplicate"; of: number };

/** One recipient of a batch, with the reference its link will get. */
export interface Recipient {
  address: string;
  /** The order reference of this recipient's link; empty without one. */
  reference: string;
  problem?: RecipientProblem;
}

/**
 * The 3-digit (wider beyond 999 recipients) suffix of the i-th (from 1)
 * of n links' references: "-001".
 */
export function suffix(i: number, n: number): string {
  const width = Math.max(3, String(n).length);
  return "-" + String(i).padStart(width, "0");
}

/** The order reference of the i-th (from 1) of n links. */
export function linkReference(reference: string, i: number, n: number): string {
  const ref = reference.trim();
  if (ref === "" || n <= 1) return ref;
  return ref + suffix(i, n);
}

/**
 * The recipients of what a person typed, each with its link's reference
 * and its problem: an address that is not one, or one given twice (case
 * does not matter; the first stays, the repeat is refused).
 */
export function readRecipients(text: string, reference: string): Recipient[] {
  const addresses = splitRecipients(text);
  const seen = new Map<string, number>();
  return addresses.map((address, i) => {
    const out: Recipient = { address, reference: linkReference(reference, i + 1, addresses.length) };
    if (!isAddress(address)) {
      out.problem = { kind: "invalid" };
      return out;
    }
    const key = address.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) out.problem = { kind: "duplicate", of: first };
    else seen.set(key, i);
    return out;
  });
}

/** What is wrong with an order reference. */
export type ReferenceProblem =
  | { kind: "required" }
  | { kind: "notAlphanumeric" }
  | { kind: "tooLong"; max: number; length: number }
  | { kind: "tooLongWithSuffix"; max: number; length: number; example: string };

/**
 * Checks an order reference: letters and digits, at most 64 characters,
 * required when the shop says so; with n > 1 recipients, the suffixed
 * reference must fit in 64 too.
 */
export function checkReference(reference: string, required: boolean, n: number): ReferenceProblem | undefined {
  const ref = reference.trim();
  if (ref === "") return required ? { kind: "required" } : undefined;
  if (!ALPHANUMERIC.test(ref)) return { kind: "notAlphanumeric" };
  if (ref.length > MAX_REFERENCE) return { kind: "tooLong", max: MAX_REFERENCE, length: ref.length };
  if (n > 1 && ref.length + suffix(n, n).length > MAX_REFERENCE) {
    return { kind: "tooLongWithSuffix", max: MAX_REFERENCE - suffix(n, n).length, length: ref.length, example: suffix(1, n) };
  }
  return undefined;
}
