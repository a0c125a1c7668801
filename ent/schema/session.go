package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/guichet/guichet/internal/viewer"
)

// Session is a person's login to the back office. The browser holds only
// an opaque cookie; the tokens stay here, so that any replica can serve the
// session and logging out or an admin can end it.
type Session struct{ ent.Schema }

// Mixin of the Session.
func (Session) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, MerchantMixin{}} }

// Fields of the Session.
func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.String("token_hash").
			Unique().
			Immutable().
			Sensitive().
			Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("SHA-256 of the cookie's value: a copy of the table opens no session."),
		field.String("subject").NotEmpty().Immutable(),
		field.String("name").Default(""),
		field.String("email").Default(""),
		field.Enum("role").GoType(viewer.Role("")).Annotations(entgql.Type("Role")),
		field.Strings("extra_permissions").Optional().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Text("access_token").Sensitive().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Text("refresh_token").Optional().Sensitive().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Text("id_token").Optional().Sensitive().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("access_token_expires_at").Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("last_seen_at").Default(now),
		field.Time("expires_at").Immutable().Comment("The absolute end of the session, whatever its activity."),
		field.Time("ended_at").Optional().Nillable().Comment("When the session was logged out or revoked."),
		field.String("user_agent").Default("").MaxLen(500),
	}
}

// Indexes of the Session.
func (Session) Indexes() []ent.Index {
	return []ent.Index{index.Fields("merchant_id", "subject")}
}

// Annotations of the Session.
func (Session) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField().Directives(requires(viewer.ManageAccess)),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput),
	}
}
