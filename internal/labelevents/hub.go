package labelevents

import (
	"context"
	"sync"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/labelevent"
	"github.com/guichet/guichet/ent/merchant"
	"github.com/guichet/guichet/internal/viewer"
)

// Buffering of live delivery.
const (
	// fetchBatch events are read from the log at a time.
	fetchBatch = 500
	// SubscriberBuffer batches may wait for a subscriber; one more and it is
	// dropped as too slow, rather than slowing everyone else.
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
	subs    map[*Subscription]struct{}
}

// Subscription receives a merchant's new label events, in seq order.
type Subscription struct {
	// C delivers batches of events; it is closed when the subscription ends
	// or when the subscriber fell too far behind.
	C <-chan []*ent.LabelEvent
	// Start is the last seq before the first event C delivers.
	Start int64

	c    chan []*ent.LabelEvent
	feed *feed
	once sync.Once
}

// Subscribe follows merchantID's log in client's database from now on.
// Close the subscription when done.
func Subscribe(ctx context.Context, client *ent.Client, merchantID int) (*Subscription, error) {
	return local.subscribe(ctx, feedKey{client, merchantID})
}

// Close ends the subscription.
func (s *Subscription) Close() {
	s.feed.mu.Lock()
	s.feed.remove(s)
	empty := len(s.feed.subs) == 0
	s.feed.mu.Unlock()
	if empty {
		local.release(s.feed)
	}
}

// remove drops s from the feed; f.mu is held.
func (f *feed) remove(s *Subscription) {
	if _, ok := f.subs[s]; ok {
		delete(f.subs, s)
		s.once.Do(func() { close(s.c) })
	}
}

// subscribe adds a subscriber to the merchant's feed, starting the feed
// if it is the first; the hub's lock keeps a feed from stopping meanwhile.
func (h *hub) subscribe(ctx context.Context, key feedKey) (*Subscription, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f, ok := h.feeds[key]
	if !ok {
		m, err := key.client.Merchant.Query().Where(merchant.ID(key.merchantID)).Only(viewer.SystemContext(ctx))
		if err != nil {
			return nil, err
		}
		f = &feed{key: key, wake: make(chan struct{}, 1), fetched: m.LabelEventSeq, subs: map[*Subscription]struct{}{}}
		h.feeds[key] = f
		go f.run()
	}
	s := &Subscription{c: make(chan []*ent.LabelEvent, SubscriberBuffer), feed: f}
	s.C = s.c
	f.mu.Lock()
	s.Start = f.fetched
	f.subs[s] = struct{}{}
	f.mu.Unlock()
	return s, nil
}

// release stops a feed without subscribers, unless one came meanwhile.
func (h *hub) release(f *feed) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f.mu.Lock()
	defer f.mu.Unlock()
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

// deliver hands events to every subscriber, each its own copies so that
// concurrent GraphQL resolution never shares an entity. A subscriber whose
// buffer is full is dropped.
func (f *feed) deliver(from int64, events []*ent.LabelEvent) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fetched != from {
		return // a concurrent fetch delivered these already
	}
	f.fetched = events[len(events)-1].Seq
	for s := range f.subs {
		select {
		case s.c <- copies(events):
		default:
			f.remove(s)
		}
	}
}

func copies(events []*ent.LabelEvent) []*ent.LabelEvent {
	out := make([]*ent.LabelEvent, len(events))
	for i, e := range events {
		c := *e
		if t := e.Edges.Transaction; t != nil {
			tc := *t
			c.Edges.Transaction = &tc
		}
		out[i] = &c
	}
	return out
}
