package schema

import (
	"entgo.io/ent"

	"github.com/guichet/guichet/ent/privacy"
	"github.com/guichet/guichet/internal/rule"
)

// Policy of the MerchantMixin: no viewer, no data; Guichet's own jobs see
// everything; everyone else only their merchant's rows.
func (MerchantMixin) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			rule.DenyIfNoViewer(),
			rule.AllowIfSystem(),
			rule.FilterMerchant(),
			privacy.AlwaysAllowRule(),
		},
		Mutation: privacy.MutationPolicy{
			rule.DenyIfNoViewer(),
			rule.AllowIfSystem(),
			rule.CreateInViewerMerchant(),
			rule.FilterMerchant(),
			privacy.AlwaysAllowRule(),
		},
	}
}

// Policy of the Merchant: callers see their own merchant; only Guichet
// itself creates or changes merchants.
func (Merchant) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			rule.DenyIfNoViewer(),
			rule.AllowIfSystem(),
			rule.FilterOwnMerchant(),
			privacy.AlwaysAllowRule(),
		},
		Mutation: privacy.MutationPolicy{
			rule.AllowIfSystem(),
			privacy.AlwaysDenyRule(),
		},
	}
}

// Policy of the TransactionLabel: the same merchant scoping as every
// merchant-owned row.
func (TransactionLabel) Policy() ent.Policy {
	return MerchantMixin{}.Policy()
}
