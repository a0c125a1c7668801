package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/guichet/guichet/internal/viewer"
)

// Payer is the merchant's own customer reference (the "Payer ID"): an
// e-mail, a shop customer number, anything the merchant uses to find all of
// one customer's transactions.
type Payer struct{ ent.Schema }

// Mixin of the Payer.
func (Payer) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, MerchantMixin{}} }

// Fields of the Payer.
func (Payer) Fields() []ent.Field {
	return []ent.Field{
		field.String("reference").
			NotEmpty().
			MaxLen(128).
			Immutable().
			Annotations(entgql.OrderField("REFERENCE")).
			Comment("The Payer ID, unique per merchant."),
		field.String("email").Optional().MaxLen(254).Match(email).
			Annotations(entgql.Directives(requires(viewer.ReadPayerPII)), entgql.Skip(entgql.SkipWhereInput)),
		field.String("name").Optional().MaxLen(200).
			Annotations(entgql.Directives(requires(viewer.ReadPayerPII)), entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Edges of the Payer.
func (Payer) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("transactions", Transaction.Type).
			Ref("payer").
			Annotations(entgql.RelayConnection()),
		edge.From("billing_profiles", BillingProfile.Type).
			Ref("payer").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Indexes of the Payer.
func (Payer) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("merchant_id", "reference").Unique(),
		index.Fields("merchant_id", "email"),
	}
}

// Annotations of the Payer.
func (Payer) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}
