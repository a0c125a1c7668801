package labelevents_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/labelevent"
	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/journal"
	"github.com/guichet/guichet/internal/labelevents"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testdb.Cleanup()
	os.Exit(code)
}

// shop is a merchant with transactions and labels, and an operator who
// labels them the way the API does: one database transaction per call.
type shop struct {
	client *ent.Client
	m      *ent.Merchant
	txs    []int
	labels []int
	ctx    context.Context // the operator's
}

func newShop(t *testing.T, client *ent.Client, txs, labels int) *shop {
	t.Helper()
	f := graphtest.NewFixture(t, client)
	m := f.Merchant("Boutique", "Europe/Zurich")
	s := &shop{client: client, m: m,
		ctx: viewer.NewContext(context.Background(), graphtest.Viewer(m, viewer.RoleOperator))}
	sh := f.Shop(m, "En ligne")
	specs := make([]graphtest.Tx, txs)
	for i := range specs {
		specs[i] = graphtest.Tx{Shop: sh}
	}
	for _, r := range f.Transactions(specs...) {
		s.txs = append(s.txs, r.ID)
	}
	for i := range labels {
		s.labels = append(s.labels, f.Label(m, "Étiquette "+string(rune('A'+i))).ID)
	}
	return s
}

// begin starts a database transaction of the operator's.
func (s *shop) begin(t *testing.T) (context.Context, *ent.Tx) {
	t.Helper()
	tx, err := s.client.Tx(s.ctx)
	if err != nil {
		t.Fatal(err)
	}
	return ent.NewTxContext(s.ctx, tx), tx
}

