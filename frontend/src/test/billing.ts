// Billing profiles as the API answers them, for the screens that list them.

export const profile = (n: number, extra: Record<string, unknown> = {}) => ({
  __typename: "BillingProfile" as const,
  id: `BP${n}`,
  cardBrand: "VISA",
  cardLast4: "0101",
  expiry: "2026-12",
  paymentMethodRef: `PM-100001-${String(n).padStart(5, "0")}`,
  billingRef: `FACT-100001-${String(n).padStart(5, "0")}`,
  status: "ACTIVE",
  cardUpdatedAt: "2026-03-03T10:53:00Z",
  disabledReason: null,
  payer: { __typename: "Payer" as const, id: `P${n}`, reference: `CUST-10000${n}` },
  ...extra,
});

/** A connection of profiles, with a total when asked for. */
export const profileConnection = (nodes: ReturnType<typeof profile>[], totalCount?: number) => ({
  __typename: "BillingProfileConnection" as const,
  ...(totalCount === undefined ? {} : { totalCount }),
  edges: nodes.map((node, i) => ({ __typename: "BillingProfileEdge" as const, cursor: `c${i + 1}`, node })),
});
