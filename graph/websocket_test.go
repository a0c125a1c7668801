package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http/httptest"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"

	"github.com/guichet/guichet/graph"
	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/processor"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

// wsInit is the connection_init payload wsURL's server accepts.
var wsInit = map[string]any{"Authorization": "Bearer ok"}

// wsURL serves the GraphQL handler with WebSocket subscriptions for a new
// merchant, and returns its endpoint's URL: connection_init with wsInit
// authenticates as the merchant's admin, anything else is refused.
func wsURL(t *testing.T) string {
	t.Helper()
	d := testdb.Open(t, "sqlite3")
	m := graphtest.NewFixture(t, d.Client).Merchant("Protocole", "Europe/Zurich")
	v := graphtest.Viewer(m, viewer.RoleAdmin)
	auth := func(ctx context.Context, p transport.InitPayload, _ func()) (context.Context, error) {
		if p.Authorization() != "Bearer ok" {
			return ctx, errors.New("refused")
		}
		return viewer.NewContext(ctx, v), nil
	}
	srv := httptest.NewServer(graph.NewHandler(d.Client, processor.Sandbox{}, slog.New(slog.DiscardHandler), graph.Websocket(auth, nil)))
	t.Cleanup(srv.Close)
	return srv.URL + "/graphql"
}

const (
	wsSubscription = `subscription($after: Cursor) { labelChanged(after: $after) { label { name } } }`
	wsHead         = `{ labelEvents(last: 1, orderBy: {field: SEQ}) { edges { cursor } } }`
	wsCreateLabel  = `mutation($name: String!) { createLabel(input: {name: $name, color: "#010101"}) { name } }`
)

