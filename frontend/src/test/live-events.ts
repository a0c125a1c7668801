// Label events and live transactions for tests of live screens.
import type { OperationResult } from "@urql/core";
import { makeSubject } from "wonka";
import { vi } from "vitest";
import type { LabelEvent, LiveTransaction } from "@/lib/label-events";
import type { LiveConnection } from "@/lib/live";

export const REFUND = { id: "L1", name: "💸 Remboursement", color: "#D97706" };
export const SUSPECT = { id: "L2", name: "🚩 Suspect", color: "#DC2626" };

type LabelRef = { id: string; name: string; color: string };

export function liveTransaction(id: string, labels: LabelRef[], over: Partial<LiveTransaction> = {}): LiveTransaction {
  return {
    id,
    createdAt: "2026-11-20T09:30:00Z",
    mode: "PRODUCTION",
    status: "CAPTURED",
    amount: "12050",
    currency: "CHF",
    refundableAmount: "12050",
    paymentMethod: "VISA",
    orderReference: `CMD-${id}`,
    payer: { id: `P-${id}`, reference: `CUST-${id}`, email: `${id.toLowerCase()}@example.ch` },
    labels: labels.map((l) => ({ description: null, ...l })),
    viewerCanRefund: true,
    viewerCanCancel: false,
    ...over,
  };
}

let seq = 0;

export function labelEvent(
  kind: LabelEvent["kind"],
  label: LabelRef,
  transaction: LiveTransaction | null,
  actor = "Olivier Opérateur",
): LabelEvent {
  seq++;
  return {
    id: `E${seq}`,
    cursor: `c${seq}`,
    kind,
    at: "2026-11-26T10:32:05Z",
    label,
    actor: { name: actor, clientId: "guichet-web" },
    transaction,
  };
}

/**
 * Label events a test sends to the screen, through the client's
 * executeSubscription, and a live connection that never needs to retry.
 */
export function liveEvents() {
  const subject = makeSubject<OperationResult>();
  const live: LiveConnection = {
    subscribe: () => () => {},
    retry: vi.fn(() => () => {}),
    state: () => "live",
    listen: () => () => {},
    dispose: () => {},
  };
  return {
    live,
    source: () => subject.source,
    send: (e: LabelEvent) => subject.next({ data: { labelChanged: e }, stale: false, hasNext: true } as unknown as OperationResult),
  };
}
