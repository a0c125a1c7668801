package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/guichet/guichet/internal/i18n"
	"github.com/guichet/guichet/internal/viewer"
)

// ReportSchedule delivers a report of each period that ends (each day or
// each month, in the merchant's time zone) by e-mail and/or to the
// merchant's outbound folder.
type ReportSchedule struct{ ent.Schema }

// Mixin of the ReportSchedule.
func (ReportSchedule) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, MerchantMixin{}} }

// Fields of the ReportSchedule.
func (ReportSchedule) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(100),
		field.Enum("kind").Values("ACCOUNT_UPDATES", "JOURNAL").
			Comment("ACCOUNT_UPDATES: the account-update status report; JOURNAL: the journal's transactions created in the period."),
		field.Enum("frequency").Values("DAILY", "MONTHLY").Default("DAILY").
			Comment("DAILY: each day's report the next day; MONTHLY: each month's on the first of the next."),
		field.Enum("format").Values("CSV", "HTML").Default("CSV"),
		field.Enum("separator").Values("COMMA", "SEMICOLON", "TAB").Default("COMMA").
			Comment("Between the fields of a CSV report."),
		field.Enum("language").GoType(i18n.Language("")).Default(string(i18n.FR)).Annotations(entgql.Type("Language")).
			Comment("Of the headers, the decision codes' meanings and the e-mail: French, or English for any other."),
		field.Int("hour").Range(0, 23).Default(6).
			Comment("The hour of the merchant's day at which the report of the period just ended is made."),
		field.Strings("email_recipients").Optional().
			Comment("Addresses the report is e-mailed to, as an attachment."),
		field.Bool("deliver_to_folder").Default(false).
			Comment("Also write the report to the merchant's outbound folder, for pick-up by SFTP."),
		field.Bool("send_empty").Default(false).
			Comment("Deliver a report even when it has no row; off, an empty period is only recorded."),
		field.JSON("journal_where", map[string]any{}).Optional().Annotations(entgql.Type("Map"), entgql.Skip(entgql.SkipWhereInput)).
			Comment("For JOURNAL: the journal's filter, as the transactions query takes it (TransactionWhereInput)."),
		field.String("journal_search").Optional().MaxLen(200).Annotations(entgql.Skip(entgql.SkipWhereInput)).
			Comment("For JOURNAL: the journal's search text."),
		field.Bool("enabled").Default(true),
		field.String("created_by").MaxLen(200).Immutable(),
		field.String("last_period").Optional().Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("The last period delivered or skipped; the next one follows it."),
	}
}

// Edges of the ReportSchedule.
func (ReportSchedule) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("deliveries", ReportDelivery.Type).
			Annotations(entsql.OnDelete(entsql.Cascade), entgql.RelayConnection(),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
	}
}

// Indexes of the ReportSchedule.
func (ReportSchedule) Indexes() []ent.Index {
	return []ent.Index{index.Fields("merchant_id", "created_at")}
}

// Annotations of the ReportSchedule.
func (ReportSchedule) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField("reportSchedules").Directives(requires(viewer.ManageReports)),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}

// ReportDelivery is one period of a schedule: made once, whichever replica
// makes it (the unique row claims the period), and then delivered, or
// skipped when empty.
type ReportDelivery struct{ ent.Schema }

// Mixin of the ReportDelivery.
func (ReportDelivery) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, MerchantMixin{}} }

// Fields of the ReportDelivery.
func (ReportDelivery) Fields() []ent.Field {
	return []ent.Field{
		field.Int("schedule_id").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("period").NotEmpty().Immutable().
			Comment("The day (YYYY-MM-DD) or month (YYYY-MM) the report covers."),
		field.Time("period_start").Immutable(),
		field.Time("period_end").Immutable(),
		field.Enum("state").Values("PENDING", "DELIVERED", "SKIPPED_EMPTY", "FAILED").Default("PENDING").
			Comment("PENDING: being made; DELIVERED: e-mail queued and/or file written; SKIPPED_EMPTY: nothing to report and empty reports are not sent; FAILED: see lastError, it is retried."),
		field.Int("rows").Default(0),
		field.String("filename").Optional().MaxLen(255),
		field.Int64("bytes").Default(0),
		field.String("folder_path").Optional().MaxLen(1024).
			Comment("The file written to the outbound folder."),
		field.Int("email_message_id").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("attempts").Default(0),
		field.String("last_error").Optional().MaxLen(1000),
		field.String("lease_owner").Optional().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("lease_until").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("delivered_at").Optional().Nillable(),
	}
}

// Edges of the ReportDelivery.
func (ReportDelivery) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("schedule", ReportSchedule.Type).Ref("deliveries").Field("schedule_id").Unique().Required().Immutable(),
		edge.To("email_message", EmailMessage.Type).Field("email_message_id").Unique().
			Comment("The e-mail that carries the report, in the outbox."),
	}
}

// Indexes of the ReportDelivery.
func (ReportDelivery) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("schedule_id", "period").Unique(),
		index.Fields("state", "lease_until"),
	}
}

// Annotations of the ReportDelivery.
func (ReportDelivery) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput),
	}
}
