// Package updater is the Account Updater: on the first day of each month
// it selects the merchant's stored cards that are about to expire and have
// not changed for six months, asks the card schemes' updater service about
// them through a CardUpdater, and applies the answers to the billing
// profiles. It knows nothing of GraphQL.
//
// # The selection
//
// A month's run selects every billing profile that is ACTIVE, whose card
// expires in that month, and whose card data has not been updated in the
// six months before it. All three are reckoned in the merchant's time zone
// from the start of the month (midnight on the 1st, "as of"):
//
//   - "expires in the month": expiry month and year equal the run's month,
//     whatever the hour or the replica that runs it;
//   - "not updated in the last six months": card_updated_at is before
//     midnight on the 1st of the month six calendar months earlier
//     ("updated before"). The six months are whole calendar months (for
//     December: June to November), and an update at exactly that midnight
//     is inside them, so that card is not selected. Counting from the 1st
//     means no day-of-month arithmetic: there is no "31 August minus six
//     months" to round, whatever the day a run is started by hand, and
//     leap days are ordinary days of February.
//
// The hour of the day at which the scheduled run starts changes when it
// runs, not what it selects: a card changed after the start of the month is
// never selected, since its card_updated_at is after "updated before".
//
// # Idempotency, crashes and replicas
//
// There is one run per merchant and month (a unique row). Its cards are
// result rows unique per run and profile, so running again in the same
// month (by hand, or a second replica) adds only cards not yet queried, and
// queries no card twice. Progress is persisted as run → batches → results,
// each with its state, and every step is a database transaction that only
// moves states forward: a crash leaves the run where the last commit left
// it, and the next tick, on any replica, goes on from there. A batch sent
// before the crash but not recorded as sent is sent again under the same
// ID, which the service knows (CardUpdater.Submit).
//
// One replica drives a run at a time: it holds the run's lease (a column
// of the run row, taken by a compare-and-set UPDATE and renewed by every
// step's transaction, whose first statement also locks the row). A lease
// works alike on PostgreSQL and SQLite, needs no connection kept for it
// (PostgreSQL's advisory locks belong to a session, which a pool hands
// around), shows who holds it, and ends by itself when its replica dies.
package updater

import (
	"context"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/billingprofile"
	"github.com/guichet/guichet/ent/predicate"
	"github.com/guichet/guichet/ent/updaterresult"
	"github.com/guichet/guichet/ent/updaterrun"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/calendar"
	"github.com/guichet/guichet/internal/commit"
	"github.com/guichet/guichet/internal/updater/decision"
	"github.com/guichet/guichet/internal/viewer"
)

// Selection is the rule of one month's run.
type Selection struct {
	Month calendar.Month
	// AsOf is midnight on the 1st of the month in the merchant's time zone.
	AsOf time.Time
	// UpdatedBefore is midnight on the 1st six months earlier: cards whose
	// data changed at or after it are not selected.
	UpdatedBefore time.Time
}

// SelectionFor is the rule of month for a merchant in loc.
func SelectionFor(month calendar.Month, loc *time.Location) Selection {
	return Selection{Month: month, AsOf: month.Start(loc), UpdatedBefore: month.Add(-6).Start(loc)}
}

// Predicate matches the billing profiles the rule selects.
func (s Selection) Predicate() predicate.BillingProfile {
	return billingprofile.And(
		billingprofile.StatusEQ(billingprofile.StatusACTIVE),
		billingprofile.ExpiryYear(s.Month.Year),
		billingprofile.ExpiryMonth(int(s.Month.Month)),
		billingprofile.CardUpdatedAtLT(s.UpdatedBefore.UTC()),
	)
}

// Preview is what a month's run selects now.
type Preview struct {
	Selection
	// TotalCount is how many cards meet the three conditions now.
	TotalCount int
	// AlreadyQueried is how many of them the month's run has queried: a
	// start by hand queries only the others.
	AlreadyQueried int
}

// PreviewSelection tells what the caller's merchant's run of month selects
// now.
func PreviewSelection(ctx context.Context, client *ent.Client, month calendar.Month) (*Preview, error) {
	m, loc, err := callerMerchant(ctx, client)
	if err != nil {
		return nil, err
	}
	p := &Preview{Selection: SelectionFor(month, loc)}
	if p.TotalCount, err = client.BillingProfile.Query().Where(p.Predicate()).Count(ctx); err != nil {
		return nil, err
	}
	p.AlreadyQueried, err = client.BillingProfile.Query().
		Where(p.Predicate(), billingprofile.HasUpdaterResultsWith(
			updaterresult.HasRunWith(updaterrun.MerchantID(m.ID), updaterrun.Month(month)))).
		Count(ctx)
	return p, err
}

// Start starts the caller's merchant's run of month now, the current month
// in its time zone; when the run exists, it selects again, adding the cards
// that meet the conditions and were not queried yet. The run itself goes on
// in the background (Service).
//
// Errors: BAD_USER_INPUT (month) for a month other than the current one.
func Start(ctx context.Context, client *ent.Client, now time.Time, month calendar.Month) (*ent.UpdaterRun, error) {
	m, loc, err := callerMerchant(ctx, client)
	if err != nil {
		return nil, err
	}
	if current := calendar.MonthOf(now, loc); month != current {
		return nil, apperr.InvalidField("month", "a run can only be started for the current month, %s in %s", current, m.TimeZone)
	}
	v := viewer.FromContext(ctx)
	run, created, err := ensureRun(ctx, client, m.ID, month, loc, now, updaterrun.TriggerMANUAL, v.Name)
	if err != nil {
		return nil, err
	}
	if !created {
		if run, err = client.UpdaterRun.UpdateOne(run).
			SetState(updaterrun.StateSELECTING).
			SetNextCheckAt(now).
			Save(ctx); err != nil {
			return nil, err
		}
	}
	if err := recordStart(ctx, client, run, !created); err != nil {
		return nil, err
	}
	commit.After(ctx, Wake)
	return run, nil
}

