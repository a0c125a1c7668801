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
type BillingProfile struct{ ent.Schema }

// Mixin of the BillingProfile.
func (BillingProfile) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, MerchantMixin{}} }

// Fields of the BillingProfile.
func (BillingProfile) Fields() []ent.Field {
	return []ent.Field{
		field.Int("payer_id").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("processor_token").
			NotEmpty().
			Sensitive().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("card_brand").Values("VISA", "MASTERCARD", "AMEX"),
		field.String("card_last4").Match(last4),
		field.Int("expiry_month").Range(1, 12),
		field.Int("expiry_year").Range(2000, 2200),
		field.String("payment_method_ref").NotEmpty().MaxLen(64).Immutable().
			Comment("The payment method ID the merchant's systems use."),
		field.String("billing_ref").NotEmpty().MaxLen(64).
			Comment("The billing ID the merchant's systems use."),
		field.Enum("status").Values("ACTIVE", "DISABLED").Default("ACTIVE"),
		field.Time("card_updated_at").Default(now).
			Comment("When the card data last changed; the Account Updater skips recent ones."),
	}
}

// Edges of the BillingProfile.
func (BillingProfile) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("payer", Payer.Type).Field("payer_id").Unique().Required().Immutable(),
	}
}

// Indexes of the BillingProfile.
func (BillingProfile) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("merchant_id", "payment_method_ref").Unique(),
		index.Fields("merchant_id", "status", "expiry_year", "expiry_month"),
	}
}

// Annotations of the BillingProfile.
func (BillingProfile) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}
