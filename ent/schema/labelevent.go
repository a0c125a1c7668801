package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// LabelEvent is one entry of a merchant's label event log: a label put on
// or taken off a transaction, or a label defined, renamed, recoloured or
// deleted. Seq numbers a merchant's events without gaps in the order their
// transactions committed; dashboards resume from it.
type LabelEvent struct{ ent.Schema }

// Mixin of the LabelEvent.
func (LabelEvent) Mixin() []ent.Mixin { return []ent.Mixin{MerchantMixin{}} }

// Fields of the LabelEvent.
func (LabelEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("seq").Immutable().Annotations(entgql.OrderField("SEQ"), entgql.Skip(entgql.SkipType)),
		field.Enum("kind").
			Values("LABEL_ADDED", "LABEL_REMOVED", "LABEL_CREATED", "LABEL_RENAMED", "LABEL_RECOLOURED", "LABEL_DELETED").
			Immutable(),
		field.Int("label_id").Immutable().Annotations(entgql.Type("ID"), entgql.Skip(entgql.SkipType)),
		field.String("label_name").Immutable().Annotations(entgql.Skip(entgql.SkipType)),
		field.String("label_color").Immutable().Annotations(entgql.Skip(entgql.SkipType, entgql.SkipWhereInput)),
		field.Int("transaction_id").Optional().Nillable().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("actor_name").MaxLen(200).Immutable().Annotations(entgql.Skip(entgql.SkipType, entgql.SkipWhereInput)),
		field.String("actor_subject").MaxLen(255).Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("client_id").Optional().MaxLen(255).Immutable().Annotations(entgql.Skip(entgql.SkipType, entgql.SkipWhereInput)),
		field.Time("at").Default(now).Immutable().Annotations(entgql.OrderField("AT")),
	}
}

// Edges of the LabelEvent.
func (LabelEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("transaction", Transaction.Type).
			Field("transaction_id").
			Unique().
			Immutable(),
	}
}

// Indexes of the LabelEvent.
func (LabelEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("merchant_id", "seq").Unique(),
		index.Fields("merchant_id", "label_id", "seq"),
	}
}

// Annotations of the LabelEvent.
func (LabelEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}
