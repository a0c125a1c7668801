package auth_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/guichet/guichet/ent/session"
	"github.com/guichet/guichet/graph"
	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

// closeWait bounds how long a test waits for the server to close a
// connection whose credentials ended: a few of the watcher's checks.
const closeWait = 5 * time.Second

// live checks that connection c works: a subscription from the head of
// the log receives the next change, a label admin creates.
func (g *guichet) live(t *testing.T, c *graphtest.WS, admin *browser) {
	t.Helper()
	c.Subscribe(t, "live", labelChanged, map[string]any{"after": g.head(t, admin)})
	id := g.createLabel(t, admin, fmt.Sprintf("Vivant %d", time.Now().UnixNano()), "#123456")
	if e := c.NextEvent(t, "live"); e.Data.LabelChanged.Label.ID != graphtest.ID(id) {
		t.Fatalf("got event %+v, want the creation of label %d", e, id)
	}
}

// adminIDToken is the ID token of Alice Admin's session.
func adminIDToken(t *testing.T, g *guichet) string {
	t.Helper()
	s, err := g.db.Client.Session.Query().Where(session.Subject("u-100001-admin"), session.EndedAtIsNil()).
		First(viewer.SystemContext(t.Context()))
	if err != nil {
		t.Fatal(err)
	}
	return s.IDToken
}

// TestWebsocketCredentials checks the credentials of live connections:
// refused at connection_init without valid ones, and the socket closed
// with 4403 as soon as they expire or are revoked.
func TestWebsocketCredentials(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		d = seeded(t, d)
		g := newGuichet(t, d, stackConfig{})
		admin := g.browser(t)
		g.login(t, admin, "alice.admin@refundus.example")
		iss := newIssuer(t)
		g.createLabel(t, admin, "Premier", "#000000") // the log has a head

		for name, payload := range map[string]any{
			"no credentials":     nil,
			"empty payload":      map[string]any{},
			"bad token":          bearerInit("not.a.token"),
			"not a bearer token": map[string]any{"Authorization": "Basic cGFydG5lcjpzZWNyZXQ="},
			"empty bearer":       map[string]any{"Authorization": "Bearer "},
			"ID token as access": bearerInit(adminIDToken(t, g)),
			"another issuer's":   bearerInit(iss.sign(iss.claims(g.clock.Now()))),
		} {
			t.Run(name, func(t *testing.T) {
				c := g.ws(t, nil)
				c.Init(t, payload)
				if m, ok := c.Receive(closeWait); ok {
					t.Fatalf("got %s %s, want the connection closed", m.Type, m.Payload)
				}
				if got := websocket.CloseStatus(c.Err()); got != graph.CloseForbidden {
					t.Errorf("got close %d (%v), want %d", got, c.Err(), graph.CloseForbidden)
				}
			})
		}

		t.Run("session cookie", func(t *testing.T) {
			c := g.ws(t, admin)
			c.Ack(t, nil)
			g.live(t, c, admin)
		})

		t.Run("session cookie from another origin", func(t *testing.T) {
			_, resp, err := graphtest.DialWS(t.Context(), g.URL+"/graphql", &websocket.DialOptions{
				HTTPClient: admin.Client, HTTPHeader: http.Header{"Origin": {"https://evil.example"}},
			})
			if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
				t.Errorf("got %v (%v), want the handshake refused with 403", resp, err)
			}
		})

		// Each case opens a working connection, ends its credentials, and
		// expects the socket closed with 4403.
		logout := func(t *testing.T, _ *guichet, b *browser) {
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, g.URL+"/auth/logout", nil)
			req.Header = g.csrf()
			resp, err := b.Do(req)
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("logout: %v %v", resp, err)
			}
			resp.Body.Close()
		}
		revoke := func(t *testing.T, _ *guichet, _ *browser) {
			id := g.nodeID(t, admin, `{ sessions { edges { node { id subject } } } }`,
				"sessions.edges", "subject", "u-100001-manager")
			must(t, g.post(t, admin.Client, g.csrf(), `mutation($id: ID!) { revokeSession(id: $id) { id } }`, map[string]any{"id": id}))
		}
		const disable = `mutation($id: ID!, $off: Boolean!) { setPartnerClientDisabled(id: $id, disabled: $off) { id } }`
		partner := func() string {
			return g.nodeID(t, admin, `{ partnerClients { edges { node { id clientID } } } }`,
				"partnerClients.edges", "clientID", "partner-demo")
		}
		for _, tc := range []struct {
			name string
			// user logs in for a session; "" connects partner-demo with
			// a bearer token.
			user string
			// cfg is the case's own stack's, when it needs one.
			cfg *stackConfig
			end func(t *testing.T, g *guichet, b *browser)
			// wait is how long the credentials may still last.
			wait time.Duration
		}{
			{name: "logout", user: "olivier.operateur@refundus.example", end: logout},
			{name: "session revoked by an admin", user: "marc.responsable@refundus.example", end: revoke},
			{name: "session past its lifetime", user: "valerie.lecteur@refundus.example", cfg: &stackConfig{},
				end: func(t *testing.T, g *guichet, _ *browser) { g.clock.Advance(31 * time.Minute) }}, // sessions last 30
			// Tokens of this stack's provider live 3 seconds; its clock
			// starts now and stands still, so they end 3 seconds from now.
			{name: "bearer token expired", cfg: &stackConfig{accessTTL: 3 * time.Second},
				end: func(*testing.T, *guichet, *browser) {}, wait: 3 * time.Second},
			// Last: partner-demo stays disabled until the cases end.
			{name: "partner client disabled", end: func(t *testing.T, _ *guichet, _ *browser) {
				must(t, g.post(t, admin.Client, g.csrf(), disable, map[string]any{"id": partner(), "off": true}))
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				g := g
				if tc.cfg != nil {
					g = newGuichet(t, d, *tc.cfg)
				}
				start := time.Now()
				var b *browser
				var c *graphtest.WS
				if tc.user != "" {
					b = g.browser(t)
					g.login(t, b, tc.user)
					c = g.ws(t, b)
					c.Ack(t, nil)
				} else {
					c = g.ws(t, nil)
					c.Ack(t, bearerInit(g.machineToken(t, "partner-demo", "partner-demo-secret")))
				}
				g.live(t, c, admin)
				tc.end(t, g, b)
				if got := c.Closed(t, tc.wait+closeWait); got != graph.CloseForbidden {
					t.Errorf("got close %d, want %d", got, graph.CloseForbidden)
				}
				// A token's exp counts whole seconds and it was issued before
				// start: it may end up to two seconds early.
				if took := time.Since(start); took < tc.wait-2*time.Second {
					t.Errorf("closed after %s, before the credentials' end", took)
				}
			})
		}
		must(t, g.post(t, admin.Client, g.csrf(), disable, map[string]any{"id": partner(), "off": false}))
	})
}

