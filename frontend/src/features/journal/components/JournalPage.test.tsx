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

// As many rows as asked for, so there is always a page beyond: rows 1, 2,
// ... from the start, 101, 102, ... after a cursor.
function journal(variables: Record<string, unknown>) {
  const count = Number(variables.first ?? variables.last);
  const base = variables.after ? 100 : 0;
  const edge = (n: number) => {
    const extra =
      n === base + 1
        ? { mode: "TEST" }
        : n === base + 2
          ? { labels: [{ __typename: "Label", id: "L2", name: "🚩 Suspect", color: "#DC2626", description: null }] }
          : {};
    return { cursor: `c${n}`, node: tx(n, extra) };
  };
  return {
    data: {
      transactions: {
        __typename: "TransactionConnection",
        ...(variables.withTotal ? { totalCount: 1234 } : {}),
        edges: Array.from({ length: count }, (_, i) => edge(base + i + 1)),
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
    await screen.findByText("CMD-1");
    expect(journalCalls().at(-1)!.variables).toEqual({
      first: 26,
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
    const row = within(table).getByText("CMD-1").closest("tr")!;
    expect(row).toHaveTextContent(/1\s533\.69 CHF/u);
    expect(within(row).getByText("TEST")).toBeInTheDocument();
    expect(within(table).getByText("🚩 Suspect")).toBeInTheDocument();
    const summary = screen.getByRole("region", { name: "Résumé" });
    expect(summary).toHaveTextContent(/90\s071\s992\s547\s409\.93 CHF/u);
    expect(summary).toHaveTextContent("Fonds insuffisants 34");
  });

  it("writes a changed filter into the URL and goes back to the first page", async () => {
    const { user } = setup("/journal?after=e1&size=25");
    await screen.findByText("CMD-101");
    await user.type(screen.getByLabelText("ID Payeur"), "CUST-100001{Enter}");
    await waitFor(() => expect(location()).toBe("/journal?payer=CUST-100001&size=25"));
  });

  it("asks for the total on the first page only, and keeps it while paging", async () => {
    const { journalCalls, user } = setup("/journal?size=25");
    await screen.findByText("1 234 transactions");
    // The page shows 25 rows of the 26 fetched: the last says there is more.
    expect(screen.getByText("CMD-25")).toBeInTheDocument();
    expect(screen.queryByText("CMD-26")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Suivante ›" }));
    await waitFor(() => expect(location()).toBe("/journal?after=c25&size=25"));
    await screen.findByText("CMD-101");
    expect(journalCalls().at(-1)!.variables).toMatchObject({ first: 26, after: "c25", withTotal: false });
    expect(screen.getByText("1 234 transactions")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "‹ Précédente" }));
    await waitFor(() => expect(location()).toBe("/journal?before=c101&size=25"));
    expect(journalCalls().at(-1)!.variables).toMatchObject({ last: 26, before: "c101", withTotal: false });
  });

  it("exports what its filters match, with the same where and search, as CSV or HTML", async () => {
    const { user } = setup("/journal?status=FAILED&payer=CUST-100001&label=L2&q=CMD&after=c25");
    await screen.findByText("CMD-101");
    const where = { statusIn: ["FAILED"], hasPayerWith: [{ reference: "CUST-100001" }], hasLabelsAnyOf: ["L2"] };
    const csv = screen.getByRole("link", { name: "Télécharger en CSV : Journal des transactions" });
    const url = new URL(csv.getAttribute("href")!, "http://guichet.test");
    expect(url.pathname).toBe("/exports/journal.csv");
    expect(JSON.parse(url.searchParams.get("where")!)).toEqual(where);
    expect(url.searchParams.get("search")).toBe("CMD");
    // The export is every matching transaction, not the page shown.
    expect(url.searchParams.has("after")).toBe(false);
    expect(url.searchParams.get("separator")).toBe("SEMICOLON");
    const html = new URL(screen.getByRole("link", { name: "Télécharger en HTML : Journal des transactions" }).getAttribute("href")!, "http://guichet.test");
    expect(html.pathname).toBe("/exports/journal.html");
    expect(JSON.parse(html.searchParams.get("where")!)).toEqual(where);
    await user.click(screen.getByRole("combobox", { name: "Séparateur CSV : Journal des transactions" }));
    await user.click(await screen.findByTitle("Tabulation"));
    expect(new URL(csv.getAttribute("href")!, "http://guichet.test").searchParams.get("separator")).toBe("TAB");
  });

  it("exports the whole journal when nothing is filtered", async () => {
    setup("/journal");
    await screen.findByText("CMD-1");
    expect(screen.getByRole("link", { name: "Télécharger en HTML : Journal des transactions" })).toHaveAttribute("href", "/exports/journal.html");
  });

  it("leads those who manage reports to schedule its view", async () => {
    const client = mockClient({
      Viewer: { data: { viewer: { ...viewer.data.viewer, permissions: ["READ_JOURNAL", "MANAGE_REPORTS"] } } },
      Journal: journal,
      JournalStats: stats,
      MerchantLabels: labels,
    });
    renderWithApp(<JournalPage />, { client, url: "/journal?status=FAILED&q=CMD" });
    await screen.findByText("CMD-1");
    const link = screen.getByRole("link", { name: "Programmer" });
    const to = new URL(link.getAttribute("href")!, "http://guichet.test");
    expect(to.pathname).toBe("/reports");
    expect(to.searchParams.get("new")).toBe("JOURNAL");
    expect(JSON.parse(to.searchParams.get("where")!)).toEqual({ statusIn: ["FAILED"] });
    expect(to.searchParams.get("search")).toBe("CMD");
  });

  it("offers no schedule to those who do not manage reports", async () => {
    setup("/journal");
    await screen.findByText("CMD-1");
    expect(screen.queryByRole("link", { name: "Programmer" })).not.toBeInTheDocument();
  });
});
