package updater_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/auditevent"
	"github.com/guichet/guichet/ent/billingprofile"
	_ "github.com/guichet/guichet/ent/runtime"
	"github.com/guichet/guichet/ent/updaterresult"
	"github.com/guichet/guichet/ent/updaterrun"
	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/calendar"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/updater"
	"github.com/guichet/guichet/internal/viewer"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testdb.Cleanup()
	os.Exit(code)
}

var sys = viewer.SystemContext(context.Background())

// env is a database, a clock, the sandbox card updater and the service.
type env struct {
	d       *db.DB
	f       *graphtest.Fixture
	clock   *graphtest.Clock
	sandbox *updater.Sandbox
	svc     *updater.Service
}

func newEnv(t *testing.T, d *db.DB, start time.Time) *env {
	t.Helper()
	c := graphtest.NewClock(start)
	sb := &updater.Sandbox{Now: c.Now}
	return &env{d: d, f: graphtest.NewFixture(t, d.Client), clock: c, sandbox: sb, svc: newService(d.Client, d.Dialect, c, sb)}
}

// newService is a replica's Account Updater at 02:00 on the 1st.
func newService(client *ent.Client, dialect string, c *graphtest.Clock, u updater.CardUpdater) *updater.Service {
	return &updater.Service{Client: client, Dialect: dialect, Updater: u, Hour: 2, Now: c.Now, BatchSize: 3, ApplyChunk: 2}
}

func (e *env) tick(t *testing.T) {
	t.Helper()
	if err := e.svc.Tick(t.Context()); err != nil {
		t.Fatalf("tick at %s: %v", e.clock.Now(), err)
	}
}

// admin acts as an admin of m.
func admin(m *ent.Merchant) context.Context {
	return viewer.NewContext(context.Background(), &viewer.Viewer{MerchantID: m.ID, Role: viewer.RoleAdmin, Name: "Alice Admin", Subject: "u-admin"})
}

