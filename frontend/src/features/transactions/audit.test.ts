import { describe, expect, it } from "vitest";
import i18n from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import { describeAuditEvent, minorOf, type AuditEventLike } from "./audit";

const describeIn = (lng: "fr" | "en", event: AuditEventLike, currency = "CHF") =>
  describeAuditEvent(
    event,
    i18n.getFixedT(lng),
    // Plain spaces for the comparisons below: Intl puts no-break ones.
    (minor, cur) => formatMoney(minor, cur, lng === "fr" ? "fr-CH" : "en-GB").replace(/[\u00a0\u202f]/g, " "),
    currency,
  );

const event = (action: string, extra: Partial<AuditEventLike> = {}): AuditEventLike => ({
  action,
  actorName: "Marc Responsable",
  target: "CMD-2611-000001",
  before: null,
  after: null,
  ...extra,
});

const refund = event("TRANSACTION_REFUNDED", {
  before: { status: "CAPTURED", capturedAmount: 2500, refundedAmount: 0, currency: "CHF" },
  after: { status: "PARTIALLY_REFUNDED", capturedAmount: 2500, refundedAmount: 1250, currency: "CHF", amount: 1250, reason: "geste commercial" },
});

describe("audit sentences", () => {
  it("says who refunded how much and why, and the change of status", () => {
    expect(describeIn("fr", refund)).toEqual({
      sentence: "Marc Responsable a remboursé 12.50 CHF — motif : geste commercial",
      statusChange: "Capturée → Remboursée en partie",
    });
    expect(describeIn("en", refund)).toEqual({
      sentence: "Marc Responsable refunded CHF 12.50 — reason: geste commercial",
      statusChange: "Captured → Partially refunded",
    });
  });

  it("leaves the reason out when there is none", () => {
    const after = { ...refund.after, reason: undefined };
    expect(describeIn("fr", { ...refund, after }).sentence).toBe("Marc Responsable a remboursé 12.50 CHF");
  });

  it("writes amounts with the exponent of the event's currency", () => {
    const jpy = event("TRANSACTION_CAPTURED", {
      before: { status: "AUTHORIZED", currency: "JPY" },
      after: { status: "CAPTURED", currency: "JPY", amount: 5000 },
    });
    expect(describeIn("fr", jpy).sentence).toBe("Marc Responsable a capturé 5 000 JPY");
    const kwd = event("TRANSACTION_CAPTURED", { after: { amount: "12345" } });
    expect(describeIn("fr", kwd, "KWD").sentence).toBe("Marc Responsable a capturé 12.345 KWD");
  });

  it("says who cancelled the authorization", () => {
    const cancel = event("TRANSACTION_CANCELED", {
      before: { status: "AUTHORIZED" },
      after: { status: "CANCELED", amount: 0, reason: "suspect" },
    });
    expect(describeIn("fr", cancel)).toEqual({
      sentence: "Marc Responsable a annulé l'autorisation — motif : suspect",
      statusChange: "Autorisée → Annulée",
    });
  });

  it("says what the processor refused and why", () => {
    const failed = event("OPERATION_FAILED", {
      before: { status: "CAPTURED", currency: "CHF" },
      after: { operation: "REFUND", amount: 700, error: "declined: insufficient funds" },
    });
    expect(describeIn("fr", failed)).toEqual({
      sentence: "Le processeur a refusé le remboursement de 7.00 CHF demandé par Marc Responsable : declined: insufficient funds",
    });
    expect(describeIn("en", failed).sentence).toBe(
      "The processor refused the refund of CHF 7.00 asked by Marc Responsable: declined: insufficient funds",
    );
  });

  it("names the labels added and removed", () => {
    const added = event("LABEL_ADDED", { actorName: "Olivier Opérateur", target: "💸 Remboursement" });
    const removed = event("LABEL_REMOVED", { target: "💸 Remboursement" });
    expect(describeIn("fr", added).sentence).toBe("Olivier Opérateur a ajouté l'étiquette 💸 Remboursement");
    expect(describeIn("fr", removed).sentence).toBe("Marc Responsable a retiré l'étiquette 💸 Remboursement");
    expect(describeIn("en", added).sentence).toBe("Olivier Opérateur added the label 💸 Remboursement");
  });

  it("tells disabling a partner client from enabling it", () => {
    const disabled = event("PARTNER_CLIENT_UPDATED", { target: "partner-demo", before: { disabled: false }, after: { disabled: true } });
    const enabled = event("PARTNER_CLIENT_UPDATED", { target: "partner-demo", before: { disabled: true }, after: { disabled: false } });
    expect(describeIn("fr", disabled).sentence).toBe("Marc Responsable a désactivé le client partenaire partner-demo");
    expect(describeIn("fr", enabled).sentence).toBe("Marc Responsable a réactivé le client partenaire partner-demo");
  });

  it("says how a payment taken at a distance went, in the app's language", () => {
    const received = event("PAYMENT_RECEIVED", {
      actorName: "Olivier Opérateur",
      after: { status: "CAPTURED", amount: 8000, currency: "CHF", channel: "MOTO", via: "MOTO_PAYMENT" },
    });
    expect(describeIn("fr", received).sentence).toBe("Olivier Opérateur a encaissé 80.00 CHF (MOTO (courrier/téléphone))");
    const failed = event("PAYMENT_FAILED", {
      actorName: "Olivier Opérateur",
      after: { status: "FAILED", amount: 8000, currency: "CHF", channel: "PAYMENT_LINK", failureCode: "INSUFFICIENT_FUNDS" },
    });
    expect(describeIn("en", failed).sentence).toBe("Olivier Opérateur: payment of CHF 80.00 declined (Payment link) — Insufficient funds");
  });

  it("still says who did something it does not know", () => {
    expect(describeIn("fr", event("SOMETHING_NEW")).sentence).toBe("Marc Responsable : SOMETHING_NEW");
  });
});

describe("minorOf", () => {
  it("reads exact amounts only", () => {
    expect([minorOf(1250), minorOf("98765432109876543210"), minorOf(0)]).toEqual(["1250", "98765432109876543210", "0"]);
    expect([minorOf(2 ** 53), minorOf(12.5), minorOf("12.50"), minorOf(undefined)]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
