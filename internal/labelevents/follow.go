package labelevents

import (
	"context"
	"slices"
	"sync"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/labelevent"
)

// Filter selects the events a subscriber wants; empty lists select all.
type Filter struct {
	LabelIds       []int
	TransactionIds []int
	Kinds          []labelevent.Kind
}

// Matches reports whether e passes f.
func (f *Filter) Matches(e *ent.LabelEvent) bool {
	if f == nil {
		return true
	}
	if len(f.LabelIds) > 0 && !slices.Contains(f.LabelIds, e.LabelID) {
		return false
	}
	if len(f.TransactionIds) > 0 && (e.TransactionID == nil || !slices.Contains(f.TransactionIds, *e.TransactionID)) {
		return false
	}
	return len(f.Kinds) == 0 || slices.Contains(f.Kinds, e.Kind)
}

// Follow streams merchantID's label events that pass f: first those after
// the seq after (when given), read from the log, then live ones, in seq
// order, each once; a cursor past the end of the log is BAD_USER_INPUT.
// The channel closes when ctx ends, or early when the
// subscriber falls too far behind; then done is called. client reads the
// log as the caller, so that the caller's privacy rules apply to the replay.
// ready, unless nil, is called without waiting each time an event is put on
// the channel and when it closes, so that a reader may take events as they
// come instead of waiting on the channel in a goroutine of its own; it runs
// under the feed's locks and must neither block nor call back.
//
// A subscriber that keeps up costs no goroutine: the merchant's feed hands
// it live events as they come. One runs only while it has to wait: during
// a replay, or while the subscriber is slower than the changes.
func Follow(ctx context.Context, client *ent.Client, merchantID int, after *int64, f *Filter, ready, done func()) (<-chan *ent.LabelEvent, error) {
	if ready == nil {
		ready = func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	w := &follower{ctx: ctx, cancel: cancel, client: client, filter: f, after: after, ready: ready, done: done,
		out: make(chan *ent.LabelEvent, SubscriberBuffer)}
	if err := local.join(ctx, feedKey{client, merchantID}, w); err != nil {
		cancel()
		return nil, err
	}
	context.AfterFunc(ctx, w.end)
	return w.out, nil
}

// follower is one subscriber of a merchant's feed. Its events go to out
// from one sender at a time: the feed, without waiting, while the
// subscriber keeps up; otherwise its forward goroutine, which waits.
type follower struct {
	ctx    context.Context
	cancel context.CancelFunc
	client *ent.Client
	filter *Filter
	after  *int64
	ready  func()
	done   func()
	feed   *feed
	out    chan *ent.LabelEvent

	mu sync.Mutex
	// last is the last seq handed on (sent, or skipped by the filter);
	// replayTo is where the replay of the log ends.
	last, replayTo int64
	// pending are batches waiting for the forward goroutine.
	pending [][]*ent.LabelEvent
	// running says the forward goroutine is the sender; ended that the
	// subscription is over, closed that out is.
	running, ended, closed bool
	finished               sync.Once
}

// start places w at the feed's position: the first live batch follows
// fetched. A cursor before it is replayed from the log first. The feed's
// lock is held.
func (w *follower) start(fetched int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.last = fetched
	if w.after != nil {
		w.last = *w.after
	}
	if w.last < fetched {
		w.replayTo, w.running = fetched, true
		go w.forward()
	}
}

// offer hands w a new batch of the log. The feed's lock is held: it never
// waits for the subscriber.
func (w *follower) offer(events []*ent.LabelEvent) {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case w.ended:
	case !w.running:
		if rest := w.handOn(events); len(rest) > 0 {
			w.pending, w.running = append(w.pending, rest), true
			go w.forward()
		}
	case len(w.pending) >= SubscriberBuffer:
		w.ended = true // too slow: dropped
		w.cancel()
	default:
		w.pending = append(w.pending, events)
	}
}

