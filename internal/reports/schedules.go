package reports

import (
	"context"
	"strings"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/auditevent"
	"github.com/guichet/guichet/ent/reportschedule"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/audit"
	"github.com/guichet/guichet/internal/calendar"
	"github.com/guichet/guichet/internal/i18n"
	"github.com/guichet/guichet/internal/payments"
	"github.com/guichet/guichet/internal/viewer"
)

// Config is what schedules need besides the database.
type Config struct {
	// OutboundDir holds one folder per merchant account for reports to
	// pick up by SFTP; empty means no folder delivery.
	OutboundDir string
	// PublicURL is where the back office is, for links in e-mails.
	PublicURL string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (c Config) now() time.Time {
	if c.Now != nil {
		return c.Now().UTC().Truncate(time.Microsecond)
	}
	return time.Now().UTC().Truncate(time.Microsecond)
}

// ScheduleInput is a report schedule's settings.
type ScheduleInput struct {
	Name            string
	Kind            reportschedule.Kind
	Frequency       reportschedule.Frequency
	Format          reportschedule.Format
	Separator       reportschedule.Separator
	Language        i18n.Language
	Hour            int
	EmailRecipients []string
	DeliverToFolder bool
	SendEmpty       bool
	// JournalWhere is the journal's filter as the API decoded it; it is
	// kept as the caller wrote it (the where argument of CreateSchedule).
	JournalWhere  *ent.TransactionWhereInput
	JournalSearch string
	Enabled       bool
}

// MaxRecipients bounds a schedule's e-mail recipients.
const MaxRecipients = 10

// CreateSchedule schedules a report for the caller's merchant. where is
// the journal filter as the caller wrote it (TransactionWhereInput's JSON),
// kept to be read again at each delivery.
//
// Errors: BAD_USER_INPUT naming the field.
func CreateSchedule(ctx context.Context, client *ent.Client, cfg Config, in ScheduleInput, where map[string]any) (*ent.ReportSchedule, error) {
	if err := checkSchedule(cfg, &in, where); err != nil {
		return nil, err
	}
	now := cfg.now()
	c := client.ReportSchedule.Create().SetCreatedBy(viewer.FromContext(ctx).Name).SetCreatedAt(now).SetUpdatedAt(now)
	settings(c.Mutation(), in, where)
	s, err := c.Save(ctx)
	if err != nil {
		return nil, err
	}
	return s, audit.Record(ctx, client, audit.Event{
		Action: auditevent.ActionREPORT_SCHEDULE_CREATED, Target: s.Name, After: scheduleValues(s),
	})
}

// UpdateSchedule replaces every setting of a schedule. Deliveries go on
// from the last period delivered.
//
// Errors: NOT_FOUND (id); BAD_USER_INPUT naming the field.
func UpdateSchedule(ctx context.Context, client *ent.Client, cfg Config, id int, in ScheduleInput, where map[string]any) (*ent.ReportSchedule, error) {
	if err := checkSchedule(cfg, &in, where); err != nil {
		return nil, err
	}
	old, err := client.ReportSchedule.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "id", Message: "no such report schedule"}
	} else if err != nil {
		return nil, err
	}
	u := client.ReportSchedule.UpdateOne(old).SetUpdatedAt(cfg.now())
	settings(u.Mutation(), in, where)
	s, err := u.Save(ctx)
	if err != nil {
		return nil, err
	}
	return s, audit.Record(ctx, client, audit.Event{
		Action: auditevent.ActionREPORT_SCHEDULE_CHANGED, Target: s.Name, Before: scheduleValues(old), After: scheduleValues(s),
	})
}

// DeleteSchedule deletes a schedule and the record of its deliveries.
//
// Errors: NOT_FOUND (id).
func DeleteSchedule(ctx context.Context, client *ent.Client, id int) error {
	s, err := client.ReportSchedule.Get(ctx, id)
	if ent.IsNotFound(err) {
		return &apperr.Error{Code: apperr.NotFound, Field: "id", Message: "no such report schedule"}
	} else if err != nil {
		return err
	}
	if err := client.ReportSchedule.DeleteOne(s).Exec(ctx); err != nil {
		return err
	}
	return audit.Record(ctx, client, audit.Event{
		Action: auditevent.ActionREPORT_SCHEDULE_DELETED, Target: s.Name, Before: scheduleValues(s),
	})
}

// settings sets every setting of a schedule, created or changed.
func settings(m *ent.ReportScheduleMutation, in ScheduleInput, where map[string]any) {
	m.SetName(in.Name)
	m.SetKind(in.Kind)
	m.SetFrequency(in.Frequency)
	m.SetFormat(in.Format)
	m.SetSeparator(in.Separator)
	m.SetLanguage(in.Language)
	m.SetHour(in.Hour)
	m.SetEmailRecipients(in.EmailRecipients)
	m.SetDeliverToFolder(in.DeliverToFolder)
	m.SetSendEmpty(in.SendEmpty)
	m.SetJournalSearch(in.JournalSearch)
	m.SetEnabled(in.Enabled)
	if where != nil {
		m.SetJournalWhere(where)
	} else {
		m.ClearJournalWhere()
	}
}

