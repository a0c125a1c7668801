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
  refundableAmount: "0",
  viewerCanCapture: false,
  viewerCanRefund: false,
  viewerCanCancel: false,
  operations: [],
  auditEvents: { __typename: "AuditEventConnection", edges: [] },
};

const captured = {
  ...transaction,
  status: "PARTIALLY_REFUNDED",
  currency: "CHF",
  amount: "2500",
  capturedAmount: "2500",
  refundedAmount: "1250",
  refundableAmount: "1250",
  failureCode: null,
  failureReason: null,
  viewerCanRefund: true,
  operations: [
    {
      __typename: "Operation",
      id: "O1",
      kind: "REFUND",
      amount: "1250",
      currency: "CHF",
      result: "SUCCEEDED",
      reason: "geste commercial",
      failureMessage: null,
      actorName: "Marc Responsable",
      clientID: "guichet-web",
      createdAt: "2026-11-26T09:00:00Z",
      processorReference: "sbx_r_1",
    },
    {
      __typename: "Operation",
      id: "O2",
      kind: "REFUND",
      amount: "700",
      currency: "CHF",
      result: "FAILED",
      reason: null,
      failureMessage: "processor unavailable",
      actorName: "partner-refunds",
      clientID: "partner-refunds",
      createdAt: "2026-11-26T09:30:00Z",
      processorReference: null,
    },
  ],
  auditEvents: {
    __typename: "AuditEventConnection",
    edges: [
      {
        node: {
          __typename: "AuditEvent",
          id: "A3",
          action: "LABEL_REMOVED",
          actorName: "Marc Responsable",
          clientID: "guichet-web",
          target: "💸 Remboursement",
          before: null,
          after: null,
          createdAt: "2026-11-26T09:01:00Z",
        },
      },
      {
        node: {
          __typename: "AuditEvent",
          id: "A2",
          action: "TRANSACTION_REFUNDED",
          actorName: "Marc Responsable",
          clientID: "guichet-web",
          target: "CMD-2611-000001",
          before: { status: "CAPTURED", currency: "CHF" },
          after: { status: "PARTIALLY_REFUNDED", currency: "CHF", amount: 1250, reason: "geste commercial" },
          createdAt: "2026-11-26T09:00:00Z",
        },
      },
      {
        node: {
          __typename: "AuditEvent",
          id: "A1",
          action: "LABEL_ADDED",
          actorName: "Olivier Opérateur",
          clientID: "guichet-web",
          target: "💸 Remboursement",
          before: null,
          after: null,
          createdAt: "2026-11-26T08:00:00Z",
        },
      },
    ],
  },
};

const viewer = (permissions: string[], role = "OPERATOR") => ({
  data: {
    viewer: {
      name: "Ada",
      role,
      permissions,
      merchant: { id: "M1", name: "Hôtel Refundus Maximus", timeZone: "Europe/Zurich" },
    },
  },
});

function setup({ node = transaction as unknown, permissions = ["LABEL_TRANSACTION", "READ_PAYER_PII"], role = "OPERATOR" } = {}) {
  const client = mockClient({
    Viewer: viewer(permissions, role),
    Transaction: { data: { node } },
    MerchantLabels: { data: { labels: { edges: [{ node: SUSPECT }, { node: VERIFIED }] } } },
    AddLabels: { data: { addLabels: [{ __typename: "Transaction", id: "T1", labels: [SUSPECT, VERIFIED] }] } },
    RemoveLabels: { data: { removeLabels: [{ __typename: "Transaction", id: "T1", labels: [] }] } },
  });
  renderWithApp(<TransactionPage />, { client, url: "/transactions/T1", path: "/transactions/:id" });
  return { client, user: userEvent.setup() };
}

