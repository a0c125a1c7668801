package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/guichet/guichet/internal/i18n"
	"github.com/guichet/guichet/internal/money"
	"github.com/guichet/guichet/internal/viewer"
)

// PaymentLink is a payment request to one buyer, who pays on the hosted
// payment page reached through its unguessable token: e-mailed from the back
// office (kind EMAIL, one link per recipient), or initialized by a partner's
// system that sends its customer there itself (kind API).
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
			Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("128 random bits, URL-safe base64: the only key to the payment page."),
		field.Enum("kind").Values("EMAIL", "API").Default("EMAIL").Immutable().
			Comment("EMAIL: sent by e-mail from the back office; API: initialized by a partner's system."),
		field.Enum("mode").Values(modes...).Immutable(),
		field.Enum("status").
			Values("CREATED", "SENT", "OPENED", "PAID", "EXPIRED", "CANCELED", "FAILED").
			Default("CREATED").
			Annotations(entgql.Skip(entgql.SkipType)).
			Comment("FAILED: the e-mail to the buyer could not be delivered. The API shows EXPIRED as soon as expires_at passes, before the sweep records it."),
		field.Int64("amount").Positive().Immutable().Annotations(entgql.Type("MinorUnits")),
		field.Enum("currency").GoType(money.Currency("")).Immutable().Annotations(entgql.Type("Currency")),
		field.String("order_reference").Optional().MaxLen(64).Immutable(),
		field.String("payer_reference").Optional().MaxLen(128).Immutable().
			Comment("The Payer ID the payment is recorded under."),
		field.String("buyer_first_name").Optional().MaxLen(100).Immutable().
			Annotations(entgql.Directives(requires(viewer.ReadPayerPII)), entgql.Skip(entgql.SkipWhereInput)),
		field.String("buyer_last_name").Optional().MaxLen(100).Immutable().
			Annotations(entgql.Directives(requires(viewer.ReadPayerPII)), entgql.Skip(entgql.SkipWhereInput)),
		field.String("recipient_email").Optional().MaxLen(254).Match(email).Immutable().
			Annotations(entgql.Directives(requires(viewer.ReadPayerPII))),
		field.String("description").Optional().MaxLen(1000).Immutable().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Enum("language").GoType(i18n.Language("")).Immutable().Annotations(entgql.Type("Language")),
		field.String("reconciliation").Optional().MaxLen(255).Immutable().
			Comment("Free merchant text carried over to the transaction, such as an invoice number."),
		field.String("subject").Optional().MaxLen(200).Immutable().Annotations(entgql.Skip(entgql.SkipWhereInput)).
			Comment("The custom e-mail subject; empty when the shop's template was used."),
		field.Text("message").Optional().MaxLen(10000).Immutable().Annotations(entgql.Skip(entgql.SkipWhereInput)).
			Comment("The custom e-mail body; empty when the shop's template was used."),
		field.String("success_url").Optional().MaxLen(2048).Match(httpURL).Immutable().Annotations(entgql.Skip(entgql.SkipWhereInput)).
			Comment("Overrides the shop's success page (partner-initialized payments)."),
		field.String("failure_url").Optional().MaxLen(2048).Match(httpURL).Immutable().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("cancel_url").Optional().MaxLen(2048).Match(httpURL).Immutable().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("batch").NotEmpty().MaxLen(64).Immutable().
			Comment("Shared by the links one createPaymentLinks call made."),
		field.String("created_by").MaxLen(200).Immutable(),
		field.Time("expires_at"),
		field.Time("sent_at").Optional().Nillable(),
		field.Time("opened_at").Optional().Nillable(),
		field.Time("paid_at").Optional().Nillable(),
		field.Time("canceled_at").Optional().Nillable(),
	}
}

// Edges of the PaymentLink.
func (PaymentLink) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("shop", Shop.Type).Field("shop_id").Unique().Required().Immutable(),
		edge.To("transaction", Transaction.Type).Unique().
			Comment("The payment that paid the link."),
		edge.To("emails", EmailMessage.Type).
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
	}
}

// Indexes of the PaymentLink.
func (PaymentLink) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("merchant_id", "created_at"),
		index.Fields("merchant_id", "status", "created_at"),
		index.Fields("status", "expires_at"),
		index.Fields("merchant_id", "batch"),
	}
}

// Annotations of the PaymentLink.
func (PaymentLink) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}
