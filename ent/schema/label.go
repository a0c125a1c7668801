package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/guichet/guichet/ent/hook"
)

// Label is a merchant's free tag for transactions ("💸 Remboursement",
// "🚩 Suspect") that drives review workflows. Labels are metadata only:
// they never change anyone's permissions.
type Label struct{ ent.Schema }

// Mixin of the Label.
func (Label) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, MerchantMixin{}} }

// Fields of the Label.
func (Label) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").
			Annotations(entgql.OrderField("NAME")).
			Comment("Any Unicode, emoji included: 1 to 50 characters after trimming."),
		field.String("name_key").
			Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("The case-folded name that makes names unique per merchant."),
		field.String("color").Default("#6B7280").Match(hexColor),
		field.String("description").Optional().MaxLen(500),
	}
}

// Hooks of the Label.
func (Label) Hooks() []ent.Hook {
	return []ent.Hook{
		hook.On(labelNameHook, ent.OpCreate|ent.OpUpdate|ent.OpUpdateOne),
		hook.On(labelAuditHook, ent.OpCreate|ent.OpUpdateOne|ent.OpDeleteOne),
	}
}

// Edges of the Label.
func (Label) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("transactions", Transaction.Type).
			Ref("labels").
			Through("transaction_labels", TransactionLabel.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the Label.
func (Label) Indexes() []ent.Index {
	return []ent.Index{index.Fields("merchant_id", "name_key").Unique()}
}

// Annotations of the Label.
func (Label) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}
