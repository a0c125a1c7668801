import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { LiveContext } from "@/lib/live";
import { labelEvent, liveEvents, liveTransaction, REFUND, SUSPECT } from "@/test/live-events";
import { mockClient, renderWithApp, viewerAnswer } from "@/test/render";
import QueuesPage from "./QueuesPage";

const MANAGER = ["READ_JOURNAL", "READ_PAYER_PII", "LABEL_TRANSACTION", "REFUND", "CANCEL", "CAPTURE"];

function setup({ permissions = MANAGER, url = "/queues/refunds", refundable = true } = {}) {
  const events = liveEvents();
  const client = mockClient({
    Viewer: viewerAnswer("Marc Responsable", "MANAGER", permissions),
    MerchantLabels: {
      data: {
        labels: {
          edges: [REFUND, SUSPECT, { id: "L3", name: "⭐ Client VIP", color: "#7C3AED" }].map((l) => ({
            node: { __typename: "Label", description: null, ...l },
          })),
        },
      },
    },
    NewestLabelEvent: { data: { labelEvents: { edges: [{ cursor: "c0" }] } } },
    Queue: (variables) => ({
      data: {
        transactions: {
          totalCount: 2,
          edges:
            variables.labelId === REFUND.id
              ? [liveTransaction("T1", [REFUND], { viewerCanRefund: refundable }), liveTransaction("T2", [REFUND, SUSPECT], { viewerCanRefund: false })].map((node) => ({ node }))
              : [],
        },
      },
    }),
    Dequeue: { data: { removeLabels: [{ id: "T1", labels: [] }] } },
  });
  client.executeSubscription.mockImplementation(events.source);
  renderWithApp(
    <LiveContext value={events.live}>
      <QueuesPage />
    </LiveContext>,
    { client, url, path: "/queues/:view?" },
  );
  return { client, events, user: userEvent.setup() };
}

const queueTable = () => screen.findByRole("table", { name: "À rembourser" });
const row = (table: HTMLElement, text: string) => within(table).getAllByRole("row").find((r) => r.textContent?.includes(text));

describe("QueuesPage", () => {
  it("lists the transactions that carry the queue's label, then follows label events from the newest cursor", async () => {
    const { client } = setup();
    const table = await queueTable();
    await waitFor(() => expect(row(table, "CMD-T1")).toBeDefined());
    expect(row(table, "CMD-T2")).toBeDefined();
    expect(screen.getByText("2 transactions dans la file")).toBeInTheDocument();
    await waitFor(() => expect(client.executeSubscription).toHaveBeenCalled());
    expect(client.executeSubscription.mock.calls[0]![0].variables).toEqual({ after: "c0" });
    const queued = client.executeQuery.mock.calls.map(([r]) => r.variables as Record<string, unknown>).find((v) => v.labelId);
    expect(queued).toEqual({ labelId: REFUND.id, first: 100 });
  });

  it("shows a transaction labelled anywhere at once, and lets it go when its label comes off", async () => {
    const { client, events } = setup();
    const table = await queueTable();
    await waitFor(() => expect(client.executeSubscription).toHaveBeenCalled());
    const T3 = liveTransaction("T3", [REFUND], { amount: "4200", currency: "EUR" });
    act(() => events.send(labelEvent("LABEL_ADDED", REFUND, T3)));
    const joined = await waitFor(() => row(table, "CMD-T3")!);
    expect(within(table).getAllByRole("row")[1]).toBe(joined);
    expect(joined).toHaveTextContent("Nouvelle");
    expect(joined).toHaveTextContent("42.00 EUR");
    expect(screen.getByText("3 transactions dans la file")).toBeInTheDocument();

    act(() => events.send(labelEvent("LABEL_REMOVED", REFUND, liveTransaction("T3", []), "Marc Responsable")));
    await waitFor(() => expect(row(table, "CMD-T3")).toBeUndefined());
    expect(screen.getByText("2 transactions dans la file")).toBeInTheDocument();
    // Events of another label leave the queue as it is.
    act(() => events.send(labelEvent("LABEL_ADDED", SUSPECT, liveTransaction("T4", [SUSPECT]))));
    expect(row(table, "CMD-T4")).toBeUndefined();
  });

  it("offers a refund where the server allows it, and takes it away once it no longer does", async () => {
    const { client, events } = setup();
    const table = await queueTable();
    await waitFor(() => expect(row(table, "CMD-T1")).toBeDefined());
    expect(within(row(table, "CMD-T1")!).getByRole("button", { name: "Rembourser" })).toBeInTheDocument();
    expect(within(row(table, "CMD-T2")!).queryByRole("button", { name: "Rembourser" })).not.toBeInTheDocument();
    // Refunded elsewhere, then labelled again: the event brings the transaction as it now is.
    await waitFor(() => expect(client.executeSubscription).toHaveBeenCalled());
    const refunded = liveTransaction("T1", [REFUND, SUSPECT], { status: "REFUNDED", refundableAmount: "0", viewerCanRefund: false });
    act(() => events.send(labelEvent("LABEL_ADDED", SUSPECT, refunded)));
    await waitFor(() => expect(row(table, "CMD-T1")).toHaveTextContent("Remboursée"));
    expect(within(row(table, "CMD-T1")!).queryByRole("button", { name: "Rembourser" })).not.toBeInTheDocument();
  });

  it("opens the refund dialog from the queue", async () => {
    const { user } = setup();
    const table = await queueTable();
    await waitFor(() => expect(row(table, "CMD-T1")).toBeDefined());
    await user.click(within(row(table, "CMD-T1")!).getByRole("button", { name: "Rembourser" }));
    // Under test, Ant Design gives every generated ID the same value: the
    // dialog's name would come from another element; its title says it.
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent("Rembourser la transaction");
    expect(within(dialog).getByLabelText("Montant")).toHaveValue("120.50");
  });

  it("takes the label off a transaction from the queue", async () => {
    const { client, user } = setup();
    const table = await queueTable();
    await waitFor(() => expect(row(table, "CMD-T1")).toBeDefined());
    await user.click(within(row(table, "CMD-T1")!).getByRole("button", { name: "Retirer l'étiquette" }));
    await waitFor(() => expect(client.executeMutation).toHaveBeenCalledOnce());
    expect(client.executeMutation.mock.calls[0]![0].variables).toEqual({ transactionId: "T1", labelId: REFUND.id });
  });

  it("offers no action to a role that may neither refund nor label", async () => {
    setup({ permissions: ["READ_JOURNAL"], refundable: false });
    const table = await queueTable();
    await waitFor(() => expect(row(table, "CMD-T1")).toBeDefined());
    expect(within(table).queryByRole("button")).not.toBeInTheDocument();
  });

  it("finds the Suspects queue's label by name and offers any other label's queue", async () => {
    const { user } = setup({ url: "/queues/suspects" });
    expect(await screen.findByRole("table", { name: "Suspects" })).toBeInTheDocument();
    expect(screen.getByRole("tab", { name: /Suspects/, selected: true })).toBeInTheDocument();
    await user.click(screen.getByRole("combobox", { name: "Autre étiquette…" }));
    await user.click(await screen.findByTitle("⭐ Client VIP"));
    expect(await screen.findByRole("table", { name: "⭐ Client VIP" })).toBeInTheDocument();
    expect(screen.getByRole("status", { name: "location" })).toHaveTextContent("/queues/L3");
  });
});
