// The app's one live connection: a graphql-transport-ws socket on /graphql,
// opened when the first subscription starts and closed after the last one
// ends. The session cookie of the upgrade request authenticates it.
//
// graphql-ws could reconnect by itself, but it would then send each
// subscription again with the variables it first had: label events would
// be replayed from the cursor the screen started with, however long ago.
// So the client gives up at the first loss (retryAttempts: 0) and every
// follower of events (see label-events.ts) asks this connection when to
// try again, then resubscribes from the last cursor it received.
import { createClient, type Client as WsClient, type Sink, type SubscribePayload } from "graphql-ws";
import { createContext, useContext, useSyncExternalStore } from "react";

/** What a person sees of the connection. */
export type LiveState = "idle" | "connecting" | "live" | "reconnecting" | "offline";

/** The close code of graphql-transport-ws for refused, expired or revoked credentials. */
export const CLOSE_FORBIDDEN = 4403;

/** The close code of a socket closed on purpose: the last subscription ended. */
const NORMAL_CLOSURE = 1000;

/**
 * How long the connection may be lost before it counts as offline, in ms:
 * a server restart shows as reconnecting, a network gone as offline.
 */
const OFFLINE_AFTER = 10_000;

/** The shortest wait before subscribing again, in ms. */
const MIN_WAIT = 50;

/** How long nothing must be followed before the state says idle, in ms. */
const IDLE_AFTER = 200;

/** How long the socket stays open after the last subscription ends, in ms. */
const LINGER = 3000;

/**
 * The wait before the nth attempt to reconnect, in ms: exponential from
 * half a second, at most 15 s, randomised so that the browsers of a
 * merchant do not all come back at the same instant after a restart.
 */
