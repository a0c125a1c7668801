// Package audit records who changed what, in the database transaction of
// the change itself: an audit event exists exactly when its change does.
package audit

import (
	"context"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/auditevent"
	"github.com/guichet/guichet/internal/viewer"
)

// Event is one change to record.
type Event struct {
	// MerchantID is whose event it is; zero means the caller's merchant.
	MerchantID    int
	Action        auditevent.Action
	TransactionID int // zero when the change is not about a transaction
	// BillingProfileID is the stored card the change is about, or zero.
	BillingProfileID int
	// Target names what changed for the timeline: a label's name, a
	// shop's name.
	Target        string
	Before, After map[string]any
}

// Record writes events on behalf of the caller in ctx, through client,
// which should be the client of the change's database transaction.
func Record(ctx context.Context, client *ent.Client, events ...Event) error {
	if len(events) == 0 {
		return nil
	}
	v := viewer.FromContext(ctx)
	creates := make([]*ent.AuditEventCreate, len(events))
	for i, e := range events {
		c := client.AuditEvent.Create().
			SetAction(e.Action).
			SetActorName(v.Name).
			SetActorSubject(v.Subject).
			SetClientID(v.ClientID).
			SetTarget(e.Target)
		if e.MerchantID != 0 {
			c.SetMerchantID(e.MerchantID)
		} else {
			c.SetMerchantID(v.MerchantID)
		}
		if e.TransactionID != 0 {
			c.SetTransactionID(e.TransactionID)
		}
		if e.BillingProfileID != 0 {
			c.SetBillingProfileID(e.BillingProfileID)
		}
		if e.Before != nil {
			c.SetBefore(e.Before)
		}
		if e.After != nil {
			c.SetAfter(e.After)
		}
		creates[i] = c
	}
	return client.AuditEvent.CreateBulk(creates...).Exec(ctx)
}