func local(t *testing.T, tz, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(tz)
	if err != nil {
		t.Fatal(err)
	}
	at, err := time.ParseInLocation("2006-01-02 15:04:05.999999", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

func month(t *testing.T, s string) calendar.Month {
	t.Helper()
	m, err := calendar.ParseMonth(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// runOf is m's run of month, nil when there is none.
func runOf(t *testing.T, client *ent.Client, m *ent.Merchant, mo calendar.Month) *ent.UpdaterRun {
	t.Helper()
	r, err := client.UpdaterRun.Query().Where(updaterrun.MerchantID(m.ID), updaterrun.Month(mo)).Only(sys)
	if ent.IsNotFound(err) {
		return nil
	} else if err != nil {
		t.Fatal(err)
	}
	return r
}

func results(t *testing.T, client *ent.Client, run *ent.UpdaterRun) []*ent.UpdaterResult {
	t.Helper()
	rs, err := client.UpdaterResult.Query().Where(updaterresult.RunID(run.ID)).Order(ent.Asc(updaterresult.FieldID)).All(sys)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func profile(t *testing.T, client *ent.Client, id int) *ent.BillingProfile {
	t.Helper()
	bp, err := client.BillingProfile.Get(sys, id)
	if err != nil {
		t.Fatal(err)
	}
	return bp
}

// TestSelection checks the three conditions at their edges. Each case is a
// merchant with one card; the service ticks at the case's instant, which
// starts the merchant's run of the month that has begun in its time zone
// (at 00:00, the hour of these runs); the run must select the card exactly
// when the case says, and so must the preview of the month.
func TestSelection(t *testing.T) {
	type card struct {
		status  billingprofile.Status
		expiry  string
		updated time.Time
	}
	const zurich, newYork = "Europe/Zurich", "America/New_York"
	cases := []struct {
		name     string
		tz       string
		now      time.Time
		card     card
		month    string
		selected bool
	}{
		{"every condition met", zurich, local(t, zurich, "2026-12-01 00:30:00"),
			card{"", "2026-12", local(t, zurich, "2026-03-15 10:00:00")}, "2026-12", true},
		{"disabled", zurich, local(t, zurich, "2026-12-01 00:30:00"),
			card{billingprofile.StatusDISABLED, "2026-12", local(t, zurich, "2026-03-15 10:00:00")}, "2026-12", false},
		{"expires the next month", zurich, local(t, zurich, "2026-12-01 00:30:00"),
			card{"", "2027-01", local(t, zurich, "2026-03-15 10:00:00")}, "2026-12", false},
		{"expired the month before", zurich, local(t, zurich, "2026-12-01 00:30:00"),
			card{"", "2026-11", local(t, zurich, "2026-03-15 10:00:00")}, "2026-12", false},
		{"expires in December a year later", zurich, local(t, zurich, "2026-12-01 00:30:00"),
			card{"", "2027-12", local(t, zurich, "2026-03-15 10:00:00")}, "2026-12", false},
		{"updated within the last six months", zurich, local(t, zurich, "2026-12-01 00:30:00"),
			card{"", "2026-12", local(t, zurich, "2026-09-10 12:00:00")}, "2026-12", false},
		{"updated exactly six months before: inside them", zurich, local(t, zurich, "2026-12-01 00:30:00"),
			card{"", "2026-12", local(t, zurich, "2026-06-01 00:00:00")}, "2026-12", false},
		{"updated a microsecond before the six months", zurich, local(t, zurich, "2026-12-01 00:30:00"),
			card{"", "2026-12", local(t, zurich, "2026-05-31 23:59:59.999999")}, "2026-12", true},
		{"updated on 1 June in Zurich, still 31 May in UTC", zurich, local(t, zurich, "2026-12-01 00:30:00"),
			card{"", "2026-12", time.Date(2026, 5, 31, 22, 30, 0, 0, time.UTC)}, "2026-12", false},
		{"updated on 31 May in New York, already 1 June in UTC", newYork, local(t, newYork, "2026-12-01 00:30:00"),
			card{"", "2026-12", time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)}, "2026-12", true},
		{"updated after the month began", zurich, local(t, zurich, "2026-12-01 00:30:00"),
			card{"", "2026-12", local(t, zurich, "2026-12-01 00:10:00")}, "2026-12", false},
		{"January: the six months reach into last year, updated on 1 July", zurich, local(t, zurich, "2027-01-01 00:30:00"),
			card{"", "2027-01", local(t, zurich, "2026-07-01 00:00:00")}, "2027-01", false},
		{"January: updated on 30 June", zurich, local(t, zurich, "2027-01-01 00:30:00"),
			card{"", "2027-01", local(t, zurich, "2026-06-30 23:00:00")}, "2027-01", true},
		{"February of a leap year", zurich, local(t, zurich, "2028-02-01 00:30:00"),
			card{"", "2028-02", local(t, zurich, "2027-07-31 12:00:00")}, "2028-02", true},
		{"updated on 29 February: inside August's six months", zurich, local(t, zurich, "2028-08-01 00:30:00"),
			card{"", "2028-08", local(t, zurich, "2028-02-29 12:00:00")}, "2028-08", false},
		{"updated on 29 February: before September's six months", zurich, local(t, zurich, "2028-09-01 00:30:00"),
			card{"", "2028-09", local(t, zurich, "2028-02-29 23:59:00")}, "2028-09", true},
		// 31 August minus six months is no day at all; a rule counting back
		// from the day of the run (Go's AddDate gives 2 March) would select
		// this card. The run is reckoned from 1 August: its six months begin
		// on 1 February.
		{"a run late on 31 August counts from 1 August", zurich, local(t, zurich, "2028-08-31 12:00:00"),
			card{"", "2028-08", local(t, zurich, "2028-02-15 12:00:00")}, "2028-08", false},
		{"Auckland's December begins while UTC is in November", "Pacific/Auckland", time.Date(2026, 11, 30, 11, 30, 0, 0, time.UTC),
			card{"", "2026-12", local(t, zurich, "2026-01-10 12:00:00")}, "2026-12", true},
		{"Los Angeles is still in November then", "America/Los_Angeles", time.Date(2026, 11, 30, 11, 30, 0, 0, time.UTC),
			card{"", "2026-12", local(t, zurich, "2026-01-10 12:00:00")}, "2026-11", false},
		{"Zurich's December begins at 23:00 UTC", zurich, time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC),
			card{"", "2026-12", local(t, zurich, "2026-01-10 12:00:00")}, "2026-12", true},
	}
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, cases[0].now)
		e.svc.Hour = 0
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				m := e.f.Merchant(c.name, c.tz)
				p := e.f.Payer(m, "P-1", "")
				exp := month(t, c.card.expiry)
				bp := e.f.BillingProfile(graphtest.Card{Payer: p, Status: c.card.status, Last4: "0505",
					ExpiryMonth: int(exp.Month), ExpiryYear: exp.Year, UpdatedAt: c.card.updated})
				e.clock.Set(c.now)
				e.tick(t)
				run := runOf(t, d.Client, m, month(t, c.month))
				if run == nil {
					t.Fatalf("no run of %s started at %s", c.month, c.now)
				}
				rs := results(t, d.Client, run)
				if got := len(rs) == 1 && rs[0].BillingProfileID == bp.ID; got != c.selected || len(rs) > 1 {
					t.Errorf("the run selected %d cards, want the card selected: %v", len(rs), c.selected)
				}
				preview, err := updater.PreviewSelection(admin(m), d.Client, month(t, c.month))
				if err != nil {
					t.Fatal(err)
				}
				want := 0
				if c.selected {
					want = 1
				}
				if preview.TotalCount != want || preview.AlreadyQueried != want {
					t.Errorf("the preview counts %d cards, %d already queried; want %d", preview.TotalCount, preview.AlreadyQueried, want)
				}
			})
		}
	})
}