export function backoff(failures: number, random: () => number = Math.random): number {
  if (failures <= 0) return 0;
  const ceiling = Math.min(15_000, 500 * 2 ** (failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface LiveConnection {
  /** Runs one GraphQL subscription over the socket (urql's subscriptionExchange calls it). */
  subscribe(payload: SubscribePayload, sink: Sink): () => void;
  /**
   * Calls run when a follower whose subscription ended should subscribe
   * again: soon after a `complete` from the server, after a back-off once
   * the socket failed or when the follower's last attempts brought nothing
   * (barren: how many in a row), at once when the browser comes back
   * online; never once the session has ended. Returns a function that
   * cancels the wait.
   */
  retry(run: () => void, barren?: number): () => void;
  state(): LiveState;
  /** Calls listener at every change of state; returns the unsubscribe. */
  listen(listener: () => void): () => void;
  dispose(): void;
}

export interface LiveOptions {
  url: string;
  /** The session ended (close code 4403): log in again. */
  onForbidden: () => void;
  webSocketImpl?: unknown;
  /** Whether the browser says it is online; window.navigator by default. */
  online?: () => boolean;
  /** Where to hear of the browser going online or offline. */
  events?: Pick<Window, "addEventListener" | "removeEventListener">;
  random?: () => number;
}

/** The WebSocket URL of the API on this page's origin. */
export function liveURL(location: Pick<Location, "protocol" | "host"> = window.location): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/graphql`;
}

export function createLiveConnection({
  url,
  onForbidden,
  webSocketImpl,
  online = () => navigator.onLine,
  events = window,
  random,
}: LiveOptions): LiveConnection {
  const listeners = new Set<() => void>();
  // Subscriptions on the socket, and followers waiting to resubscribe.
  let active = 0;
  const waiting = new Map<() => void, ReturnType<typeof setTimeout>>();
  let connected = false;
  let failures = 0;
  let erred = false;
  // Set once the connection has been lost for OFFLINE_AFTER.
  let longLost = false;
  let losing: ReturnType<typeof setTimeout> | undefined;
  let forbidden = false;
  let current: LiveState = "idle";

  const compute = (): LiveState => {
    if (forbidden || active + waiting.size === 0) return "idle";
    if (connected) return "live";
    if (failures === 0) return "connecting";
    return !online() || longLost ? "offline" : "reconnecting";
  };
  let settling: ReturnType<typeof setTimeout> | undefined;
  const show = (next: LiveState) => {
    if (next === current) return;
    current = next;
    for (const l of listeners) l();
  };
  const update = () => {
    const next = compute();
    clearTimeout(settling);
    settling = undefined;
    // A follower whose subscription ended asks to retry a moment later:
    // the connection goes idle only if nobody has by then.
    if (next === "idle" && !forbidden && current !== "idle") {
      settling = setTimeout(() => show(compute()), IDLE_AFTER);
      return;
    }
    show(next);
  };

  const fail = () => {
    failures++;
    losing ??= setTimeout(() => {
      longLost = true;
      update();
    }, OFFLINE_AFTER);
  };

  const client: WsClient = createClient({
    url,
    lazy: true,
    lazyCloseTimeout: LINGER,
    retryAttempts: 0,
    webSocketImpl,
    on: {
      connected: () => {
        connected = true;
        failures = 0;
        longLost = false;
        clearTimeout(losing);
        losing = undefined;
        update();
      },
      // A refused attempt reports its error to the subscriptions before the
      // socket says it closed: the failure counts from the error, so that
      // their followers' back-off already includes it.
      error: () => {
        if (erred) return;
        erred = true;
        fail();
        update();
      },
      closed: (event) => {
        const code = (event as { code?: number } | undefined)?.code;
        connected = false;
        if (code === CLOSE_FORBIDDEN) {
          forbidden = true;
          for (const timer of waiting.values()) clearTimeout(timer);
          waiting.clear();
          onForbidden();
        } else if (!erred && (code !== NORMAL_CLOSURE || active > 0)) {
          fail();
        }
        erred = false;
        update();
      },
    },
  });

  const fire = (run: () => void) => {
    clearTimeout(waiting.get(run));
    waiting.delete(run);
    run();
    update();
  };

  const onOnline = () => {
    for (const run of [...waiting.keys()]) fire(run);
  };
  events.addEventListener("online", onOnline);
  events.addEventListener("offline", update);

  return {
    subscribe(payload, sink) {
      active++;
      update();
      let counted = true;
      const done = () => {
        if (!counted) return;
        counted = false;
        active--;
        update();
      };
      // The sink hears of the end first: a follower that retries at once
      // is waiting before the count drops, and the state does not blink
      // to idle in between.
      const unsubscribe = client.subscribe(payload, {
        next: (value) => sink.next(value),
        error: (e) => {
          sink.error(e);
          done();
        },
        complete: () => {
          sink.complete();
          done();
        },
      });
      return () => {
        done();
        unsubscribe();
      };
    },
    retry(run, barren = 0) {
      if (forbidden) return () => {};
      // A follower whose subscription the server completed (it fell
      // behind) comes back at once; failures wait longer and longer.
      const delay = Math.max(MIN_WAIT, backoff(failures, random), backoff(barren, random));
      clearTimeout(waiting.get(run));
      waiting.set(
        run,
        setTimeout(() => fire(run), delay),
      );
      update();
      return () => {
        clearTimeout(waiting.get(run));
        waiting.delete(run);
        update();
      };
    },
    state: () => current,
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      clearTimeout(settling);
      clearTimeout(losing);
      for (const timer of waiting.values()) clearTimeout(timer);
      waiting.clear();
      events.removeEventListener("online", onOnline);
      events.removeEventListener("offline", update);
      void client.dispose();
    },
  };
}

/** The app's live connection; none in tests that do not give one. */
export const LiveContext = createContext<LiveConnection | null>(null);

export function useLive(): LiveConnection | null {
  return useContext(LiveContext);
}

const noListen = () => () => {};
const idle = (): LiveState => "idle";

/** The state of the live connection, re-rendering at each change. */
export function useLiveState(): LiveState {
  const live = useLive();
  return useSyncExternalStore(live ? live.listen : noListen, live ? live.state : idle);
}
