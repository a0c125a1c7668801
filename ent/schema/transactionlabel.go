package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// TransactionLabel puts a label on a transaction and records who did it and
// when. It also copies the merchant and the transaction's creation time so
// that the journal's label filter is answered from one index: a label and a
// date range, without touching transactions outside the page.
type TransactionLabel struct{ ent.Schema }

// Fields of the TransactionLabel.
func (TransactionLabel) Fields() []ent.Field {
	return []ent.Field{
		field.Int("transaction_id"),
		field.Int("label_id"),
		field.Int("merchant_id").Immutable(),
		field.Time("transaction_created_at").Immutable(),
		field.Time("created_at").Default(now).Immutable(),
		field.String("added_by").MaxLen(200),
	}
}

// Edges of the TransactionLabel.
func (TransactionLabel) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("transaction", Transaction.Type).Field("transaction_id").Unique().Required(),
		edge.To("label", Label.Type).Field("label_id").Unique().Required(),
	}
}

// Indexes of the TransactionLabel.
func (TransactionLabel) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("merchant_id", "label_id", "transaction_created_at", "transaction_id"),
		index.Fields("label_id"),
	}
}

// Annotations of the TransactionLabel.
func (TransactionLabel) Annotations() []schema.Annotation {
	return []schema.Annotation{
		field.ID("transaction_id", "label_id"),
		entgql.Skip(entgql.SkipAll),
	}
}