// TestScheduledStart checks when the monthly run starts: at the configured
// hour of the 1st in the merchant's time zone, once.
func TestScheduledStart(t *testing.T) {
	d := testdb.Open(t, "sqlite3")
	e := newEnv(t, d, local(t, "Europe/Zurich", "2026-12-01 01:59:59"))
	m := e.f.Merchant("Hôtel", "Europe/Zurich")
	dec := month(t, "2026-12")
	e.tick(t)
	if run := runOf(t, d.Client, m, dec); run != nil {
		t.Fatalf("a run started at 01:59:59, before the hour")
	}
	e.clock.Set(local(t, "Europe/Zurich", "2026-12-01 02:00:00"))
	e.tick(t)
	run := runOf(t, d.Client, m, dec)
	if run == nil || run.Trigger != updaterrun.TriggerSCHEDULED || run.StartedBy != updater.JobName {
		t.Fatalf("got run %+v at 02:00, want the scheduled December run", run)
	}
	if !run.AsOf.Equal(local(t, "Europe/Zurich", "2026-12-01 00:00:00")) || !run.UpdatedBefore.Equal(local(t, "Europe/Zurich", "2026-06-01 00:00:00")) {
		t.Errorf("as of %s, updated before %s", run.AsOf, run.UpdatedBefore)
	}
	e.clock.Advance(2 * time.Hour)
	e.tick(t)
	n, err := d.Client.UpdaterRun.Query().Count(sys)
	if err != nil || n != 1 {
		t.Errorf("%d runs after a second tick (%v), want 1", n, err)
	}
	starts := auditCount(t, d.Client, auditevent.ActionUPDATER_RUN_STARTED)
	if starts != 1 {
		t.Errorf("%d UPDATER_RUN_STARTED events, want 1", starts)
	}
}

// TestFirstScheduledRun checks a merchant that joins in the middle of a
// month: no automatic run that month (its admin may start one by hand),
// the first one on the 1st of the next; one that joined at the very hour
// has that month's.
func TestFirstScheduledRun(t *testing.T) {
	for _, c := range []struct {
		name, joined string
		want         bool
	}{
		{"joined in the month", "2026-11-15 10:00:00", false},
		{"joined a second after the hour of the 1st", "2026-11-01 02:00:01", false},
		{"joined at the hour of the 1st", "2026-11-01 02:00:00", true},
		{"joined the month before", "2026-10-31 23:59:59", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := testdb.Open(t, "sqlite3")
			e := newEnv(t, d, local(t, "Europe/Zurich", "2026-11-20 12:00:00"))
			m, err := d.Client.Merchant.Create().SetName("Hôtel").SetAccountNumber("T-NEW").SetTimeZone("Europe/Zurich").
				SetCreatedAt(local(t, "Europe/Zurich", c.joined)).Save(sys)
			if err != nil {
				t.Fatal(err)
			}
			e.tick(t)
			if got := runOf(t, d.Client, m, month(t, "2026-11")) != nil; got != c.want {
				t.Errorf("November's run started: %v, want %v", got, c.want)
			}
			next, at, err := updater.Next(admin(m), d.Client, e.clock.Now(), 2)
			if err != nil {
				t.Fatal(err)
			}
			// Whether November's ran or was never to run, December's is next.
			if next.String() != "2026-12" || !at.Equal(local(t, "Europe/Zurich", "2026-12-01 02:00:00")) {
				t.Errorf("next run %s at %s, want December's at 02:00 on the 1st", next, at)
			}
			e.clock.Set(local(t, "Europe/Zurich", "2026-12-01 02:00:00"))
			e.tick(t)
			if runOf(t, d.Client, m, month(t, "2026-12")) == nil {
				t.Errorf("no December run on the 1st at 02:00")
			}
		})
	}
}

