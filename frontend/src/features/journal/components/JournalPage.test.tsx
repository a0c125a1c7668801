import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { mockClient, renderWithApp } from "@/test/render";
import JournalPage from "./JournalPage";

const viewer = {
  data: {
    viewer: {
      name: "Ada",
      role: "ADMIN",
      permissions: ["READ_JOURNAL"],
      merchant: { id: "M1", name: "Hôtel Refundus Maximus", timeZone: "Europe/Zurich" },
    },
  },
};

const tx = (n: number, extra: Record<string, unknown> = {}) => ({
  __typename: "Transaction",
  id: `T${n}`,
  createdAt: "2026-11-26T07:15:21Z",
  mode: "PRODUCTION",
  status: "CAPTURED",
  amount: "153369",
  currency: "CHF",
  paymentMethod: "VISA",
  cardLast4: "4242",
  orderReference: `CMD-${n}`,
  payer: { __typename: "Payer", id: "P1", reference: "CUST-100001" },
  labels: [],
  ...extra,
});

function journal(variables: Record<string, unknown>) {
  const page = variables.after ? 2 : 1;
  return {
    data: {
      transactions: {
        __typename: "TransactionConnection",
        ...(variables.withTotal ? { totalCount: 1234 } : {}),
        pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: `s${page}`, endCursor: `e${page}` },
        edges: [
          { node: tx(page * 10 + 1, { mode: "TEST" }) },
          {
            node: tx(page * 10 + 2, {
              labels: [{ __typename: "Label", id: "L2", name: "🚩 Suspect", color: "#DC2626", description: null }],
            }),
          },
        ],
      },
    },
  };
}

const stats = {
  data: {
    transactionStats: {
      totalCount: 1234,
      volume: [{ amount: "9007199254740993", currency: "CHF" }],
      buckets: [
        { currency: "CHF", paymentMethod: "VISA", failureCode: null, count: 1200 },
        { currency: "CHF", paymentMethod: "VISA", failureCode: "INSUFFICIENT_FUNDS", count: 34 },
      ],
    },
  },
};

const labels = {
  data: {
    labels: {
      edges: [{ node: { __typename: "Label", id: "L2", name: "🚩 Suspect", color: "#DC2626", description: null } }],
    },
  },
};

function setup(url: string) {
  const client = mockClient({ Viewer: viewer, Journal: journal, JournalStats: stats, MerchantLabels: labels });
  renderWithApp(<JournalPage />, { client, url });
  const journalCalls = () =>
    client.executeQuery.mock.calls.map(([r]) => r).filter((r) => r.query.definitions.some((d) => "name" in d && d.name?.value === "Journal"));
  return { client, journalCalls, user: userEvent.setup() };
}

const location = () => screen.getByRole("status", { name: "location" }).textContent;

describe("JournalPage", () => {
  it("restores its filters from the URL and sends them to the API", async () => {
    const { journalCalls } = setup("/journal?status=FAILED&payer=CUST-100001&label=L2&match=all&q=CMD&size=25");
    await screen.findByText("CMD-11");
    expect(journalCalls().at(-1)!.variables).toEqual({
      first: 25,
      where: { statusIn: ["FAILED"], hasPayerWith: [{ reference: "CUST-100001" }], hasLabelsAllOf: ["L2"] },
      search: "CMD",
      withTotal: true,
    });
    expect(screen.getByLabelText("ID Payeur")).toHaveValue("CUST-100001");
    expect(screen.getByLabelText("Recherche")).toHaveValue("CMD");
    expect(screen.getByRole("radio", { name: "Toutes" })).toBeChecked();
  });

  it("shows money, test mode, labels and the summary", async () => {
    setup("/journal");
    const table = await screen.findByRole("table");
    const row = within(table).getByText("CMD-11").closest("tr")!;
    expect(row).toHaveTextContent(/1\s533\.69 CHF/u);
    expect(within(row).getByText("TEST")).toBeInTheDocument();
    expect(within(table).getByText("🚩 Suspect")).toBeInTheDocument();
    const summary = screen.getByRole("region", { name: "Résumé" });
    expect(summary).toHaveTextContent(/90\s071\s992\s547\s409\.93 CHF/u);
    expect(summary).toHaveTextContent("Fonds insuffisants 34");
  });

  it("writes a changed filter into the URL and goes back to the first page", async () => {
    const { user } = setup("/journal?after=e1&size=25");
    await screen.findByText("CMD-21");
    await user.type(screen.getByLabelText("ID Payeur"), "CUST-100001{Enter}");
    await waitFor(() => expect(location()).toBe("/journal?payer=CUST-100001&size=25"));
  });

  it("asks for the total on the first page only, and keeps it while paging", async () => {
    const { journalCalls, user } = setup("/journal");
    await screen.findByText("1 234 transactions");
    await user.click(screen.getByRole("button", { name: "Suivante ›" }));
    await waitFor(() => expect(location()).toBe("/journal?after=e1"));
    await screen.findByText("CMD-21");
    expect(journalCalls().at(-1)!.variables).toMatchObject({ first: 50, after: "e1", withTotal: false });
    expect(screen.getByText("1 234 transactions")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "‹ Précédente" }));
    await waitFor(() => expect(location()).toBe("/journal?before=s2"));
    expect(journalCalls().at(-1)!.variables).toMatchObject({ last: 50, before: "s2", withTotal: false });
  });
});
