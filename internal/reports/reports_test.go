package reports_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/billingprofile"
	"github.com/guichet/guichet/ent/reportschedule"
	_ "github.com/guichet/guichet/ent/runtime"
	"github.com/guichet/guichet/ent/updaterresult"
	"github.com/guichet/guichet/ent/updaterrun"
	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/calendar"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/i18n"
	"github.com/guichet/guichet/internal/reports"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/updater/decision"
	"github.com/guichet/guichet/internal/viewer"
)

var update = flag.Bool("update", false, "rewrite the expected HTML reports in testdata")

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	testdb.Cleanup()
	os.Exit(code)
}

var sys = viewer.SystemContext(context.Background())

var zurich = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Zurich")
	if err != nil {
		panic(err)
	}
	return loc
}()

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, zurich)
	if err != nil {
		panic(err)
	}
	return t
}

// updates is a merchant with Account Updater answers in December 2026 and
// around it: names with commas, quotes, accents and emoji.
type updates struct {
	d        *db.DB
	f        *graphtest.Fixture
	m        *ent.Merchant
	merchant reports.Merchant
}

type answer struct {
	ref, billing string
	code         decision.Code
	last4        string
	month, year  int
	status       billingprofile.Status
	at           time.Time
}

func newUpdates(t *testing.T, d *db.DB) *updates {
	t.Helper()
	u := &updates{d: d, f: graphtest.NewFixture(t, d.Client)}
	u.m = u.f.Merchant(`Hôtel "Refundus", Maximus 🏨`, "Europe/Zurich")
	u.merchant = reports.Merchant{ID: u.m.ID, Name: u.m.Name, Account: u.m.AccountNumber, Location: zurich}
	u.answers(t, u.m, []answer{
		{"Dupont, Jean", `Facture "été"`, decision.NewAccountNumber, "4242", 12, 2029, "ACTIVE", at("2026-12-01 02:00:05")},
		{"Crème brûlée 🍮", "B-2", decision.NewExpiryDate, "0202", 12, 2029, "ACTIVE", at("2026-12-01 02:00:05")},
		{"PM-3", "Ünïcödé; ligne", decision.AccountClosed, "0303", 12, 2026, "DISABLED", at("2026-12-04 02:00:00")},
		{"PM-4", "B-4", decision.ContactCardholder, "0404", 12, 2026, "ACTIVE", at("2026-12-31 23:59:59")},
		{"PM-5", "B-5", decision.NoMatch, "0505", 12, 2026, "ACTIVE", at("2026-12-02 02:00:00")},
		{"PM-6", "B-6", decision.NewExpiryDate, "0707", 12, 2029, "ACTIVE", at("2027-01-01 00:00:00")},
		{"PM-7", "B-7", decision.AccountClosed, "0808", 11, 2026, "DISABLED", at("2026-11-30 23:30:00")},
	})
	other := u.f.Merchant("Autre", "Europe/Zurich")
	u.answers(t, other, []answer{{"X-1", "X", decision.NewExpiryDate, "0202", 12, 2029, "ACTIVE", at("2026-12-05 02:00:00")}})
	return u
}

// answers records answers of m's run of December 2026.
func (u *updates) answers(t *testing.T, m *ent.Merchant, as []answer) {
	t.Helper()
	c := u.d.Client
	run, err := c.UpdaterRun.Query().Where(updaterrun.MerchantID(m.ID)).Only(sys)
	if ent.IsNotFound(err) {
		run, err = c.UpdaterRun.Create().SetMerchantID(m.ID).SetMonth(calendar.Month{Year: 2026, Month: 12}).
			SetTrigger(updaterrun.TriggerSCHEDULED).SetStartedBy("test").SetAsOf(at("2026-12-01 00:00:00")).
			SetUpdatedBefore(at("2026-06-01 00:00:00")).Save(sys)
	}
	if err != nil {
		t.Fatal(err)
	}
	payer := u.f.Payer(m, "P-"+m.AccountNumber, "")
	for _, a := range as {
		bp := u.f.BillingProfile(graphtest.Card{Payer: payer, PaymentMethodRef: a.ref, BillingRef: a.billing, Last4: a.last4,
			ExpiryMonth: a.month, ExpiryYear: a.year, Status: a.status})
		code := a.code
		err := c.UpdaterResult.Create().SetMerchantID(m.ID).SetRunID(run.ID).SetBillingProfileID(bp.ID).
			SetState(updaterresult.StateANSWERED).SetPaymentMethodRef(a.ref).SetBillingRef(a.billing).SetCardBrand("VISA").
			SetTokenBefore("sbxtok_old").SetLast4Before("0000").SetExpiryMonthBefore(12).SetExpiryYearBefore(2026).
			SetDecision(code).SetSchemeCode(code.VisaCode()).SetLast4After(a.last4).SetExpiryMonthAfter(a.month).
			SetExpiryYearAfter(a.year).SetStatusAfter(updaterresult.StatusAfter(a.status)).SetAnsweredAt(a.at.UTC()).Exec(sys)
		if err != nil {
			t.Fatal(err)
		}
	}
}

