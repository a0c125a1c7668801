// Following the merchant's label events: replay from a cursor, then live
// ones, resubscribing from the last cursor received whenever the stream
// ends (the server completes a subscriber that fell behind; the socket
// drops). Screens load their data after reading the newest cursor, then
// follow from it: an event committed in between is replayed, never lost.
import { createRequest, type Client, type OperationResult } from "@urql/core";
import { useEffect, useRef } from "react";
import { useClient, useQuery } from "urql";
import { onEnd, pipe, subscribe } from "wonka";
import { graphql } from "@/gql";
import type { LabelChangeFilter, LabelEventFieldsFragment } from "@/gql/graphql";
import { appErrors } from "./errors";
import { useLive, type LiveConnection } from "./live";

export const LiveTransactionFragmentDoc = graphql(`
  fragment LiveTransaction on Transaction {
    id
    createdAt
    mode
    status
    amount
    currency
    refundableAmount
    paymentMethod
    orderReference
    payer {
      id
      reference
      email
    }
    labels {
      id
      name
      color
      description
    }
    viewerCanRefund
    viewerCanCancel
  }
`);

export const LabelEventFieldsFragmentDoc = graphql(`
  fragment LabelEventFields on LabelEvent {
    id
    cursor
    kind
    at
    label {
      id
      name
      color
    }
    actor {
      name
      clientId
    }
    transaction {
      ...LiveTransaction
    }
  }
`);

export const LabelChangedSubscription = graphql(`
  subscription LabelChanged($where: LabelChangeFilter, $after: Cursor) {
    labelChanged(where: $where, after: $after) {
      ...LabelEventFields
    }
  }
`);

export const NewestLabelEventQuery = graphql(`
  query NewestLabelEvent {
    labelEvents(last: 1, orderBy: { field: SEQ, direction: ASC }) {
      edges {
        cursor
      }
    }
  }
`);

export type LabelEvent = LabelEventFieldsFragment;
export type LiveTransaction = NonNullable<LabelEvent["transaction"]>;

/** Whether an event changed a label's definition rather than a transaction's labels. */
export function changesDefinition(e: LabelEvent): boolean {
  return e.kind !== "LABEL_ADDED" && e.kind !== "LABEL_REMOVED";
}

/** How many event IDs a follower remembers to recognise a replayed one. */
const REMEMBERED = 2000;

export interface FollowOptions {
  where?: LabelChangeFilter;
  /** The newest cursor the caller's data reflects; null when the log was empty. */
  after: string | null;
  onEvent: (event: LabelEvent) => void;
  /**
   * The server refused the cursor (a log reset, say): the caller's data
   * cannot be brought up to date from it and must be loaded again.
   */
  onLost?: () => void;
}

export interface Follower {
  stop(): void;
  /** The cursor of the last event received, or the one it started from. */
  cursor(): string | null;
}

/**
 * Follows label events until stopped. Each event reaches onEvent once:
 * a replay that repeats events already received (after a reconnection
 * graphql-ws made on its own, say) is ignored.
 */
export function followLabelEvents(
  client: Pick<Client, "executeSubscription">,
  live: Pick<LiveConnection, "retry">,
  { where, after, onEvent, onLost }: FollowOptions,
): Follower {
  let cursor = after;
  let stopped = false;
  let barren = 0;
  let unsubscribe: (() => void) | undefined;
  let cancelRetry: (() => void) | undefined;
  const seen = new Set<string>();

  const remember = (id: string) => {
    seen.add(id);
    if (seen.size > REMEMBERED) seen.delete(seen.values().next().value!);
  };

  const start = () => {
    cancelRetry = undefined;
    if (stopped) return;
    let received = false;
    let last: OperationResult | undefined;
    const request = createRequest(LabelChangedSubscription, { where, ...(cursor ? { after: cursor } : {}) });
    const ended = () => {
      if (stopped) return;
      barren = received ? 0 : barren + 1;
      const codes = appErrors(last?.error);
      // The client already sends the browser to the login page, or says
      // the role may not do this.
      if (codes.some((e) => e.code === "UNAUTHENTICATED" || e.code === "FORBIDDEN")) return;
      if (codes.some((e) => e.code === "BAD_USER_INPUT" && e.field === "after")) {
        stopped = true;
        onLost?.();
        return;
      }
      cancelRetry = live.retry(start, barren);
    };
    const { unsubscribe: stop } = pipe(
      client.executeSubscription(request),
      onEnd(ended),
      subscribe((result: OperationResult) => {
        last = result;
        const event = (result.data as { labelChanged?: LabelEvent } | undefined)?.labelChanged;
        if (!event || seen.has(event.id)) return;
        remember(event.id);
        received = true;
        cursor = event.cursor;
        onEvent(event);
      }),
    );
    unsubscribe = stop;
  };

  start();
  return {
    stop() {
      stopped = true;
      cancelRetry?.();
      unsubscribe?.();
    },
    cursor: () => cursor,
  };
}

/**
 * The newest cursor of the merchant's label event log, read afresh each
 * time a screen opens: undefined while loading, null for an empty log.
 */
export function useNewestCursor(): { cursor: string | null | undefined; error: OperationResult["error"] } {
  const [{ data, error }] = useQuery({ query: NewestLabelEventQuery, requestPolicy: "network-only" });
  const cursor = data ? (data.labelEvents.edges?.[0]?.cursor ?? null) : undefined;
  return { cursor, error };
}

/**
 * Follows label events from `after` (see followLabelEvents) while the
 * component is mounted; nothing happens while `after` is undefined (not
 * read yet). A change of `where` resubscribes from the last cursor
 * received.
 */
export function useLabelEvents({
  where,
  after,
  onEvent,
  onLost,
}: {
  where?: LabelChangeFilter;
  after: string | null | undefined;
  onEvent: (event: LabelEvent) => void;
  onLost?: () => void;
}): void {
  const client = useClient();
  const live = useLive();
  const handlers = useRef({ onEvent, onLost });
  handlers.current = { onEvent, onLost };
  const from = useRef<string | null | undefined>(after);
  if (from.current === undefined) from.current = after;
  const key = JSON.stringify(where ?? null);
  const ready = after !== undefined;
  useEffect(() => {
    if (!ready || !live) return;
    const follower = followLabelEvents(client, live, {
      where: JSON.parse(key) ?? undefined,
      after: from.current ?? null,
      onEvent: (e) => handlers.current.onEvent(e),
      onLost: () => handlers.current.onLost?.(),
    });
    return () => {
      from.current = follower.cursor();
      follower.stop();
    };
  }, [client, live, key, ready]);
}
