package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/guichet/guichet/internal/money"
	"github.com/guichet/guichet/internal/viewer"
)

// PaymentLink is a payment request e-mailed to one buyer; the buyer pays on
// the hosted payment page reached through its unguessable token.
type PaymentLink struct{ ent.Schema }

// Mixin of the PaymentLink.
func (PaymentLink) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, MerchantMixin{}} }

// Fields of the PaymentLink.
func (PaymentLink) Fields() []ent.Field {
	return []ent.Field{
		field.Int("shop_id").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("token").
			NotEmpty().
			Unique().
			Immutable().
			Sensitive().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("mode").Values(modes...).Immutable(),
		field.Enum("status").
			Values("CREATED", "SENT", "OPENED", "PAID", "EXPIRED", "CANCELED", "FAILED").
			Default("CREATED"),
		field.Int64("amount").Positive().Immutable().Annotations(entgql.Type("MinorUnits")),
		field.Enum("currency").GoType(money.Currency("")).Immutable().Annotations(entgql.Type("Currency")),
		field.String("order_reference").Optional().MaxLen(64).Immutable(),
		field.String("buyer_reference").Optional().MaxLen(128).Immutable(),
		field.String("buyer_first_name").Optional().MaxLen(100).Immutable().
			Annotations(entgql.Directives(requires(viewer.ReadPayerPII))),
		field.String("buyer_last_name").Optional().MaxLen(100).Immutable().
			Annotations(entgql.Directives(requires(viewer.ReadPayerPII))),
		field.String("recipient_email").MaxLen(254).Match(email).Immutable().
			Annotations(entgql.Directives(requires(viewer.ReadPayerPII))),
		field.String("description").Optional().MaxLen(1000).Immutable(),
		field.Enum("language").Values(languages...).Immutable(),
		field.String("reconciliation").Optional().MaxLen(255).Immutable(),
		field.String("subject").Optional().MaxLen(200).Immutable(),
		field.Text("message").Optional().MaxLen(10000).Immutable(),
		field.String("created_by").MaxLen(200).Immutable(),
		field.Time("expires_at"),
		field.Time("sent_at").Optional().Nillable(),
		field.Time("opened_at").Optional().Nillable(),
		field.Time("paid_at").Optional().Nillable(),
	}
}

// Edges of the PaymentLink.
func (PaymentLink) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("shop", Shop.Type).Field("shop_id").Unique().Required().Immutable(),
		edge.To("transaction", Transaction.Type).Unique(),
	}
}

// Indexes of the PaymentLink.
func (PaymentLink) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("merchant_id", "created_at"),
		index.Fields("merchant_id", "status", "created_at"),
	}
}

// Annotations of the PaymentLink.
func (PaymentLink) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}