// label puts labels on txs (add) or takes them off, in a database
// transaction of its own.
func (s *shop) label(add bool, txs, labels []int) error {
	tx, err := s.client.Tx(s.ctx)
	if err != nil {
		return err
	}
	ctx := ent.NewTxContext(s.ctx, tx)
	if add {
		_, err = journal.AddLabels(ctx, tx.Client(), txs, labels)
	} else {
		_, err = journal.RemoveLabels(ctx, tx.Client(), txs, labels)
	}
	if err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (s *shop) mustLabel(t *testing.T, add bool, txs, labels []int) {
	t.Helper()
	if err := s.label(add, txs, labels); err != nil {
		t.Fatal(err)
	}
}

// log is the merchant's log in seq order.
func (s *shop) log(t *testing.T) []*ent.LabelEvent {
	t.Helper()
	events, err := s.client.LabelEvent.Query().Where(labelevent.MerchantID(s.m.ID)).Order(labelevent.BySeq()).All(s.ctx)
	if err != nil {
		t.Fatal(err)
	}
	return events
}

// seqs lists the seqs of events.
func seqs(events []*ent.LabelEvent) []int64 {
	out := make([]int64, len(events))
	for i, e := range events {
		out[i] = e.Seq
	}
	return out
}

// upTo lists from..to.
func upTo(from, to int64) []int64 {
	var out []int64
	for n := from; n <= to; n++ {
		out = append(out, n)
	}
	return out
}

// follow collects n events from Follow's channel, failing t when they do
// not come in time.
func follow(t *testing.T, events <-chan *ent.LabelEvent, n int) []*ent.LabelEvent {
	t.Helper()
	var out []*ent.LabelEvent
	for len(out) < n {
		select {
		case e, ok := <-events:
			if !ok {
				t.Fatalf("the stream ended after %d events, want %d", len(out), n)
			}
			out = append(out, e)
		case <-time.After(graphtest.WSWait):
			t.Fatalf("%d events within %s, want %d", len(out), graphtest.WSWait, n)
		}
	}
	return out
}

// TestCommitOrder checks that a merchant's events are numbered in the
// order their database transactions commit: a second writer waits for the
// first to commit and numbers after it, and many concurrent writers leave
// the log numbered 1, 2, 3… without a gap or a repeat.
func TestCommitOrder(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		s := newShop(t, d.Client, 24, 2)

		t.Run("two writers", func(t *testing.T) {
			ctx1, tx1 := s.begin(t)
			if _, err := journal.AddLabels(ctx1, tx1.Client(), s.txs[:1], s.labels[:1]); err != nil {
				t.Fatal(err)
			}
			second := make(chan error, 1)
			go func() { second <- s.label(true, s.txs[1:3], s.labels[:1]) }()
			select {
			case err := <-second:
				t.Fatalf("the second writer did not wait for the first to commit: %v", err)
			case <-time.After(300 * time.Millisecond):
			}
			// More of the first transaction's changes, after the second
			// writer started: they still come first.
			if _, err := journal.AddLabels(ctx1, tx1.Client(), s.txs[3:4], s.labels[:1]); err != nil {
				t.Fatal(err)
			}
			if err := tx1.Commit(); err != nil {
				t.Fatal(err)
			}
			if err := <-second; err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range s.log(t) {
				got = append(got, graphtest.ID(*e.TransactionID))
			}
			if want := graphtest.IDs(s.txs[0], s.txs[3], s.txs[1], s.txs[2]); !slices.Equal(got, want) {
				t.Errorf("transactions of the log: got %v, want %v", got, want)
			}
			if got, want := seqs(s.log(t)), upTo(1, 4); !slices.Equal(got, want) {
				t.Errorf("seqs: got %v, want %v", got, want)
			}
		})

		t.Run("many writers", func(t *testing.T) {
			before := int64(len(s.log(t)))
			const writers, calls = 8, 6
			// A subscriber follows the log meanwhile.
			ctx, cancel := context.WithCancel(s.ctx)
			defer cancel()
			events, err := labelevents.Follow(ctx, s.client, s.m.ID, &before, nil, nil, func() {})
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			errs := make(chan error, writers*calls)
			for w := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					// Each writer labels its own transactions, two by two.
					mine := s.txs[4+2*w : 6+2*w]
					for c := range calls {
						errs <- s.label(c%2 == 0, mine, s.labels[1:])
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			log := s.log(t)[before:]
			if got, want := seqs(log), upTo(before+1, before+writers*calls*2); !slices.Equal(got, want) {
				t.Fatalf("seqs: got %v, want %v", got, want)
			}
			// A call's two events are consecutive.
			writerOf := map[int]int{}
			for w := range writers {
				writerOf[s.txs[4+2*w]], writerOf[s.txs[5+2*w]] = w, w
			}
			for i := 0; i < len(log); i += 2 {
				a, b := log[i], log[i+1]
				if a.Kind != b.Kind || writerOf[*a.TransactionID] != writerOf[*b.TransactionID] || *a.TransactionID == *b.TransactionID {
					t.Errorf("events %d and %d are not one call's: %v %d, %v %d", a.Seq, b.Seq, a.Kind, *a.TransactionID, b.Kind, *b.TransactionID)
				}
			}
			if got := seqs(follow(t, events, len(log))); !slices.Equal(got, seqs(log)) {
				t.Errorf("the subscriber got %v, want %v", got, seqs(log))
			}
		})
	})
}

