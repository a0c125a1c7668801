package auth_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/merchant"
	"github.com/guichet/guichet/ent/payer"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

// change is a label event as a test expects it.
type change struct {
	kind  string
	label int
	name  string
	color string
	tx    int // 0 for a change of the label's definition
	actor string
}

func (c change) String() string {
	return fmt.Sprintf("%s label %d %q %s tx %d by %s", c.kind, c.label, c.name, c.color, c.tx, c.actor)
}

// changeOf reads an event of the API as a change.
func changeOf(t *testing.T, e graphtest.LabelEvent) change {
	t.Helper()
	c := change{kind: e.Kind, label: graphtest.EntID(t, e.Label.ID), name: e.Label.Name, color: e.Label.Color, actor: e.Actor.Name}
	if e.Transaction != nil {
		c.tx = graphtest.EntID(t, e.Transaction.ID)
	}
	return c
}

// matches tells whether c passes a labelChanged filter, as the schema
// documents it: empty lists select everything, and a change of a label's
// definition concerns no transaction.
func (c change) matches(labels, txs []int, kinds []string) bool {
	return (len(labels) == 0 || slices.Contains(labels, c.label)) &&
		(len(txs) == 0 || (c.tx != 0 && slices.Contains(txs, c.tx))) &&
		(len(kinds) == 0 || slices.Contains(kinds, c.kind))
}

// labelling is a merchant's people acting on labels through the API.
type labelling struct {
	g        *guichet
	admin    *browser // Alice Admin: label definitions
	operator *browser // Olivier Opérateur: labels on transactions
	txs      []int
}

const (
	adminName    = "Alice Admin"
	operatorName = "Olivier Opérateur"
)

func newLabelling(t *testing.T, g *guichet) *labelling {
	t.Helper()
	l := &labelling{g: g, admin: g.browser(t), operator: g.browser(t), txs: transactionsOf(t, g, "M-100001", 12)}
	g.login(t, l.admin, "alice.admin@refundus.example")
	g.login(t, l.operator, "olivier.operateur@refundus.example")
	g.createLabel(t, l.admin, "Départ", "#000000") // the log has a head
	return l
}

func (l *labelling) create(t *testing.T, name, color string) (int, change) {
	t.Helper()
	id := l.g.createLabel(t, l.admin, name, color)
	return id, change{"LABEL_CREATED", id, name, color, 0, adminName}
}

// update changes a label's definition as the admin; input is
// UpdateLabelInput.
func (l *labelling) update(t *testing.T, id int, input map[string]any) {
	t.Helper()
	must(t, l.g.post(t, l.admin.Client, l.g.csrf(), `mutation($id: ID!, $input: UpdateLabelInput!) {
		updateLabel(id: $id, input: $input) { id } }`, map[string]any{"id": graphtest.ID(id), "input": input}))
}

func (l *labelling) delete(t *testing.T, id int) {
	t.Helper()
	must(t, l.g.post(t, l.admin.Client, l.g.csrf(), `mutation($id: ID!) { deleteLabel(id: $id) }`, map[string]any{"id": graphtest.ID(id)}))
}

// add puts label (named name, coloured color) on txs as the operator and
// returns the changes it makes, one per transaction in order.
func (l *labelling) add(t *testing.T, label int, name, color string, txs ...int) []change {
	t.Helper()
	l.g.setLabels(t, l.operator, "addLabels", txs, label)
	return changes("LABEL_ADDED", label, name, color, txs)
}

func (l *labelling) remove(t *testing.T, label int, name, color string, txs ...int) []change {
	t.Helper()
	l.g.setLabels(t, l.operator, "removeLabels", txs, label)
	return changes("LABEL_REMOVED", label, name, color, txs)
}

func changes(kind string, label int, name, color string, txs []int) []change {
	out := make([]change, len(txs))
	for i, tx := range txs {
		out[i] = change{kind, label, name, color, tx, operatorName}
	}
	return out
}