func (u *updates) write(t *testing.T, f reports.Format, p reports.Period) (string, int) {
	t.Helper()
	var b bytes.Buffer
	n, err := reports.WriteAccountUpdates(sys, u.d.Client, &b, reports.Request{Merchant: u.merchant, Period: p, Format: f,
		At: at("2027-01-02 06:00:00")})
	if err != nil {
		t.Fatal(err)
	}
	return b.String(), n
}

var december = reports.MonthPeriod(calendar.Month{Year: 2026, Month: 12}, zurich)

// The December report in French, comma-separated: RFC 4180 (CRLF, quotes
// doubled, fields with a separator, a quote or a line break in quotes),
// oldest answer first, "no match" left out, nothing of November, January
// or another merchant.
const decemberCSV = "Numéro de compte marchand,Identifiant du mode de paiement,Identifiant de facturation,Quatre derniers chiffres," +
	"Date d'expiration,Code de décision,Signification,État de facturation,Date de la mise à jour\r\n" +
	`T-000001,"Dupont, Jean","Facture ""été""",4242,12/2029,NEW_ACCOUNT_NUMBER,"Nouveau numéro de carte : la carte a été remplacée, le dossier de facturation a été mis à jour",Actif,2026-12-01 02:00:05` + "\r\n" +
	`T-000001,Crème brûlée 🍮,B-2,0202,12/2029,NEW_EXPIRY_DATE,Nouvelle date d'expiration : le dossier de facturation a été mis à jour,Actif,2026-12-01 02:00:05` + "\r\n" +
	`T-000001,PM-3,Ünïcödé; ligne,0303,12/2026,ACCOUNT_CLOSED,"Compte fermé (carte résiliée, perdue ou volée) : le dossier de facturation a été désactivé",Désactivé,2026-12-04 02:00:00` + "\r\n" +
	`T-000001,PM-4,B-4,0404,12/2026,CONTACT_CARDHOLDER,Contacter le titulaire de la carte : l'émetteur ne transmet pas les nouvelles données,Actif,2026-12-31 23:59:59` + "\r\n"

