package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// AuditEvent records one change made on behalf of a caller: who (person or
// partner system, through which client), when, what, and the values before
// and after. It is written in the database transaction of the change.
type AuditEvent struct{ ent.Schema }

// Mixin of the AuditEvent.
func (AuditEvent) Mixin() []ent.Mixin { return []ent.Mixin{MerchantMixin{}} }

// Fields of the AuditEvent.
func (AuditEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Default(now).Immutable().Annotations(entgql.OrderField("CREATED_AT")),
		field.Enum("action").Values(
			"TRANSACTION_CAPTURED", "TRANSACTION_REFUNDED", "TRANSACTION_CANCELED", "OPERATION_FAILED",
			"LABEL_ADDED", "LABEL_REMOVED",
			"LABEL_CREATED", "LABEL_UPDATED", "LABEL_DELETED",
			"SHOP_UPDATED", "SESSION_REVOKED", "PARTNER_CLIENT_UPDATED",
			"PAYMENT_LINKS_CREATED", "PAYMENT_LINK_CANCELED", "PAYMENT_LINK_RESENT",
			"PAYMENT_INITIALIZED", "PAYMENT_RECEIVED", "PAYMENT_FAILED",
		).Immutable(),
		field.String("actor_name").MaxLen(200).Immutable(),
		field.String("actor_subject").MaxLen(255).Immutable().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("client_id").Optional().MaxLen(255).Immutable(),
		field.Int("transaction_id").Optional().Nillable().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("target").MaxLen(200).Immutable().
			Comment("What changed, in words fit for the timeline: a label's name, a shop's name."),
		field.JSON("before", map[string]any{}).Optional().Immutable().Annotations(entgql.Type("Map")),
		field.JSON("after", map[string]any{}).Optional().Immutable().Annotations(entgql.Type("Map")),
	}
}

// Edges of the AuditEvent.
func (AuditEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("transaction", Transaction.Type).
			Ref("audit_events").
			Field("transaction_id").
			Unique().
			Immutable(),
	}
}

// Indexes of the AuditEvent.
func (AuditEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("merchant_id", "created_at"),
		index.Fields("transaction_id", "created_at"),
	}
}

// Annotations of the AuditEvent.
func (AuditEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}
