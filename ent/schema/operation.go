package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/guichet/guichet/internal/money"
)

// Operation is one attempt to move money on a transaction: a capture, a
// refund or a cancellation, successful or not, with who asked and why.
type Operation struct{ ent.Schema }

// Mixin of the Operation.
func (Operation) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, MerchantMixin{}} }

// Fields of the Operation.
func (Operation) Fields() []ent.Field {
	return []ent.Field{
		field.Int("transaction_id").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("kind").Values("CAPTURE", "REFUND", "CANCEL").Immutable(),
		field.Int64("amount").Min(0).Immutable().Annotations(entgql.Type("MinorUnits")).
			Comment("Zero for a cancellation."),
		field.Enum("currency").GoType(money.Currency("")).Immutable().Annotations(entgql.Type("Currency")),
		field.Enum("result").Values("SUCCEEDED", "FAILED").Immutable(),
		field.String("reason").Optional().MaxLen(500).Immutable(),
		field.String("idempotency_key").Optional().Nillable().MaxLen(255).Immutable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("processor_reference").Optional().MaxLen(128).Immutable(),
		field.String("failure_message").Optional().MaxLen(500).Immutable(),
		field.String("actor_name").MaxLen(200).Immutable(),
		field.String("actor_subject").MaxLen(255).Immutable().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("client_id").Optional().MaxLen(255).Immutable().
			Comment("The OAuth client the actor used: the back office or a partner's system."),
	}
}

// Edges of the Operation.
func (Operation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("transaction", Transaction.Type).
			Ref("operations").
			Field("transaction_id").
			Unique().
			Required().
			Immutable(),
	}
}

// Indexes of the Operation. An idempotency key is the merchant's: retrying
// with it returns the first result instead of moving money again.
func (Operation) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("merchant_id", "idempotency_key").Unique(),
		index.Fields("transaction_id", "created_at"),
	}
}

// Annotations of the Operation.
func (Operation) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}
