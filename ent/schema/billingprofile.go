package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// BillingProfile is a payer's stored card for recurring billing: the
// processor's token, brand, last four digits and expiry, never the number.
// The Account Updater keeps it current every month.
type BillingProfile struct{ ent.Schema }

// Mixin of the BillingProfile.
func (BillingProfile) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, MerchantMixin{}} }

// Fields of the BillingProfile.
func (BillingProfile) Fields() []ent.Field {
	return []ent.Field{
		field.Int("payer_id").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("transaction_id").Optional().Nillable().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("processor_token").
			NotEmpty().
			Sensitive().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("card_brand").Values("VISA", "MASTERCARD", "AMEX"),
		field.String("card_last4").Match(last4),
		field.Int("expiry_month").Range(1, 12),
		field.Int("expiry_year").Range(2000, 2200),
		field.String("payment_method_ref").NotEmpty().MaxLen(64).Immutable().
			Comment("The payment method ID the merchant's systems use, unique per merchant."),
		field.String("billing_ref").NotEmpty().MaxLen(64).
			Comment("The billing ID the merchant's systems use."),
		field.Enum("status").Values("ACTIVE", "DISABLED").Default("ACTIVE").
			Comment("Only an ACTIVE profile can be charged."),
		field.Time("card_updated_at").Default(now).
			Annotations(entgql.OrderField("CARD_UPDATED_AT")).
			Comment("When the card data last changed; the Account Updater skips cards changed in the six months before its run."),
		field.Time("disabled_at").Optional().Nillable().
			Comment("When the profile was last disabled."),
		field.String("disabled_reason").Optional().MaxLen(300).Annotations(entgql.Skip(entgql.SkipWhereInput)).
			Comment("Why: the Account Updater's decision, or the reason given by whoever disabled it."),
	}
}

// Edges of the BillingProfile.
func (BillingProfile) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("payer", Payer.Type).Field("payer_id").Unique().Required().Immutable(),
		edge.To("transaction", Transaction.Type).Field("transaction_id").Unique().Immutable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)).
			Comment("The payment that stored the card, when it was stored with a payment."),
		edge.From("updater_results", UpdaterResult.Type).Ref("billing_profile").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("audit_events", AuditEvent.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
	}
}

// Indexes of the BillingProfile. The Account Updater's selection reads the
// second one: a merchant's active cards expiring in a month, by when their
// data last changed.
func (BillingProfile) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("merchant_id", "payment_method_ref").Unique(),
		index.Fields("merchant_id", "status", "expiry_year", "expiry_month", "card_updated_at"),
		index.Fields("payer_id"),
		index.Fields("processor_token"),
	}
}

// Annotations of the BillingProfile.
func (BillingProfile) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}
