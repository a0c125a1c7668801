// The values of the payment-link wizard, its steps, and how the server's
// errors find their field and step.
import type { Currency, Language, PaymentLinkMode } from "@/gql/graphql";
import type { AppError } from "@/lib/errors";

export interface WizardValues {
  shopId?: string;
  mode: PaymentLinkMode;
  amount?: string;
  currency: Currency;
  orderReference?: string;
  /** The buyers' addresses as typed, separated by ";". */
  recipients?: string;
  payerReference?: string;
  firstName?: string;
  lastName?: string;
  validityDays?: number;
  language?: Language;
  copyToShopManager: boolean;
  copyToMe: boolean;
  copyToOther: boolean;
  copyTo?: string;
  reconciliation?: string;
  description?: string;
  subject?: string;
  message?: string;
}

export type WizardField = keyof WizardValues;

/** The fields of each step, in order. */
export const STEP_FIELDS: readonly (readonly WizardField[])[] = [
  ["shopId", "mode", "amount", "currency", "orderReference", "recipients", "payerReference", "firstName", "lastName"],
  ["validityDays", "language", "copyToShopManager", "copyToMe", "copyToOther", "copyTo", "reconciliation", "description"],
  ["subject", "message"],
];

/** The step a field is on. */
export function stepOf(field: WizardField): number {
  return STEP_FIELDS.findIndex((fields) => fields.includes(field));
}

/** The wizard's field for each field of CreatePaymentLinksInput. */
const SERVER_FIELDS: Record<string, WizardField> = {
  shopId: "shopId",
  mode: "mode",
  amount: "amount",
  currency: "currency",
  orderReference: "orderReference",
  payerReference: "payerReference",
  firstName: "firstName",
  lastName: "lastName",
  recipients: "recipients",
  language: "language",
  validityDays: "validityDays",
  expiresAt: "validityDays",
  reconciliation: "reconciliation",
  description: "description",
  copyTo: "copyTo",
  copyToMe: "copyToMe",
  copyToShopManager: "copyToShopManager",
  subject: "subject",
  message: "message",
};

/** The server's errors, sorted by where the wizard shows them. */
export interface PlacedErrors {
  /** Errors about one field of the form. */
  fields: { field: WizardField; error: AppError }[];
  /** Errors about one recipient, by its position among the addresses. */
  recipients: Map<number, AppError>;
  /** Errors about no field the wizard has: shown above the buttons. */
  other: AppError[];
}

const RECIPIENT = /^recipients\[(\d+)\]$/;

/**
 * Finds the field of each error from its extensions.field, such as
 * "input.orderReference" or "input.recipients[2]".
 */
export function placeErrors(errors: readonly AppError[]): PlacedErrors {
  const out: PlacedErrors = { fields: [], recipients: new Map(), other: [] };
  for (const e of errors) {
    const path = e.field?.replace(/^input\./, "");
    const recipient = path ? RECIPIENT.exec(path) : null;
    const field = path ? SERVER_FIELDS[path] : undefined;
    if (recipient && !out.recipients.has(Number(recipient[1]))) out.recipients.set(Number(recipient[1]), e);
    else if (field && (e.code === "BAD_USER_INPUT" || e.code === "NOT_FOUND")) out.fields.push({ field, error: e });
    else out.other.push(e);
  }
  return out;
}

/** The first step showing one of the errors, if any. */
export function firstStepOf(placed: PlacedErrors): number | undefined {
  const steps = placed.fields.map((f) => stepOf(f.field));
  if (placed.recipients.size > 0) steps.push(stepOf("recipients"));
  return steps.length > 0 ? Math.min(...steps) : undefined;
}
