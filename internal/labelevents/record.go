// Package labelevents keeps each merchant's label event log and delivers
// it live: events are written in the database transaction of the change
// they record, numbered without gaps in commit order, and announced to
// every replica (PostgreSQL NOTIFY, or in process with SQLite) once that
// transaction commits.
package labelevents

import (
	"context"
	"fmt"
	"strconv"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/labelevent"
	"github.com/guichet/guichet/internal/commit"
	"github.com/guichet/guichet/internal/viewer"
)

// Channel is the PostgreSQL notification channel of label events. A
// notification's payload is "<merchant ID>:<last seq>": small, the events
// themselves stay in the log.
const Channel = "guichet_label_events"

// Event is a label change to record.
type Event struct {
	MerchantID    int
	Kind          labelevent.Kind
	LabelID       int
	LabelName     string
	LabelColor    string
	TransactionID int // zero for changes of a label's definition
}

// Record writes events to the log on behalf of the caller in ctx, through
// client, which must be the client of the change's database transaction.
// All events belong to one merchant.
func Record(ctx context.Context, client *ent.Client, events ...Event) error {
	if len(events) == 0 {
		return nil
	}
	merchantID := events[0].MerchantID
	last, err := reserve(ctx, client, merchantID, len(events))
	if err != nil {
		return err
	}
	v := viewer.FromContext(ctx)
	first := last - int64(len(events)) + 1
	creates := make([]*ent.LabelEventCreate, len(events))
	for i, e := range events {
		if e.MerchantID != merchantID {
			return fmt.Errorf("label events of merchants %d and %d in one call", merchantID, e.MerchantID)
		}
		c := client.LabelEvent.Create().
			SetMerchantID(merchantID).
			SetSeq(first + int64(i)).
			SetKind(e.Kind).
			SetLabelID(e.LabelID).
			SetLabelName(e.LabelName).
			SetLabelColor(e.LabelColor).
			SetActorName(v.Name).
			SetActorSubject(v.Subject).
			SetClientID(v.ClientID)
		if e.TransactionID != 0 {
			c.SetTransactionID(e.TransactionID)
		}
		creates[i] = c
	}
	if err := client.LabelEvent.CreateBulk(creates...).Exec(ctx); err != nil {
		return fmt.Errorf("record label events: %w", err)
	}
	return announce(ctx, client, merchantID, last)
}

// reserve takes the next n numbers of the merchant's log. The UPDATE locks
// the merchant's counter until the transaction ends, so that a concurrent
// writer waits and numbers come in commit order: a subscriber that has seen
// seq N has seen every event before it.
func reserve(ctx context.Context, client *ent.Client, merchantID, n int) (int64, error) {
	rows, err := client.QueryContext(ctx,
		"UPDATE merchants SET label_event_seq = label_event_seq + $1 WHERE id = $2 RETURNING label_event_seq", n, merchantID)
	if err != nil {
		return 0, fmt.Errorf("reserve label event numbers: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		return 0, fmt.Errorf("reserve label event numbers: no merchant %d", merchantID)
	}
	var last int64
	if err := rows.Scan(&last); err != nil {
		return 0, err
	}
	return last, rows.Close()
}

// announce tells every replica that the merchant's log reached last, once
// the transaction commits. PostgreSQL delivers a NOTIFY to every replica's
// listener at commit; the commit hook tells this process's subscribers at
// once. With SQLite (one process, no other replica) pg_notify is a
// stand-in that does nothing and the commit hook does all the work.
func announce(ctx context.Context, client *ent.Client, merchantID int, last int64) error {
	payload := strconv.Itoa(merchantID) + ":" + strconv.FormatInt(last, 10)
	if _, err := client.ExecContext(ctx, "SELECT pg_notify($1, $2)", Channel, payload); err != nil {
		return fmt.Errorf("announce label events: %w", err)
	}
	commit.After(ctx, func() { local.signal(merchantID, last) })
	return nil
}
