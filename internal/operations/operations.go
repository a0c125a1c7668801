// Package operations moves money on transactions: capture, refund and
// cancel, with the rules of each, idempotency keys, and a record of every
// attempt. It knows nothing of GraphQL.
package operations

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/auditevent"
	"github.com/guichet/guichet/ent/operation"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/audit"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/money"
	"github.com/guichet/guichet/internal/processor"
	"github.com/guichet/guichet/internal/viewer"
)

// Request asks for one operation on a transaction.
type Request struct {
	TransactionID int
	// Amount in minor units; nil means all that can be captured or
	// refunded. Cancellations take none.
	Amount *int64
	Reason string
	// IdempotencyKey makes retries safe: the same key returns the first
	// result and never moves money twice.
	IdempotencyKey *string
}

// Outcome is the transaction after the operation and the operation's
// record. A processor's refusal is an outcome too (Operation.Result is
// FAILED, the transaction unchanged), not an error, so that it is recorded.
type Outcome struct {
	Transaction *ent.Transaction
	Operation   *ent.Operation
	// Replayed is true when an earlier request with the same idempotency
	// key produced this outcome.
	Replayed bool
}

// Refundable is what can still be refunded on t.
func Refundable(t *ent.Transaction) int64 {
	if t.Status != transaction.StatusCAPTURED && t.Status != transaction.StatusPARTIALLY_REFUNDED {
		return 0
	}
	return t.CapturedAmount - t.RefundedAmount
}

// Capturable is what can be captured on t.
func Capturable(t *ent.Transaction) int64 {
	if t.Status != transaction.StatusAUTHORIZED {
		return 0
	}
	return t.Amount
}

// Cancelable reports whether t's authorization can be cancelled.
func Cancelable(t *ent.Transaction) bool { return t.Status == transaction.StatusAUTHORIZED }

// Capture takes an authorized amount, in full or in part; the rest of the
// authorization is released.
//
// Errors: NOT_FOUND (field id), CONFLICT when the transaction is not
// authorized or the idempotency key was used for another operation,
// BAD_USER_INPUT (field amount) for an amount out of range.
func Capture(ctx context.Context, client *ent.Client, p processor.Processor, req Request) (*Outcome, error) {
	return run(ctx, client, req, operation.KindCAPTURE, func(t *ent.Transaction) (int64, error) {
		if Capturable(t) == 0 {
			return 0, stateError("capture", t)
		}
		return amountWithin(req.Amount, Capturable(t), t.Currency)
	}, p.Capture, func(u *ent.TransactionUpdateOne, t *ent.Transaction, amount int64, at time.Time) {
		u.SetStatus(transaction.StatusCAPTURED).SetCapturedAmount(amount).SetCapturedAt(at)
	})
}

// Refund gives back captured money, in full or in part, as many times as
// what was captured and not yet refunded allows.
//
// Errors: as Capture; CONFLICT when nothing is refundable.
func Refund(ctx context.Context, client *ent.Client, p processor.Processor, req Request) (*Outcome, error) {
	return run(ctx, client, req, operation.KindREFUND, func(t *ent.Transaction) (int64, error) {
		if Refundable(t) == 0 {
			return 0, stateError("refund", t)
		}
		return amountWithin(req.Amount, Refundable(t), t.Currency)
	}, p.Refund, func(u *ent.TransactionUpdateOne, t *ent.Transaction, amount int64, _ time.Time) {
		refunded := t.RefundedAmount + amount
		status := transaction.StatusPARTIALLY_REFUNDED
		if refunded == t.CapturedAmount {
			status = transaction.StatusREFUNDED
		}
		u.SetStatus(status).SetRefundedAmount(refunded)
	})
}

// Cancel voids an authorization that was not captured.
//
// Errors: as Capture; BAD_USER_INPUT when an amount is given.
func Cancel(ctx context.Context, client *ent.Client, p processor.Processor, req Request) (*Outcome, error) {
	return run(ctx, client, req, operation.KindCANCEL, func(t *ent.Transaction) (int64, error) {
		if req.Amount != nil {
			return 0, apperr.InvalidField("amount", "a cancellation takes no amount")
		}
		if !Cancelable(t) {
			return 0, stateError("cancel", t)
		}
		return 0, nil
	}, p.Cancel, func(u *ent.TransactionUpdateOne, _ *ent.Transaction, _ int64, _ time.Time) {
		u.SetStatus(transaction.StatusCANCELED)
	})
}

type (
	checkFunc   func(*ent.Transaction) (amount int64, err error)
	processFunc func(context.Context, processor.Operation) (*processor.Result, error)
	applyFunc   func(u *ent.TransactionUpdateOne, t *ent.Transaction, amount int64, at time.Time)
)

