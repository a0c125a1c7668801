package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"
)

// MerchantMixin makes a schema belong to one merchant. The merchant is fixed
// at creation; privacy policies scope every read and write to the viewer's.
type MerchantMixin struct{ mixin.Schema }

// Fields of the MerchantMixin.
func (MerchantMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Int("merchant_id").
			Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the MerchantMixin.
func (MerchantMixin) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("merchant", Merchant.Type).
			Field("merchant_id").
			Unique().
			Required().
			Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}
