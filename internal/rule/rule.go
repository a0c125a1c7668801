// Package rule holds the privacy rules of the data model. They are the one
// place that scopes data to the caller's merchant: every query and mutation
// through ent passes here, whichever API made it.
package rule

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/entql"

	gen "github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/auditevent"
	"github.com/guichet/guichet/ent/operation"
	"github.com/guichet/guichet/ent/privacy"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/viewer"
)

// DenyIfNoViewer denies any access made without a viewer in the context.
func DenyIfNoViewer() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx) == nil {
			return privacy.Denyf("%w", apperr.Errorf(apperr.Unauthenticated, "authentication required"))
		}
		return privacy.Skip
	})
}

// AllowIfSystem allows Guichet's own jobs to see and change every merchant.
func AllowIfSystem() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx).IsSystem() {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// merchantFilter is what the filters of merchant-owned schemas offer.
type merchantFilter interface {
	WhereMerchantID(entql.IntP)
}

// merchantSetter is what the mutations of merchant-owned schemas offer.
type merchantSetter interface {
	MerchantID() (int, bool)
	SetMerchantID(int)
}

// FilterMerchant restricts queries, updates and deletes to the viewer's
// merchant. A row of another merchant is then simply not there: reading or
// changing it answers exactly like a missing row.
func FilterMerchant() privacy.QueryMutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := viewer.FromContext(ctx)
		mf, ok := f.(merchantFilter)
		if !ok {
			return privacy.Denyf("%T is not scoped by merchant", f)
		}
		mf.WhereMerchantID(entql.IntEQ(v.MerchantID))
		return privacy.Skip
	})
}

// CreateInViewerMerchant makes new rows belong to the viewer's merchant and
// denies creating rows for another one.
func CreateInViewerMerchant() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if !m.Op().Is(ent.OpCreate) {
			return privacy.Skip
		}
		ms, ok := m.(merchantSetter)
		if !ok {
			return privacy.Denyf("%T is not scoped by merchant", m)
		}
		v := viewer.FromContext(ctx)
		switch id, set := ms.MerchantID(); {
		case !set:
			ms.SetMerchantID(v.MerchantID)
		case id != v.MerchantID:
			return privacy.Denyf("%w", apperr.Errorf(apperr.Forbidden, "not your merchant"))
		}
		return privacy.Skip
	})
}

// FilterOwnMerchant restricts the Merchant type itself to the viewer's
// merchant.
func FilterOwnMerchant() privacy.QueryMutationRule {
	type idFilter interface{ WhereID(entql.IntP) }
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		mf, ok := f.(idFilter)
		if !ok {
			return privacy.Denyf("%T has no id", f)
		}
		mf.WhereID(entql.IntEQ(viewer.FromContext(ctx).MerchantID))
		return privacy.Skip
	})
}

// operationPermissions says which permission each kind of money operation
// needs.
var operationPermissions = map[operation.Kind]viewer.Permission{
	operation.KindCAPTURE: viewer.Capture,
	operation.KindREFUND:  viewer.Refund,
	operation.KindCANCEL:  viewer.Cancel,
}

// OperationPermission lets only callers holding the matching permission
// record a capture, refund or cancellation: whatever path moves money,
// it passes here.
func OperationPermission() privacy.MutationRule {
	return privacy.OperationMutationRuleFunc(func(ctx context.Context, m *gen.OperationMutation) error {
		kind, ok := m.Kind()
		if !m.Op().Is(ent.OpCreate) || !ok {
			return privacy.Skip
		}
		v := viewer.FromContext(ctx)
		if p := operationPermissions[kind]; !v.Can(p) {
			return privacy.Denyf("%w", apperr.Errorf(apperr.Forbidden, "the %s role does not have the %s permission", v.Role, p))
		}
		return privacy.Skip
	})
}

// Requires lets only callers holding p read or write the rows, whichever
// query or node lookup reaches them.
func Requires(p viewer.Permission) privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if v := viewer.FromContext(ctx); !v.Can(p) {
			return privacy.Denyf("%w", apperr.Errorf(apperr.Forbidden, "the %s permission is needed", p))
		}
		return privacy.Skip
	})
}

// FilterAccessEvents hides the audit events about access from callers who
// do not manage it.
func FilterAccessEvents() privacy.QueryRule {
	return privacy.AuditEventQueryRuleFunc(func(ctx context.Context, q *gen.AuditEventQuery) error {
		if !viewer.FromContext(ctx).Can(viewer.ManageAccess) {
			q.Where(auditevent.ActionNotIn(auditevent.ActionSESSION_REVOKED, auditevent.ActionPARTNER_CLIENT_UPDATED))
		}
		return privacy.Skip
	})
}
