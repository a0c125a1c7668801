package graphtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// WSWait is how long a WebSocket test waits for a message before failing.
const WSWait = 10 * time.Second

// WSMessage is a graphql-transport-ws message.
type WSMessage struct {
	Type    string          `json:"type"`
	ID      string          `json:"id,omitempty"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// WS is a graphql-transport-ws client connection, as a test drives it: a
// reader hands messages over one at a time and answers the server's pings,
// so that a test that stops taking messages stops reading the socket, like
// a stalled client.
type WS struct {
	conn *websocket.Conn
	msgs chan WSMessage

	mu  sync.Mutex
	err error // why reading ended, once msgs is closed
}

// DialWS opens a graphql-transport-ws connection to the GraphQL endpoint
// at url (http:// or https://). opts may carry an HTTP client with cookies
// and headers such as Origin.
func DialWS(ctx context.Context, url string, opts *websocket.DialOptions) (*WS, *http.Response, error) {
	o := websocket.DialOptions{}
	if opts != nil {
		o = *opts
	}
	o.Subprotocols = []string{"graphql-transport-ws"}
	conn, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http"), &o)
	if err != nil {
		return nil, resp, err
	}
	conn.SetReadLimit(64 << 20)
	c := &WS{conn: conn, msgs: make(chan WSMessage)}
	go c.read()
	return c, resp, nil
}

// MustDialWS is DialWS failing t on error; the connection closes when t ends.
func MustDialWS(t testing.TB, url string, opts *websocket.DialOptions) *WS {
	t.Helper()
	c, _, err := DialWS(t.Context(), url, opts)
	if err != nil {
		t.Fatalf("dial %s: %v", url, err)
	}
	t.Cleanup(func() { c.conn.CloseNow() })
	return c
}

func (c *WS) read() {
	defer close(c.msgs)
	for {
		_, data, err := c.conn.Read(context.Background())
		if err != nil {
			c.mu.Lock()
			c.err = err
			c.mu.Unlock()
			return
		}
		var m WSMessage
		if err := json.Unmarshal(data, &m); err != nil {
			c.mu.Lock()
			c.err = fmt.Errorf("not a graphql-transport-ws message: %s", data)
			c.mu.Unlock()
			c.conn.CloseNow()
			return
		}
		if m.Type == "ping" {
			_ = c.Send(WSMessage{Type: "pong"})
			continue
		}
		c.msgs <- m
	}
}

// Send writes a message.
func (c *WS) Send(m WSMessage) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return c.SendText(string(data))
}

// SendText writes data as a text message, whatever it holds.
func (c *WS) SendText(data string) error {
	ctx, cancel := context.WithTimeout(context.Background(), WSWait)
	defer cancel()
	return c.conn.Write(ctx, websocket.MessageText, []byte(data))
}

// Init sends connection_init with payload (nil for none).
func (c *WS) Init(t testing.TB, payload any) {
	t.Helper()
	m := WSMessage{Type: "connection_init"}
	if payload != nil {
		raw, err := json.Marshal(payload)
		if err != nil {
			t.Fatal(err)
		}
		m.Payload = raw
	}
	if err := c.Send(m); err != nil {
		t.Fatalf("connection_init: %v", err)
	}
}

// Ack initialises the connection with payload and waits for connection_ack.
func (c *WS) Ack(t testing.TB, payload any) {
	t.Helper()
	c.Init(t, payload)
	if m := c.Next(t); m.Type != "connection_ack" {
		t.Fatalf("got %s %s, want connection_ack", m.Type, m.Payload)
	}
}

// Subscribe starts operation id.
func (c *WS) Subscribe(t testing.TB, id, query string, vars map[string]any) {
	t.Helper()
	payload, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Send(WSMessage{Type: "subscribe", ID: id, Payload: payload}); err != nil {
		t.Fatalf("subscribe %s: %v", id, err)
	}
}

// Stop ends operation id from the client's side.
func (c *WS) Stop(t testing.TB, id string) {
	t.Helper()
	if err := c.Send(WSMessage{Type: "complete", ID: id}); err != nil {
		t.Fatalf("complete %s: %v", id, err)
	}
}

// Receive returns the next message, or ok false when none came within wait
// or the connection ended.
func (c *WS) Receive(wait time.Duration) (m WSMessage, ok bool) {
	select {
	case m, ok = <-c.msgs:
		return m, ok
	case <-time.After(wait):
		return WSMessage{}, false
	}
}

// Next returns the next message, failing t when none comes in time.
func (c *WS) Next(t testing.TB) WSMessage {
	t.Helper()
	m, ok := c.Receive(WSWait)
	if !ok {
		t.Fatalf("no message within %s (connection: %v)", WSWait, c.Err())
	}
	return m
}

// Err is why the connection ended; nil while it is open.
func (c *WS) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Closed waits for the server to end the connection, discarding what it
// still sends, and returns the close code (-1 when it ended without one).
func (c *WS) Closed(t testing.TB, wait time.Duration) websocket.StatusCode {
	t.Helper()
	deadline := time.After(wait)
	for {
		select {
		case _, ok := <-c.msgs:
			if !ok {
				return websocket.CloseStatus(c.Err())
			}
		case <-deadline:
			t.Fatalf("the connection is still open after %s", wait)
		}
	}
}

// Close closes the connection normally.
func (c *WS) Close() error {
	return c.conn.Close(websocket.StatusNormalClosure, "")
}

// Event is the data of a next message of a labelChanged subscription.
type Event struct {
	Data struct {
		LabelChanged LabelEvent `json:"labelChanged"`
	} `json:"data"`
	Errors []Error `json:"errors"`
}

// LabelEvent is a label event as the API shows it; tests select the fields
// they check.
type LabelEvent struct {
	ID     string `json:"id"`
	Cursor string `json:"cursor"`
	Kind   string `json:"kind"`
	At     string `json:"at"`
	Label  struct {
		ID, Name, Color string
	} `json:"label"`
	Transaction *struct {
		ID    string `json:"id"`
		Payer *struct {
			Reference string  `json:"reference"`
			Email     *string `json:"email"`
		} `json:"payer"`
	} `json:"transaction"`
	Actor struct {
		Name     string  `json:"name"`
		ClientID *string `json:"clientId"`
	} `json:"actor"`
}

// NextEvent returns the next event of operation id, failing t on any other
// message.
func (c *WS) NextEvent(t testing.TB, id string) Event {
	t.Helper()
	m := c.Next(t)
	if m.Type != "next" || m.ID != id {
		t.Fatalf("got %s %q %s, want next %q", m.Type, m.ID, m.Payload, id)
	}
	var e Event
	if err := json.Unmarshal(m.Payload, &e); err != nil {
		t.Fatalf("decode event: %v: %s", err, m.Payload)
	}
	return e
}
