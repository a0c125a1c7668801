import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { mockClient, renderWithApp } from "@/test/render";
import TransactionPage from "./TransactionPage";

const SUSPECT = { __typename: "Label", id: "L2", name: "🚩 Suspect", color: "#DC2626", description: null };
const VERIFIED = { __typename: "Label", id: "L3", name: "✅ Vérifié", color: "#16A34A", description: null };

const transaction = {
  __typename: "Transaction",
  id: "T1",
  createdAt: "2026-11-26T07:15:21Z",
  updatedAt: "2026-11-26T07:20:00Z",
  mode: "TEST",
  status: "FAILED",
  amount: "12345",
  currency: "KWD",
  capturedAmount: "0",
  refundedAmount: "0",
  paymentMethod: "VISA",
  channel: "MOTO",
  eci: 1,
  cardLast4: "4242",
  orderReference: "CMD-2611-000001",
  description: "Chambre double",
  reconciliation: "FACT-2026-1",
  processorReference: "",
  failureCode: "INSUFFICIENT_FUNDS",
  failureReason: "card declined: insufficient funds",
  authorizedAt: null,
  capturedAt: null,
  shop: { __typename: "Shop", id: "S1", name: "Réservations en ligne" },
  payer: { __typename: "Payer", id: "P1", reference: "CUST-100001", name: "Léa Moreau", email: "lea@example.ch" },
  labels: [SUSPECT],
};

const viewer = (permissions: string[]) => ({
  data: {
    viewer: {
      name: "Ada",
      role: "OPERATOR",
      permissions,
      merchant: { id: "M1", name: "Hôtel Refundus Maximus", timeZone: "Europe/Zurich" },
    },
  },
});

function setup({ node = transaction as unknown, permissions = ["LABEL_TRANSACTION"] } = {}) {
  const client = mockClient({
    Viewer: viewer(permissions),
    Transaction: { data: { node } },
    MerchantLabels: { data: { labels: { edges: [{ node: SUSPECT }, { node: VERIFIED }] } } },
    AddLabels: { data: { addLabels: [{ __typename: "Transaction", id: "T1", labels: [SUSPECT, VERIFIED] }] } },
    RemoveLabels: { data: { removeLabels: [{ __typename: "Transaction", id: "T1", labels: [] }] } },
  });
  renderWithApp(<TransactionPage />, { client, url: "/transactions/T1", path: "/transactions/:id" });
  return { client, user: userEvent.setup() };
}

const field = (name: string) => screen.getByText(name, { selector: "th, th *" }).closest("th")!.nextElementSibling!;

describe("TransactionPage", () => {
  it("shows every field of the transaction", async () => {
    setup();
    expect(await screen.findByRole("heading", { name: "Transaction CMD-2611-000001" })).toBeInTheDocument();
    expect(field("Montant")).toHaveTextContent("12.345 KWD");
    expect(field("Mode")).toHaveTextContent("TEST");
    expect(field("Carte")).toHaveTextContent("Visa •••• 4242");
    expect(field("Canal")).toHaveTextContent("MOTO (courrier/téléphone) · ECI 1");
    expect(field("Motif d'échec")).toHaveTextContent("Fonds insuffisants (INSUFFICIENT_FUNDS — card declined: insufficient funds)");
    expect(field("Rapprochement")).toHaveTextContent("FACT-2026-1");
    expect(field("Date")).toHaveTextContent("26.11.2026 08:15:21");
    expect(field("Autorisée le")).toHaveTextContent("—");
    expect(within(field("ID Payeur") as HTMLElement).getByRole("link", { name: "CUST-100001 (Léa Moreau)" })).toHaveAttribute(
      "href",
      "/payers/CUST-100001",
    );
  });

  it("adds labels the transaction does not have yet", async () => {
    const { client, user } = setup();
    const choose = await screen.findByRole("combobox", { name: "Choisir des étiquettes" });
    await user.type(choose, "Vérifié{Enter}");
    await user.click(screen.getByRole("button", { name: "Ajouter" }));
    await waitFor(() => expect(client.executeMutation).toHaveBeenCalledOnce());
    expect(client.executeMutation.mock.calls[0]![0].variables).toEqual({ transactionIds: ["T1"], labelIds: ["L3"] });
  });

  it("removes a label", async () => {
    const { client, user } = setup();
    await user.click(await screen.findByRole("button", { name: "Retirer l'étiquette 🚩 Suspect" }));
    await waitFor(() => expect(client.executeMutation).toHaveBeenCalledOnce());
    expect(client.executeMutation.mock.calls[0]![0].variables).toEqual({ transactionIds: ["T1"], labelIds: ["L2"] });
  });

  it("only shows labels without the permission to label", async () => {
    setup({ permissions: [] });
    const list = await screen.findByRole("list", { name: "Étiquettes" });
    expect(within(list).getByText("🚩 Suspect")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Retirer/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("combobox", { name: "Choisir des étiquettes" })).not.toBeInTheDocument();
  });

  it("says when there is no such transaction", async () => {
    setup({ node: null });
    expect(await screen.findByText("Transaction introuvable")).toBeInTheDocument();
  });
});