func auditCount(t *testing.T, client *ent.Client, action auditevent.Action) int {
	t.Helper()
	n, err := client.AuditEvent.Query().Where(auditevent.ActionEQ(action)).Count(sys)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// december is a Zurich merchant with cards expiring in December 2026 that
// the run of December selects, one per test card of the sandbox.
type december struct {
	*env
	m        *ent.Merchant
	payer    *ent.Payer
	profiles map[string]*ent.BillingProfile // by "BRAND last4"
}

var runStart = time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC) // 02:00 in Zurich

func newDecember(t *testing.T, d *db.DB, cards ...string) *december {
	t.Helper()
	x := &december{env: newEnv(t, d, runStart), profiles: map[string]*ent.BillingProfile{}}
	x.m = x.f.Merchant("Hôtel Refundus", "Europe/Zurich")
	x.payer = x.f.Payer(x.m, "P-42", "")
	for _, c := range cards {
		x.add(t, c)
	}
	return x
}

// add stores a card "BRAND last4" expiring in December 2026, unchanged
// since March.
func (x *december) add(t *testing.T, c string) *ent.BillingProfile {
	t.Helper()
	var brand billingprofile.CardBrand
	var last4 string
	if _, err := fmt.Sscanf(c, "%s %s", &brand, &last4); err != nil {
		t.Fatal(err)
	}
	bp := x.f.BillingProfile(graphtest.Card{Payer: x.payer, Brand: brand, Last4: last4, ExpiryMonth: 12, ExpiryYear: 2026,
		UpdatedAt: time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC), PaymentMethodRef: "PM " + c})
	x.profiles[c] = bp
	return bp
}

func (x *december) run(t *testing.T) *ent.UpdaterRun {
	t.Helper()
	r := runOf(t, x.d.Client, x.m, month(t, "2026-12"))
	if r == nil {
		t.Fatal("no December run")
	}
	return r
}

