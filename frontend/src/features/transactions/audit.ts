import type { TFunction } from "i18next";

/** An audit event as the transaction page reads it. */
export interface AuditEventLike {
  action: string;
  actorName: string;
  target: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/**
 * An amount in minor units as audit events record it (a JSON number, or a
 * string of digits), or undefined when it is missing or not exact: a number
 * beyond 2^53 has already lost digits and is not shown.
 */
export function minorOf(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return value;
  return undefined;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** What a timeline entry says: who did what, and the change of status. */
export interface AuditSentence {
  sentence: string;
  /** "Capturée → Remboursée en partie", when the status changed. */
  statusChange?: string;
}

/**
 * Puts an audit event into words: "Marc Responsable a remboursé 12.50 CHF
 * — motif : geste commercial". Amounts come from the event's after values,
 * in their currency (currency is the transaction's, for events that do not
 * record one).
 */
export function describeAuditEvent(
  event: AuditEventLike,
  t: TFunction,
  money: (minor: string, currency: string) => string,
  currency: string,
): AuditSentence {
  const before = event.before ?? {};
  const after = event.after ?? {};
  const cur = text(after.currency) ?? text(before.currency) ?? currency;
  const minor = minorOf(after.amount);
  const values = {
    actor: event.actorName,
    target: event.target,
    amount: minor !== undefined ? money(minor, cur) : "—",
    reason: text(after.reason),
    error: text(after.error) ?? "",
  };
  const context = values.reason ? "reason" : undefined;
  let sentence: string;
  switch (event.action) {
    case "TRANSACTION_CAPTURED":
    case "TRANSACTION_REFUNDED":
    case "TRANSACTION_CANCELED":
    case "LABEL_ADDED":
    case "LABEL_REMOVED":
    case "LABEL_CREATED":
    case "LABEL_UPDATED":
    case "LABEL_DELETED":
    case "SHOP_UPDATED":
    case "SESSION_REVOKED":
      sentence = t(`audit.${event.action}`, { ...values, context });
      break;
    case "OPERATION_FAILED": {
      const kind = text(after.operation)?.toUpperCase();
      const known = kind === "CAPTURE" || kind === "REFUND" || kind === "CANCEL";
      sentence = t(`audit.OPERATION_FAILED.${known ? kind : "other"}`, values);
      break;
    }
    case "PAYMENT_RECEIVED":
    case "PAYMENT_FAILED": {
      const channel = text(after.channel);
      const code = text(after.failureCode);
      sentence = t(`audit.${event.action}`, {
        ...values,
        channel: channel ? t(`channel.${channel}`, { defaultValue: channel }) : "—",
        failure: code ? t(`failure.${code}`, { defaultValue: code }) : t("audit.noReason"),
      });
      break;
    }
    case "PARTNER_CLIENT_UPDATED":
      sentence = t(after.disabled === true ? "audit.PARTNER_CLIENT_DISABLED" : "audit.PARTNER_CLIENT_ENABLED", values);
      break;
    default:
      sentence = t("audit.other", { ...values, action: event.action });
  }
  const from = text(before.status);
  const to = text(after.status);
  const statusChange =
    from && to && from !== to ? `${t(`status.${from}`, { defaultValue: from })} → ${t(`status.${to}`, { defaultValue: to })}` : undefined;
  return { sentence, ...(statusChange ? { statusChange } : {}) };
}
