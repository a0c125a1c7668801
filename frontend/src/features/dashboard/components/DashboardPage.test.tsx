import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { LiveContext } from "@/lib/live";
import { labelEvent, liveEvents, liveTransaction, REFUND, SUSPECT } from "@/test/live-events";
import { mockClient, renderWithApp, viewerAnswer } from "@/test/render";
import DashboardPage from "./DashboardPage";

// ECharts draws on a canvas or SVG that jsdom cannot measure; the charts
// have their own chunk, and their figures are tested in stats.test.ts.
vi.mock("./Charts", () => ({ default: () => <div>graphiques</div> }));

const logged = [
  labelEvent("LABEL_ADDED", SUSPECT, liveTransaction("T1", [SUSPECT]), "Alice Admin"),
  labelEvent("LABEL_CREATED", { id: "L9", name: "🧾 Facture", color: "#0D9488" }, null, "Alice Admin"),
];

function setup() {
  const events = liveEvents();
  const client = mockClient({
    Viewer: viewerAnswer("Olivier Opérateur", "OPERATOR", ["READ_JOURNAL", "LABEL_TRANSACTION"]),
    MerchantLabels: {
      data: { labels: { edges: [REFUND, SUSPECT].map((l) => ({ node: { __typename: "Label", description: null, ...l } })) } },
    },
    Feed: { data: { labelEvents: { edges: logged.map((node) => ({ cursor: node.cursor, node })) } } },
    DashboardStats: { data: { transactionStats: { totalCount: 0, volume: [], buckets: [] } } },
    LabelDays: (variables) => {
      const id = (variables.where as { hasLabelsAnyOf: string[] }).hasLabelsAnyOf[0];
      const count = id === REFUND.id ? 4 : 1;
      return { data: { transactionStats: { totalCount: count, buckets: [{ day: "2026-11-26", count }] } } };
    },
  });
  client.executeSubscription.mockImplementation(events.source);
  renderWithApp(
    <LiveContext value={events.live}>
      <DashboardPage />
    </LiveContext>,
    { client, url: "/dashboard" },
  );
  return { client, events };
}

const entries = async () => within(await screen.findByRole("list", { name: "Derniers événements" })).getAllByRole("listitem");

describe("DashboardPage", () => {
  it("shows the log's latest label events, newest first, and follows from the newest one", async () => {
    const { client } = setup();
    const feed = await entries();
    expect(feed.map((e) => e.textContent!.replace(/\s/g, " "))).toEqual([
      expect.stringContaining("Alice Admin a créé l'étiquette 🧾 Facture"),
      expect.stringContaining("Alice Admin a ajouté l'étiquette 🚩 Suspect à CMD-T1 (120.50 CHF)"),
    ]);
    expect(within(feed[1]!).getByRole("link", { name: "CMD-T1" })).toHaveAttribute("href", "/transactions/T1");
    await waitFor(() => expect(client.executeSubscription).toHaveBeenCalled());
    expect(client.executeSubscription.mock.calls[0]![0].variables).toEqual({ after: logged[1]!.cursor });
  });

  it("puts each label event on top of the feed as it happens", async () => {
    const { client, events } = setup();
    await entries();
    await waitFor(() => expect(client.executeSubscription).toHaveBeenCalled());
    const tx = liveTransaction("T7", [REFUND]);
    act(() => events.send(labelEvent("LABEL_ADDED", REFUND, tx, "Olivier Opérateur")));
    act(() => events.send(labelEvent("LABEL_REMOVED", REFUND, liveTransaction("T7", []), "Marc Responsable")));
    const feed = await entries();
    expect(feed).toHaveLength(4);
    expect(feed[0]).toHaveTextContent("Marc Responsable a retiré l'étiquette 💸 Remboursement de CMD-T7");
    expect(feed[1]).toHaveTextContent("Olivier Opérateur a ajouté l'étiquette 💸 Remboursement à CMD-T7");
    expect(feed[0]).toHaveClass("feed-entry-fresh");
    expect(feed[2]).not.toHaveClass("feed-entry-fresh");
  });

  it("counts the period's transactions per label, each leading to its queue, and counts again when labels change", async () => {
    const { client, events } = setup();
    const counters = await screen.findByRole("list", { name: "Transactions étiquetées" });
    const refund = await within(counters).findByRole("link", { name: "💸 Remboursement : 4 transactions" });
    expect(refund).toHaveAttribute("href", "/queues/L1");
    expect(within(counters).getByRole("link", { name: "🚩 Suspect : 1 transaction" })).toBeInTheDocument();

    await waitFor(() => expect(client.executeSubscription).toHaveBeenCalled());
    const asked = () => client.executeQuery.mock.calls.filter(([r]) => /LabelDays|DashboardStats/.test(JSON.stringify(r.query.definitions)));
    const before = asked().length;
    act(() => events.send(labelEvent("LABEL_ADDED", REFUND, liveTransaction("T8", [REFUND]))));
    await waitFor(() => expect(asked().length).toBe(before + 3));
    expect(asked().slice(before).map(([, context]) => context?.requestPolicy)).toEqual(["network-only", "network-only", "network-only"]);
  });
});
