package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// IdempotencyKey is a payment request's key: the first request with a key
// claims it (concurrent ones wait for it on the unique index), and later
// ones get its result instead of paying again.
type IdempotencyKey struct{ ent.Schema }

// Mixin of the IdempotencyKey.
func (IdempotencyKey) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, MerchantMixin{}} }

// Fields of the IdempotencyKey.
func (IdempotencyKey) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").NotEmpty().MaxLen(255).Immutable(),
		field.Enum("operation").Values("INITIALIZE_PAYMENT", "AUTHORIZE_DIRECT", "MOTO_PAYMENT").Immutable(),
		field.String("request_hash").Immutable().
			Comment("SHA-256 of what the request asked for, card number and code left out."),
		field.Int("transaction_id").Optional().Nillable(),
		field.Int("payment_link_id").Optional().Nillable(),
	}
}

// Indexes of the IdempotencyKey.
func (IdempotencyKey) Indexes() []ent.Index {
	return []ent.Index{index.Fields("merchant_id", "key").Unique()}
}

// Annotations of the IdempotencyKey.
func (IdempotencyKey) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