// handOn sends events to out as long as out has room and they follow
// last, and returns the rest. w.mu is held, and w is the sender.
func (w *follower) handOn(events []*ent.LabelEvent) (rest []*ent.LabelEvent) {
	sent := false
	defer func() {
		if sent {
			w.ready()
		}
	}()
	for i, e := range events {
		if e.Seq <= w.last {
			continue
		}
		if e.Seq > w.last+1 || len(w.out) == cap(w.out) {
			return events[i:] // a gap to read from the log, or no room
		}
		if w.filter.Matches(e) {
			w.out <- clone(e)
			sent = true
		}
		w.last = e.Seq
	}
	return nil
}

// forward sends what the feed could not hand on: the replay, gaps read
// from the log, pending batches. It returns once it has caught up, or when
// the subscription ends.
func (w *follower) forward() {
	for {
		w.mu.Lock()
		if w.ended {
			w.running = false
			w.closeOut()
			w.mu.Unlock()
			w.finish()
			return
		}
		last, replayTo := w.last, w.replayTo
		var batch []*ent.LabelEvent
		if last >= replayTo {
			if len(w.pending) == 0 {
				w.running = false
				w.mu.Unlock()
				return
			}
			batch = w.pending[0]
			w.pending[0] = nil
			w.pending = w.pending[1:]
		}
		w.mu.Unlock()

		ok := true
		if batch == nil {
			last, ok = w.catchUp(last, replayTo)
		}
		for _, e := range batch {
			if !ok || e.Seq <= last {
				continue
			}
			if e.Seq > last+1 {
				if last, ok = w.catchUp(last, e.Seq-1); !ok {
					break
				}
			}
			last, ok = w.send(e, e.Seq), w.ctx.Err() == nil
		}
		w.mu.Lock()
		w.last = last
		if batch == nil {
			w.replayTo = 0 // replayed, even if the log had less
		}
		if !ok {
			w.ended = true
		}
		w.mu.Unlock()
	}
}

// catchUp reads the log after last up to through and sends its events,
// returning the last seq handed on and whether all went well.
func (w *follower) catchUp(last, through int64) (int64, bool) {
	for last < through {
		events, err := w.client.LabelEvent.Query().
			Where(labelevent.SeqGT(last), labelevent.SeqLTE(through)).
			Order(labelevent.BySeq()).
			Limit(fetchBatch).
			All(w.ctx)
		if err != nil || len(events) == 0 {
			return last, err == nil
		}
		for _, e := range events {
			if last = w.send(e, e.Seq); w.ctx.Err() != nil {
				return last, false
			}
		}
	}
	return last, true
}

// send waits until out takes e, when it passes the filter, and returns seq
// handed on, or the one before when the subscription ended meanwhile.
func (w *follower) send(e *ent.LabelEvent, seq int64) int64 {
	if !w.filter.Matches(e) {
		return seq
	}
	select {
	case w.out <- clone(e):
		w.ready()
		return seq
	case <-w.ctx.Done():
		return seq - 1
	}
}

// end ends the subscription when its context does.
func (w *follower) end() {
	w.mu.Lock()
	w.ended = true
	sender := w.running
	if !sender {
		w.closeOut()
	}
	w.mu.Unlock()
	if !sender {
		w.finish()
	} // else forward finishes
}

// closeOut closes out once no one sends to it; w.mu is held.
func (w *follower) closeOut() {
	if !w.closed {
		w.closed = true
		close(w.out)
		w.ready()
	}
}

// finish leaves the feed and tells the caller, once.
func (w *follower) finish() {
	w.finished.Do(func() {
		w.cancel()
		local.leave(w)
		w.done()
	})
}

// clone copies an event for one subscriber, so that concurrent GraphQL
// resolution never shares an entity.
func clone(e *ent.LabelEvent) *ent.LabelEvent {
	c := *e
	if t := e.Edges.Transaction; t != nil {
		tc := *t
		c.Edges.Transaction = &tc
	}
	return &c
}
