// A shop's settings as the API answers them, for the shop settings' tests.
import type { ShopSettingsFragment } from "@/gql/graphql";

export const shopSettings: ShopSettingsFragment = {
  id: "S1",
  name: "Réservations en ligne",
  updatedAt: "2026-03-01T10:00:00Z",
  defaultLanguage: "FR",
  managerEmail: "gestion@example.ch",
  senderName: "Hôtel Refundus Maximus",
  successURL: "https://shop.example.ch/paiement/succes",
  failureURL: "https://shop.example.ch/paiement/echec",
  cancelURL: null,
  orderReferenceRequired: false,
  linkValidityDays: 7,
  confirmationEmailEnabled: false,
  logoURL: null,
  accentColor: "#1F5FAD",
  missingLinkSettings: ["cancelURL"],
  emailTemplates: [
    { language: "FR", subject: "Votre paiement", body: "Bonjour {{firstName}}", custom: false },
    { language: "EN", subject: "Your payment", body: "Hello {{firstName}}", custom: true },
  ],
};
