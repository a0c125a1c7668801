import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { mockClient, renderWithApp } from "@/test/render";
import { linkRow, operatorViewer } from "./fixtures";
import PaymentLinkPage from "./PaymentLinkPage";

const detail = (status: string, extra: Record<string, unknown> = {}) => ({
  ...linkRow("PL1", status, "TEST", "Recouvrement-001", "lea@example.ch"),
  updatedAt: "2026-11-26T09:40:00Z",
  description: "Séjour du 3 au 5 mars",
  language: "FR",
  reconciliation: "FACT-1",
  subject: null,
  message: null,
  batch: "b42",
  sentAt: "2026-11-26T09:30:02Z",
  openedAt: null,
  paidAt: null,
  canceledAt: null,
  url: "http://localhost:8080/pay/tok123",
  transaction: null,
  emails: [
    {
      __typename: "EmailMessage",
      id: "E1",
      createdAt: "2026-11-26T09:30:00Z",
      kind: "PAYMENT_LINK",
      status: "SENT",
      to: "lea@example.ch",
      bcc: ["gestion@example.ch"],
      subject: "Demande de paiement Recouvrement-001",
      attempts: 2,
      lastError: "421 try again later",
      sentAt: "2026-11-26T09:30:02Z",
    },
  ],
  ...extra,
});

function setup(link: Record<string, unknown>) {
  const client = mockClient({
    Viewer: operatorViewer,
    PaymentLink: { data: { node: link } },
    CancelPaymentLink: { data: { cancelPaymentLink: { ...link, status: "CANCELED", canceledAt: "2026-11-26T10:00:00Z" } } },
    ResendPaymentLink: { data: { resendPaymentLink: link } },
  });
  renderWithApp(<PaymentLinkPage />, { client, url: "/payment-links/PL1", path: "/payment-links/:id" });
  const mutations = () => client.executeMutation.mock.calls.map((c) => ({ variables: c[0].variables, query: c[0].query }));
  return { mutations, user: userEvent.setup() };
}

describe("PaymentLinkPage", () => {
  it("shows the link's details, its life so far, its e-mails and the address to copy", async () => {
    setup(detail("SENT"));
    expect(await screen.findByRole("heading", { level: 1, name: "Lien de paiement Recouvrement-001" })).toBeInTheDocument();
    expect(screen.getByText("Lien de TEST : son paiement ne débite aucun argent.")).toBeInTheDocument();
    const history = screen.getByRole("region", { name: "Historique" });
    expect(history).toHaveTextContent("Créé26.11.2026 10:30:00");
    expect(history).toHaveTextContent("Envoyé26.11.2026 10:30:02");
    expect(history).toHaveTextContent("Ouvert—");
    const emails = screen.getByRole("table", { name: "E-mails envoyés" });
    const row = within(emails).getAllByRole("row")[1]!;
    expect(row).toHaveTextContent("lea@example.ch");
    expect(row).toHaveTextContent("gestion@example.ch");
    expect(row).toHaveTextContent("421 try again later");
    expect(screen.getByRole("textbox", { name: "Adresse de la page de paiement" })).toHaveValue("http://localhost:8080/pay/tok123");
    expect(screen.getByText("Pas encore payé.")).toBeInTheDocument();
  });

  it("sends the e-mail again, and cancels after confirmation", async () => {
    const { user, mutations } = setup(detail("SENT"));
    await user.click(await screen.findByRole("button", { name: "Renvoyer l'e-mail" }));
    await waitFor(() => expect(mutations()).toHaveLength(1));
    await user.click(screen.getByRole("button", { name: "Annuler le lien" }));
    const confirm = await screen.findByRole("tooltip");
    expect(confirm).toHaveTextContent("Annuler ce lien de paiement ?");
    await user.click(within(confirm).getByRole("button", { name: "Annuler le lien" }));
    await waitFor(() => expect(mutations()).toHaveLength(2));
    expect(mutations().map((m) => (m.query.definitions[0] as { name: { value: string } }).name.value)).toEqual([
      "ResendPaymentLink",
      "CancelPaymentLink",
    ]);
    expect(mutations()[1]!.variables).toEqual({ id: "PL1" });
  });

  it("links a paid link to its transaction and offers no action", async () => {
    const transaction = {
      __typename: "Transaction",
      id: "T7",
      status: "CAPTURED",
      mode: "TEST",
      amount: "12550",
      currency: "CHF",
      paymentMethod: "VISA",
      cardLast4: "4242",
      orderReference: "Recouvrement-001",
      createdAt: "2026-11-26T09:45:00Z",
    };
    setup(detail("PAID", { paidAt: "2026-11-26T09:45:00Z", openedAt: "2026-11-26T09:44:00Z", transaction }));
    expect(await screen.findByRole("link", { name: "Transaction Recouvrement-001" })).toHaveAttribute("href", "/transactions/T7");
    expect(screen.getByText(/Visa •••• 4242/)).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Historique" })).toHaveTextContent("Payé26.11.2026 10:45:00");
    expect(screen.queryByRole("button", { name: "Annuler le lien" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Renvoyer l'e-mail" })).not.toBeInTheDocument();
  });
});