const field = (name: string) =>
  screen.getByText(name, { selector: ".ant-descriptions-item-label, .ant-descriptions-item-label *" }).closest("th")!.nextElementSibling!;

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
    expect(within(field("ID Payeur") as HTMLElement).getByRole("link", { name: "CUST-100001" })).toHaveAttribute(
      "href",
      "/payers/CUST-100001",
    );
    expect(field("Nom du payeur")).toHaveTextContent("Léa Moreau");
    expect(field("E-mail du payeur")).toHaveTextContent("lea@example.ch");
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

  it("offers only the money operations the server allows the viewer now", async () => {
    setup({ node: captured, permissions: ["LABEL_TRANSACTION", "REFUND", "CAPTURE", "CANCEL"] });
    expect(await screen.findByRole("button", { name: "Rembourser" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Capturer" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Annuler l'autorisation" })).not.toBeInTheDocument();
  });

  it("offers capture and cancel on an authorization the viewer may capture and cancel", async () => {
    setup({ node: { ...captured, status: "AUTHORIZED", viewerCanRefund: false, viewerCanCapture: true, viewerCanCancel: true } });
    expect(await screen.findByRole("button", { name: "Capturer" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Annuler l'autorisation" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Rembourser" })).not.toBeInTheDocument();
  });

  it("offers no money operation to an operator", async () => {
    setup({ node: { ...captured, viewerCanRefund: false } });
    await screen.findByRole("heading", { name: "Transaction CMD-2611-000001" });
    for (const name of ["Rembourser", "Capturer", "Annuler l'autorisation"]) {
      expect(screen.queryByRole("button", { name })).not.toBeInTheDocument();
    }
  });

  it("opens the refund dialog with the refundable amount", async () => {
    const { user } = setup({ node: captured });
    await user.click(await screen.findByRole("button", { name: "Rembourser" }));
    expect(await screen.findByLabelText("Montant")).toHaveValue("12.50");
  });

  it("hides the payer's personal data from a role without the permission, and says why", async () => {
    const { user } = setup({
      node: { ...transaction, payer: { ...transaction.payer, name: null, email: null } },
      permissions: ["READ_JOURNAL"],
      role: "VIEWER",
    });
    await screen.findByRole("heading", { name: "Transaction CMD-2611-000001" });
    expect(field("Nom du payeur")).toHaveTextContent("Masqué");
    expect(field("E-mail du payeur")).toHaveTextContent("Masqué");
    await user.hover(within(field("E-mail du payeur") as HTMLElement).getByText("Masqué"));
    expect(
      await screen.findByText("Votre rôle (Lecteur) ne permet pas de voir les données personnelles des payeurs."),
    ).toBeInTheDocument();
  });

  it("shows a dash, not a mask, for personal data the payer did not give", async () => {
    setup({ node: { ...transaction, payer: { ...transaction.payer, name: null } }, permissions: ["READ_PAYER_PII"] });
    await screen.findByRole("heading", { name: "Transaction CMD-2611-000001" });
    expect(field("Nom du payeur")).toHaveTextContent("—");
  });

  it("lists the operations, newest first, with who did them and why", async () => {
    setup({ node: captured });
    const table = await screen.findByRole("table", { name: "Opérations" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      "26.11.2026 10:30:00Remboursement7.00 CHFRefuséepartner-refundspartner-refundsprocessor unavailable",
      "26.11.2026 10:00:00Remboursement12.50 CHFRéussieMarc Responsableguichet-webgeste commercial",
    ].map((s) => s.replace(/ CHF/g, "\u00a0CHF")));
  });

  it("tells the audit trail as sentences, newest first", async () => {
    setup({ node: captured });
    const trail = await screen.findByRole("region", { name: "Journal d'audit" });
    const entries = within(trail).getAllByRole("listitem").map((li) => li.textContent?.replace(/\s+/g, " "));
    expect(entries).toEqual([
      "Marc Responsable a retiré l'étiquette 💸 Remboursement26.11.2026 10:01:00 · guichet-web",
      "Marc Responsable a remboursé 12.50 CHF — motif : geste commercialCapturée → Remboursée en partie26.11.2026 10:00:00 · guichet-web",
      "Olivier Opérateur a ajouté l'étiquette 💸 Remboursement26.11.2026 09:00:00 · guichet-web",
    ]);
  });

  it("says when there is no such transaction", async () => {
    setup({ node: null });
    expect(await screen.findByText("Transaction introuvable")).toBeInTheDocument();
  });
});