// Schedule is when a merchant's runs start.
type Schedule struct {
	// Hour is the hour of the 1st of each month at which a run starts.
	Hour         int
	TimeZone     string
	CurrentMonth calendar.Month
	NextRunMonth calendar.Month
	NextRunAt    time.Time
	// DecisionCodes lists every decision code.
	DecisionCodes []DecisionInfo
}

// DecisionInfo tells what a decision code means and does.
type DecisionInfo struct{ Code decision.Code }

// VisaCode is the code Visa's response files write.
func (d DecisionInfo) VisaCode() string { return d.Code.VisaCode() }

// MastercardCode is the code Mastercard's response files write.
func (d DecisionInfo) MastercardCode() string { return d.Code.MastercardCode() }

// UpdatesCard reports whether the profile gets new card data.
func (d DecisionInfo) UpdatesCard() bool { return d.Code.UpdatesCard() }

// DisablesProfile reports whether the profile is disabled.
func (d DecisionInfo) DisablesProfile() bool { return d.Code.DisablesProfile() }

// Reported reports whether the status report lists it.
func (d DecisionInfo) Reported() bool { return d.Code.Reported() }

// ScheduleOf tells the caller's merchant when its runs start.
func ScheduleOf(ctx context.Context, client *ent.Client, now time.Time, hour int) (*Schedule, error) {
	m, loc, err := callerMerchant(ctx, client)
	if err != nil {
		return nil, err
	}
	next, at, err := Next(ctx, client, now, hour)
	if err != nil {
		return nil, err
	}
	s := &Schedule{Hour: hour, TimeZone: m.TimeZone, CurrentMonth: calendar.MonthOf(now, loc), NextRunMonth: next, NextRunAt: at}
	for _, c := range decision.All {
		s.DecisionCodes = append(s.DecisionCodes, DecisionInfo{c})
	}
	return s, nil
}

// Next says when the merchant's next run starts: the current month's at the
// configured hour of its 1st, or the next month's once the current one's
// exists or when the merchant joined after the current one's start.
func Next(ctx context.Context, client *ent.Client, now time.Time, hour int) (calendar.Month, time.Time, error) {
	m, loc, err := callerMerchant(ctx, client)
	if err != nil {
		return calendar.Month{}, time.Time{}, err
	}
	month := calendar.MonthOf(now, loc)
	exists, err := client.UpdaterRun.Query().Where(updaterrun.MerchantID(m.ID), updaterrun.Month(month)).Exist(ctx)
	if err != nil {
		return calendar.Month{}, time.Time{}, err
	}
	if _, ok := scheduled(m, month, loc, hour); exists || !ok {
		month = month.Add(1)
	}
	return month, calendar.At(month.Start(loc), hour), nil
}

// scheduled is when the automatic run of month starts for m, and whether
// it has one: a merchant's first automatic run is the first that starts
// after it joined, as with the card schemes' own enrolments. A merchant
// that joins in the middle of a month may start that month's by hand.
func scheduled(m *ent.Merchant, month calendar.Month, loc *time.Location, hour int) (time.Time, bool) {
	at := calendar.At(month.Start(loc), hour)
	return at, !m.CreatedAt.After(at)
}

// Progress is where a run's cards stand.
type Progress struct {
	Selected, Pending, Submitted, Answered int
	// ByDecision counts the answers of each code, every code listed.
	ByDecision []DecisionCount
}

// DecisionCount is the number of answers with one decision code.
type DecisionCount struct {
	Decision decision.Code
	Count    int
}

// RunProgress counts a run's cards by state and answers by decision.
func RunProgress(ctx context.Context, client *ent.Client, runID int) (*Progress, error) {
	var rows []struct {
		State    updaterresult.State `json:"state"`
		Decision *decision.Code      `json:"decision"`
		Count    int                 `json:"count"`
	}
	err := client.UpdaterResult.Query().
		Where(updaterresult.RunID(runID)).
		GroupBy(updaterresult.FieldState, updaterresult.FieldDecision).
		Aggregate(ent.Count()).
		Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	p := &Progress{}
	counts := map[decision.Code]int{}
	for _, r := range rows {
		p.Selected += r.Count
		switch r.State {
		case updaterresult.StatePENDING:
			p.Pending += r.Count
		case updaterresult.StateSUBMITTED:
			p.Submitted += r.Count
		case updaterresult.StateANSWERED:
			p.Answered += r.Count
			if r.Decision != nil {
				counts[*r.Decision] += r.Count
			}
		}
	}
	for _, c := range decision.All {
		p.ByDecision = append(p.ByDecision, DecisionCount{c, counts[c]})
	}
	return p, nil
}

// callerMerchant is the caller's merchant and its time zone.
func callerMerchant(ctx context.Context, client *ent.Client) (*ent.Merchant, *time.Location, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.IsSystem() {
		return nil, nil, apperr.Errorf(apperr.Unauthenticated, "authentication required")
	}
	m, err := client.Merchant.Get(ctx, v.MerchantID)
	if err != nil {
		return nil, nil, err
	}
	loc, err := time.LoadLocation(m.TimeZone)
	return m, loc, err
}
