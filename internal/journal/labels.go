package journal

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect/sql"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/auditevent"
	"github.com/guichet/guichet/ent/label"
	"github.com/guichet/guichet/ent/predicate"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/ent/transactionlabel"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/audit"
	"github.com/guichet/guichet/internal/viewer"
)

// Limits of one labelling call, so that a single request stays one short
// database transaction.
const (
	MaxLabelTransactions = 500
	MaxLabelLabels       = 50
)

// AddLabels puts every label on every transaction, recording who did it.
// Pairs that already exist are left as they are. It runs on client, which
// should be the client of the caller's database transaction, and returns
// the transactions in the order asked.
//
// Errors: BAD_USER_INPUT for empty or over-long lists, NOT_FOUND naming the
// first transaction or label the viewer cannot see.
func AddLabels(ctx context.Context, client *ent.Client, txIDs, labelIDs []int) ([]*ent.Transaction, error) {
	txs, labels, err := load(ctx, client, txIDs, labelIDs)
	if err != nil {
		return nil, err
	}
	existing, err := client.TransactionLabel.Query().
		Where(transactionlabel.TransactionIDIn(unique(txIDs)...), transactionlabel.LabelIDIn(unique(labelIDs)...)).
		All(ctx)
	if err != nil {
		return nil, err
	}
	type pair struct{ tx, label int }
	have := make(map[pair]bool, len(existing))
	for _, e := range existing {
		have[pair{e.TransactionID, e.LabelID}] = true
	}
	actor := viewer.FromContext(ctx).Name
	var (
		creates []*ent.TransactionLabelCreate
		events  []audit.Event
	)
	for _, t := range txs {
		for _, l := range labels {
			if have[pair{t.ID, l.ID}] {
				continue
			}
			creates = append(creates, client.TransactionLabel.Create().
				SetTransactionID(t.ID).
				SetLabelID(l.ID).
				SetMerchantID(t.MerchantID).
				SetTransactionCreatedAt(t.CreatedAt).
				SetAddedBy(actor))
			events = append(events, audit.Event{Action: auditevent.ActionLABEL_ADDED, TransactionID: t.ID, Target: l.Name})
		}
	}
	if len(creates) > 0 {
		// A concurrent call may have added the same pair since the read
		// above; adding twice is not an error.
		err = client.TransactionLabel.CreateBulk(creates...).
			OnConflict(sql.ConflictColumns(transactionlabel.FieldTransactionID, transactionlabel.FieldLabelID)).
			DoNothing().
			Exec(ctx)
		if err != nil {
			return nil, fmt.Errorf("add labels: %w", err)
		}
	}
	return txs, audit.Record(ctx, client, events...)
}

// RemoveLabels takes every label off every transaction; pairs that do not
// exist are ignored. Errors as for AddLabels.
func RemoveLabels(ctx context.Context, client *ent.Client, txIDs, labelIDs []int) ([]*ent.Transaction, error) {
	txs, labels, err := load(ctx, client, txIDs, labelIDs)
	if err != nil {
		return nil, err
	}
	on := []predicate.TransactionLabel{transactionlabel.TransactionIDIn(unique(txIDs)...), transactionlabel.LabelIDIn(unique(labelIDs)...)}
	existing, err := client.TransactionLabel.Query().Where(on...).All(ctx)
	if err != nil {
		return nil, err
	}
	if _, err = client.TransactionLabel.Delete().Where(on...).Exec(ctx); err != nil {
		return nil, fmt.Errorf("remove labels: %w", err)
	}
	names := make(map[int]string, len(labels))
	for _, l := range labels {
		names[l.ID] = l.Name
	}
	events := make([]audit.Event, len(existing))
	for i, e := range existing {
		events[i] = audit.Event{Action: auditevent.ActionLABEL_REMOVED, TransactionID: e.TransactionID, Target: names[e.LabelID]}
	}
	return txs, audit.Record(ctx, client, events...)
}

// DeleteLabel deletes a label and takes it off every transaction.
//
// Errors: NOT_FOUND when the viewer cannot see the label.
func DeleteLabel(ctx context.Context, client *ent.Client, id int) error {
	if _, err := client.Label.Query().Where(label.ID(id)).Only(ctx); ent.IsNotFound(err) {
		return &apperr.Error{Code: apperr.NotFound, Field: "id", Message: "no such label"}
	} else if err != nil {
		return err
	}
	if _, err := client.TransactionLabel.Delete().Where(transactionlabel.LabelID(id)).Exec(ctx); err != nil {
		return fmt.Errorf("delete label: %w", err)
	}
	return client.Label.DeleteOneID(id).Exec(ctx)
}

// load reads the transactions and labels of a labelling call, checking that
// the viewer sees every one of them.
func load(ctx context.Context, client *ent.Client, txIDs, labelIDs []int) ([]*ent.Transaction, []*ent.Label, error) {
	switch {
	case len(txIDs) == 0:
		return nil, nil, apperr.InvalidField("transactionIds", "give at least one transaction")
	case len(txIDs) > MaxLabelTransactions:
		return nil, nil, apperr.InvalidField("transactionIds", "at most %d transactions per call", MaxLabelTransactions)
	case len(labelIDs) == 0:
		return nil, nil, apperr.InvalidField("labelIds", "give at least one label")
	case len(labelIDs) > MaxLabelLabels:
		return nil, nil, apperr.InvalidField("labelIds", "at most %d labels per call", MaxLabelLabels)
	}
	txs, err := client.Transaction.Query().Where(transaction.IDIn(txIDs...)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	txs, err = inOrder(txs, txIDs, "transactionIds", func(t *ent.Transaction) int { return t.ID })
	if err != nil {
		return nil, nil, err
	}
	labels, err := client.Label.Query().Where(label.IDIn(labelIDs...)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	labels, err = inOrder(labels, labelIDs, "labelIds", func(l *ent.Label) int { return l.ID })
	if err != nil {
		return nil, nil, err
	}
	return txs, labels, nil
}

// inOrder returns found in the order of want, without duplicates, or a
// NOT_FOUND error naming the first ID of want that is missing.
func inOrder[T any](found []T, want []int, field string, id func(T) int) ([]T, error) {
	byID := make(map[int]T, len(found))
	for _, f := range found {
		byID[id(f)] = f
	}
	out := make([]T, 0, len(found))
	seen := make(map[int]bool, len(want))
	for i, w := range want {
		f, ok := byID[w]
		if !ok {
			return nil, &apperr.Error{Code: apperr.NotFound, Field: fmt.Sprintf("%s[%d]", field, i), Message: "not found"}
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, f)
		}
	}
	return out, nil
}
