package graph_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/graph"
	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

// flushes counts the flushes of a response, to see it streamed.
type flushes struct {
	*httptest.ResponseRecorder
	n int
}

func (f *flushes) Flush() { f.n++; f.ResponseRecorder.Flush() }

// get serves a GET of target as v through h.
func get(h http.Handler, v *viewer.Viewer, target string) *flushes {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	if v != nil {
		req = req.WithContext(viewer.NewContext(req.Context(), v))
	}
	rec := &flushes{ResponseRecorder: httptest.NewRecorder()}
	h.ServeHTTP(rec, req)
	return rec
}

// exportJournal is a merchant's journal of 2,600 transactions, seven to
// each instant so that pages end between equal creation times, and another
// merchant's.
type exportJournal struct {
	d        *db.DB
	f        *graphtest.Fixture
	srv      *graphtest.Server
	exports  *graph.Exports
	m        *ent.Merchant
	label    *ent.Label
	rows     []*graphtest.Row
	newest   []int // the IDs of m's transactions, newest first
	captured int   // how many are CAPTURED and labelled
}

func newExportJournal(t *testing.T, d *db.DB) *exportJournal {
	t.Helper()
	f := graphtest.NewFixture(t, d.Client)
	x := &exportJournal{d: d, f: f, srv: graphtest.NewServer(d.Client), exports: graph.NewExports(d.Client, slog.New(slog.DiscardHandler))}
	x.m = f.Merchant("Hôtel", "Europe/Zurich")
	shop := f.Shop(x.m, "Réception")
	x.label = f.Label(x.m, "💸 Remboursement")
	payers := []*ent.Payer{f.Payer(x.m, "CUST-1", "anne@example.ch"), f.Payer(x.m, "CUST-2", "bruno@example.ch")}
	base := time.Date(2026, 3, 28, 22, 0, 0, 0, time.UTC)
	var txs []graphtest.Tx
	for i := range 2600 {
		status := transaction.StatusCAPTURED
		if i%4 == 0 {
			status = transaction.StatusFAILED
		}
		tx := graphtest.Tx{Shop: shop, Payer: payers[i%2], Status: status, Amount: int64(100 + i), Currency: "CHF",
			CreatedAt: base.Add(time.Duration(i/7) * time.Minute), OrderReference: fmt.Sprintf("CMD-%04d", i)}
		if i%5 == 0 {
			tx.Labels = []*ent.Label{x.label}
			if status == transaction.StatusCAPTURED {
				x.captured++
			}
		}
		txs = append(txs, tx)
	}
	x.rows = f.Transactions(txs...)
	sorted := slices.Clone(x.rows)
	slices.SortFunc(sorted, func(a, b *graphtest.Row) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return b.ID - a.ID
	})
	for _, r := range sorted {
		x.newest = append(x.newest, r.ID)
	}
	other := f.Merchant("Autre", "Europe/Paris")
	f.Transactions(graphtest.Tx{Shop: f.Shop(other, "Ailleurs"), OrderReference: "CMD-0001"})
	return x
}