// TestDecisions applies each decision code of the sandbox and checks its
// effect on the profile, the result row and the audit trail.
func TestDecisions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		x := newDecember(t, d, "VISA 0101", "VISA 0202", "VISA 0303", "VISA 0404", "VISA 0505", "VISA 0606",
			"MASTERCARD 0101", "MASTERCARD 0202", "AMEX 0303", "VISA 4242")
		x.tick(t)
		run := x.run(t)
		if run.State != updaterrun.StateCOMPLETED {
			t.Fatalf("the run is %s, want COMPLETED (the sandbox answers these cards at once)", run.State)
		}
		answeredAt := x.clock.Now().UTC()
		type want struct {
			decision, scheme string
			last4            string
			year             int
			status           billingprofile.Status
			newToken         bool
			action           auditevent.Action
		}
		for c, w := range map[string]want{
			"VISA 0101":       {"NEW_ACCOUNT_NUMBER", "A", "4242", 2029, "ACTIVE", true, auditevent.ActionBILLING_PROFILE_UPDATED},
			"MASTERCARD 0101": {"NEW_ACCOUNT_NUMBER", "UPDATE", "4444", 2029, "ACTIVE", true, auditevent.ActionBILLING_PROFILE_UPDATED},
			"VISA 0202":       {"NEW_EXPIRY_DATE", "E", "0202", 2029, "ACTIVE", true, auditevent.ActionBILLING_PROFILE_UPDATED},
			"MASTERCARD 0202": {"NEW_EXPIRY_DATE", "EXPIRY", "0202", 2029, "ACTIVE", true, auditevent.ActionBILLING_PROFILE_UPDATED},
			"VISA 0303":       {"ACCOUNT_CLOSED", "C", "0303", 2026, "DISABLED", false, auditevent.ActionBILLING_PROFILE_DISABLED},
			"AMEX 0303":       {"ACCOUNT_CLOSED", "C", "0303", 2026, "DISABLED", false, auditevent.ActionBILLING_PROFILE_DISABLED},
			"VISA 0404":       {"CONTACT_CARDHOLDER", "Q", "0404", 2026, "ACTIVE", false, auditevent.ActionBILLING_PROFILE_CHECKED},
			"VISA 0505":       {"NO_MATCH", "P", "0505", 2026, "ACTIVE", false, auditevent.ActionBILLING_PROFILE_CHECKED},
			"VISA 0606":       {"NON_PARTICIPATING", "N", "0606", 2026, "ACTIVE", false, auditevent.ActionBILLING_PROFILE_CHECKED},
			"VISA 4242":       {"NO_MATCH", "P", "4242", 2026, "ACTIVE", false, auditevent.ActionBILLING_PROFILE_CHECKED},
		} {
			t.Run(c, func(t *testing.T) {
				before := x.profiles[c]
				after := profile(t, d.Client, before.ID)
				if after.CardLast4 != w.last4 || after.ExpiryYear != w.year || after.ExpiryMonth != 12 || after.Status != w.status {
					t.Errorf("the profile is •••• %s %02d/%d %s, want •••• %s 12/%d %s",
						after.CardLast4, after.ExpiryMonth, after.ExpiryYear, after.Status, w.last4, w.year, w.status)
				}
				if changed := after.ProcessorToken != before.ProcessorToken; changed != w.newToken {
					t.Errorf("token changed: %v, want %v", changed, w.newToken)
				}
				if w.newToken && (after.ProcessorToken[7:11] != w.last4 || !after.CardUpdatedAt.Equal(answeredAt)) {
					t.Errorf("new token %q, card updated at %s; want a token of •••• %s, updated at %s", after.ProcessorToken, after.CardUpdatedAt, w.last4, answeredAt)
				}
				if !w.newToken && !after.CardUpdatedAt.Equal(before.CardUpdatedAt) {
					t.Errorf("card updated at %s, want unchanged %s", after.CardUpdatedAt, before.CardUpdatedAt)
				}
				if w.status == billingprofile.StatusDISABLED && (after.DisabledAt == nil || after.DisabledReason == "") {
					t.Errorf("disabled at %v for %q, want when and why", after.DisabledAt, after.DisabledReason)
				}
				r, err := d.Client.UpdaterResult.Query().Where(updaterresult.RunID(run.ID), updaterresult.BillingProfileID(before.ID)).Only(sys)
				if err != nil {
					t.Fatal(err)
				}
				if r.State != updaterresult.StateANSWERED || r.Decision == nil || string(*r.Decision) != w.decision || r.SchemeCode != w.scheme {
					t.Errorf("result %s %v %q, want ANSWERED %s %s", r.State, r.Decision, r.SchemeCode, w.decision, w.scheme)
				}
				if r.Last4Before != before.CardLast4 || r.Last4After != w.last4 || r.ExpiryYearBefore != 2026 ||
					*r.ExpiryYearAfter != w.year || string(*r.StatusAfter) != string(w.status) || r.PaymentMethodRef != "PM "+c {
					t.Errorf("result before/after: •••• %s → %s, %d → %d, %v, ref %q", r.Last4Before, r.Last4After,
						r.ExpiryYearBefore, *r.ExpiryYearAfter, *r.StatusAfter, r.PaymentMethodRef)
				}
				events, err := d.Client.AuditEvent.Query().Where(auditevent.BillingProfileID(before.ID)).All(sys)
				if err != nil {
					t.Fatal(err)
				}
				if len(events) != 1 || events[0].Action != w.action || events[0].ActorName != updater.JobName ||
					events[0].After["decision"] != w.decision || events[0].Before["cardLast4"] != before.CardLast4 {
					t.Errorf("audit events %+v, want one %s by the updater", events, w.action)
				}
			})
		}
		p, err := updater.RunProgress(sys, d.Client, run.ID)
		if err != nil {
			t.Fatal(err)
		}
		counts := map[string]int{}
		for _, c := range p.ByDecision {
			counts[string(c.Decision)] = c.Count
		}
		wantCounts := map[string]int{"NEW_ACCOUNT_NUMBER": 2, "NEW_EXPIRY_DATE": 2, "ACCOUNT_CLOSED": 2, "CONTACT_CARDHOLDER": 1, "NO_MATCH": 2, "NON_PARTICIPATING": 1}
		if p.Selected != 10 || p.Answered != 10 || fmt.Sprint(counts) != fmt.Sprint(wantCounts) {
			t.Errorf("progress %d selected, %d answered, %v; want 10, 10, %v", p.Selected, p.Answered, counts, wantCounts)
		}
		if n := auditCount(t, d.Client, auditevent.ActionUPDATER_RUN_COMPLETED); n != 1 {
			t.Errorf("%d UPDATER_RUN_COMPLETED events, want 1", n)
		}
	})
}