func checkSchedule(cfg Config, in *ScheduleInput, where map[string]any) error {
	in.Name = strings.TrimSpace(in.Name)
	in.JournalSearch = strings.TrimSpace(in.JournalSearch)
	if in.Language == "" {
		in.Language = i18n.FR
	}
	switch {
	case in.Name == "":
		return apperr.InvalidField("input.name", "give the schedule a name")
	case len([]rune(in.Name)) > 100:
		return apperr.InvalidField("input.name", "at most 100 characters")
	case in.Hour < 0 || in.Hour > 23:
		return apperr.InvalidField("input.hour", "an hour of the day, from 0 to 23")
	case in.Kind != reportschedule.KindJOURNAL && (where != nil || in.JournalSearch != ""):
		return apperr.InvalidField("input.journalWhere", "only a JOURNAL report takes the journal's filter")
	case len([]rune(in.JournalSearch)) > 200:
		return apperr.InvalidField("input.journalSearch", "at most 200 characters")
	case in.DeliverToFolder && cfg.OutboundDir == "":
		return apperr.InvalidField("input.deliverToFolder", "this server has no outbound folder (GUICHET_OUTBOUND_DIR)")
	}
	if len(in.EmailRecipients) > 0 {
		recipients, err := payments.ParseRecipients("input.emailRecipients", in.EmailRecipients)
		if err != nil {
			return err
		}
		if len(recipients) > MaxRecipients {
			return apperr.InvalidField("input.emailRecipients", "at most %d recipients", MaxRecipients)
		}
		in.EmailRecipients = recipients
	}
	if len(in.EmailRecipients) == 0 && !in.DeliverToFolder {
		return apperr.InvalidField("input.emailRecipients", "deliver the report by e-mail, to the outbound folder, or both")
	}
	return nil
}

func scheduleValues(s *ent.ReportSchedule) map[string]any {
	return map[string]any{
		"name": s.Name, "kind": string(s.Kind), "frequency": string(s.Frequency), "format": string(s.Format),
		"separator": string(s.Separator), "language": string(s.Language), "hour": s.Hour,
		"emailRecipients": s.EmailRecipients, "deliverToFolder": s.DeliverToFolder, "sendEmpty": s.SendEmpty,
		"journalWhere": s.JournalWhere, "journalSearch": s.JournalSearch, "enabled": s.Enabled,
	}
}

// periodAt is the period of freq that t falls in, in loc.
func periodAt(freq reportschedule.Frequency, t time.Time, loc *time.Location) Period {
	if freq == reportschedule.FrequencyMONTHLY {
		m := calendar.MonthOf(t, loc)
		return Period{Name: m.String(), Start: m.Start(loc), End: m.End(loc)}
	}
	day := calendar.Day(t, loc)
	return Period{Name: day.Format(time.DateOnly), Start: day, End: calendar.NextDay(day)}
}

// MonthPeriod is a month as a report's period.
func MonthPeriod(m calendar.Month, loc *time.Location) Period {
	return Period{Name: m.String(), Start: m.Start(loc), End: m.End(loc)}
}

// Next is the period a schedule delivers next and when: the period after
// the last one delivered (the one it was created in, at first), at the
// schedule's hour once it has ended.
func Next(s *ent.ReportSchedule, loc *time.Location) (Period, time.Time) {
	from := s.CreatedAt
	if end, ok := periodEnd(s.LastPeriod, loc); ok {
		from = end
	}
	p := periodAt(s.Frequency, from, loc)
	return p, calendar.At(p.End, s.Hour)
}

// periodEnd is the end of a period written by its name.
func periodEnd(name string, loc *time.Location) (time.Time, bool) {
	if m, err := calendar.ParseMonth(name); err == nil {
		return m.End(loc), true
	}
	day, err := time.ParseInLocation(time.DateOnly, name, loc)
	if err != nil {
		return time.Time{}, false
	}
	return calendar.NextDay(day), true
}

// NextDelivery is Next for the caller's merchant's schedule.
func NextDelivery(ctx context.Context, client *ent.Client, s *ent.ReportSchedule) (Period, time.Time, error) {
	m, err := client.Merchant.Get(ctx, s.MerchantID)
	if err != nil {
		return Period{}, time.Time{}, err
	}
	loc, err := time.LoadLocation(m.TimeZone)
	if err != nil {
		return Period{}, time.Time{}, err
	}
	p, at := Next(s, loc)
	return p, at, nil
}