// TestWebsocketProtocol checks graphql-transport-ws as the protocol's
// specification words it: the close codes of the client's mistakes,
// ping and pong, queries and mutations, errors, subscriptions and their
// end from the client's side.
func TestWebsocketProtocol(t *testing.T) {
	url := wsURL(t)
	for _, tc := range []struct {
		name string
		send func(t *testing.T, c *graphtest.WS)
		want websocket.StatusCode
	}{
		{"not JSON", func(t *testing.T, c *graphtest.WS) { _ = c.SendText("hello") }, graph.CloseBadRequest},
		{"unknown message type", func(t *testing.T, c *graphtest.WS) {
			c.Ack(t, wsInit)
			_ = c.Send(graphtest.WSMessage{Type: "hello"})
		}, graph.CloseBadRequest},
		{"subscribe without an ID", func(t *testing.T, c *graphtest.WS) {
			c.Ack(t, wsInit)
			_ = c.Send(graphtest.WSMessage{Type: "subscribe", Payload: json.RawMessage(`{"query": "{ viewer { name } }"}`)})
		}, graph.CloseBadRequest},
		{"subscribe before connection_init", func(t *testing.T, c *graphtest.WS) {
			c.Subscribe(t, "1", `{ viewer { name } }`, nil)
		}, graph.CloseUnauthorized},
		{"credentials refused", func(t *testing.T, c *graphtest.WS) {
			c.Init(t, map[string]any{"Authorization": "Bearer no"})
		}, graph.CloseForbidden},
		{"connection_init twice", func(t *testing.T, c *graphtest.WS) {
			c.Ack(t, wsInit)
			c.Init(t, wsInit)
		}, graph.CloseTooManyInits},
		{"ID of a running subscription", func(t *testing.T, c *graphtest.WS) {
			c.Ack(t, wsInit)
			c.Subscribe(t, "1", wsSubscription, nil)
			c.Subscribe(t, "1", wsSubscription, nil)
		}, graph.CloseDuplicateID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := graphtest.MustDialWS(t, url, nil)
			tc.send(t, c)
			if got := c.Closed(t, graphtest.WSWait); got != tc.want {
				t.Errorf("got close %d (%v), want %d", got, c.Err(), tc.want)
			}
		})
	}

	t.Run("message over the limit", func(t *testing.T) {
		c := graphtest.MustDialWS(t, url, nil)
		c.Ack(t, wsInit)
		// The server closes with 1009 as soon as it reads the start of the
		// message: the close may reach the client as a reset while it
		// still writes.
		_ = c.SendText(`{"type":"subscribe","id":"1","payload":{"query":"{ viewer { name } }` + strings.Repeat(" ", 64<<10) + `"}}`)
		if got := c.Closed(t, graphtest.WSWait); got != websocket.StatusMessageTooBig && got != -1 {
			t.Errorf("got close %d (%v), want %d or a reset", got, c.Err(), websocket.StatusMessageTooBig)
		}
	})

	t.Run("no subprotocol", func(t *testing.T) {
		conn, _, err := websocket.Dial(t.Context(), "ws"+strings.TrimPrefix(url, "http"), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.CloseNow()
		_, _, err = conn.Read(t.Context())
		if got := websocket.CloseStatus(err); got != graph.CloseSubprotocol {
			t.Errorf("got close %d (%v), want %d", got, err, graph.CloseSubprotocol)
		}
	})

	t.Run("ping", func(t *testing.T) {
		c := graphtest.MustDialWS(t, url, nil)
		c.Ack(t, wsInit)
		if err := c.Send(graphtest.WSMessage{Type: "ping", Payload: json.RawMessage(`{"n":1}`)}); err != nil {
			t.Fatal(err)
		}
		if m := c.Next(t); m.Type != "pong" || string(m.Payload) != `{"n":1}` {
			t.Errorf("got %s %s, want pong {\"n\":1}", m.Type, m.Payload)
		}
	})

	t.Run("mutation", func(t *testing.T) {
		c := graphtest.MustDialWS(t, url, nil)
		c.Ack(t, wsInit)
		c.Subscribe(t, "m", wsCreateLabel, map[string]any{"name": "Par WebSocket"})
		next, complete := c.Next(t), c.Next(t)
		if next.Type != "next" || next.ID != "m" || !strings.Contains(string(next.Payload), `"createLabel":{"name":"Par WebSocket"}`) {
			t.Errorf("got %s %q %s, want the label created", next.Type, next.ID, next.Payload)
		}
		if complete.Type != "complete" || complete.ID != "m" {
			t.Errorf("got %s %q %s, want complete", complete.Type, complete.ID, complete.Payload)
		}
	})

	t.Run("invalid document", func(t *testing.T) {
		c := graphtest.MustDialWS(t, url, nil)
		c.Ack(t, wsInit)
		c.Subscribe(t, "bad", `{ nope }`, nil)
		m := c.Next(t)
		var errs []graphtest.Error
		if err := json.Unmarshal(m.Payload, &errs); m.Type != "error" || m.ID != "bad" || err != nil ||
			len(errs) != 1 || errs[0].Code() != "BAD_USER_INPUT" {
			t.Errorf("got %s %q %s, want an error message with BAD_USER_INPUT", m.Type, m.ID, m.Payload)
		}
		// An error ends the operation: no complete follows it.
		_ = c.Send(graphtest.WSMessage{Type: "ping"})
		if m := c.Next(t); m.Type != "pong" {
			t.Errorf("got %s %q %s, want pong", m.Type, m.ID, m.Payload)
		}
	})

	t.Run("subscription", func(t *testing.T) {
		c := graphtest.MustDialWS(t, url, nil)
		c.Ack(t, wsInit)
		wsRun(t, c, "first", wsCreateLabel, map[string]any{"name": "Premier"})
		c.Subscribe(t, "s", wsSubscription, map[string]any{"after": wsHeadCursor(t, c)})
		// The event is delivered once the mutation commits, which may be
		// before or after the mutation's own result reaches the client.
		c.Subscribe(t, "second", wsCreateLabel, map[string]any{"name": "Second"})
		var event graphtest.Event
		for got, complete := 0, false; got == 0 || !complete; {
			m := c.Next(t)
			switch {
			case m.ID == "s" && m.Type == "next" && got == 0:
				got++
				if err := json.Unmarshal(m.Payload, &event); err != nil {
					t.Fatalf("decode event: %v: %s", err, m.Payload)
				}
			case m.ID == "second" && m.Type == "next" && !bytes.Contains(m.Payload, []byte(`"errors"`)):
			case m.ID == "second" && m.Type == "complete":
				complete = true
			default:
				t.Fatalf("got %s %q %s, want the mutation's result and complete, and one event", m.Type, m.ID, m.Payload)
			}
		}
		if event.Data.LabelChanged.Label.Name != "Second" {
			t.Errorf("got event %+v, want the creation of Second", event)
		}
		// The client ends it: no event comes for it any more, and the
		// server does not answer with a complete of its own.
		c.Stop(t, "s")
		wsRun(t, c, "third", wsCreateLabel, map[string]any{"name": "Troisième"})
		_ = c.Send(graphtest.WSMessage{Type: "ping"})
		if m := c.Next(t); m.Type != "pong" {
			t.Errorf("got %s %q %s after the subscription's end, want pong", m.Type, m.ID, m.Payload)
		}
	})
}

