import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { mockClient, renderWithApp, viewerAnswer } from "@/test/render";
import { decisionCodes, run } from "../fixtures";
import UpdaterRunPage from "./UpdaterRunPage";

const result = (n: number, extra: Record<string, unknown>) => ({
  __typename: "UpdaterResult",
  id: `UR${n}`,
  state: "ANSWERED",
  paymentMethodRef: `PM-100001-0000${n}`,
  billingRef: `FACT-100001-0000${n}`,
  cardBrand: "VISA",
  last4Before: "0101",
  expiryMonthBefore: 11,
  expiryYearBefore: 2026,
  decision: null,
  schemeCode: null,
  last4After: null,
  expiryMonthAfter: null,
  expiryYearAfter: null,
  statusAfter: null,
  answeredAt: null,
  meaning: null,
  billingProfile: { __typename: "BillingProfile", id: `BP${n}`, payer: { __typename: "Payer", id: `P${n}`, reference: `CUST-10000${n}` } },
  ...extra,
});

const RESULTS = [
  result(1, {
    decision: "NEW_ACCOUNT_NUMBER",
    schemeCode: "A",
    last4After: "4242",
    expiryMonthAfter: 11,
    expiryYearAfter: 2029,
    statusAfter: "ACTIVE",
    answeredAt: "2026-11-01T01:00:07Z",
    meaning: "Nouveau numéro de carte : la carte a été remplacée",
  }),
  result(2, {
    cardBrand: "MASTERCARD",
    last4Before: "0303",
    decision: "ACCOUNT_CLOSED",
    schemeCode: "CONTACT",
    last4After: "0303",
    expiryMonthAfter: 11,
    expiryYearAfter: 2026,
    statusAfter: "DISABLED",
    answeredAt: "2026-11-01T01:00:07Z",
    meaning: "Compte fermé",
  }),
  result(3, { state: "SUBMITTED", last4Before: "0707" }),
];

function setup(url = "/account-updater/runs/2026-11", found = true) {
  const client = mockClient({
    Viewer: viewerAnswer("Alice Admin", "ADMIN", ["READ_JOURNAL", "MANAGE_ACCOUNT_UPDATER"]),
    UpdaterRun: (v) => ({
      data: {
        accountUpdater: { __typename: "AccountUpdater", decisionCodes },
        updaterRun: found
          ? {
              ...run("2026-11", { state: "AWAITING_RESPONSES", progress: { ...run("2026-11").progress, selected: 13, submitted: 1, answered: 12 } }),
              results: {
                __typename: "UpdaterResultConnection",
                ...(v.withTotal ? { totalCount: 3 } : {}),
                edges: RESULTS.map((node, i) => ({ __typename: "UpdaterResultEdge", cursor: `c${i}`, node })),
              },
            }
          : null,
      },
    }),
  });
  renderWithApp(<UpdaterRunPage />, { client, url, path: "/account-updater/runs/:month" });
  return { client, user: userEvent.setup() };
}

describe("UpdaterRunPage", () => {
  it("shows where the run stands and its answers per decision code, each count leading to its results", async () => {
    setup();
    expect(await screen.findByRole("heading", { name: "Exécution de novembre 2026" })).toBeInTheDocument();
    expect(screen.getByText("Réponses attendues")).toBeInTheDocument();
    expect(screen.getByText("12 répondues sur 13 · 0 à envoyer · 1 envoyées")).toBeInTheDocument();
    const counts = screen.getByRole("table", { name: "Réponses par code de décision" });
    expect(within(counts).getByRole("link", { name: "Voir les résultats « Nouveau numéro de compte »" })).toHaveAttribute(
      "href",
      "/account-updater/runs/2026-11?decision=NEW_ACCOUNT_NUMBER",
    );
    const none = within(counts).getByText("Contacter le titulaire").closest("tr")!;
    expect(none).toHaveTextContent("0");
    expect(within(none).queryByRole("link")).not.toBeInTheDocument();
  });

  it("lists the results: the card before and after, the decision and the billing status it left", async () => {
    setup();
    const table = await screen.findByRole("table", { name: "Résultats" });
    const updated = within(table).getByText("PM-100001-00001").closest("tr")!;
    expect(updated).toHaveTextContent("Nouveau numéro de compte");
    expect(updated).toHaveTextContent("Visa •••• 0101");
    expect(updated).toHaveTextContent("Visa •••• 4242");
    expect(updated).toHaveTextContent("11/2029");
    expect(updated).toHaveTextContent("Actif");
    const closed = within(table).getByText("PM-100001-00002").closest("tr")!;
    expect(closed).toHaveTextContent("Compte fermé");
    expect(closed).toHaveTextContent("Désactivé");
    // The card itself did not change: no "after" card.
    expect(within(closed).getAllByRole("cell")[4]).toHaveTextContent(/^—$/);
    expect(within(updated).getAllByRole("cell")[4]).toHaveTextContent("Visa •••• 4242");
    expect(within(table).getByText("PM-100001-00003").closest("tr")).toHaveTextContent("Envoyée, réponse attendue");
    expect(within(table).getByRole("link", { name: "CUST-100001" })).toHaveAttribute("href", "/payers/CUST-100001");
    expect(screen.getByText("3 résultats")).toBeInTheDocument();
  });

  it("filters the results by decision code through the URL", async () => {
    const { client, user } = setup("/account-updater/runs/2026-11?decision=ACCOUNT_CLOSED");
    await screen.findByRole("table", { name: "Résultats" });
    expect(client.executeQuery.mock.calls[1]![0].variables).toMatchObject({ month: "2026-11", where: { decision: "ACCOUNT_CLOSED" } });
    await user.click(screen.getByRole("button", { name: "Réinitialiser" }));
    await waitFor(() => expect(screen.getByRole("status", { name: "location" })).toHaveTextContent(/^\/account-updater\/runs\/2026-11$/));
  });

  it("downloads the month's report", async () => {
    setup();
    expect(await screen.findByRole("link", { name: "Télécharger en CSV : rapport de novembre 2026" })).toHaveAttribute(
      "href",
      "/reports/account-updates.csv?month=2026-11&separator=SEMICOLON",
    );
  });

  it("says when the month has no run", async () => {
    setup("/account-updater/runs/2025-01", false);
    expect(await screen.findByText("Aucune exécution pour janvier 2025")).toBeInTheDocument();
  });
});
