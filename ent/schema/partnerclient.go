package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"

	"github.com/guichet/guichet/internal/viewer"
)

// PartnerClient is a partner's system known to call the API for a merchant
// (an OAuth client of the identity provider). It is registered on its first
// call; an admin can disable it, after which its tokens are refused even
// before they expire.
type PartnerClient struct{ ent.Schema }

// Mixin of the PartnerClient.
func (PartnerClient) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, MerchantMixin{}} }

// Fields of the PartnerClient.
func (PartnerClient) Fields() []ent.Field {
	return []ent.Field{
		field.String("client_id").NotEmpty().MaxLen(255).Unique().Immutable(),
		field.String("name").Default("").MaxLen(200),
		field.Bool("disabled").Default(false),
		field.Time("last_seen_at").Optional().Nillable(),
	}
}

// Annotations of the PartnerClient.
func (PartnerClient) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField().Directives(requires(viewer.ManageAccess)),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}