// TestWebsocketLimits checks the transport's limits: connection_init in
// time, and at most graph.MaxSubscriptions subscriptions per connection.
func TestWebsocketLimits(t *testing.T) {
	g := newGuichet(t, seeded(t, testdb.Open(t, "sqlite3")), stackConfig{})
	admin := g.browser(t)
	g.login(t, admin, "alice.admin@refundus.example")
	g.createLabel(t, admin, "Premier", "#000000") // the log has a head

	t.Run("no connection_init", func(t *testing.T) {
		defer func(d time.Duration) { graph.InitTimeout = d }(graph.InitTimeout)
		graph.InitTimeout = 300 * time.Millisecond
		start := time.Now()
		c := g.ws(t, admin)
		if got := c.Closed(t, closeWait); got != graph.CloseInitTimeout {
			t.Errorf("got close %d (%v), want %d", got, c.Err(), graph.CloseInitTimeout)
		}
		if took := time.Since(start); took < graph.InitTimeout {
			t.Errorf("closed after %s, before the init timeout", took)
		}
	})

	t.Run("connection_init in time", func(t *testing.T) {
		defer func(d time.Duration) { graph.InitTimeout = d }(graph.InitTimeout)
		graph.InitTimeout = 300 * time.Millisecond
		c := g.ws(t, admin)
		c.Ack(t, nil)
		time.Sleep(2 * graph.InitTimeout)
		g.live(t, c, admin)
	})

	t.Run("subscriptions per connection", func(t *testing.T) {
		c := g.ws(t, admin)
		c.Ack(t, nil)
		after := map[string]any{"after": g.head(t, admin)}
		for i := range graph.MaxSubscriptions + 1 {
			c.Subscribe(t, fmt.Sprint(i), labelChanged, after)
		}
		// They start concurrently: one of them, any, is refused (a result
		// with the error, then complete, as graphql-ws's own server
		// answers a subscription that fails to start); every other one
		// receives the next change.
		id := g.createLabel(t, admin, "Vingt", "#202020")
		refused, completed := "", ""
		events := map[string]int{}
		for len(events) < graph.MaxSubscriptions || refused == "" || completed == "" {
			m := c.Next(t)
			switch {
			case m.Type == "next" && strings.Contains(string(m.Payload), `"BAD_USER_INPUT"`) && refused == "":
				refused = m.ID
			case m.Type == "complete" && completed == "":
				completed = m.ID
			case m.Type == "next" && strings.Contains(string(m.Payload), graphtest.ID(id)):
				events[m.ID]++
			default:
				t.Fatalf("got %s %q %s, want the creation of label %d", m.Type, m.ID, m.Payload, id)
			}
		}
		if refused != completed || events[refused] > 0 {
			t.Errorf("refused %q, completed %q, events %v", refused, completed, events)
		}
		// Ending one lets another start.
		ended := "0"
		if refused == ended {
			ended = "1"
		}
		c.Stop(t, ended)
		c.Subscribe(t, "again", labelChanged, map[string]any{"after": g.head(t, admin)})
		id = g.createLabel(t, admin, "Vingt et un", "#212121")
		seen := map[string]bool{}
		for n := 0; n < graph.MaxSubscriptions; {
			m := c.Next(t)
			if m.Type == "complete" && m.ID == ended {
				continue // gqlgen confirms the end
			}
			if m.Type != "next" || !strings.Contains(string(m.Payload), graphtest.ID(id)) || seen[m.ID] {
				t.Fatalf("got %s %q %s, want one creation of label %d per subscription", m.Type, m.ID, m.Payload, id)
			}
			seen[m.ID] = true
			n++
		}
		if !seen["again"] || seen[ended] {
			t.Errorf("after ending subscription %s, events came for %v", ended, seen)
		}
	})
}