// collect reads the next events of every subscription of c until each has
// want[id] of them, failing t on any other message.
func collect(t *testing.T, c *graphtest.WS, want map[string]int) map[string][]graphtest.LabelEvent {
	t.Helper()
	got := map[string][]graphtest.LabelEvent{}
	missing := 0
	for _, n := range want {
		missing += n
	}
	for missing > 0 {
		m := c.Next(t)
		if m.Type == "complete" && want[m.ID] == 0 {
			continue // gqlgen confirms the end of a subscription stopped before
		}
		var e graphtest.Event
		if err := json.Unmarshal(m.Payload, &e); m.Type != "next" || err != nil || len(e.Errors) > 0 {
			t.Fatalf("got %s %q %s, want an event", m.Type, m.ID, m.Payload)
		}
		if len(got[m.ID]) == want[m.ID] {
			t.Fatalf("subscription %q: an event more than the %d expected: %s", m.ID, want[m.ID], m.Payload)
		}
		got[m.ID] = append(got[m.ID], e.Data.LabelChanged)
		missing--
	}
	return got
}

// check compares events with the expected changes.
func check(t *testing.T, events []graphtest.LabelEvent, want []change) {
	t.Helper()
	var got []string
	for _, e := range events {
		got = append(got, changeOf(t, e).String())
	}
	var w []string
	for _, c := range want {
		w = append(w, c.String())
	}
	if !slices.Equal(got, w) {
		t.Errorf("got events\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(w, "\n  "))
	}
}

// logAfter reads the log after cursor through the labelEvents connection,
// in pages of size, as b.
func (g *guichet) logAfter(t *testing.T, b *browser, cursor string, size int) []graphtest.LabelEvent {
	t.Helper()
	var out []graphtest.LabelEvent
	for {
		var after any // the first page has none
		if cursor != "" {
			after = cursor
		}
		r := must(t, g.post(t, b.Client, g.csrf(), `query($after: Cursor, $first: Int) {
			labelEvents(after: $after, first: $first, orderBy: {field: SEQ}) {
				pageInfo { hasNextPage endCursor }
				edges { cursor node {
					id cursor kind at label { id name color } transaction { id payer { reference } } actor { name clientId }
				} }
			} }`, map[string]any{"after": after, "first": size}))
		var page struct {
			LabelEvents struct {
				PageInfo struct {
					HasNextPage bool
					EndCursor   string
				}
				Edges []struct {
					Cursor string
					Node   graphtest.LabelEvent
				}
			}
		}
		raw, _ := json.Marshal(r.Data)
		if err := json.Unmarshal(raw, &page); err != nil {
			t.Fatal(err)
		}
		for _, e := range page.LabelEvents.Edges {
			if e.Cursor != e.Node.Cursor {
				t.Errorf("edge cursor %s, event cursor %s: want one cursor per event", e.Cursor, e.Node.Cursor)
			}
			out = append(out, e.Node)
		}
		if !page.LabelEvents.PageInfo.HasNextPage {
			return out
		}
		cursor = page.LabelEvents.PageInfo.EndCursor
	}
}

// TestLabelChanged subscribes to label changes and checks that exactly
// the changes made arrive, in order, to the merchant's subscribers only,
// with fields as the subscriber's role allows, replayed from a cursor
// without gap or repetition, and as the labelEvents log shows them.
func TestLabelChanged(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		g := newGuichet(t, seeded(t, d), stackConfig{})
		l := newLabelling(t, g)
		partner := g.ws(t, nil)
		partner.Ack(t, bearerInit(g.machineToken(t, "partner-demo", "partner-demo-secret")))

		t.Run("every kind of change", func(t *testing.T) {
			head := g.head(t, l.admin)
			partner.Subscribe(t, "all", labelChanged, map[string]any{"after": head})
			start := time.Now().Add(-time.Second)
			t1, t2, t3 := l.txs[0], l.txs[1], l.txs[2]
			id, created := l.create(t, "🧪 Essai", "#ff0000")
			want := []change{created}
			want = append(want, l.add(t, id, "🧪 Essai", "#ff0000", t1)...)
			want = append(want, l.add(t, id, "🧪 Essai", "#ff0000", t2, t3)...)
			l.add(t, id, "🧪 Essai", "#ff0000", t2) // already there: no event
			want = append(want, l.remove(t, id, "🧪 Essai", "#ff0000", t1)...)
			l.remove(t, id, "🧪 Essai", "#ff0000", t1) // not there: no event
			l.update(t, id, map[string]any{"description": "à revoir"})
			l.update(t, id, map[string]any{"name": "🧪 Essai 2"})
			l.update(t, id, map[string]any{"color": "#00ff00"})
			l.update(t, id, map[string]any{"name": "🧪 Essai 3", "color": "#0000ff"})
			want = append(want,
				change{"LABEL_RENAMED", id, "🧪 Essai 2", "#ff0000", 0, adminName},
				change{"LABEL_RECOLOURED", id, "🧪 Essai 2", "#00ff00", 0, adminName},
				change{"LABEL_RENAMED", id, "🧪 Essai 3", "#0000ff", 0, adminName},
				change{"LABEL_RECOLOURED", id, "🧪 Essai 3", "#0000ff", 0, adminName})
			l.delete(t, id)
			want = append(want, change{"LABEL_DELETED", id, "🧪 Essai 3", "#0000ff", 0, adminName})
			// The first change of the next test shows that nothing came
			// between.
			events := collect(t, partner, map[string]int{"all": len(want)})["all"]
			check(t, events, want)
			partner.Stop(t, "all")

			refs := payerReferences(t, g, t1, t2, t3)
			for i, e := range events {
				at, err := time.Parse(time.RFC3339Nano, e.At)
				if err != nil || at.Before(start) || at.After(time.Now()) {
					t.Errorf("event %d at %q, want a time of the test", i, e.At)
				}
				if e.Actor.ClientID == nil || *e.Actor.ClientID == "" {
					t.Errorf("event %d: no client ID for %s's change", i, e.Actor.Name)
				}
				if e.Transaction != nil && refOf(e.Transaction.Payer) != refs[changeOf(t, e).tx] {
					t.Errorf("event %d: payer %q, want %q", i, refOf(e.Transaction.Payer), refs[changeOf(t, e).tx])
				}
			}

			t.Run("the log", func(t *testing.T) {
				// Pages of the labelEvents connection show the same events,
				// cursors included.
				for _, size := range []int{1, 3, 100} {
					log := g.logAfter(t, l.admin, head, size)
					a, b := eventsJSON(t, log), eventsJSON(t, events)
					if a != b {
						t.Errorf("pages of %d: got\n%s\nwant the events\n%s", size, a, b)
					}
				}
				// An event's cursor is a place in the log too.
				if got := g.logAfter(t, l.admin, events[4].Cursor, 100); eventsJSON(t, got) != eventsJSON(t, events[5:]) {
					t.Errorf("after the 5th event's cursor: got %s", eventsJSON(t, got))
				}
			})
		})

		t.Run("filters", func(t *testing.T) {
			head := g.head(t, l.admin)
			t1, t2, t3 := l.txs[3], l.txs[4], l.txs[5]
			la, created := l.create(t, "Filtre A", "#aa0000")
			lb, createdB := l.create(t, "Filtre B", "#bb0000")
			filters := map[string]struct {
				labels, txs []int
				kinds       []string
			}{
				"none":           {},
				"labels":         {labels: []int{la}},
				"transactions":   {txs: []int{t1, t3}},
				"kinds":          {kinds: []string{"LABEL_REMOVED", "LABEL_RENAMED"}},
				"all three":      {labels: []int{la}, txs: []int{t1, t2}, kinds: []string{"LABEL_ADDED"}},
				"nothing passes": {labels: []int{lb}, kinds: []string{"LABEL_CREATED"}},
			}
			for name, f := range filters {
				partner.Subscribe(t, name, labelChanged, map[string]any{"after": head, "where": map[string]any{
					"labelIds": graphtest.IDs(f.labels...), "transactionIds": graphtest.IDs(f.txs...), "kinds": f.kinds,
				}})
			}
			var all []change
			all = append(all, created, createdB)
			all = append(all, l.add(t, la, "Filtre A", "#aa0000", t1, t2, t3)...)
			all = append(all, l.add(t, lb, "Filtre B", "#bb0000", t2, t3)...)
			all = append(all, l.remove(t, la, "Filtre A", "#aa0000", t2)...)
			all = append(all, l.remove(t, lb, "Filtre B", "#bb0000", t3)...)
			l.update(t, lb, map[string]any{"name": "Filtre B2"})
			all = append(all, change{"LABEL_RENAMED", lb, "Filtre B2", "#bb0000", 0, adminName})
			// Last, what every filter but one lets through: its events end
			// there, so none may come before it that the filter stops.
			all = append(all, l.remove(t, la, "Filtre A", "#aa0000", t1)...)
			all = append(all, l.add(t, la, "Filtre A", "#aa0000", t1)...)
			want := map[string][]change{}
			counts := map[string]int{}
			for name, f := range filters {
				for _, c := range all {
					if c.matches(f.labels, f.txs, f.kinds) {
						want[name] = append(want[name], c)
					}
				}
				counts[name] = len(want[name])
			}
			if counts["nothing passes"] != 1 || counts["none"] != len(all) {
				t.Fatalf("the test's filters select %v", counts)
			}
			got := collect(t, partner, counts)
			for name := range filters {
				t.Run(name, func(t *testing.T) { check(t, got[name], want[name]) })
				partner.Stop(t, name)
			}
		})

		t.Run("replay then live", func(t *testing.T) {
			head := g.head(t, l.admin)
			id, created := l.create(t, "Rejeu", "#00aa00")
			want := []change{created}
			for _, tx := range l.txs[:6] {
				want = append(want, l.add(t, id, "Rejeu", "#00aa00", tx)...)
			}
			// Changes keep coming while the subscription replays and goes
			// live.
			more := make(chan []change)
			go func() {
				var cs []change
				defer func() { more <- cs }()
				for _, tx := range l.txs[6:] {
					// Not l.add: only the test's goroutine may stop it.
					r := g.post(t, l.operator.Client, g.csrf(), `mutation($t: [ID!]!, $l: [ID!]!) {
						addLabels(transactionIds: $t, labelIds: $l) { id } }`,
						map[string]any{"t": graphtest.IDs(tx), "l": graphtest.IDs(id)})
					if len(r.Errors) > 0 {
						t.Errorf("addLabels: %s", r.Raw)
						return
					}
					cs = append(cs, changes("LABEL_ADDED", id, "Rejeu", "#00aa00", []int{tx})...)
				}
			}()
			c := g.ws(t, l.operator)
			c.Ack(t, nil)
			c.Subscribe(t, "r", labelChanged, map[string]any{"after": head})
			want = append(want, <-more...)
			events := collect(t, c, map[string]int{"r": len(want)})["r"]
			check(t, events, want)
			if a, b := eventsJSON(t, g.logAfter(t, l.admin, head, 100)), eventsJSON(t, events); a != b {
				t.Errorf("the log after the head\n%s\nis not what the subscriber received\n%s", a, b)
			}

			// A subscriber that reconnects with the last cursor it saw
			// gets what it missed, then what comes.
			c.Close()
			missed := l.remove(t, id, "Rejeu", "#00aa00", l.txs[0], l.txs[1])
			c = g.ws(t, l.operator)
			c.Ack(t, nil)
			c.Subscribe(t, "again", labelChanged, map[string]any{"after": events[len(events)-1].Cursor})
			missed = append(missed, l.remove(t, id, "Rejeu", "#00aa00", l.txs[2])...)
			check(t, collect(t, c, map[string]int{"again": 3})["again"], missed)
		})

		t.Run("other merchant", func(t *testing.T) {
			adminB := g.browser(t)
			g.login(t, adminB, "ali.admin@alibaba.example")
			g.createLabel(t, adminB, "Départ B", "#000000")
			c := g.ws(t, adminB)
			c.Ack(t, nil)
			c.Subscribe(t, "b", labelChanged, map[string]any{"after": g.head(t, adminB)})
			partner.Subscribe(t, "a", labelChanged, map[string]any{"after": g.head(t, l.admin)})

			// Each merchant's changes interleave; each subscriber sees
			// its own merchant's, and the last change of each shows that
			// nothing of the other came before.
			id, created := l.create(t, "Seulement A", "#0a0a0a")
			wantA := append([]change{created}, l.add(t, id, "Seulement A", "#0a0a0a", l.txs[0], l.txs[1])...)
			txB := transactionsOf(t, g, "M-100002", 1)[0]
			idB := g.createLabel(t, adminB, "Seulement B", "#0b0b0b")
			g.setLabels(t, adminB, "addLabels", []int{txB}, idB)
			l.update(t, id, map[string]any{"name": "Toujours A"})
			wantA = append(wantA, change{"LABEL_RENAMED", id, "Toujours A", "#0a0a0a", 0, adminName})
			g.setLabels(t, adminB, "removeLabels", []int{txB}, idB)
			wantB := []change{
				{"LABEL_CREATED", idB, "Seulement B", "#0b0b0b", 0, "Ali Admin"},
				{"LABEL_ADDED", idB, "Seulement B", "#0b0b0b", txB, "Ali Admin"},
				{"LABEL_REMOVED", idB, "Seulement B", "#0b0b0b", txB, "Ali Admin"},
			}
			check(t, collect(t, c, map[string]int{"b": len(wantB)})["b"], wantB)
			check(t, collect(t, partner, map[string]int{"a": len(wantA)})["a"], wantA)
			partner.Stop(t, "a")

			// B's log holds B's changes only.
			logB := g.logAfter(t, adminB, "", 100)
			var got []change
			for _, e := range logB[1:] {
				got = append(got, changeOf(t, e))
			}
			if len(logB) == 0 || fmt.Sprint(got) != fmt.Sprint(wantB) {
				t.Errorf("merchant B's log: %s", eventsJSON(t, logB))
			}
		})

		t.Run("payer data by role", func(t *testing.T) {
			const q = `subscription($after: Cursor) { labelChanged(after: $after) {
				id transaction { id payer { reference email } } } }`
			tx, p := payerWithEmail(t, g, "M-100001")
			viewerB := g.browser(t)
			g.login(t, viewerB, "valerie.lecteur@refundus.example")
			head := g.head(t, l.admin)
			vc, oc := g.ws(t, viewerB), g.ws(t, l.operator)
			vc.Ack(t, nil)
			oc.Ack(t, nil)
			vc.Subscribe(t, "v", q, map[string]any{"after": head})
			oc.Subscribe(t, "o", q, map[string]any{"after": head})
			id, _ := l.create(t, "Données", "#dddddd")
			l.add(t, id, "Données", "#dddddd", tx)

			for _, s := range []struct {
				c     *graphtest.WS
				id    string
				email *string
			}{{vc, "v", nil}, {oc, "o", &p.Email}} {
				for _, kind := range []string{"LABEL_CREATED", "LABEL_ADDED"} {
					m := s.c.Next(t)
					var e graphtest.Event
					if err := json.Unmarshal(m.Payload, &e); m.Type != "next" || m.ID != s.id || err != nil {
						t.Fatalf("%s: got %s %q %s", s.id, m.Type, m.ID, m.Payload)
					}
					if kind == "LABEL_CREATED" {
						continue
					}
					got := e.Data.LabelChanged.Transaction.Payer
					if got == nil || got.Reference != p.Reference {
						t.Fatalf("%s: got payer %s, want %s", s.id, m.Payload, p.Reference)
					}
					if s.email == nil {
						if got.Email != nil || strings.Contains(string(m.Payload), p.Email) {
							t.Errorf("a VIEWER got the payer's e-mail: %s", m.Payload)
						}
						if len(e.Errors) != 1 || e.Errors[0].Code() != "FORBIDDEN" ||
							fmt.Sprint(e.Errors[0].Path) != "[labelChanged transaction payer email]" {
							t.Errorf("a VIEWER got errors %+v, want one FORBIDDEN at the e-mail", e.Errors)
						}
					} else if got.Email == nil || *got.Email != *s.email || len(e.Errors) > 0 {
						t.Errorf("an OPERATOR got %s, want the e-mail %s", m.Payload, *s.email)
					}
				}
			}
		})
	})
}