// TestLateAnswers checks answers that arrive days after the batch: the run
// waits for them, collecting every hour, and completes with the last.
func TestLateAnswers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		x := newDecember(t, d, "VISA 0505", "VISA 0707", "VISA 0808", "VISA 0909")
		x.tick(t)
		answered := func() (int, updaterrun.State) {
			t.Helper()
			p, err := updater.RunProgress(sys, d.Client, x.run(t).ID)
			if err != nil {
				t.Fatal(err)
			}
			return p.Answered, x.run(t).State
		}
		for _, step := range []struct {
			after time.Duration
			want  int
			state updaterrun.State
		}{
			{0, 1, updaterrun.StateAWAITING_RESPONSES},
			{47 * time.Hour, 1, updaterrun.StateAWAITING_RESPONSES},
			{48 * time.Hour, 2, updaterrun.StateAWAITING_RESPONSES}, // 0909, two days
			{71 * time.Hour, 2, updaterrun.StateAWAITING_RESPONSES},
			{72 * time.Hour, 4, updaterrun.StateCOMPLETED}, // 0707 and 0808, three days
		} {
			x.clock.Set(runStart.Add(step.after))
			x.tick(t)
			if n, state := answered(); n != step.want || state != step.state {
				t.Fatalf("after %s: %d answered, run %s; want %d, %s", step.after, n, state, step.want, step.state)
			}
		}
		if bp := profile(t, d.Client, x.profiles["VISA 0808"].ID); bp.Status != billingprofile.StatusDISABLED {
			t.Errorf("the card closed three days later is %s", bp.Status)
		}
		if bp := profile(t, d.Client, x.profiles["VISA 0909"].ID); bp.CardLast4 != "4242" {
			t.Errorf("the card replaced two days later ends in %s", bp.CardLast4)
		}
		for c, bp := range x.profiles {
			if n := x.sandbox.Queried(bp.ProcessorToken); n != 1 {
				t.Errorf("%s was queried %d times", c, n)
			}
		}
	})
}

// TestSecondRun starts the month's run again by hand: only a card that
// became eligible since is queried; none twice.
func TestSecondRun(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		x := newDecember(t, d, "VISA 0505", "VISA 0202", "VISA 0303")
		x.tick(t)
		first := map[string]string{}
		for c, bp := range x.profiles {
			first[c] = bp.ProcessorToken
		}
		late := x.add(t, "MASTERCARD 0404") // stored since, with an old card
		x.clock.Advance(3 * time.Hour)
		ctx := admin(x.m)
		if _, err := updater.Start(ctx, d.Client, x.clock.Now(), month(t, "2027-01")); err == nil {
			t.Errorf("a run of another month than the current one started")
		}
		run, err := updater.Start(ctx, d.Client, x.clock.Now(), month(t, "2026-12"))
		if err != nil {
			t.Fatal(err)
		}
		if run.State != updaterrun.StateSELECTING {
			t.Errorf("the run is %s after the start by hand, want SELECTING", run.State)
		}
		x.tick(t)
		run = x.run(t)
		if run.Selections != 2 || run.State != updaterrun.StateCOMPLETED || run.Trigger != updaterrun.TriggerSCHEDULED {
			t.Errorf("run: %d selections, %s, %s; want 2, COMPLETED, SCHEDULED", run.Selections, run.State, run.Trigger)
		}
		rs := results(t, d.Client, run)
		if len(rs) != 4 {
			t.Errorf("%d results, want 4", len(rs))
		}
		for c, token := range first {
			if n := x.sandbox.Queried(token); n != 1 {
				t.Errorf("%s was queried %d times", c, n)
			}
		}
		if n := x.sandbox.Queried(late.ProcessorToken); n != 1 {
			t.Errorf("the card stored since was queried %d times", n)
		}
		if n := auditCount(t, d.Client, auditevent.ActionUPDATER_RUN_STARTED); n != 2 {
			t.Errorf("%d UPDATER_RUN_STARTED events, want 2 (the schedule, then the admin)", n)
		}
		// The cards the first run updated or disabled are no longer selected.
		p, err := updater.PreviewSelection(ctx, d.Client, month(t, "2026-12"))
		if err != nil {
			t.Fatal(err)
		}
		if p.TotalCount != 2 || p.AlreadyQueried != 2 {
			t.Errorf("preview: %d cards, %d queried; want 2 and 2 (the new expiry date and the closed account took two out)", p.TotalCount, p.AlreadyQueried)
		}
	})
}

