package graph_test

import (
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/graph"
	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/payments"
	"github.com/guichet/guichet/internal/processor"
	"github.com/guichet/guichet/internal/reports"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/updater"
	"github.com/guichet/guichet/internal/viewer"
)

// updEnv is the API of a Zurich merchant on 1 December 2026 at 10:00,
// with the Account Updater's runs at 02:00.
type updEnv struct {
	d   *db.DB
	srv *graphtest.Server
	f   *graphtest.Fixture
	m   *ent.Merchant
	now time.Time
}

func newUpdEnv(t *testing.T, d *db.DB, outbound string) *updEnv {
	t.Helper()
	e := &updEnv{d: d, f: graphtest.NewFixture(t, d.Client), now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	e.m = e.f.Merchant("Hôtel Refundus", "Europe/Zurich")
	clock := func() time.Time { return e.now }
	e.srv = &graphtest.Server{Handler: graph.NewHandler(d.Client, processor.Sandbox{}, slog.New(slog.DiscardHandler),
		graph.Payments(payments.Config{PublicURL: &url.URL{Scheme: "https", Host: "guichet.example"}, Now: clock}),
		graph.UpdaterHour(2), graph.Reports(reports.Config{OutboundDir: outbound, Now: clock}))}
	return e
}

func (e *updEnv) as(r viewer.Role) *viewer.Viewer { return graphtest.Viewer(e.m, r) }

// TestUpdaterAPI previews the month's selection, starts the run by hand,
// and reads its progress and results as the SPA's Account Updater page does.
func TestUpdaterAPI(t *testing.T) {
	e := newUpdEnv(t, testdb.Open(t, "sqlite3"), "")
	admin := e.as(viewer.RoleAdmin)
	p := e.f.Payer(e.m, "P-1", "")
	old := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	for i, last4 := range []string{"0101", "0202", "0202", "0303", "0505"} {
		e.f.BillingProfile(graphtest.Card{Payer: p, Last4: last4, ExpiryMonth: 12, ExpiryYear: 2026, UpdatedAt: old,
			PaymentMethodRef: "PM-" + last4 + strings.Repeat("x", i)})
	}
	e.f.BillingProfile(graphtest.Card{Payer: p, Last4: "0202", ExpiryMonth: 1, ExpiryYear: 2027, UpdatedAt: old}) // January's

	var au struct {
		AccountUpdater struct {
			Hour                                 int
			TimeZone, CurrentMonth, NextRunMonth string
			NextRunAt                            time.Time
			DecisionCodes                        []struct {
				Code, Meaning, VisaCode, MastercardCode string
				UpdatesCard, DisablesProfile, Reported  bool
			}
		}
	}
	const accountUpdater = `{ accountUpdater { hour timeZone currentMonth nextRunMonth nextRunAt
	  decisionCodes { code meaning(language: EN) visaCode mastercardCode updatesCard disablesProfile reported } } }`
	e.srv.Query(t, admin, accountUpdater, nil, &au)
	a := au.AccountUpdater
	if a.Hour != 2 || a.TimeZone != "Europe/Zurich" || a.CurrentMonth != "2026-12" || a.NextRunMonth != "2026-12" ||
		!a.NextRunAt.Equal(time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC)) || len(a.DecisionCodes) != 6 {
		t.Errorf("got %+v", a)
	}
	if c := a.DecisionCodes[2]; c.Code != "ACCOUNT_CLOSED" || c.VisaCode != "C" || c.MastercardCode != "CONTACT" ||
		!c.DisablesProfile || c.UpdatesCard || !c.Reported || !strings.HasPrefix(c.Meaning, "Account closed") {
		t.Errorf("ACCOUNT_CLOSED: %+v", c)
	}

	const preview = `query($month: Month!) { previewUpdaterSelection(month: $month) { month asOf updatedBefore totalCount alreadyQueried
	  profiles(first: 2) { totalCount edges { node { cardLast4 expiry } } } } }`
	var pv struct {
		PreviewUpdaterSelection struct {
			Month                      string
			AsOf, UpdatedBefore        time.Time
			TotalCount, AlreadyQueried int
			Profiles                   struct {
				TotalCount int
				Edges      []struct {
					Node struct{ CardLast4, Expiry string }
				}
			}
		}
	}
	e.srv.Query(t, admin, preview, graphtest.Vars{"month": "2026-12"}, &pv)
	s := pv.PreviewUpdaterSelection
	if s.Month != "2026-12" || !s.AsOf.Equal(time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC)) ||
		!s.UpdatedBefore.Equal(time.Date(2026, 5, 31, 22, 0, 0, 0, time.UTC)) || s.TotalCount != 5 || s.AlreadyQueried != 0 ||
		s.Profiles.TotalCount != 5 || len(s.Profiles.Edges) != 2 || s.Profiles.Edges[0].Node.Expiry != "2026-12" {
		t.Errorf("preview %+v", s)
	}

	if err := e.srv.Fail(t, admin, `mutation { startUpdaterRun(month: "2027-01") { id } }`, nil); err.Code() != "BAD_USER_INPUT" || err.Field() != "month" {
		t.Errorf("another month: %s on %q", err.Code(), err.Field())
	}
	var started struct {
		StartUpdaterRun struct{ Month, State, Trigger, StartedBy string }
	}
	e.srv.Query(t, admin, `mutation { startUpdaterRun(month: "2026-12") { month state trigger startedBy } }`, nil, &started)
	if r := started.StartUpdaterRun; r.Month != "2026-12" || r.State != "SELECTING" || r.Trigger != "MANUAL" || r.StartedBy != admin.Name {
		t.Errorf("started %+v", r)
	}
	svc := &updater.Service{Client: e.d.Client, Dialect: e.d.Dialect, Updater: &updater.Sandbox{Now: func() time.Time { return e.now }},
		Hour: 2, Now: func() time.Time { return e.now }}
	if err := svc.Tick(t.Context()); err != nil {
		t.Fatal(err)
	}

	const run = `query($month: Month!) {
	  updaterRun(month: $month) { state selections reportURL(format: HTML)
	    progress { selected pending submitted answered byDecision { decision count } }
	    batches { number state size }
	    results(first: 10, where: {decision: NEW_EXPIRY_DATE}) { totalCount edges { node {
	      paymentMethodRef last4Before last4After expiryYearAfter statusAfter schemeCode meaning(language: FR) billingProfile { expiryYear } } } } }
	  updaterRuns(first: 5) { totalCount edges { node { month } } }
	  none: updaterRun(month: "2026-11") { id }
	}`
	var got struct {
		UpdaterRun struct {
			State      string
			Selections int
			ReportURL  string
			Progress   struct {
				Selected, Pending, Submitted, Answered int
				ByDecision                             []struct {
					Decision string
					Count    int
				}
			}
			Batches []struct {
				Number, Size int
				State        string
			}
			Results struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						PaymentMethodRef, Last4Before, Last4After, StatusAfter, SchemeCode, Meaning string
						ExpiryYearAfter                                                             int
						BillingProfile                                                              struct{ ExpiryYear int }
					}
				}
			}
		}
		UpdaterRuns struct{ TotalCount int }
		None        *struct{ ID string }
	}
	e.srv.Query(t, admin, run, graphtest.Vars{"month": "2026-12"}, &got)
	r := got.UpdaterRun
	counts := map[string]int{}
	for _, c := range r.Progress.ByDecision {
		counts[c.Decision] = c.Count
	}
	if r.State != "COMPLETED" || r.Selections != 1 || r.ReportURL != "/reports/account-updates.html?month=2026-12" ||
		r.Progress.Selected != 5 || r.Progress.Answered != 5 || counts["NEW_EXPIRY_DATE"] != 2 || counts["ACCOUNT_CLOSED"] != 1 ||
		len(r.Progress.ByDecision) != 6 || len(r.Batches) != 1 || r.Batches[0].State != "COMPLETED" || r.Batches[0].Size != 5 {
		t.Errorf("run %+v", r)
	}
	if len(r.Results.Edges) != 2 || r.Results.TotalCount != 2 {
		t.Fatalf("results %+v", r.Results)
	}
	if n := r.Results.Edges[0].Node; n.Last4Before != "0202" || n.Last4After != "0202" || n.ExpiryYearAfter != 2029 ||
		n.StatusAfter != "ACTIVE" || n.SchemeCode != "E" || !strings.HasPrefix(n.Meaning, "Nouvelle date d'expiration") ||
		n.BillingProfile.ExpiryYear != 2029 {
		t.Errorf("result %+v", n)
	}
	if got.UpdaterRuns.TotalCount != 1 || got.None != nil {
		t.Errorf("runs %d, November's %v", got.UpdaterRuns.TotalCount, got.None)
	}
	e.srv.Query(t, admin, accountUpdater, nil, &au)
	if a := au.AccountUpdater; a.NextRunMonth != "2027-01" || !a.NextRunAt.Equal(time.Date(2027, 1, 1, 1, 0, 0, 0, time.UTC)) {
		t.Errorf("next run %s at %s, want January's", a.NextRunMonth, a.NextRunAt)
	}
	for _, who := range []viewer.Role{viewer.RoleManager, viewer.RolePartner} {
		if err := e.srv.Fail(t, e.as(who), `{ accountUpdater { hour } }`, nil); err.Code() != "FORBIDDEN" {
			t.Errorf("%s: %s", who, err.Code())
		}
	}
}

