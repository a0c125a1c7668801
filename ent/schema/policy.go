package schema

import (
	"entgo.io/ent"

	"github.com/guichet/guichet/ent/privacy"
	"github.com/guichet/guichet/internal/rule"
	"github.com/guichet/guichet/internal/viewer"
)

// Policy of the MerchantMixin: no viewer, no data; Guichet's own jobs see
// everything; everyone else only their merchant's rows. It ends without a
// decision so that a schema's own policy still applies after it: a policy
// that allows stops the evaluation, and no decision at all means allowed.
func (MerchantMixin) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			rule.DenyIfNoViewer(),
			rule.AllowIfSystem(),
			rule.FilterMerchant(),
		},
		Mutation: privacy.MutationPolicy{
			rule.DenyIfNoViewer(),
			rule.AllowIfSystem(),
			rule.CreateInViewerMerchant(),
			rule.FilterMerchant(),
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

// Policy of the Operation: on top of the merchant scoping, moving money
// takes the permission of its kind.
func (Operation) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{rule.OperationPermission()},
	}
}

// Policy of the Session: only those who manage access see sessions other
// than through the login itself (which acts as Guichet).
func (Session) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.Requires(viewer.ManageAccess)},
		Mutation: privacy.MutationPolicy{rule.Requires(viewer.ManageAccess)},
	}
}

// Policy of the PartnerClient: as for sessions.
func (PartnerClient) Policy() ent.Policy {
	return Session{}.Policy()
}

// Policy of the AuditEvent: events about access (sessions revoked, partner
// clients disabled) are for those who manage access.
func (AuditEvent) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{rule.FilterAccessEvents()}}
}

// Policy of the BillingProfile: storing, changing and disabling cards takes
// the permission to manage billing profiles; everyone reads them (they hold
// no personal data beyond the last four digits the journal shows).
func (BillingProfile) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{rule.Requires(viewer.ManageBillingProfiles)},
	}
}

// Policy of the UpdaterRun: the Account Updater is for those who manage it.
func (UpdaterRun) Policy() ent.Policy { return updaterPolicy() }

// Policy of the UpdaterBatch.
func (UpdaterBatch) Policy() ent.Policy { return updaterPolicy() }

// Policy of the UpdaterResult.
func (UpdaterResult) Policy() ent.Policy { return updaterPolicy() }

func updaterPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.Requires(viewer.ManageUpdater)},
		Mutation: privacy.MutationPolicy{rule.Requires(viewer.ManageUpdater)},
	}
}

// Policy of the ReportSchedule: reports are for those who manage them.
func (ReportSchedule) Policy() ent.Policy { return reportPolicy() }

// Policy of the ReportDelivery.
func (ReportDelivery) Policy() ent.Policy { return reportPolicy() }

func reportPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.Requires(viewer.ManageReports)},
		Mutation: privacy.MutationPolicy{rule.Requires(viewer.ManageReports)},
	}
}