// normalized is a statement without quotes, in lower case, to match by.
func normalized(q string) string {
	return strings.ToLower(strings.NewReplacer("`", "", `"`, "").Replace(q))
}

// nth matches the n-th statement that match accepts.
func nth(n int, match func(q string) bool) func(string) bool {
	seen := 0
	return func(q string) bool {
		if match(normalized(q)) {
			seen++
		}
		return seen == n
	}
}

// TestCrashAndResume crashes the run twice, the way a replica dies: once
// while recording that a batch was sent (the batch reached the service,
// the database does not know it), once in the middle of applying answers
// (the process dies holding the run's lease). Each time another replica
// takes over: no card is queried twice, none is skipped, no answer is
// applied twice.
func TestCrashAndResume(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		x := newDecember(t, d, "VISA 0101", "VISA 0202", "VISA 0303", "VISA 0404", "VISA 0505", "VISA 0606", "MASTERCARD 0202")
		client, drv := graphtest.NewClient(d)

		// Replica A: its connection to the database goes while it records
		// the second batch as sent.
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		drv.Before(nth(2, func(q string) bool {
			return strings.HasPrefix(q, "update updater_results set") && strings.Contains(q, "state") && !strings.Contains(q, "decision")
		}), cancel)
		a := newService(client, d.Dialect, x.clock, x.sandbox)
		if err := a.Tick(ctx); err == nil {
			t.Fatal("replica A's tick went through its crash")
		}
		batches, err := d.Client.UpdaterBatch.Query().Order(ent.Asc("number")).All(sys)
		if err != nil {
			t.Fatal(err)
		}
		if len(batches) != 3 || batches[0].State != "SUBMITTED" || batches[1].State != "PENDING" || batches[1].Attempts != 1 {
			t.Fatalf("after the first crash: %d batches, %s, %s after %d attempts; want 3, SUBMITTED, PENDING after 1",
				len(batches), batches[0].State, batches[1].State, batches[1].Attempts)
		}

		// Replica B takes over once A's failure is past its back-off, and
		// dies in the middle of applying the first batch's answers, holding
		// the lease.
		x.clock.Advance(6 * time.Minute)
		drv.Before(nth(2, func(q string) bool { return strings.Contains(q, "insert into audit_events") }), func() { panic("replica B dies") })
		b := newService(client, d.Dialect, x.clock, x.sandbox)
		func() {
			defer func() {
				if recover() == nil {
					t.Fatal("replica B did not die")
				}
			}()
			_ = b.Tick(t.Context())
		}()
		answered, err := d.Client.UpdaterResult.Query().Where(updaterresult.StateEQ(updaterresult.StateANSWERED)).Count(sys)
		if err != nil {
			t.Fatal(err)
		}
		if answered != 2 {
			t.Fatalf("after the second crash %d answers are applied, want the first chunk's 2", answered)
		}

		// Replica C waits for B's lease to end, then finishes the run.
		c := newService(d.Client, d.Dialect, x.clock, x.sandbox)
		if err := c.Tick(t.Context()); err != nil {
			t.Fatal(err)
		}
		if st := x.run(t).State; st == updaterrun.StateCOMPLETED {
			t.Fatal("replica C worked on the run while B's lease held")
		}
		x.clock.Advance(5*time.Minute + time.Second)
		if err := c.Tick(t.Context()); err != nil {
			t.Fatal(err)
		}
		if st := x.run(t).State; st != updaterrun.StateCOMPLETED {
			t.Fatalf("the run is %s after replica C, want COMPLETED", st)
		}
		for card, bp := range x.profiles {
			if n := x.sandbox.Queried(bp.ProcessorToken); n != 1 {
				t.Errorf("%s was queried %d times", card, n)
			}
			events, err := d.Client.AuditEvent.Query().Where(auditevent.BillingProfileID(bp.ID)).Count(sys)
			if err != nil {
				t.Fatal(err)
			}
			if events != 1 {
				t.Errorf("%s: %d audit events, want 1 (its answer applied once)", card, events)
			}
		}
		if bp := profile(t, d.Client, x.profiles["VISA 0101"].ID); bp.CardLast4 != "4242" {
			t.Errorf("the replaced card ends in %s, want 4242", bp.CardLast4)
		}
		rs := results(t, d.Client, x.run(t))
		for _, r := range rs {
			if r.State != updaterresult.StateANSWERED {
				t.Errorf("result %d is %s", r.ID, r.State)
			}
		}
		if len(rs) != len(x.profiles) {
			t.Errorf("%d results for %d cards", len(rs), len(x.profiles))
		}
	})
}

