package schema

import (
	"regexp"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/guichet/guichet/ent/hook"
	"github.com/guichet/guichet/internal/money"
)

var last4 = regexp.MustCompile(`^[0-9]{4}$`)

// Transaction is one payment in the journal. Amounts are integer minor units
// of its currency; of a card only the brand (the payment method) and the
// last four digits are kept.
type Transaction struct{ ent.Schema }

// Mixin of the Transaction.
func (Transaction) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, MerchantMixin{}} }

// Fields of the Transaction.
func (Transaction) Fields() []ent.Field {
	return []ent.Field{
		field.Int("shop_id").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("payer_id").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("mode").Values(modes...),
		field.Enum("status").
			Values("PENDING", "AUTHORIZED", "CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED", "CANCELED", "FAILED").
			Annotations(entgql.OrderField("STATUS")),
		field.Int64("amount").
			Positive().
			Immutable().
			Annotations(entgql.Type("MinorUnits"), entgql.OrderField("AMOUNT")),
		field.Enum("currency").GoType(money.Currency("")).Immutable().Annotations(entgql.Type("Currency")),
		field.Int64("captured_amount").Default(0).Min(0).Annotations(entgql.Type("MinorUnits")),
		field.Int64("refunded_amount").Default(0).Min(0).Annotations(entgql.Type("MinorUnits")),
		field.Enum("payment_method").
			Values("VISA", "MASTERCARD", "AMEX", "TWINT", "ALIPAY_PLUS", "WECHAT_PAY", "PAYPAL", "SEPA_DEBIT").
			Immutable(),
		field.Enum("channel").
			Values("ECOMMERCE", "MOTO", "PAYMENT_LINK").
			Immutable().
			Comment("ECOMMERCE and PAYMENT_LINK are ECI 7, MOTO is ECI 1."),
		field.String("order_reference").Optional().MaxLen(64).Immutable(),
		field.String("description").Optional().MaxLen(1000).Immutable(),
		field.String("card_last4").Optional().Match(last4).Immutable().
			Comment("The last four digits of the card; the full number is never stored."),
		field.Enum("failure_code").
			Values("INSUFFICIENT_FUNDS", "THREE_DS_FAILED", "EXPIRED_CARD", "SUSPECTED_FRAUD",
				"DO_NOT_HONOR", "INVALID_CARD", "LIMIT_EXCEEDED", "PROCESSOR_ERROR", "TIMEOUT").
			Optional().
			Nillable(),
		field.String("failure_reason").Optional().MaxLen(500),
		field.String("reconciliation").Optional().MaxLen(255).
			Comment("Free merchant text for reconciliation, such as an invoice number."),
		field.String("processor_reference").Optional().MaxLen(128).
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Time("authorized_at").Optional().Nillable(),
		field.Time("captured_at").Optional().Nillable(),
	}
}

// Hooks of the Transaction.
func (Transaction) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(moneyInvariantHook, ent.OpCreate|ent.OpUpdateOne)}
}

// Edges of the Transaction.
func (Transaction) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("shop", Shop.Type).Field("shop_id").Unique().Required().Immutable(),
		edge.To("payer", Payer.Type).Field("payer_id").Unique(),
		edge.To("labels", Label.Type).Through("transaction_labels", TransactionLabel.Type).
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.From("payment_link", PaymentLink.Type).Ref("transaction").Unique().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.To("operations", Operation.Type).
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		edge.To("audit_events", AuditEvent.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
	}
}

// Indexes of the Transaction. The journal is read per merchant, newest
// first; the stats index carries what aggregations read so that PostgreSQL
// answers them from the index alone.
func (Transaction) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("merchant_id", "created_at", "id").
			Annotations(entsql.IncludeColumns("status", "payment_method", "currency", "amount", "failure_code")),
		index.Fields("merchant_id", "status", "created_at"),
		index.Fields("payer_id", "created_at"),
		index.Fields("merchant_id", "order_reference"),
		index.Fields("shop_id", "created_at"),
	}
}

// Annotations of the Transaction.
func (Transaction) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}
