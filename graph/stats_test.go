package graph_test

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

const statsQuery = `query($where: TransactionWhereInput, $search: String, $groupBy: [TransactionStatsDimension!]!) {
  transactionStats(where: $where, search: $search, groupBy: $groupBy) {
    totalCount
    volume { amount currency }
    buckets { paymentMethod currency status failureCode day count volume { amount currency } }
  }
  transactions(where: $where, search: $search, first: 0) { totalCount }
}`

type moneyJSON struct{ Amount, Currency string }

type statsAnswer struct {
	TransactionStats struct {
		TotalCount int
		Volume     []moneyJSON
		Buckets    []struct {
			PaymentMethod, Currency, Status, FailureCode, Day *string
			Count                                             int
			Volume                                            []moneyJSON
		}
	}
	Transactions struct{ TotalCount int }
}

// bucket is a stats bucket in a form both sides can build: its count and
// its volume per currency.
type bucket struct {
	count  int
	volume map[string]int64
}

func (b bucket) String() string { return fmt.Sprintf("%d %v", b.count, b.volume) }

var dimensions = []string{"PAYMENT_METHOD", "CURRENCY", "STATUS", "FAILURE_CODE", "DAY"}

// statsKey names a bucket by the values of every dimension, "-" for a
// dimension not grouped by or a null value.
func statsKey(pm, cur, status, failure, day *string) string {
	parts := []string{}
	for _, p := range []*string{pm, cur, status, failure, day} {
		if p == nil {
			parts = append(parts, "-")
		} else {
			parts = append(parts, *p)
		}
	}
	return strings.Join(parts, "|")
}

// wantStats groups rows by dims with days in loc: the independent
// computation of transactionStats.
func wantStats(rows []*graphtest.Row, dims []string, loc *time.Location) (map[string]bucket, map[string]int64) {
	buckets := map[string]bucket{}
	total := map[string]int64{}
	for _, r := range rows {
		val := func(dim, v string) *string {
			if !slices.Contains(dims, dim) || v == "" {
				return nil
			}
			return &v
		}
		var failure string
		if r.FailureCode != nil {
			failure = string(*r.FailureCode)
		}
		key := statsKey(
			val("PAYMENT_METHOD", string(r.PaymentMethod)),
			val("CURRENCY", string(r.Currency)),
			val("STATUS", string(r.Status)),
			val("FAILURE_CODE", failure),
			val("DAY", r.CreatedAt.In(loc).Format(time.DateOnly)),
		)
		b := buckets[key]
		if b.volume == nil {
			b.volume = map[string]int64{}
		}
		b.count++
		b.volume[string(r.Currency)] += r.Amount
		buckets[key] = b
		total[string(r.Currency)] += r.Amount
	}
	return buckets, total
}

func volumeOf(t *testing.T, ms []moneyJSON) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, m := range ms {
		if _, dup := out[m.Currency]; dup {
			t.Errorf("currency %s twice in one volume", m.Currency)
		}
		n, err := strconv.ParseInt(m.Amount, 10, 64)
		if err != nil {
			t.Errorf("amount %q: %v", m.Amount, err)
		}
		out[m.Currency] = n
	}
	return out
}

// checkStats asks for the stats of where and search grouped by dims as v
// and compares them with the independent computation over rows.
func checkStats(t *testing.T, srv *graphtest.Server, v *viewer.Viewer, rows []*graphtest.Row, loc *time.Location, dims []string, vars graphtest.Vars) {
	t.Helper()
	q := graphtest.Vars{"groupBy": dims}
	maps.Copy(q, vars)
	var got statsAnswer
	srv.Query(t, v, statsQuery, q, &got)
	st := got.TransactionStats
	if got, want := st.TotalCount, got.Transactions.TotalCount; got != want {
		t.Errorf("got totalCount %d, the journal's is %d", got, want)
	}
	wantBuckets, wantTotal := wantStats(rows, dims, loc)
	if got, want := st.TotalCount, len(rows); got != want {
		t.Errorf("got totalCount %d, want %d", got, want)
	}
	if got, want := volumeOf(t, st.Volume), wantTotal; !maps.Equal(got, want) {
		t.Errorf("got volume %v, want %v", got, want)
	}
	gotBuckets := map[string]bucket{}
	sum := 0
	for _, b := range st.Buckets {
		key := statsKey(b.PaymentMethod, b.Currency, b.Status, b.FailureCode, b.Day)
		if _, dup := gotBuckets[key]; dup {
			t.Errorf("bucket %s twice", key)
		}
		gotBuckets[key] = bucket{count: b.Count, volume: volumeOf(t, b.Volume)}
		sum += b.Count
	}
	if sum != st.TotalCount {
		t.Errorf("bucket counts add up to %d, totalCount is %d", sum, st.TotalCount)
	}
	for _, key := range slices.Sorted(maps.Keys(wantBuckets)) {
		if got, want := gotBuckets[key], wantBuckets[key]; got.count != want.count || !maps.Equal(got.volume, want.volume) {
			t.Errorf("bucket %s: got %v, want %v", key, got, want)
		}
	}
	for key := range gotBuckets {
		if _, ok := wantBuckets[key]; !ok {
			t.Errorf("unexpected bucket %s: %v", key, gotBuckets[key])
		}
	}
}

