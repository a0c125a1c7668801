import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { mockClient, renderWithApp } from "@/test/render";
import { linkRow, operatorViewer } from "./fixtures";
import PaymentLinksPage from "./PaymentLinksPage";

const links = {
  data: {
    paymentLinks: {
      __typename: "PaymentLinkConnection",
      totalCount: 2,
      edges: [
        { __typename: "PaymentLinkEdge", cursor: "c2", node: linkRow("PL2", "SENT", "PRODUCTION", "Recouvrement-002", "marc@example.fr") },
        { __typename: "PaymentLinkEdge", cursor: "c1", node: linkRow("PL1", "PAID", "TEST", "Recouvrement-001", "lea@example.ch") },
      ],
    },
  },
};

function setup(url = "/payment-links") {
  const client = mockClient({
    Viewer: operatorViewer,
    PaymentLinks: links,
    ShopOptions: { data: { shops: { __typename: "ShopConnection", edges: [] } } },
  });
  renderWithApp(<PaymentLinksPage />, { client, url });
  const asked = () =>
    client.executeQuery.mock.calls
      .filter((c) => (c[0].query.definitions[0] as { name?: { value: string } }).name?.value === "PaymentLinks")
      .map((c) => c[0].variables as { where: Record<string, unknown> });
  return { asked, user: userEvent.setup() };
}

describe("PaymentLinksPage", () => {
  it("lists the links with their status in words, test ones marked", async () => {
    setup();
    const table = await screen.findByRole("table", { name: "Paiements par e-mail, passés et en cours" });
    const rows = await within(table).findAllByRole("row");
    const [sent, paid] = rows.slice(1);
    expect(sent).toHaveTextContent("Envoyé");
    expect(sent).toHaveTextContent("Recouvrement-002");
    expect(sent).toHaveTextContent("marc@example.fr");
    expect(within(sent!).queryByText("TEST")).not.toBeInTheDocument();
    expect(paid).toHaveTextContent("Payé");
    expect(within(paid!).getByText("TEST")).toBeInTheDocument();
    expect(paid).toHaveClass("test-row");
    expect(within(paid!).getByRole("link", { name: "26.11.2026 10:30" })).toHaveAttribute("href", "/payment-links/PL1");
    expect(screen.getByText("2 liens")).toBeInTheDocument();
  });

  it("asks the API for the filters in the URL", async () => {
    const { asked } = setup("/payment-links?status=PAID&status=SENT&mode=TEST&reference=Rec&recipient=lea&from=2026-11-01&to=2026-11-30");
    await screen.findByRole("table");
    expect(asked()[0]!.where).toEqual({
      statusIn: ["PAID", "SENT"],
      mode: "TEST",
      orderReferenceContainsFold: "Rec",
      recipientEmailContainsFold: "lea",
      createdAtGTE: "2026-11-01T00:00:00+01:00",
      createdAtLT: "2026-12-01T00:00:00+01:00",
    });
  });

  it("keeps a new filter in the URL, back on the first page", async () => {
    const { user } = setup("/payment-links?after=c9");
    const filters = await screen.findByRole("search", { name: "Filtres des liens de paiement" });
    await user.type(within(filters).getByRole("combobox", { name: "Statut" }), "Payé{Enter}");
    await waitFor(() => expect(screen.getByLabelText("location")).toHaveTextContent("/payment-links?status=PAID"));
    await user.type(within(filters).getByLabelText("Destinataire"), "lea{Enter}");
    await waitFor(() => expect(screen.getByLabelText("location")).toHaveTextContent("/payment-links?status=PAID&recipient=lea"));
  });

  it("offers a new link", async () => {
    setup();
    expect(await screen.findByRole("link", { name: /Nouveau lien de paiement/ })).toHaveAttribute("href", "/payment-links/new");
  });
});