// TestTwoReplicas starts the monthly run on two replicas at the same
// moment: it runs once.
func TestTwoReplicas(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		x := newDecember(t, d, "VISA 0101", "VISA 0202", "VISA 0303", "VISA 0404", "VISA 0505", "VISA 0606", "MASTERCARD 0101")
		replicas := []*updater.Service{newService(d.Client, d.Dialect, x.clock, x.sandbox), newService(d.Client, d.Dialect, x.clock, x.sandbox)}
		start := make(chan struct{})
		errs := make(chan error, len(replicas))
		for _, r := range replicas {
			go func() {
				<-start
				errs <- r.Tick(t.Context())
			}()
		}
		close(start)
		for range replicas {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		runs, err := d.Client.UpdaterRun.Query().All(sys)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != 1 || runs[0].State != updaterrun.StateCOMPLETED || runs[0].Selections != 1 {
			t.Fatalf("%d runs, the first %s after %d selections; want one COMPLETED run", len(runs), runs[0].State, runs[0].Selections)
		}
		if n := auditCount(t, d.Client, auditevent.ActionUPDATER_RUN_STARTED); n != 1 {
			t.Errorf("%d UPDATER_RUN_STARTED events, want 1", n)
		}
		for card, bp := range x.profiles {
			if n := x.sandbox.Queried(bp.ProcessorToken); n != 1 {
				t.Errorf("%s was queried %d times", card, n)
			}
		}
		if n, err := d.Client.AuditEvent.Query().Where(auditevent.BillingProfileIDNotNil()).Count(sys); err != nil || n != len(x.profiles) {
			t.Errorf("%d answers recorded (%v), want %d", n, err, len(x.profiles))
		}
	})
}

// failing is a card-updater service that is down for its first calls.
type failing struct {
	updater.CardUpdater
	mu   sync.Mutex
	down int
}

func (f *failing) Submit(ctx context.Context, b updater.Batch) (string, error) {
	f.mu.Lock()
	if f.down > 0 {
		f.down--
		f.mu.Unlock()
		return "", errors.New("503 Service Unavailable")
	}
	f.mu.Unlock()
	return f.CardUpdater.Submit(ctx, b)
}

// TestServiceDown retries a batch the service refused, after a while.
func TestServiceDown(t *testing.T) {
	d := testdb.Open(t, "sqlite3")
	x := newDecember(t, d, "VISA 0202")
	x.svc.Updater = &failing{CardUpdater: x.sandbox, down: 1}
	x.tick(t)
	run := x.run(t)
	if run.State != updaterrun.StateSUBMITTING || !strings.Contains(run.LastError, "503") {
		t.Fatalf("run %s with last error %q, want SUBMITTING with the service's error", run.State, run.LastError)
	}
	x.clock.Advance(time.Minute)
	x.tick(t)
	if st := x.run(t).State; st != updaterrun.StateSUBMITTING {
		t.Fatalf("the run is %s a minute later, want SUBMITTING until the retry", st)
	}
	x.clock.Advance(5 * time.Minute)
	x.tick(t)
	if run := x.run(t); run.State != updaterrun.StateCOMPLETED || run.LastError != "" {
		t.Errorf("run %s (%q) after the retry, want COMPLETED", run.State, run.LastError)
	}
}