func (x *exportJournal) csv(t *testing.T, v *viewer.Viewer, query url.Values) ([][]string, *flushes) {
	t.Helper()
	rec := get(x.exports.Journal(), v, "/exports/journal.csv?"+query.Encode())
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	rows, err := csv.NewReader(strings.NewReader(rec.Body.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows, rec
}

// TestJournalExport streams the journal through the download endpoint:
// every row once, newest first, across pages that end between equal
// creation times; the journal's filters and search; payer data only for
// those who may read it.
func TestJournalExport(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		x := newExportJournal(t, d)
		rows, rec := x.csv(t, graphtest.Viewer(x.m, viewer.RoleViewer), nil)
		if len(rows) != 2601 {
			t.Fatalf("%d lines, want a header and 2,600 rows", len(rows))
		}
		if rows[0][3] != "ID du payeur" || slices.Contains(rows[0], "E-mail du payeur") || strings.Contains(rec.Body.String(), "@example.ch") {
			t.Errorf("a viewer's export shows payer data: %v", rows[0])
		}
		for i, r := range rows[1:] {
			if r[1] != graphtest.ID(x.newest[i]) {
				t.Fatalf("row %d is %s, want %s (newest first, each once)", i, r[1], graphtest.ID(x.newest[i]))
			}
		}
		if rec.n < 5 {
			t.Errorf("the response was flushed %d times: not streamed", rec.n)
		}
		if ct, cd := rec.Header().Get("Content-Type"), rec.Header().Get("Content-Disposition"); !strings.HasPrefix(ct, "text/csv") ||
			!strings.Contains(cd, `attachment; filename="journal_T-000001_`) {
			t.Errorf("Content-Type %q, Content-Disposition %q", ct, cd)
		}

		where, _ := json.Marshal(map[string]any{"status": "CAPTURED", "hasLabelsAnyOf": []string{graphtest.ID(x.label.ID)}})
		rows, _ = x.csv(t, graphtest.Viewer(x.m, viewer.RoleOperator), url.Values{"where": {string(where)}, "separator": {"comma"}})
		if len(rows)-1 != x.captured || !slices.Contains(rows[0], "E-mail du payeur") {
			t.Errorf("%d rows with the filter, want %d; header %v", len(rows)-1, x.captured, rows[0])
		}
		var total struct{ Transactions struct{ TotalCount int } }
		x.srv.Query(t, graphtest.Viewer(x.m, viewer.RoleOperator), `query($w: TransactionWhereInput, $s: String) {
		  transactions(where: $w, search: $s) { totalCount } }`, graphtest.Vars{"w": json.RawMessage(where), "s": "cmd-12"}, &total)
		rows, _ = x.csv(t, graphtest.Viewer(x.m, viewer.RoleOperator), url.Values{"where": {string(where)}, "search": {"cmd-12"}, "language": {"en"}})
		if len(rows)-1 != total.Transactions.TotalCount || total.Transactions.TotalCount == 0 || rows[0][2] != "Order reference" {
			t.Errorf("%d rows with the search, the journal counts %d", len(rows)-1, total.Transactions.TotalCount)
		}
		for _, r := range rows[1:] {
			if !strings.HasPrefix(r[2], "CMD-12") || r[9] != "CAPTURED" || !strings.Contains(r[18], "Remboursement") {
				t.Errorf("row %v does not match", r)
			}
		}

		html := get(x.exports.Journal(), graphtest.Viewer(x.m, viewer.RoleViewer), "/exports/journal.html")
		if html.Code != 200 || strings.Count(html.Body.String(), "<tr>") != 2602 || !strings.Contains(html.Body.String(), "2600 enregistrement(s)") {
			t.Errorf("HTML: status %d, %d table rows", html.Code, strings.Count(html.Body.String(), "<tr>"))
		}
	})
}

// TestJournalExportRefusals answers bad requests with the API's errors.
func TestJournalExportRefusals(t *testing.T) {
	x := newExportJournal(t, testdb.Open(t, "sqlite3"))
	for name, c := range map[string]struct {
		v           *viewer.Viewer
		query       string
		status      int
		code, field string
	}{
		"no login":          {nil, "", 401, "UNAUTHENTICATED", ""},
		"not JSON":          {graphtest.Viewer(x.m, viewer.RoleViewer), "where=%7B", 400, "BAD_USER_INPUT", "where"},
		"unknown status":    {graphtest.Viewer(x.m, viewer.RoleViewer), "where=" + url.QueryEscape(`{"status":"LOST"}`), 400, "BAD_USER_INPUT", "where.status"},
		"empty not":         {graphtest.Viewer(x.m, viewer.RoleViewer), "where=" + url.QueryEscape(`{"not":{}}`), 400, "BAD_USER_INPUT", "where"},
		"unknown separator": {graphtest.Viewer(x.m, viewer.RoleViewer), "separator=pipe", 400, "BAD_USER_INPUT", "separator"},
	} {
		t.Run(name, func(t *testing.T) {
			rec := get(x.exports.Journal(), c.v, "/exports/journal.csv?"+c.query)
			var body struct {
				Errors []struct {
					Extensions struct{ Code, Field string }
				}
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != c.status || len(body.Errors) != 1 ||
				body.Errors[0].Extensions.Code != c.code || body.Errors[0].Extensions.Field != c.field {
				t.Errorf("status %d: %s", rec.Code, rec.Body.String())
			}
		})
	}
	// Another merchant's label filters nothing of theirs in.
	other := x.f.Merchant("Tiers", "Europe/Zurich")
	where, _ := json.Marshal(map[string]any{"hasLabelsAnyOf": []string{graphtest.ID(x.label.ID)}})
	rows, _ := x.csv(t, graphtest.Viewer(other, viewer.RoleAdmin), url.Values{"where": {string(where)}})
	if len(rows) != 1 {
		t.Errorf("another merchant's export has %d rows", len(rows)-1)
	}
}
