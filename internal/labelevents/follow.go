package labelevents

import (
	"context"
	"slices"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/labelevent"
	"github.com/guichet/guichet/internal/apperr"
)

// LabelRef is a label as an event saw it.
type LabelRef struct {
	ID    int
	Name  string
	Color string
}

// Actor is who made a change.
type Actor struct {
	Name     string
	ClientID *string
}

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
func Follow(ctx context.Context, client *ent.Client, merchantID int, after *int64, f *Filter, done func()) (<-chan *ent.LabelEvent, error) {
	sub, err := Subscribe(ctx, client, merchantID)
	if err != nil {
		return nil, err
	}
	last := sub.Start
	if after != nil {
		if *after > sub.Start || *after < 0 {
			// Numbers are given in commit order without gaps: a cursor past
			// the log's end was not made by this merchant's log.
			sub.Close()
			return nil, apperr.InvalidField("after", "this cursor is not one of the merchant's label events")
		}
		last = *after
	}
	out := make(chan *ent.LabelEvent, SubscriberBuffer)
	go func() {
		defer done()
		defer close(out)
		defer sub.Close()
		send := func(e *ent.LabelEvent) bool {
			last = e.Seq
			if !f.Matches(e) {
				return true
			}
			select {
			case out <- e:
				return true
			case <-ctx.Done():
				return false
			}
		}
		// catchUp reads the log from last up to through, for a replay and
		// whenever live delivery skipped a number.
		catchUp := func(through int64) bool {
			for last < through {
				events, err := client.LabelEvent.Query().
					Where(labelevent.SeqGT(last), labelevent.SeqLTE(through)).
					Order(labelevent.BySeq()).
					Limit(fetchBatch).
					All(ctx)
				if err != nil || len(events) == 0 {
					return err == nil
				}
				for _, e := range events {
					if !send(e) {
						return false
					}
				}
			}
			return true
		}
		if !catchUp(sub.Start) {
			return
		}
		for {
			select {
			case <-ctx.Done():
				return
			case batch, ok := <-sub.C:
				if !ok {
					return // too slow: dropped
				}
				for _, e := range batch {
					if e.Seq <= last {
						continue
					}
					if e.Seq > last+1 && !catchUp(e.Seq-1) {
						return
					}
					if !send(e) {
						return
					}
				}
			}
		}
	}()
	return out, nil
}
