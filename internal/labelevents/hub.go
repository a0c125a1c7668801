package labelevents

import (
	"context"
	"sync"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/labelevent"
	"github.com/guichet/guichet/ent/merchant"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/viewer"
)

// Buffering of live delivery.
const (
	// fetchBatch events are read from the log at a time.
	fetchBatch = 500
	// SubscriberBuffer events may wait for a subscriber to take them, and
	// as many batches more; one more and it is dropped as too slow, rather
	// than slowing everyone else.
	SubscriberBuffer = 64
)

// local is the process's hub: the one place label events are announced to
// (by this process's commits and by the PostgreSQL listener) and fetched
// from, once per merchant, for all of the process's subscribers.
var local = &hub{feeds: map[feedKey]*feed{}}

type hub struct {
	mu    sync.Mutex
	feeds map[feedKey]*feed
}

// feedKey tells apart the databases a process may use (tests use several):
// a feed reads one merchant's log in one database.
type feedKey struct {
	client     *ent.Client
	merchantID int
}

// feed reads one merchant's log as it grows and hands each new batch of
// events to the merchant's subscribers.
type feed struct {
	key  feedKey
	wake chan struct{}

	mu      sync.Mutex
	fetched int64 // the last seq handed to subscribers
	subs    map[*follower]struct{}
}

// join adds w to the merchant's feed, starting the feed if w is its first
// subscriber; the hub's lock keeps a feed from stopping meanwhile. w starts
// at the feed's position, under the feed's lock, so that no batch comes
// between.
func (h *hub) join(ctx context.Context, key feedKey, w *follower) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	f, ok := h.feeds[key]
	if !ok {
		m, err := key.client.Merchant.Query().Where(merchant.ID(key.merchantID)).Only(viewer.SystemContext(ctx))
		if err != nil {
			return err
		}
		f = &feed{key: key, wake: make(chan struct{}, 1), fetched: m.LabelEventSeq, subs: map[*follower]struct{}{}}
		h.feeds[key] = f
		go f.run()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if w.after != nil && (*w.after < 0 || *w.after > f.fetched) {
		// Numbers are given in commit order without gaps: a cursor past
		// the log's end was not made by this merchant's log.
		if len(f.subs) == 0 {
			delete(h.feeds, key)
			close(f.wake)
		}
		return apperr.InvalidField("after", "this cursor is not one of the merchant's label events")
	}
	w.feed = f
	w.start(f.fetched)
	f.subs[w] = struct{}{}
	return nil
}

// leave takes w off its feed, and stops the feed if w was its last
// subscriber.
func (h *hub) leave(w *follower) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f := w.feed
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.subs, w)
	if len(f.subs) == 0 && h.feeds[f.key] == f {
		delete(h.feeds, f.key)
		close(f.wake)
	}
}

// signal says that merchantID's log reached last somewhere.
func (h *hub) signal(merchantID int, last int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for key, f := range h.feeds {
		if key.merchantID != merchantID {
			continue
		}
		f.mu.Lock()
		behind := last > f.fetched
		f.mu.Unlock()
		if behind {
			f.poke()
		}
	}
}

// resyncAll makes every feed read its log again, for when announcements may
// have been missed (the PostgreSQL listener reconnected).
func (h *hub) resyncAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, f := range h.feeds {
		f.poke()
	}
}

func (f *feed) poke() {
	select {
	case f.wake <- struct{}{}:
	default: // a fetch is pending already
	}
}

// run fetches the log whenever poked, until the feed is released.
func (f *feed) run() {
	ctx := viewer.SystemContext(context.Background())
	for range f.wake {
		for {
			f.mu.Lock()
			from := f.fetched
			f.mu.Unlock()
			events, err := f.key.client.LabelEvent.Query().
				Where(labelevent.MerchantID(f.key.merchantID), labelevent.SeqGT(from)).
				Order(labelevent.BySeq()).
				Limit(fetchBatch).
				WithTransaction(func(q *ent.TransactionQuery) { q.WithPayer().WithShop().WithLabels() }).
				All(ctx)
			if err != nil || len(events) == 0 {
				break // a later announcement or resync tries again
			}
			f.deliver(from, events)
			if len(events) < fetchBatch {
				break
			}
		}
	}
}

// deliver offers events to every subscriber.
func (f *feed) deliver(from int64, events []*ent.LabelEvent) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fetched != from {
		return // a concurrent fetch delivered these already
	}
	f.fetched = events[len(events)-1].Seq
	for w := range f.subs {
		w.offer(events)
	}
}
