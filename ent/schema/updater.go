package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/guichet/guichet/internal/calendar"
	"github.com/guichet/guichet/internal/updater/decision"
	"github.com/guichet/guichet/internal/viewer"
)

// UpdaterRun is a merchant's Account Updater run of one month: its
// selection of cards, sent to the card-updater service in batches whose
// answers may take days. There is one per merchant and month: the unique
// row is what makes a run idempotent, and what two replicas starting it at
// the same moment agree on.
type UpdaterRun struct{ ent.Schema }

// Mixin of the UpdaterRun.
func (UpdaterRun) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, MerchantMixin{}} }

// Fields of the UpdaterRun.
func (UpdaterRun) Fields() []ent.Field {
	return []ent.Field{
		field.String("month").GoType(calendar.Month{}).Immutable().
			Annotations(entgql.Type("Month"), entgql.OrderField("MONTH")).
			Comment("The month whose expiring cards the run queries."),
		field.Enum("state").
			Values("SELECTING", "SUBMITTING", "AWAITING_RESPONSES", "COMPLETED").
			Default("SELECTING").
			Comment("SELECTING: the cards are being chosen; SUBMITTING: batches are being sent; AWAITING_RESPONSES: every batch was sent, answers are still due; COMPLETED: every card got its answer."),
		field.Enum("trigger").Values("SCHEDULED", "MANUAL").Immutable().
			Comment("What started the run first: the monthly schedule, or an admin."),
		field.String("started_by").MaxLen(200).Immutable().
			Comment("Who started the run first: the schedule's name, or the admin's."),
		field.Time("as_of").Immutable().
			Comment("The start of the month in the merchant's time zone: the moment the selection is reckoned from."),
		field.Time("updated_before").Immutable().
			Comment("Cards whose data changed at or after this instant (six calendar months before as_of) are not selected."),
		field.Int("selections").Default(0).
			Comment("How many times the cards were selected: once, plus once per restart by hand."),
		field.Time("selected_at").Optional().Nillable(),
		field.Time("completed_at").Optional().Nillable(),
		field.String("last_error").Optional().MaxLen(1000).
			Comment("The last failure talking to the card-updater service; it is retried."),
		field.Time("next_check_at").Default(now).Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("When the run has work to do next (a batch to send, answers to collect)."),
		field.String("lease_owner").Optional().Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("The replica driving the run, until lease_until: one at a time."),
		field.Time("lease_until").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the UpdaterRun.
func (UpdaterRun) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("batches", UpdaterBatch.Type).
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		edge.To("results", UpdaterResult.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Indexes of the UpdaterRun.
func (UpdaterRun) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("merchant_id", "month").Unique(),
		index.Fields("state", "next_check_at"),
	}
}

// Annotations of the UpdaterRun.
func (UpdaterRun) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField("updaterRuns").Directives(requires(viewer.ManageUpdater)),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}

// UpdaterBatch is one batch of a run's cards, as the card-updater service
// receives it.
type UpdaterBatch struct{ ent.Schema }

// Mixin of the UpdaterBatch.
func (UpdaterBatch) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, MerchantMixin{}} }

// Fields of the UpdaterBatch.
func (UpdaterBatch) Fields() []ent.Field {
	return []ent.Field{
		field.Int("run_id").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("number").Positive().Immutable().Comment("1, 2, ... within the run."),
		field.String("external_id").NotEmpty().Unique().Immutable().
			Comment("The batch's name at the service, the same on every attempt: sending it again after a crash is not a second batch."),
		field.Enum("state").Values("PENDING", "SUBMITTED", "COMPLETED").Default("PENDING").
			Comment("PENDING: not sent yet; SUBMITTED: sent, answers due; COMPLETED: every card answered."),
		field.Int("size").Min(0).Comment("Cards in the batch."),
		field.String("service_ref").Optional().MaxLen(255).
			Comment("The service's reference of the batch, once sent."),
		field.Int("attempts").Default(0).Comment("Attempts to send it."),
		field.String("last_error").Optional().MaxLen(1000),
		field.Time("next_attempt_at").Default(now).Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("next_collect_at").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("submitted_at").Optional().Nillable(),
		field.Time("completed_at").Optional().Nillable(),
	}
}

// Edges of the UpdaterBatch.
func (UpdaterBatch) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("run", UpdaterRun.Type).Ref("batches").Field("run_id").Unique().Required().Immutable(),
		edge.To("results", UpdaterResult.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the UpdaterBatch.
func (UpdaterBatch) Indexes() []ent.Index {
	return []ent.Index{index.Fields("run_id", "number").Unique()}
}

// Annotations of the UpdaterBatch.
func (UpdaterBatch) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput),
	}
}

// UpdaterResult is one card of a run: what was asked (the card as
// selected), and once it arrives, the service's answer and what it changed.
// A card appears at most once per run, so at most once per month.
type UpdaterResult struct{ ent.Schema }

// Mixin of the UpdaterResult.
func (UpdaterResult) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, MerchantMixin{}} }

// Fields of the UpdaterResult.
func (UpdaterResult) Fields() []ent.Field {
	return []ent.Field{
		field.Int("run_id").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("batch_id").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("billing_profile_id").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("state").Values("PENDING", "SUBMITTED", "ANSWERED").Default("PENDING").
			Comment("PENDING: selected, not sent yet; SUBMITTED: sent, no answer yet; ANSWERED: answered and applied."),
		field.String("payment_method_ref").Immutable().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("billing_ref").Immutable().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Enum("card_brand").Values("VISA", "MASTERCARD", "AMEX").Immutable(),
		field.String("token_before").Sensitive().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("last4_before").Immutable().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Int("expiry_month_before").Immutable().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Int("expiry_year_before").Immutable().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Enum("decision").GoType(decision.Code("")).Optional().Nillable().
			Annotations(entgql.Type("UpdaterDecision")),
		field.String("scheme_code").Optional().MaxLen(16).Annotations(entgql.Skip(entgql.SkipWhereInput)).
			Comment("The code of the scheme's response file (Visa A, Mastercard UPDATE...)."),
		field.String("last4_after").Optional().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Int("expiry_month_after").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Int("expiry_year_after").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Enum("status_after").Values("ACTIVE", "DISABLED").Optional().Nillable().
			Comment("The profile's billing status once the answer was applied."),
		field.Time("answered_at").Optional().Nillable().Annotations(entgql.OrderField("ANSWERED_AT")),
	}
}

// Edges of the UpdaterResult.
func (UpdaterResult) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("run", UpdaterRun.Type).Ref("results").Field("run_id").Unique().Required().Immutable(),
		edge.From("batch", UpdaterBatch.Type).Ref("results").Field("batch_id").Unique().
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("billing_profile", BillingProfile.Type).Field("billing_profile_id").Unique().Required().Immutable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Indexes of the UpdaterResult. The status report reads the third: a
// merchant's answers in a period, in order, a page after another.
func (UpdaterResult) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("run_id", "billing_profile_id").Unique(),
		index.Fields("batch_id", "state"),
		index.Fields("merchant_id", "answered_at", "id"),
		index.Fields("run_id", "state", "decision"),
	}
}

// Annotations of the UpdaterResult.
func (UpdaterResult) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}