// TestFollow checks Follow's replay and its meeting with live events:
// every event after the cursor once, in order, including those committed
// while the replay reads the log, and a replay longer than a page.
func TestFollow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		client, drv := graphtest.NewClient(d)
		s := newShop(t, client, 100, 12)
		// The shop's writes bypass the hooked client, so that a hook's
		// changes do not trigger hooks.
		writer := *s
		writer.client = d.Client

		t.Run("changes during the replay", func(t *testing.T) {
			writer.mustLabel(t, true, s.txs[:5], s.labels[:1])
			after := int64(2)
			// Right before the replay reads the log, three changes commit:
			// after the subscription started, before the replay's query.
			drv.Before(isReplay, func() {
				if err := writer.label(true, s.txs[5:8], s.labels[:1]); err != nil {
					t.Errorf("changes during the replay: %v", err)
				}
			})
			ctx, cancel := context.WithCancel(s.ctx)
			ended := make(chan struct{})
			events, err := labelevents.Follow(ctx, client, s.m.ID, &after, nil, nil, func() { close(ended) })
			if err != nil {
				t.Fatal(err)
			}
			got := follow(t, events, 6)
			writer.mustLabel(t, false, s.txs[:2], s.labels[:1])
			got = append(got, follow(t, events, 2)...)
			if want := upTo(3, 10); !slices.Equal(seqs(got), want) {
				t.Errorf("got seqs %v, want %v", seqs(got), want)
			}
			cancel()
			select {
			case <-ended:
			case <-time.After(graphtest.WSWait):
				t.Fatal("Follow did not end with its context")
			}
			if _, open := <-events; open {
				t.Error("the stream is still open")
			}
		})

		t.Run("long replay, filtered", func(t *testing.T) {
			from := int64(len(s.log(t)))
			// 100 transactions × 12 labels: 1,200 events in one change.
			writer.mustLabel(t, true, s.txs, s.labels)
			writer.mustLabel(t, false, s.txs[:1], s.labels[3:4])
			f := &labelevents.Filter{LabelIds: s.labels[3:5], Kinds: []labelevent.Kind{labelevent.KindLABEL_ADDED}}
			ctx, cancel := context.WithCancel(s.ctx)
			defer cancel()
			events, err := labelevents.Follow(ctx, client, s.m.ID, &from, f, nil, func() {})
			if err != nil {
				t.Fatal(err)
			}
			var want []int64
			for _, e := range s.log(t) {
				if e.Seq > from && f.Matches(e) {
					want = append(want, e.Seq)
				}
			}
			if len(want) != 2*len(s.txs) {
				t.Fatalf("the filter selects %d events of the log, want %d", len(want), 2*len(s.txs))
			}
			// A change after the replay, that the filter lets through, ends
			// the stream's expected events.
			writer.mustLabel(t, true, s.txs[:1], s.labels[3:4])
			last := s.log(t)
			want = append(want, last[len(last)-1].Seq)
			if got := seqs(follow(t, events, len(want))); !slices.Equal(got, want) {
				t.Errorf("got %d events %v…, want %d", len(got), got[:min(5, len(got))], len(want))
			}
		})
	})
}

// isReplay recognises Follow's read of the log, bounded above, from the
// hub's, which is not.
func isReplay(query string) bool {
	return strings.Contains(query, "label_events") &&
		(strings.Contains(query, "seq` <=") || strings.Contains(query, `seq" <=`))
}

// TestFollowCursorPastTheLog checks that a cursor no log of the merchant
// made (past its end) is refused rather than silently skipping events.
func TestFollowCursorPastTheLog(t *testing.T) {
	d := testdb.Open(t, "sqlite3")
	s := newShop(t, d.Client, 3, 1)
	s.mustLabel(t, true, s.txs, s.labels)
	for _, c := range []struct {
		name  string
		after int64
		want  apperr.Code
	}{
		{"the last event", 3, ""},
		{"past the last event", 4, apperr.Invalid},
		{"negative", -1, apperr.Invalid},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := labelevents.Follow(s.ctx, d.Client, s.m.ID, &c.after, nil, nil, func() {})
			if got := apperr.CodeOf(err); got != c.want {
				t.Errorf("got %q (%v), want %q", got, err, c.want)
			}
		})
	}
}

// TestFollowReady checks that Follow calls ready once an event waits on
// its channel, and once the channel is closed, so that a reader may take
// events as they come without waiting on the channel.
func TestFollowReady(t *testing.T) {
	d := testdb.Open(t, "sqlite3")
	s := newShop(t, d.Client, 3, 1)
	ready := make(chan struct{}, 1)
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	events, err := labelevents.Follow(ctx, d.Client, s.m.ID, nil, nil, func() {
		select {
		case ready <- struct{}{}:
		default: // a call is pending already
		}
	}, func() {})
	if err != nil {
		t.Fatal(err)
	}
	// take waits for a call of ready, then takes what the channel holds
	// without waiting.
	take := func(what string) (*ent.LabelEvent, bool) {
		t.Helper()
		select {
		case <-ready:
		case <-time.After(graphtest.WSWait):
			t.Fatalf("no call of ready for %s", what)
		}
		select {
		case e, open := <-events:
			return e, open
		default:
			t.Fatalf("ready was called for %s, but the channel holds nothing", what)
			return nil, false
		}
	}
	for i, tx := range s.txs {
		s.mustLabel(t, true, s.txs[i:i+1], s.labels)
		if e, open := take("an event"); !open || e.TransactionID == nil || *e.TransactionID != tx {
			t.Errorf("change %d: got %v (open %v), want the label put on transaction %d", i, e, open, tx)
		}
	}
	cancel()
	if e, open := take("the end"); open {
		t.Errorf("got %v after the end, want the channel closed", e)
	}
}