func TestAccountUpdatesCSV(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		u := newUpdates(t, d)
		got, n := u.write(t, reports.Format{Kind: reportschedule.FormatCSV}, december)
		if got != decemberCSV || n != 4 {
			t.Errorf("%d rows:\n%s\nwant 4:\n%s", n, got, decemberCSV)
		}
		t.Run("semicolon", func(t *testing.T) {
			got, _ := u.write(t, reports.Format{Kind: reportschedule.FormatCSV, Separator: reportschedule.SeparatorSEMICOLON}, december)
			want := "\ufeff" + "Numéro de compte marchand;Identifiant du mode de paiement;Identifiant de facturation;" +
				"Quatre derniers chiffres;Date d'expiration;Code de décision;Signification;État de facturation;Date de la mise à jour\r\n" +
				`T-000001;Dupont, Jean;"Facture ""été""";4242;12/2029;NEW_ACCOUNT_NUMBER;Nouveau numéro de carte : la carte a été remplacée, le dossier de facturation a été mis à jour;Actif;2026-12-01 02:00:05` + "\r\n" +
				`T-000001;Crème brûlée 🍮;B-2;0202;12/2029;NEW_EXPIRY_DATE;Nouvelle date d'expiration : le dossier de facturation a été mis à jour;Actif;2026-12-01 02:00:05` + "\r\n" +
				`T-000001;PM-3;"Ünïcödé; ligne";0303;12/2026;ACCOUNT_CLOSED;Compte fermé (carte résiliée, perdue ou volée) : le dossier de facturation a été désactivé;Désactivé;2026-12-04 02:00:00` + "\r\n" +
				`T-000001;PM-4;B-4;0404;12/2026;CONTACT_CARDHOLDER;Contacter le titulaire de la carte : l'émetteur ne transmet pas les nouvelles données;Actif;2026-12-31 23:59:59` + "\r\n"
			if got != want {
				t.Errorf("got\n%q\nwant\n%q", got, want)
			}
			r := csv.NewReader(strings.NewReader(strings.TrimPrefix(got, "\ufeff")))
			r.Comma = ';'
			rows, err := r.ReadAll()
			if err != nil || len(rows) != 5 || rows[3][2] != "Ünïcödé; ligne" || rows[1][1] != "Dupont, Jean" || rows[2][1] != "Crème brûlée 🍮" {
				t.Errorf("read back: %v, %q", err, rows)
			}
		})
		t.Run("english", func(t *testing.T) {
			got, _ := u.write(t, reports.Format{Kind: reportschedule.FormatCSV, Language: i18n.EN}, december)
			lines := strings.Split(got, "\r\n")
			if lines[0] != "Merchant account number,Payment method ID,Billing ID,Last 4 digits,Expiry date,Decision code,Meaning,Billing status,Updated at" ||
				lines[3] != `T-000001,PM-3,Ünïcödé; ligne,0303,12/2026,ACCOUNT_CLOSED,"Account closed (card cancelled, lost or stolen): the billing profile was disabled",Disabled,2026-12-04 02:00:00` {
				t.Errorf("got\n%s", got)
			}
		})
		t.Run("a day", func(t *testing.T) {
			day := reports.Period{Name: "2026-12-04", Start: at("2026-12-04 00:00:00"), End: at("2026-12-05 00:00:00")}
			got, n := u.write(t, reports.Format{Kind: reportschedule.FormatCSV, Separator: reportschedule.SeparatorTAB}, day)
			if n != 1 || !strings.Contains(got, "\tPM-3\t") {
				t.Errorf("%d rows:\n%s", n, got)
			}
		})
	})
}

// TestAccountUpdatesHTML compares the HTML report with the expected file:
// a table that escapes what it shows and prints.
func TestAccountUpdatesHTML(t *testing.T) {
	u := newUpdates(t, testdb.Open(t, "sqlite3"))
	for _, l := range []i18n.Language{i18n.FR, i18n.EN} {
		t.Run(string(l), func(t *testing.T) {
			got, _ := u.write(t, reports.Format{Kind: reportschedule.FormatHTML, Language: l}, december)
			path := filepath.Join("testdata", "account-updates-"+strings.ToLower(string(l))+".html")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("got\n%s\nwant (%s)\n%s", got, path, want)
			}
		})
	}
}

// TestDownload serves the month's report to the merchant's admins.
func TestDownload(t *testing.T) {
	u := newUpdates(t, testdb.Open(t, "sqlite3"))
	h := reports.Download(u.d.Client, slog.New(slog.DiscardHandler))
	as := func(r viewer.Role) *viewer.Viewer {
		return &viewer.Viewer{MerchantID: u.m.ID, Role: r, Name: string(r), Subject: "u"}
	}
	for name, c := range map[string]struct {
		v      *viewer.Viewer
		target string
		status int
		body   string
	}{
		"CSV":           {as(viewer.RoleAdmin), "/reports/account-updates.csv?month=2026-12", 200, decemberCSV},
		"HTML":          {as(viewer.RoleAdmin), "/reports/account-updates.html?month=2026-12&language=fr", 200, "<td>Crème brûlée 🍮</td>"},
		"another month": {as(viewer.RoleAdmin), "/reports/account-updates.csv?month=2027-02", 200, "Numéro de compte marchand"},
		"a manager":     {as(viewer.RoleManager), "/reports/account-updates.csv?month=2026-12", 403, `"code":"FORBIDDEN"`},
		"no login":      {nil, "/reports/account-updates.csv?month=2026-12", 401, `"code":"UNAUTHENTICATED"`},
		"no month":      {as(viewer.RoleAdmin), "/reports/account-updates.csv", 400, `"field":"month"`},
		"bad language":  {as(viewer.RoleAdmin), "/reports/account-updates.csv?month=2026-12&language=xx", 400, `"field":"language"`},
	} {
		t.Run(name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, c.target, nil)
			if c.v != nil {
				req = req.WithContext(viewer.NewContext(req.Context(), c.v))
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.status || !strings.Contains(rec.Body.String(), c.body) || (c.body == decemberCSV && rec.Body.String() != decemberCSV) {
				t.Errorf("status %d:\n%s", rec.Code, rec.Body.String())
			}
		})
	}
}
