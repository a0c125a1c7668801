// A WebSocket the tests drive by hand: they open it, answer as a
// graphql-transport-ws server would, and drop or close it.

type Listener<E> = ((event: E) => void) | null;

export class FakeWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  /** Every socket made, oldest first. */
  static all: FakeWebSocket[] = [];

  readyState = FakeWebSocket.CONNECTING;
  /** The messages the client sent, parsed. */
  sent: { id?: string; type: string; payload?: { query?: string; variables?: Record<string, unknown> } }[] = [];
  onopen: Listener<Event> = null;
  onclose: Listener<{ code: number; reason: string }> = null;
  onerror: Listener<Event> = null;
  onmessage: Listener<{ data: string }> = null;

  constructor(
    readonly url: string,
    readonly protocol: string,
  ) {
    FakeWebSocket.all.push(this);
  }

  static last(): FakeWebSocket {
    const s = FakeWebSocket.all.at(-1);
    if (!s) throw new Error("no socket was opened");
    return s;
  }

  send(data: string) {
    this.sent.push(JSON.parse(data));
  }

  close(code = 1000, reason = "") {
    if (this.readyState === FakeWebSocket.CLOSED) return;
    this.readyState = FakeWebSocket.CLOSED;
    queueMicrotask(() => this.onclose?.({ code, reason }));
  }

  /** The server accepts the connection and acknowledges connection_init. */
  async accept() {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen?.(new Event("open"));
    await flush();
    this.receive({ type: "connection_ack" });
    await flush();
  }

  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  /** The subscribe messages sent on this socket. */
  subscriptions() {
    return this.sent.filter((m) => m.type === "subscribe");
  }

  /** The connection is refused: an error, then the close, as browsers report them. */
  async refuse() {
    this.readyState = FakeWebSocket.CLOSED;
    this.onerror?.(new Event("error"));
    await flush();
    this.onclose?.({ code: 1006, reason: "" });
    await flush();
  }

  /** The connection is lost, or closed by the server with a code. */
  async drop(code = 1006, reason = "") {
    this.readyState = FakeWebSocket.CLOSED;
    this.onclose?.({ code, reason });
    await flush();
  }
}

/** Lets promise callbacks and queued microtasks run. */
export async function flush() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