// payerWithEmail finds a transaction of the merchant whose payer has an
// e-mail address other than its reference (references may be e-mail
// addresses too).
func payerWithEmail(t *testing.T, g *guichet, account string) (int, *ent.Payer) {
	t.Helper()
	txs, err := g.db.Client.Transaction.Query().
		Where(transaction.HasMerchantWith(merchant.AccountNumber(account)),
			transaction.HasPayerWith(payer.EmailNEQ(""))).
		WithPayer().
		All(viewer.SystemContext(t.Context()))
	if err != nil {
		t.Fatal(err)
	}
	for _, tx := range txs {
		if p := tx.Edges.Payer; !strings.Contains(p.Reference, p.Email) {
			return tx.ID, p
		}
	}
	t.Fatalf("no transaction of %s with a payer's e-mail besides its reference", account)
	return 0, nil
}

// eventsJSON writes events for comparisons and failure messages.
func eventsJSON(t *testing.T, events []graphtest.LabelEvent) string {
	t.Helper()
	b, err := json.MarshalIndent(events, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func refOf(p *struct {
	Reference string  `json:"reference"`
	Email     *string `json:"email"`
}) string {
	if p == nil {
		return ""
	}
	return p.Reference
}

// payerReferences are the references of the payers of txs ("" without).
func payerReferences(t *testing.T, g *guichet, txs ...int) map[int]string {
	t.Helper()
	rows, err := g.db.Client.Transaction.Query().Where(transaction.IDIn(txs...)).WithPayer().All(viewer.SystemContext(t.Context()))
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]string{}
	for _, r := range rows {
		if r.Edges.Payer != nil {
			out[r.ID] = r.Edges.Payer.Reference
		}
	}
	return out
}

// TestSlowSubscriber stalls a subscriber (its client stops reading) while
// changes pour in: another subscriber of the same merchant still receives
// every event at once, and the stalled one is dropped; once it reads again
// it finds a prefix of the events, the end of its subscription, and
// resumes from its last cursor.
func TestSlowSubscriber(t *testing.T) {
	g := newGuichet(t, seeded(t, testdb.Open(t, "sqlite3")), stackConfig{})
	l := newLabelling(t, g)
	id, _ := l.create(t, "Lent", "#444444")
	head := g.head(t, l.admin)
	token := g.machineToken(t, "partner-demo", "partner-demo-secret")

	fast := g.ws(t, nil)
	fast.Ack(t, bearerInit(token))
	fast.Subscribe(t, "fast", `subscription($after: Cursor) { labelChanged(after: $after) { id cursor } }`, map[string]any{"after": head})

	// The stalled client reads through a small socket buffer, and asks for
	// big events (every event's kind a few thousand times), so that the
	// server's buffers, not the kernel's, fill up.
	dialer := &net.Dialer{}
	var socket *net.TCPConn
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dialer.DialContext(ctx, network, addr)
		if tc, ok := c.(*net.TCPConn); ok {
			socket, err = tc, tc.SetReadBuffer(16<<10)
		}
		return c, err
	}}}
	slow := graphtest.MustDialWS(t, g.URL+"/graphql", &websocket.DialOptions{HTTPClient: client})
	slow.Ack(t, bearerInit(token))
	var big strings.Builder
	for i := range 4500 {
		fmt.Fprintf(&big, " k%d: kind", i)
	}
	slow.Subscribe(t, "slow", `subscription($after: Cursor) { labelChanged(after: $after) { id cursor`+big.String()+` } }`,
		map[string]any{"after": head})

	// The fast subscriber reads as events come.
	type received struct {
		ids []string
		err string
	}
	done := make(chan received)
	const changes, perChange = 500, 1
	go func() {
		var r received
		defer func() { done <- r }()
		for len(r.ids) < changes*perChange {
			m, ok := fast.Receive(graphtest.WSWait)
			var e graphtest.Event
			if !ok || m.Type != "next" || json.Unmarshal(m.Payload, &e) != nil {
				r.err = fmt.Sprintf("after %d events: got %s %s (%v)", len(r.ids), m.Type, m.Payload, fast.Err())
				return
			}
			r.ids = append(r.ids, e.Data.LabelChanged.ID)
		}
	}()
	txs := l.txs[:perChange]
	for i := range changes {
		if i%2 == 0 {
			l.add(t, id, "Lent", "#444444", txs...)
		} else {
			l.remove(t, id, "Lent", "#444444", txs...)
		}
	}
	log := g.logAfter(t, l.admin, head, 100)
	var want []string
	for _, e := range log {
		want = append(want, e.ID)
	}
	fastGot := <-done
	if fastGot.err != "" {
		t.Fatalf("the fast subscriber, while the other stalls: %s", fastGot.err)
	}
	if !slices.Equal(fastGot.ids, want) {
		t.Fatalf("the fast subscriber got %d events, not the log's %d", len(fastGot.ids), len(want))
	}

	// The stalled subscriber reads again, faster: a prefix, then the end.
	if err := socket.SetReadBuffer(4 << 20); err != nil {
		t.Fatal(err)
	}
	var got []graphtest.LabelEvent
	for {
		m := slow.Next(t)
		if m.Type == "complete" && m.ID == "slow" {
			break
		}
		var e graphtest.Event
		if m.Type != "next" || json.Unmarshal(m.Payload, &e) != nil || len(e.Errors) > 0 {
			t.Fatalf("after %d events: got %s %.200s", len(got), m.Type, m.Payload)
		}
		got = append(got, e.Data.LabelChanged)
	}
	if len(got) == 0 || len(got) >= len(want) {
		t.Fatalf("the stalled subscriber got %d of %d events before its end, want it dropped on the way", len(got), len(want))
	}
	for i, e := range got {
		if e.ID != want[i] {
			t.Fatalf("the stalled subscriber's event %d is %s, want %s: not a prefix of the log", i, e.ID, want[i])
		}
	}
	slow.Subscribe(t, "resumed", `subscription($after: Cursor) { labelChanged(after: $after) { id } }`,
		map[string]any{"after": got[len(got)-1].Cursor})
	rest := collect(t, slow, map[string]int{"resumed": len(want) - len(got)})["resumed"]
	for i, e := range rest {
		if e.ID != want[len(got)+i] {
			t.Fatalf("resumed event %d is %s, want %s", i, e.ID, want[len(got)+i])
		}
	}
	t.Logf("the stalled subscriber had %d of %d events when dropped", len(got), len(want))
}

