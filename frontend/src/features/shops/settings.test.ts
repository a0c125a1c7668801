import { describe, expect, it } from "vitest";
import { shopSettings as shop } from "./fixtures";
import { updateOf, valuesOf } from "./settings";


describe("the shop settings update", () => {
  it("changes nothing but the settings themselves when nothing was edited", () => {
    const got = updateOf(shop, valuesOf(shop), new Set());
    expect(got.emailTemplates).toEqual([]);
    expect(got.resetEmailTemplates).toEqual([]);
    expect(got.input).toEqual({
      name: "Réservations en ligne",
      defaultLanguage: "FR",
      confirmationEmailEnabled: false,
      orderReferenceRequired: false,
      linkValidityDays: 7,
      accentColor: "#1F5FAD",
      successURL: "https://shop.example.ch/paiement/succes",
      failureURL: "https://shop.example.ch/paiement/echec",
      senderName: "Hôtel Refundus Maximus",
      managerEmail: "gestion@example.ch",
    });
  });

  it("clears a setting that was emptied, and sets a new one", () => {
    const v = { ...valuesOf(shop), managerEmail: " ", cancelURL: "https://shop.example.ch/annulation" };
    const { input } = updateOf(shop, v, new Set());
    expect(input.clearManagerEmail).toBe(true);
    expect(input.managerEmail).toBeUndefined();
    expect(input.cancelURL).toBe("https://shop.example.ch/annulation");
    expect(input.clearLogoURL).toBeUndefined();
  });

  it("sends the templates whose text changed, and the languages to reset", () => {
    const v = valuesOf(shop);
    v.templates.FR = { subject: "Votre commande {{reference}}", body: "Bonjour {{firstName}}" };
    const got = updateOf(shop, v, new Set(["EN"]));
    expect(got.emailTemplates).toEqual([{ language: "FR", subject: "Votre commande {{reference}}", body: "Bonjour {{firstName}}" }]);
    expect(got.resetEmailTemplates).toEqual(["EN"]);
  });
});