// wsRun runs a query or mutation as operation id over c and returns its
// result, failing t unless it comes with its complete and nothing else.
func wsRun(t *testing.T, c *graphtest.WS, id, query string, vars map[string]any) json.RawMessage {
	t.Helper()
	c.Subscribe(t, id, query, vars)
	next, complete := c.Next(t), c.Next(t)
	if next.Type != "next" || next.ID != id || bytes.Contains(next.Payload, []byte(`"errors"`)) ||
		complete.Type != "complete" || complete.ID != id {
		t.Fatalf("%s: got %s %q %s, then %s %q, want a result and complete", id, next.Type, next.ID, next.Payload, complete.Type, complete.ID)
	}
	return next.Payload
}

// wsHeadCursor is the cursor of the newest label event, asked over c.
func wsHeadCursor(t *testing.T, c *graphtest.WS) string {
	t.Helper()
	var r struct {
		Data struct {
			LabelEvents struct{ Edges []struct{ Cursor string } }
		}
	}
	if err := json.Unmarshal(wsRun(t, c, "head", wsHead, nil), &r); err != nil || len(r.Data.LabelEvents.Edges) != 1 {
		t.Fatalf("no head of the log: %+v %v", r, err)
	}
	return r.Data.LabelEvents.Edges[0].Cursor
}

// TestWebsocketIdle checks that idle connections, each with a live
// subscription, keep no goroutine of the server: ten more leave the
// server's goroutines as they were with one.
func TestWebsocketIdle(t *testing.T) {
	url := wsURL(t)
	admin := graphtest.MustDialWS(t, url, nil)
	admin.Ack(t, wsInit)
	wsRun(t, admin, "first", wsCreateLabel, map[string]any{"name": "Premier"})
	connect := func(n int, name string) {
		after := map[string]any{"after": wsHeadCursor(t, admin)}
		subscribers := make([]*graphtest.WS, n)
		for i := range subscribers {
			c := graphtest.MustDialWS(t, url, nil)
			c.Ack(t, wsInit)
			c.Subscribe(t, "s", wsSubscription, after)
			subscribers[i] = c
		}
		wsRun(t, admin, name, wsCreateLabel, map[string]any{"name": name})
		for _, c := range subscribers {
			if e := c.NextEvent(t, "s"); e.Data.LabelChanged.Label.Name != name {
				t.Fatalf("got event %+v, want the creation of %s", e, name)
			}
		}
	}
	connect(1, "Un")
	before := settledServerGoroutines(t, -1)
	connect(10, "Dix")
	if after := settledServerGoroutines(t, before); after > before {
		t.Errorf("got %d goroutines of the server with 11 idle subscribers, want the %d it had with one", after, before)
	}
}

// settledServerGoroutines counts the goroutines that run the server's
// WebSocket code (Guichet's graph package, nbio, gqlgen's transports, the
// label event feeds), waiting up to a few seconds for the count to come down to want (or, with
// want -1, to stay the same) as goroutines that finished work leave.
func settledServerGoroutines(t *testing.T, want int) int {
	t.Helper()
	count := func() int {
		var b bytes.Buffer
		if err := pprof.Lookup("goroutine").WriteTo(&b, 2); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, g := range strings.Split(b.String(), "\n\ngoroutine ") {
			if strings.Contains(g, "guichet/guichet/graph.") || strings.Contains(g, "lesismal/nbio") ||
				strings.Contains(g, "gqlgen/graphql/handler/transport") ||
				strings.Contains(g, "internal/labelevents.") {
				n++
			}
		}
		return n
	}
	n := count()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
		m := count()
		if (want < 0 && m == n) || (want >= 0 && m <= want) {
			return m
		}
		n = m
	}
	return n
}