func TestTransactionStats(t *testing.T) {
	zurich, err := time.LoadLocation("Europe/Zurich")
	if err != nil {
		t.Fatal(err)
	}
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newJournalEnv(t, d, 90, 30)
		filters := []struct {
			name string
			vars graphtest.Vars
			keep func(*graphtest.Row) bool
		}{
			{"all", nil, func(*graphtest.Row) bool { return true }},
			{"where and search", graphtest.Vars{
				"where":  where{"statusIn": []string{"CAPTURED", "FAILED", "AUTHORIZED", "PENDING"}, "hasLabelsAllOf": []string{}},
				"search": "cust",
			}, func(r *graphtest.Row) bool {
				return (r.Status == "CAPTURED" || r.Status == "FAILED" || r.Status == "AUTHORIZED" || r.Status == "PENDING") && searchRule("cust")(r)
			}},
			{"labels", graphtest.Vars{"where": where{"hasLabelsAnyOf": graphtest.IDs(e.a.Labels[0].ID, e.a.Labels[1].ID)}}, func(r *graphtest.Row) bool {
				return r.HasLabel(e.a.Labels[0].ID) || r.HasLabel(e.a.Labels[1].ID)
			}},
			{"nothing", graphtest.Vars{"search": "no such thing"}, func(*graphtest.Row) bool { return false }},
		}
		for _, f := range filters {
			var rows []*graphtest.Row
			for _, r := range e.a.Rows {
				if f.keep(r) {
					rows = append(rows, r)
				}
			}
			for mask := range 1 << len(dimensions) {
				dims := []string{}
				for i, d := range dimensions {
					if mask&(1<<i) != 0 {
						dims = append(dims, d)
					}
				}
				name := f.name + " grouped by " + strings.Join(dims, ", ")
				if len(dims) == 0 {
					name = f.name + " not grouped"
				}
				t.Run(name, func(t *testing.T) {
					checkStats(t, e.srv, e.va, rows, zurich, dims, f.vars)
				})
			}
		}
		t.Run("dimension twice", func(t *testing.T) {
			checkStats(t, e.srv, e.va, e.a.Rows, zurich, []string{"DAY", "CURRENCY", "DAY"}, nil)
		})
		t.Run("days in the other merchant's time zone", func(t *testing.T) {
			checkStats(t, e.srv, e.vb, e.b.Rows, newYork, []string{"DAY", "STATUS"}, nil)
		})
	})
}

// TestTransactionStatsDays checks days at the edges of the merchant's day,
// around the daylight saving time changes of Europe/Zurich (UTC+1 in
// winter, UTC+2 from 2025-03-30 01:00 UTC to 2025-10-26 01:00 UTC).
func TestTransactionStatsDays(t *testing.T) {
	days := []struct {
		at   string
		want string
	}{
		{"2025-01-15T22:59:59.999999Z", "2025-01-15"},
		{"2025-01-15T23:00:00Z", "2025-01-16"},
		{"2025-01-15T23:30:00Z", "2025-01-16"},
		{"2025-03-29T22:59:00Z", "2025-03-29"},
		{"2025-03-29T23:30:00Z", "2025-03-30"},
		{"2025-03-30T00:59:59Z", "2025-03-30"},
		{"2025-03-30T01:00:00Z", "2025-03-30"},
		{"2025-03-30T21:59:59.999999Z", "2025-03-30"},
		{"2025-03-30T22:00:00Z", "2025-03-31"},
		{"2025-03-30T23:30:00Z", "2025-03-31"},
		{"2025-10-25T21:59:59Z", "2025-10-25"},
		{"2025-10-25T22:00:00Z", "2025-10-26"},
		{"2025-10-26T00:30:00Z", "2025-10-26"},
		{"2025-10-26T01:30:00Z", "2025-10-26"},
		{"2025-10-26T22:59:59Z", "2025-10-26"},
		{"2025-10-26T23:00:00Z", "2025-10-27"},
		{"2025-10-26T23:30:00Z", "2025-10-27"},
		{"2025-12-31T23:30:00Z", "2026-01-01"},
	}
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := graphtest.NewFixture(t, d.Client)
		srv := graphtest.NewServer(d.Client)
		zurich := f.Merchant("Zurich", "Europe/Zurich")
		utc := f.Merchant("UTC", "UTC")
		shopZ, shopU := f.Shop(zurich, "Z"), f.Shop(utc, "U")
		wantZ := map[string]int{}
		wantU := map[string]int{}
		var txs []graphtest.Tx
		for _, day := range days {
			at, err := time.Parse(time.RFC3339Nano, day.at)
			if err != nil {
				t.Fatal(err)
			}
			txs = append(txs, graphtest.Tx{Shop: shopZ, CreatedAt: at}, graphtest.Tx{Shop: shopU, CreatedAt: at})
			wantZ[day.want]++
			wantU[at.Format(time.DateOnly)]++
		}
		f.Transactions(txs...)
		for _, c := range []struct {
			name string
			v    *viewer.Viewer
			want map[string]int
		}{
			{"Europe/Zurich", graphtest.Viewer(zurich, viewer.RoleViewer), wantZ},
			{"UTC", graphtest.Viewer(utc, viewer.RoleViewer), wantU},
		} {
			t.Run(c.name, func(t *testing.T) {
				var got statsAnswer
				srv.Query(t, c.v, statsQuery, graphtest.Vars{"groupBy": []string{"DAY"}}, &got)
				gotDays := map[string]int{}
				for _, b := range got.TransactionStats.Buckets {
					if b.Day == nil {
						t.Fatalf("bucket without a day: %+v", b)
					}
					gotDays[*b.Day] = b.Count
				}
				if !maps.Equal(gotDays, c.want) {
					t.Errorf("got days %v\nwant %v", gotDays, c.want)
				}
			})
		}
	})
}
