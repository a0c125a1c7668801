package schema

import (
	"context"

	"entgo.io/ent"

	gen "github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/hook"
	"github.com/guichet/guichet/internal/apperr"
)

// moneyInvariantHook keeps a transaction's amounts consistent on every
// write: never more captured than authorized, never more refunded than
// captured, whoever writes.
func moneyInvariantHook(next ent.Mutator) ent.Mutator {
	return hook.TransactionFunc(func(ctx context.Context, m *gen.TransactionMutation) (ent.Value, error) {
		amount, captured, refunded, err := moneyValues(ctx, m)
		if err != nil {
			return nil, err
		}
		switch {
		case captured > amount:
			return nil, apperr.InvalidField("capturedAmount", "cannot capture %d, more than the %d authorized", captured, amount)
		case refunded > captured:
			return nil, apperr.InvalidField("refundedAmount", "cannot refund %d, more than the %d captured", refunded, captured)
		}
		return next.Mutate(ctx, m)
	})
}

// moneyValues are the amounts a mutation leaves, taking the old values of
// those it does not set.
func moneyValues(ctx context.Context, m *gen.TransactionMutation) (amount, captured, refunded int64, err error) {
	var ok bool
	if amount, ok = m.Amount(); !ok && !m.Op().Is(ent.OpCreate) {
		if amount, err = m.OldAmount(ctx); err != nil {
			return
		}
	}
	if captured, ok = m.CapturedAmount(); !ok && !m.Op().Is(ent.OpCreate) {
		if captured, err = m.OldCapturedAmount(ctx); err != nil {
			return
		}
	}
	if refunded, ok = m.RefundedAmount(); !ok && !m.Op().Is(ent.OpCreate) {
		refunded, err = m.OldRefundedAmount(ctx)
	}
	return
}
