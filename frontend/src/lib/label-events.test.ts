import { CombinedError, type Client, type OperationResult } from "@urql/core";
import { GraphQLError } from "graphql";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeSubject, type Subject } from "wonka";
import { FakeWebSocket, flush } from "@/test/fake-websocket";
import { createGraphQLClient } from "./graphql-client";
import { followLabelEvents, type LabelEvent } from "./label-events";
import { createLiveConnection, type LiveConnection } from "./live";

const event = (n: number, kind = "LABEL_ADDED"): LabelEvent => ({
  id: `E${n}`,
  cursor: `c${n}`,
  kind: kind as LabelEvent["kind"],
  at: "2026-11-26T10:00:00Z",
  label: { id: "L1", name: "💸 Remboursement", color: "#D97706" },
  actor: { name: "Olivier Opérateur", clientId: "guichet-web" },
  transaction: null,
});

/** A client whose subscriptions the test feeds: one subject per subscription started. */
function fakeClient() {
  const streams: { variables: Record<string, unknown>; subject: Subject<OperationResult> }[] = [];
  const client = {
    executeSubscription: vi.fn((request: { variables: Record<string, unknown> }) => {
      const subject = makeSubject<OperationResult>();
      streams.push({ variables: request.variables, subject });
      return subject.source;
    }),
  };
  const push = (data: unknown, error?: CombinedError) =>
    streams.at(-1)!.subject.next({ data, error, stale: false, hasNext: true } as unknown as OperationResult);
  return { client, streams, push, end: () => streams.at(-1)!.subject.complete() };
}

/** A live connection whose retries the test runs by hand. */
function fakeLive() {
  const waiting: { run: () => void; barren: number }[] = [];
  const live = {
    retry: vi.fn((run: () => void, barren = 0) => {
      const w = { run, barren };
      waiting.push(w);
      return () => waiting.splice(waiting.indexOf(w), 1);
    }),
  };
  return { live, waiting, retryAll: () => waiting.splice(0).forEach((w) => w.run()) };
}

function setup(after: string | null = "c0") {
  const c = fakeClient();
  const l = fakeLive();
  const received: string[] = [];
  const onLost = vi.fn();
  const follower = followLabelEvents(c.client as unknown as Pick<Client, "executeSubscription">, l.live, { after, onEvent: (e) => received.push(e.id), onLost });
  return { ...c, ...l, received, onLost, follower };
}

const failure = (code: string, field?: string) =>
  new CombinedError({ graphQLErrors: [new GraphQLError("no", { extensions: { code, ...(field ? { field } : {}) } })] });

describe("following label events", () => {
  it("subscribes from the cursor the screen's data reflects", () => {
    const { streams } = setup("c7");
    expect(streams.map((s) => s.variables)).toEqual([{ after: "c7" }]);
  });

  it("subscribes without a cursor when the log was empty", () => {
    const { streams } = setup(null);
    expect(streams[0]!.variables).toEqual({});
  });

  it("resubscribes from the last cursor received when the server completes the subscription", () => {
    const { streams, push, end, retryAll, live, received, follower } = setup();
    push({ labelChanged: event(1) });
    push({ labelChanged: event(2) });
    end();
    // Events came since the last start: no back-off.
    expect(live.retry).toHaveBeenCalledWith(expect.any(Function), 0);
    retryAll();
    expect(streams.map((s) => s.variables.after)).toEqual(["c0", "c2"]);
    expect(received).toEqual(["E1", "E2"]);
    expect(follower.cursor()).toBe("c2");
  });

  it("resubscribes from the last cursor received when the connection drops, and backs off while attempts bring nothing", () => {
    const { streams, push, end, retryAll, live } = setup();
    push({ labelChanged: event(1) });
    push(undefined, new CombinedError({ networkError: new Error("socket closed") }));
    end();
    retryAll();
    end();
    retryAll();
    end();
    expect(live.retry.mock.calls.map(([, barren]) => barren)).toEqual([0, 1, 2]);
    retryAll();
    expect(streams.map((s) => s.variables.after)).toEqual(["c0", "c1", "c1", "c1"]);
  });

  it("ignores events of a replay that it received already", () => {
    const { push, end, retryAll, received } = setup();
    push({ labelChanged: event(1) });
    push({ labelChanged: event(2) });
    end();
    retryAll();
    // A replay that starts further back than it should.
    push({ labelChanged: event(1) });
    push({ labelChanged: event(2) });
    push({ labelChanged: event(3) });
    push({ labelChanged: event(2) });
    expect(received).toEqual(["E1", "E2", "E3"]);
  });

  it("reports a cursor the server refuses, and stops", () => {
    const { push, end, onLost, live, streams } = setup();
    push(undefined, failure("BAD_USER_INPUT", "after"));
    end();
    expect(onLost).toHaveBeenCalledOnce();
    expect(live.retry).not.toHaveBeenCalled();
    expect(streams).toHaveLength(1);
  });

  for (const code of ["UNAUTHENTICATED", "FORBIDDEN"]) {
    it(`stops on ${code}: the client has dealt with it`, () => {
      const { push, end, onLost, live } = setup();
      push(undefined, failure(code));
      end();
      expect(live.retry).not.toHaveBeenCalled();
      expect(onLost).not.toHaveBeenCalled();
    });
  }

  it("retries after other errors, such as INTERNAL", () => {
    const { push, end, live } = setup();
    push(undefined, failure("INTERNAL"));
    end();
    expect(live.retry).toHaveBeenCalledWith(expect.any(Function), 1);
  });

  it("stops following, and cancels a retry it was waiting for", () => {
    const { end, waiting, follower, streams, received, push } = setup();
    end();
    expect(waiting).toHaveLength(1);
    follower.stop();
    expect(waiting).toHaveLength(0);
    push({ labelChanged: event(9) });
    expect(received).toEqual([]);
    expect(streams).toHaveLength(1);
  });
});