// TestLabelChangedCallers subscribes as every kind of caller (the
// authorization matrix leaves subscriptions to this test; callers without
// credentials are refused at connection_init, see
// TestWebsocketCredentials): each of the first merchant's receives its
// merchant's change, every field of it; the other merchant's callers
// receive their merchant's change only.
func TestLabelChangedCallers(t *testing.T) {
	g := newGuichet(t, seeded(t, testdb.Open(t, "sqlite3")), stackConfig{})
	l := newLabelling(t, g)
	adminB := g.browser(t)
	g.login(t, adminB, "ali.admin@alibaba.example")
	g.createLabel(t, adminB, "Départ B", "#000000")
	heads := map[string]string{"M-100001": g.head(t, l.admin), "M-100002": g.head(t, adminB)}

	type caller struct {
		account string
		c       *graphtest.WS
	}
	callers := map[string]caller{}
	for name, user := range map[string]string{
		"VIEWER": "valerie.lecteur@refundus.example", "OPERATOR": "olivier.operateur@refundus.example",
		"MANAGER": "marc.responsable@refundus.example", "ADMIN": "alice.admin@refundus.example",
		"other merchant's ADMIN": "ali.admin@alibaba.example", "other merchant's VIEWER": "veronique.lecteur@alibaba.example",
	} {
		b := g.browser(t)
		g.login(t, b, user)
		c := g.ws(t, b)
		c.Ack(t, nil)
		callers[name] = caller{map[bool]string{true: "M-100002", false: "M-100001"}[strings.HasPrefix(name, "other")], c}
	}
	for name, client := range map[string][3]string{
		"PARTNER":                  {"partner-demo", "partner-demo-secret", "M-100001"},
		"PARTNER with refunds":     {"partner-refunds", "partner-refunds-secret", "M-100001"},
		"other merchant's PARTNER": {"partner-other", "partner-other-secret", "M-100002"},
	} {
		c := g.ws(t, nil)
		c.Ack(t, bearerInit(g.machineToken(t, client[0], client[1])))
		callers[name] = caller{client[2], c}
	}
	for _, c := range callers {
		c.c.Subscribe(t, "s", labelChanged, map[string]any{"after": heads[c.account]})
	}

	id, _ := l.create(t, "Pour tous", "#123123")
	wantA := l.add(t, id, "Pour tous", "#123123", l.txs[0])
	txB := transactionsOf(t, g, "M-100002", 1)[0]
	idB := g.createLabel(t, adminB, "Pour B", "#321321")
	g.setLabels(t, adminB, "addLabels", []int{txB}, idB)
	wantB := []change{
		{"LABEL_CREATED", idB, "Pour B", "#321321", 0, "Ali Admin"},
		{"LABEL_ADDED", idB, "Pour B", "#321321", txB, "Ali Admin"},
	}
	wantA = append([]change{{"LABEL_CREATED", id, "Pour tous", "#123123", 0, adminName}}, wantA...)
	for name, c := range callers {
		t.Run(name, func(t *testing.T) {
			want := map[string][]change{"M-100001": wantA, "M-100002": wantB}[c.account]
			check(t, collect(t, c.c, map[string]int{"s": len(want)})["s"], want)
		})
	}
}