const createSchedule = `mutation($input: ReportScheduleInput!) {
  createReportSchedule(input: $input) { id name kind frequency format separator language hour emailRecipients deliverToFolder
    sendEmpty journalWhere journalSearch enabled createdBy nextPeriod nextDeliveryAt }
}`

type scheduleData struct {
	ID, Name, Kind, Frequency, Format, Separator, Language, JournalSearch, CreatedBy, NextPeriod string
	Hour                                                                                         int
	EmailRecipients                                                                              []string
	DeliverToFolder, SendEmpty, Enabled                                                          bool
	JournalWhere                                                                                 map[string]any
	NextDeliveryAt                                                                               time.Time
}

// TestReportScheduleAPI creates, checks, changes and deletes schedules.
func TestReportScheduleAPI(t *testing.T) {
	e := newUpdEnv(t, testdb.Open(t, "sqlite3"), t.TempDir())
	admin := e.as(viewer.RoleAdmin)
	label := e.f.Label(e.m, "💸 Remboursement")
	var got struct{ CreateReportSchedule scheduleData }
	e.srv.Query(t, admin, createSchedule, graphtest.Vars{"input": graphtest.Vars{"name": "Mises à jour", "kind": "ACCOUNT_UPDATES",
		"emailRecipients": []string{"compta@hotel.example; direction@hotel.example"}}}, &got)
	s := got.CreateReportSchedule
	if s.Frequency != "DAILY" || s.Format != "CSV" || s.Separator != "COMMA" || s.Language != "FR" || s.Hour != 6 || s.SendEmpty ||
		s.DeliverToFolder || !s.Enabled || s.CreatedBy != admin.Name || len(s.EmailRecipients) != 2 || s.NextPeriod != "2026-12-01" ||
		!s.NextDeliveryAt.Equal(time.Date(2026, 12, 2, 5, 0, 0, 0, time.UTC)) {
		t.Errorf("defaults %+v", s)
	}
	in := graphtest.Vars{"name": "Journal du mois", "kind": "JOURNAL", "frequency": "MONTHLY", "format": "HTML", "separator": "SEMICOLON",
		"language": "EN", "hour": 7, "deliverToFolder": true, "sendEmpty": true, "journalSearch": "CMD",
		"journalWhere": graphtest.Vars{"status": "CAPTURED", "hasLabelsAnyOf": []string{graphtest.ID(label.ID)}}}
	e.srv.Query(t, admin, createSchedule, graphtest.Vars{"input": in}, &got)
	s = got.CreateReportSchedule
	if s.Kind != "JOURNAL" || s.NextPeriod != "2026-12" || !s.NextDeliveryAt.Equal(time.Date(2027, 1, 1, 6, 0, 0, 0, time.UTC)) ||
		s.JournalWhere["status"] != "CAPTURED" || s.JournalSearch != "CMD" {
		t.Errorf("journal schedule %+v", s)
	}
	if ids, _ := s.JournalWhere["hasLabelsAnyOf"].([]any); len(ids) != 1 || ids[0] != graphtest.ID(label.ID) {
		t.Errorf("the filter is kept as written: %v", s.JournalWhere)
	}
	for name, c := range map[string]struct {
		input graphtest.Vars
		field string
	}{
		"no delivery":    {graphtest.Vars{"name": "x", "kind": "ACCOUNT_UPDATES"}, "input.emailRecipients"},
		"bad address":    {graphtest.Vars{"name": "x", "kind": "ACCOUNT_UPDATES", "emailRecipients": []string{"a@x.ch", "nope"}}, "input.emailRecipients[1]"},
		"too many":       {graphtest.Vars{"name": "x", "kind": "ACCOUNT_UPDATES", "emailRecipients": []string{"a@x.ch;b@x.ch;c@x.ch;d@x.ch;e@x.ch;f@x.ch;g@x.ch;h@x.ch;i@x.ch;j@x.ch;k@x.ch"}}, "input.emailRecipients"},
		"blank name":     {graphtest.Vars{"name": " ", "kind": "ACCOUNT_UPDATES", "deliverToFolder": true}, "input.name"},
		"hour 24":        {graphtest.Vars{"name": "x", "kind": "ACCOUNT_UPDATES", "deliverToFolder": true, "hour": 24}, "input.hour"},
		"journal filter": {graphtest.Vars{"name": "x", "kind": "ACCOUNT_UPDATES", "deliverToFolder": true, "journalSearch": "x"}, "input.journalWhere"},
	} {
		t.Run(name, func(t *testing.T) {
			if err := e.srv.Fail(t, admin, createSchedule, graphtest.Vars{"input": c.input}); err.Code() != "BAD_USER_INPUT" || err.Field() != c.field {
				t.Errorf("got %s on %q (%s), want %s", err.Code(), err.Field(), err.Message, c.field)
			}
		})
	}
	noFolder := newUpdEnv(t, testdb.Open(t, "sqlite3"), "")
	if err := noFolder.srv.Fail(t, noFolder.as(viewer.RoleAdmin), createSchedule, graphtest.Vars{"input": graphtest.Vars{"name": "x",
		"kind": "ACCOUNT_UPDATES", "deliverToFolder": true}}); err.Field() != "input.deliverToFolder" {
		t.Errorf("a folder without GUICHET_OUTBOUND_DIR: %s on %q", err.Code(), err.Field())
	}

	const update = `mutation($id: ID!, $input: ReportScheduleInput!) { updateReportSchedule(id: $id, input: $input) { frequency journalWhere enabled } }`
	var up struct {
		UpdateReportSchedule struct {
			Frequency    string
			JournalWhere map[string]any
			Enabled      bool
		}
	}
	in["frequency"], in["enabled"], in["journalWhere"] = "DAILY", false, nil
	e.srv.Query(t, admin, update, graphtest.Vars{"id": s.ID, "input": in}, &up)
	if u := up.UpdateReportSchedule; u.Frequency != "DAILY" || u.Enabled || u.JournalWhere != nil {
		t.Errorf("updated %+v", u)
	}
	var del struct{ DeleteReportSchedule string }
	e.srv.Query(t, admin, `mutation($id: ID!) { deleteReportSchedule(id: $id) }`, graphtest.Vars{"id": s.ID}, &del)
	if err := e.srv.Fail(t, admin, update, graphtest.Vars{"id": s.ID, "input": in}); err.Code() != "NOT_FOUND" {
		t.Errorf("updating a deleted schedule: %s", err.Code())
	}
	var list struct{ ReportSchedules struct{ TotalCount int } }
	e.srv.Query(t, admin, `{ reportSchedules { totalCount } }`, nil, &list)
	if list.ReportSchedules.TotalCount != 1 {
		t.Errorf("%d schedules, want 1", list.ReportSchedules.TotalCount)
	}
	var events struct {
		AuditEvents struct {
			Edges []struct{ Node struct{ Action string } }
		}
	}
	e.srv.Query(t, admin, `{ auditEvents(first: 10, orderBy: {field: CREATED_AT, direction: ASC}) { edges { node { action } } } }`, nil, &events)
	var actions []string
	for _, edge := range events.AuditEvents.Edges {
		actions = append(actions, edge.Node.Action)
	}
	if strings.Join(actions, " ") != "REPORT_SCHEDULE_CREATED REPORT_SCHEDULE_CREATED REPORT_SCHEDULE_CHANGED REPORT_SCHEDULE_DELETED" {
		t.Errorf("audit trail %v", actions)
	}
}