describe("following label events over the app's client and live connection", () => {
  let live: LiveConnection;

  beforeEach(() => {
    FakeWebSocket.all = [];
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    live = createLiveConnection({
      url: "ws://guichet.test/graphql",
      onForbidden: () => {},
      webSocketImpl: FakeWebSocket,
      online: () => true,
      events: new EventTarget(),
      random: () => 1,
    });
  });

  afterEach(() => {
    live.dispose();
    vi.useRealTimers();
  });

  it("resumes from the last cursor after the socket drops and after the server completes, each event once", async () => {
    const notify = vi.fn();
    const client = createGraphQLClient({ url: "http://guichet.test/graphql", notify, live, fetch: vi.fn() });
    const received: string[] = [];
    const states: string[] = [];
    live.listen(() => states.push(live.state()));
    followLabelEvents(client, live, { after: "c0", onEvent: (e) => received.push(e.id) });
    await flush();
    const first = FakeWebSocket.last();
    await first.accept();
    const [sub] = first.subscriptions();
    expect(sub!.payload!.query).toContain("subscription LabelChanged");
    expect(sub!.payload!.variables).toEqual({ after: "c0" });
    const next = (socket: FakeWebSocket, id: string, n: number) =>
      socket.receive({ id, type: "next", payload: { data: { labelChanged: event(n) } } });
    next(first, sub!.id!, 1);
    next(first, sub!.id!, 2);
    await flush();
    expect(received).toEqual(["E1", "E2"]);

    // The network goes: the follower comes back after a back-off, on a new socket, from c2.
    await first.drop(1006);
    expect(live.state()).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(500);
    const second = FakeWebSocket.last();
    expect(second).not.toBe(first);
    await second.accept();
    const [resumed] = second.subscriptions();
    expect(resumed!.payload!.variables).toEqual({ after: "c2" });
    next(second, resumed!.id!, 2);
    next(second, resumed!.id!, 3);
    await flush();
    expect(received).toEqual(["E1", "E2", "E3"]);

    // The server drops the follower, which fell behind: it resubscribes at once, from c3.
    second.receive({ id: resumed!.id, type: "complete" });
    await vi.advanceTimersByTimeAsync(50);
    const again = second.subscriptions().at(-1)!;
    expect(again.id).not.toBe(resumed!.id);
    expect(again.payload!.variables).toEqual({ after: "c3" });
    expect(FakeWebSocket.all).toHaveLength(2);
    expect(states).toEqual(["connecting", "live", "reconnecting", "live"]);
    // Losing the socket is the shell's to show, not a notification.
    expect(notify).not.toHaveBeenCalled();
  });
});
