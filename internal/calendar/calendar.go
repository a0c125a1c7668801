// Package calendar is the merchant's calendar: months and days as the
// merchant lives them, in its own time zone. Schedules (the monthly Account
// Updater run, daily and monthly reports) and the Account Updater's
// selection are reckoned in it, never in UTC.
package calendar

import (
	"database/sql/driver"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/guichet/guichet/internal/apperr"
)

// Month is a calendar month, written YYYY-MM.
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf is the month t falls in, in loc.
func MonthOf(t time.Time, loc *time.Location) Month {
	t = t.In(loc)
	return Month{t.Year(), t.Month()}
}

// ParseMonth reads YYYY-MM, with a year from 2000 to 2200.
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil || len(s) != 7 || t.Year() < 2000 || t.Year() > 2200 {
		return Month{}, fmt.Errorf("%q is not a month written YYYY-MM", s)
	}
	return Month{t.Year(), t.Month()}, nil
}

// String writes m as YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// IsZero reports whether m is the zero Month.
func (m Month) IsZero() bool { return m == Month{} }

// Start is midnight on the first day of m in loc.
func (m Month) Start(loc *time.Location) time.Time {
	return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, loc)
}

// End is the start of the next month: m is [Start, End).
func (m Month) End(loc *time.Location) time.Time { return m.Add(1).Start(loc) }

// Add is the month n months after m (before it for a negative n).
func (m Month) Add(n int) Month {
	i := m.Year*12 + int(m.Month) - 1 + n
	return Month{i / 12, time.Month(i%12 + 1)}
}

// Before reports whether m comes before o.
func (m Month) Before(o Month) bool {
	return m.Year < o.Year || (m.Year == o.Year && m.Month < o.Month)
}

// Value stores m as its YYYY-MM text, which sorts as months do.
func (m Month) Value() (driver.Value, error) { return m.String(), nil }

// Scan reads a month stored by Value.
func (m *Month) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("calendar: cannot scan %T into a Month", src)
	}
	parsed, err := ParseMonth(s)
	if err != nil {
		return err
	}
	*m = parsed
	return nil
}

// MarshalGQL writes m as a GraphQL Month.
func (m Month) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(m.String())) }

// UnmarshalGQL reads a GraphQL Month.
func (m *Month) UnmarshalGQL(v any) error {
	s, _ := v.(string)
	parsed, err := ParseMonth(s)
	if err != nil {
		return apperr.Errorf(apperr.Invalid, "%v is not a month written YYYY-MM", v)
	}
	*m = parsed
	return nil
}

// Day is midnight at the start of t's day in loc.
func Day(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// NextDay is midnight at the start of the day after day's, in day's
// location: 23 or 25 hours later across a change of daylight saving time.
func NextDay(day time.Time) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, day.Location())
}

// At is the given hour of the day of midnight day. An hour that a change of
// daylight saving time skips is the hour after it.
func At(day time.Time, hour int) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), hour, 0, 0, 0, day.Location())
}
