package schema

import (
	"regexp"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/guichet/guichet/ent/schema/schematype"
	"github.com/guichet/guichet/internal/i18n"
)

var (
	hexColor = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	httpURL  = regexp.MustCompile(`^https?://[^\s]+$`)
	email    = regexp.MustCompile(`^[^\s@]+@[^\s@]+\.[^\s@]+$`)
)

// Shop is one of a merchant's points of sale, with its own settings.
type Shop struct{ ent.Schema }

// Mixin of the Shop.
func (Shop) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, MerchantMixin{}} }

// Fields of the Shop.
func (Shop) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(100).Annotations(entgql.OrderField("NAME")),
		field.Enum("default_language").GoType(i18n.Language("")).Default(string(i18n.FR)).Annotations(entgql.Type("Language")),
		field.String("manager_email").Optional().MaxLen(254).Match(email),
		field.String("sender_name").Optional().MaxLen(100).
			Comment("Name shown as the sender of the shop's e-mails."),
		field.String("success_url").Optional().MaxLen(2048).Match(httpURL),
		field.String("failure_url").Optional().MaxLen(2048).Match(httpURL),
		field.String("cancel_url").Optional().MaxLen(2048).Match(httpURL),
		field.Bool("order_reference_required").Default(false),
		field.Int("link_validity_days").Default(7).Range(1, 365).
			Comment("Default validity of the payment links the shop sends."),
		field.Bool("confirmation_email_enabled").Default(false).
			Comment("Send the buyer a payment confirmation."),
		field.String("logo_url").Optional().MaxLen(2048).Match(httpURL),
		field.String("accent_color").Default("#1F5FAD").Match(hexColor),
		field.JSON("email_templates", map[string]schematype.EmailTemplate{}).
			Optional().
			Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("The shop's own payment-link e-mail subject and body per language code (FR, EN...); the built-in text for the others."),
	}
}

// Edges of the Shop.
func (Shop) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("transactions", Transaction.Type).Ref("shop").Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the Shop.
func (Shop) Indexes() []ent.Index {
	return []ent.Index{index.Fields("merchant_id", "name").Unique()}
}

// Annotations of the Shop.
func (Shop) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationUpdate()),
	}
}