var auditActions = map[operation.Kind]auditevent.Action{
	operation.KindCAPTURE: auditevent.ActionTRANSACTION_CAPTURED,
	operation.KindREFUND:  auditevent.ActionTRANSACTION_REFUNDED,
	operation.KindCANCEL:  auditevent.ActionTRANSACTION_CANCELED,
}

// run is the life of every operation: lock the transaction row so that
// concurrent operations on it take turns, replay an idempotent retry,
// check the rules, ask the processor, and record the attempt.
func run(ctx context.Context, client *ent.Client, req Request, kind operation.Kind, check checkFunc, process processFunc, apply applyFunc) (*Outcome, error) {
	t, err := client.Transaction.Query().Where(transaction.ID(req.TransactionID)).Modify(db.ForUpdate).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "id", Message: "no such transaction"}
	} else if err != nil {
		return nil, err
	}
	if req.IdempotencyKey != nil {
		if out, err := replay(ctx, client, req, kind, t); out != nil || err != nil {
			return out, err
		}
	}
	amount, err := check(t)
	if err != nil {
		return nil, err
	}
	res, procErr := process(ctx, processor.Operation{
		Reference: t.ProcessorReference,
		Last4:     t.CardLast4,
		Amount:    money.Money{Amount: amount, Currency: t.Currency},
	})
	v := viewer.FromContext(ctx)
	create := client.Operation.Create().
		SetTransactionID(t.ID).
		SetMerchantID(t.MerchantID).
		SetKind(kind).
		SetAmount(amount).
		SetCurrency(t.Currency).
		SetReason(req.Reason).
		SetNillableIdempotencyKey(req.IdempotencyKey).
		SetActorName(v.Name).
		SetActorSubject(v.Subject).
		SetClientID(v.ClientID)
	before := snapshot(t)
	event := audit.Event{TransactionID: t.ID, Target: t.OrderReference, Before: before}
	if procErr != nil {
		var declined *processor.Declined
		msg := procErr.Error()
		if !errors.As(procErr, &declined) && !errors.Is(procErr, processor.ErrTimeout) && !errors.Is(procErr, processor.ErrUnavailable) {
			return nil, fmt.Errorf("%s: %w", kind, procErr)
		}
		op, err := create.SetResult(operation.ResultFAILED).SetFailureMessage(msg).Save(ctx)
		if err != nil {
			return nil, err
		}
		event.Action = auditevent.ActionOPERATION_FAILED
		event.After = map[string]any{"operation": string(kind), "amount": amount, "error": msg}
		if err := audit.Record(ctx, client, event); err != nil {
			return nil, err
		}
		return &Outcome{Transaction: t, Operation: op}, nil
	}
	op, err := create.SetResult(operation.ResultSUCCEEDED).SetProcessorReference(res.Reference).Save(ctx)
	if err != nil {
		return nil, err
	}
	u := client.Transaction.UpdateOne(t)
	apply(u, t, amount, op.CreatedAt)
	if t, err = u.Save(ctx); err != nil {
		return nil, err
	}
	event.Action = auditActions[kind]
	event.After = snapshot(t)
	event.After["amount"] = amount
	if req.Reason != "" {
		event.After["reason"] = req.Reason
	}
	if err := audit.Record(ctx, client, event); err != nil {
		return nil, err
	}
	return &Outcome{Transaction: t, Operation: op}, nil
}

// replay returns the outcome of an earlier request with the same
// idempotency key, or nil when there was none.
func replay(ctx context.Context, client *ent.Client, req Request, kind operation.Kind, t *ent.Transaction) (*Outcome, error) {
	op, err := client.Operation.Query().Where(operation.IdempotencyKey(*req.IdempotencyKey)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if op.Kind != kind || op.TransactionID != t.ID || (req.Amount != nil && *req.Amount != op.Amount) {
		return nil, &apperr.Error{Code: apperr.Conflict, Field: "idempotencyKey", Message: "this idempotency key was used for another operation"}
	}
	return &Outcome{Transaction: t, Operation: op, Replayed: true}, nil
}

func amountWithin(asked *int64, most int64, cur money.Currency) (int64, error) {
	if asked == nil {
		return most, nil
	}
	if *asked <= 0 || *asked > most {
		return 0, apperr.InvalidField("amount", "the amount must be between 1 and %s %s (minor units: %d)", money.Format(most, cur), cur, most)
	}
	return *asked, nil
}

func stateError(op string, t *ent.Transaction) error {
	return &apperr.Error{Code: apperr.Conflict, Field: "id", Message: fmt.Sprintf("cannot %s a transaction that is %s", op, t.Status)}
}

func snapshot(t *ent.Transaction) map[string]any {
	return map[string]any{
		"status":         string(t.Status),
		"capturedAmount": t.CapturedAmount,
		"refundedAmount": t.RefundedAmount,
		"currency":       string(t.Currency),
	}
}
