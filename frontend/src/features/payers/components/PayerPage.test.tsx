import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { createGraphQLClient } from "@/lib/graphql-client";
import { profile, profileConnection } from "@/test/billing";
import { renderWithApp, viewerAnswer } from "@/test/render";
import PayerPage from "./PayerPage";

const payer = {
  data: {
    payer: {
      __typename: "Payer",
      id: "P1",
      reference: "CUST-100001",
      name: "Zoé Michel",
      email: "zoe@example.ch",
      createdAt: "2026-01-02T10:00:00Z",
      transactions: { __typename: "TransactionConnection", totalCount: 0, edges: [] },
    },
  },
};

const billing = (nodes: ReturnType<typeof profile>[]) => ({
  data: { payer: { __typename: "Payer", id: "P1", billingProfiles: profileConnection(nodes, nodes.length) } },
});

type Body = { operationName: string; variables: Record<string, unknown> };
type Answer = (variables: Record<string, unknown>) => unknown;

/** The app's real client over a fake server (as the E-Terminal's tests): what leaves the browser can be read. */
function setup(permissions: string[], create?: Answer) {
  const bodies: Body[] = [];
  const answers: Record<string, Answer> = {
    Viewer: () => viewerAnswer("Olivier Opérateur", "OPERATOR", permissions),
    Payer: () => payer,
    PayerBillingProfiles: () => billing([profile(1, { payer: { __typename: "Payer", id: "P1", reference: "CUST-100001" } })]),
    ...(create ? { CreateBillingProfile: create } : {}),
  };
  const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as Body;
    bodies.push(body);
    return new Response(JSON.stringify(answers[body.operationName]?.(body.variables) ?? { data: null }), {
      headers: { "content-type": "application/json" },
    });
  });
  const client = createGraphQLClient({ url: "http://test/graphql", notify: vi.fn(), fetch: fetch as typeof globalThis.fetch });
  renderWithApp(<PayerPage />, { client, url: "/payers/CUST-100001", path: "/payers/:reference" });
  const sent = (name: string) => bodies.filter((b) => b.operationName === name);
  return { sent, user: userEvent.setup() };
}

/** The dialog to store a card (antd names every dialog "test-id" under test: found by its title). */
async function openStoreCard() {
  const dialog = await screen.findByRole("dialog");
  expect(dialog).toHaveTextContent("Enregistrer une carte dans un profil de facturation");
  return dialog;
}

async function fillCard(user: ReturnType<typeof userEvent.setup>, dialog: HTMLElement) {
  await user.type(within(dialog).getByLabelText("Numéro de carte"), "4000000000000101");
  await user.type(within(dialog).getByLabelText("Expiration (MM/AA)"), "1230");
  await user.type(within(dialog).getByLabelText("Code de sécurité"), "123");
}

describe("PayerPage's billing profiles", () => {
  it("lists the payer's stored cards without repeating the payer", async () => {
    setup(["READ_JOURNAL"]);
    const table = await screen.findByRole("table", { name: "Profils de facturation du payeur" });
    expect(await within(table).findByText("PM-100001-00001")).toBeInTheDocument();
    expect(within(table).getByText("Visa")).toBeInTheDocument();
    expect(within(table).queryByRole("columnheader", { name: "ID Payeur" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Enregistrer une carte" })).not.toBeInTheDocument();
  });

  it("stores a sandbox card, the card's fields cleared as the request leaves", async () => {
    const { sent, user } = setup(["READ_JOURNAL", "MANAGE_BILLING_PROFILES"], () => ({ data: { createBillingProfile: profile(7) } }));
    await user.click(await screen.findByRole("button", { name: "Enregistrer une carte" }));
    const dialog = await openStoreCard();
    await fillCard(user, dialog);
    await user.type(within(dialog).getByLabelText("ID de facturation"), " ABO-42 ");
    await user.click(within(dialog).getByRole("button", { name: "Vérifier et enregistrer" }));
    expect(await screen.findByText("Carte Visa •••• 0101 enregistrée.")).toBeInTheDocument();
    expect(sent("CreateBillingProfile").map((b) => b.variables)).toEqual([
      {
        input: {
          payerReference: "CUST-100001",
          card: { number: "4000000000000101", expiryMonth: 12, expiryYear: 2030, securityCode: "123" },
          billingRef: "ABO-42",
        },
      },
    ]);
    // The card was cleared before the answer came: the dialog is gone, nothing of the card stays on the page.
    expect(screen.queryByDisplayValue(/4000/)).not.toBeInTheDocument();
  });

  it("shows the server's refusal on its field, with the card to type again", async () => {
    const { user } = setup(["READ_JOURNAL", "MANAGE_BILLING_PROFILES"], () => ({
      data: null,
      errors: [{ message: "the payment method ID PM-1 is taken", extensions: { code: "BAD_USER_INPUT", field: "input.paymentMethodRef" } }],
    }));
    await user.click(await screen.findByRole("button", { name: "Enregistrer une carte" }));
    const dialog = await openStoreCard();
    await fillCard(user, dialog);
    await user.type(within(dialog).getByLabelText("ID du mode de paiement"), "PM-1");
    await user.click(within(dialog).getByRole("button", { name: "Vérifier et enregistrer" }));
    expect(await within(dialog).findByText("Refusé : the payment method ID PM-1 is taken")).toBeInTheDocument();
    await waitFor(() => expect(within(dialog).getByLabelText("Numéro de carte")).toHaveValue(""));
    expect(within(dialog).getByLabelText("Code de sécurité")).toHaveValue("");
    expect(within(dialog).getByLabelText("ID du mode de paiement")).toHaveValue("PM-1");
  });

  it("checks the card before sending it", async () => {
    const { sent, user } = setup(["READ_JOURNAL", "MANAGE_BILLING_PROFILES"], () => ({ data: {} }));
    await user.click(await screen.findByRole("button", { name: "Enregistrer une carte" }));
    const dialog = await openStoreCard();
    await user.type(within(dialog).getByLabelText("Numéro de carte"), "4000000000000102");
    await user.click(within(dialog).getByRole("button", { name: "Vérifier et enregistrer" }));
    expect(await within(dialog).findByText("Numéro mal saisi : le chiffre de contrôle ne correspond pas.")).toBeInTheDocument();
    expect(sent("CreateBillingProfile")).toEqual([]);
  });
});
