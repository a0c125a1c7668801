// Answers of the API for the payment-link screens' tests.

export const operatorViewer = {
  data: {
    viewer: {
      __typename: "Viewer",
      name: "Olivier Opérateur",
      role: "OPERATOR",
      permissions: ["READ_JOURNAL", "READ_PAYER_PII", "CREATE_PAYMENT_LINK", "MOTO"],
      merchant: { __typename: "Merchant", id: "M1", name: "Hôtel Refundus Maximus", timeZone: "Europe/Zurich" },
    },
  },
};

export const linkRow = (id: string, status: string, mode: string, reference: string, recipient: string) => ({
  __typename: "PaymentLink",
  id,
  createdAt: "2026-11-26T09:30:00Z",
  kind: "EMAIL",
  mode,
  status,
  amount: "12550",
  currency: "CHF",
  orderReference: reference,
  payerReference: "CUST-777",
  recipientEmail: recipient,
  buyerFirstName: "Léa",
  buyerLastName: "Moreau",
  expiresAt: "2026-12-03T09:30:00Z",
  createdBy: "Olivier Opérateur",
  shop: { __typename: "Shop", id: "S1", name: "Réservations en ligne" },
});
