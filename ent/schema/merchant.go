package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// Merchant is a company using Guichet; every other row belongs to one.
type Merchant struct{ ent.Schema }

// Mixin of the Merchant.
func (Merchant) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Merchant.
func (Merchant) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(200),
		field.String("account_number").
			NotEmpty().
			MaxLen(32).
			Unique().
			Immutable().
			Comment("The merchant account number shown in reports."),
		field.String("time_zone").
			Default("Europe/Zurich").
			Validate(func(s string) error { _, err := time.LoadLocation(s); return err }).
			Comment("IANA time zone: days in statistics and schedules are the merchant's days."),
		field.Int64("label_event_seq").
			Default(0).
			Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("The last seq of the merchant's label event log: a counter row locked while events are written."),
	}
}

// Annotations of the Merchant.
func (Merchant) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}
