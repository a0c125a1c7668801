import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeWebSocket, flush } from "@/test/fake-websocket";
import { backoff, createLiveConnection, liveURL, type LiveConnection } from "./live";

let live: LiveConnection | undefined;

function setup({ online = true } = {}) {
  const onForbidden = vi.fn();
  const events = new EventTarget();
  const browser = { online };
  const c = createLiveConnection({
    url: "ws://guichet.test/graphql",
    onForbidden,
    webSocketImpl: FakeWebSocket,
    online: () => browser.online,
    events,
    random: () => 1,
  });
  live = c;
  const states: string[] = [];
  c.listen(() => states.push(c.state()));
  return { live: c, onForbidden, events, browser, states };
}

/** A subscription as urql's exchange makes one, with its sink's calls recorded. */
function subscribe(c: LiveConnection) {
  const sink = { next: vi.fn(), error: vi.fn(), complete: vi.fn() };
  const unsubscribe = c.subscribe({ query: "subscription { labelChanged { id } }" }, sink);
  return { sink, unsubscribe };
}

beforeEach(() => {
  FakeWebSocket.all = [];
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
});

afterEach(() => {
  live?.dispose();
  live = undefined;
  vi.useRealTimers();
});

describe("the live connection", () => {
  it("opens a socket at the first subscription only, and says so", async () => {
    const { live, states } = setup();
    expect(live.state()).toBe("idle");
    expect(FakeWebSocket.all).toHaveLength(0);
    subscribe(live);
    await flush();
    expect(FakeWebSocket.last().url).toBe("ws://guichet.test/graphql");
    expect(FakeWebSocket.last().protocol).toBe("graphql-transport-ws");
    expect(live.state()).toBe("connecting");
    await FakeWebSocket.last().accept();
    expect(FakeWebSocket.last().sent[0]).toEqual({ type: "connection_init" });
    expect(live.state()).toBe("live");
    expect(states).toEqual(["connecting", "live"]);
  });

  it("hands a lost connection to the followers, who retry after a growing back-off; offline once lost for 10 s, live once back", async () => {
    const { live, states } = setup();
    // A follower, as label-events.ts has it: it asks when to retry as soon as its subscription fails.
    let retries = -1;
    const follow = () => {
      const { sink } = subscribe(live);
      sink.error.mockImplementation(() => live.retry(follow));
      retries++;
    };
    follow();
    await flush();
    await FakeWebSocket.last().accept();
    await FakeWebSocket.last().drop(1006);
    // No silent resubscription with the old variables: the follower decides.
    expect(FakeWebSocket.all).toHaveLength(1);
    expect(live.state()).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(499);
    expect(retries).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(retries).toBe(1);

    await FakeWebSocket.last().refuse();
    expect(live.state()).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(999);
    expect(retries).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(retries).toBe(2);
    await FakeWebSocket.last().refuse();
    await vi.advanceTimersByTimeAsync(2000);
    expect(retries).toBe(3);
    await FakeWebSocket.last().refuse();
    expect(live.state()).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(4000);
    expect(retries).toBe(4);
    await FakeWebSocket.last().refuse();
    // 500 + 1000 + 2000 + 4000 ms of attempts, and 2.5 s more.
    await vi.advanceTimersByTimeAsync(2499);
    expect(live.state()).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(1);
    expect(live.state()).toBe("offline");
    await vi.advanceTimersByTimeAsync(5500);
    expect(retries).toBe(5);
    await FakeWebSocket.last().accept();
    expect(live.state()).toBe("live");
    expect(states).toEqual(["connecting", "live", "reconnecting", "offline", "live"]);
  });

  it("retries at once when the browser comes back online, and says offline while it is not", async () => {
    const { live, events, browser } = setup();
    subscribe(live);
    await flush();
    await FakeWebSocket.last().accept();
    browser.online = false;
    await FakeWebSocket.last().drop(1006);
    const run = vi.fn();
    live.retry(run);
    expect(live.state()).toBe("offline");
    browser.online = true;
    events.dispatchEvent(new Event("online"));
    expect(run).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(run).toHaveBeenCalledOnce();
  });

  it("sends the browser to the login page when the server ends the session (4403), and retries no more", async () => {
    const { live, onForbidden } = setup();
    const { sink } = subscribe(live);
    await flush();
    await FakeWebSocket.last().accept();
    await FakeWebSocket.last().drop(4403, "credentials expired or revoked");
    expect(onForbidden).toHaveBeenCalledOnce();
    expect(sink.error).toHaveBeenCalledOnce();
    const run = vi.fn();
    live.retry(run);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(run).not.toHaveBeenCalled();
    expect(live.state()).toBe("idle");
  });

  it("brings a follower whose subscription the server completed back at once", async () => {
    const { live } = setup();
    const run = vi.fn();
    live.retry(run);
    await vi.advanceTimersByTimeAsync(50);
    expect(run).toHaveBeenCalledOnce();
  });

  it("closes the socket a while after the last subscription ends, and is idle", async () => {
    const { live } = setup();
    const { unsubscribe } = subscribe(live);
    await flush();
    await FakeWebSocket.last().accept();
    unsubscribe();
    await vi.advanceTimersByTimeAsync(200);
    expect(live.state()).toBe("idle");
    expect(FakeWebSocket.last().readyState).toBe(FakeWebSocket.OPEN);
    await vi.advanceTimersByTimeAsync(2800);
    await flush();
    expect(FakeWebSocket.last().readyState).toBe(FakeWebSocket.CLOSED);
    expect(live.state()).toBe("idle");
  });
});

describe("backoff", () => {
  it("doubles from half a second up to 15 s, randomised in the upper half", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 10].map((n) => backoff(n, () => 1))).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    expect([1, 2, 6].map((n) => backoff(n, () => 0))).toEqual([250, 500, 7500]);
    expect(backoff(0)).toBe(0);
  });
});

describe("liveURL", () => {
  it("is the API's path on the page's origin, secure when the page is", () => {
    expect(liveURL({ protocol: "https:", host: "guichet.example" })).toBe("wss://guichet.example/graphql");
    expect(liveURL({ protocol: "http:", host: "localhost:5173" })).toBe("ws://localhost:5173/graphql");
  });
});
