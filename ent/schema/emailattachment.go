package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// EmailAttachment is a file sent with an e-mail of the outbox, such as a
// scheduled report: kept with its message so that a retry sends it again.
type EmailAttachment struct{ ent.Schema }

// Mixin of the EmailAttachment.
func (EmailAttachment) Mixin() []ent.Mixin { return []ent.Mixin{MerchantMixin{}} }

// Fields of the EmailAttachment.
func (EmailAttachment) Fields() []ent.Field {
	return []ent.Field{
		field.Int("email_message_id").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("filename").NotEmpty().MaxLen(255).Immutable(),
		field.String("content_type").NotEmpty().MaxLen(100).Immutable(),
		field.Int64("size").Min(0).Immutable().Comment("Bytes."),
		field.Bytes("content").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the EmailAttachment.
func (EmailAttachment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("email_message", EmailMessage.Type).Ref("attachments").Field("email_message_id").
			Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade), entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the EmailAttachment.
func (EmailAttachment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("email_message_id")}
}

// Annotations of the EmailAttachment.
func (EmailAttachment) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput),
	}
}
