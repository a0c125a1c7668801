package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/guichet/guichet/internal/i18n"
	"github.com/guichet/guichet/internal/viewer"
)

// EmailMessage is one e-mail of the outbox: written in the database
// transaction of the change it tells about, then delivered by the
// background sender of whichever replica claims it first.
type EmailMessage struct{ ent.Schema }

// Mixin of the EmailMessage.
func (EmailMessage) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, MerchantMixin{}} }

// Fields of the EmailMessage.
func (EmailMessage) Fields() []ent.Field {
	return []ent.Field{
		field.Int("payment_link_id").Optional().Nillable().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("kind").Values("PAYMENT_LINK", "PAYMENT_CONFIRMATION").Immutable(),
		field.Enum("status").Values("PENDING", "SENT", "FAILED", "CANCELED").Default("PENDING").
			Comment("SENT once the SMTP server accepted it (or, without SMTP, once kept in the local outbox)."),
		field.String("message_id").NotEmpty().Unique().Immutable().
			Comment("The Message-ID header, the same on every attempt so that receivers can drop a duplicate."),
		field.String("from_name").MaxLen(100).Immutable(),
		field.String("reply_to").Optional().MaxLen(254).Immutable(),
		field.String("to").MaxLen(254).Immutable().
			Annotations(entgql.Directives(requires(viewer.ReadPayerPII))),
		field.Strings("bcc").Optional().Immutable().
			Annotations(entgql.Directives(requires(viewer.ReadPayerPII))).
			Comment("Blind copies: envelope recipients only, never a header."),
		field.Enum("language").GoType(i18n.Language("")).Immutable().Annotations(entgql.Type("Language")),
		field.String("subject").MaxLen(300).Immutable(),
		field.Text("text_body").Immutable().
			Annotations(entgql.Directives(requires(viewer.ManageShops))),
		field.Text("html_body").Immutable().
			Annotations(entgql.Directives(requires(viewer.ManageShops))),
		field.Int("attempts").Default(0).
			Comment("Delivery attempts so far; a claimed attempt counts even if the process dies during it."),
		field.String("last_error").Optional().MaxLen(1000),
		field.Time("next_attempt_at").Default(now).Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("lease_owner").Optional().Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("The sender that claimed the message, until lease_until."),
		field.Time("lease_until").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("relay").Optional().MaxLen(255).
			Comment("Where it went: the SMTP server's host, or the local outbox."),
		field.Time("sent_at").Optional().Nillable(),
	}
}

// Edges of the EmailMessage.
func (EmailMessage) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("payment_link", PaymentLink.Type).Ref("emails").Field("payment_link_id").Unique().Immutable(),
	}
}

// Indexes of the EmailMessage: the sender's claim reads pending messages
// by their next attempt.
func (EmailMessage) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("status", "next_attempt_at"),
		index.Fields("merchant_id", "created_at"),
		index.Fields("payment_link_id"),
	}
}

// Annotations of the EmailMessage.
func (EmailMessage) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField("outbox").Directives(requires(viewer.ManageShops)),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput),
	}
}
