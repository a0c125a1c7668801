package journal_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/journal"
	"github.com/guichet/guichet/internal/seed"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

// TestWithLabelCount checks that the journal's count answered from the
// label index equals the count of the transactions themselves, and that it
// is only used when the filter is labels and creation dates alone.
func TestWithLabelCount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		// The interceptor as internal/db registers it, on a client whose
		// statements are kept.
		client, drv := graphtest.NewClient(d)
		client.Transaction.Intercept(journal.CountFromLabels(client))
		now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
		res, err := seed.Run(context.Background(), client, seed.Options{Transactions: 3000, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		m := res.Merchants[0]
		ctx := viewer.NewContext(context.Background(), &viewer.Viewer{MerchantID: m.ID, Role: viewer.RoleAdmin})
		refunds, suspects, checked := m.Labels[seed.Labels[0][0]], m.Labels[seed.Labels[1][0]], m.Labels[seed.Labels[2][0]]
		since, until := now.Add(-30*24*time.Hour), now.Add(-5*24*time.Hour)
		blank, text := " ", "CMD-"

		for _, c := range []struct {
			name      string
			where     func(w *ent.TransactionWhereInput)
			search    *string
			fromIndex bool
		}{
			{"one label", func(w *ent.TransactionWhereInput) {
				w.AddPredicates(journal.HasLabelsAnyOf(m.ID, []int{refunds}, w))
			}, nil, true},
			{"one label and a date range", func(w *ent.TransactionWhereInput) {
				w.CreatedAtGTE, w.CreatedAtLT = &since, &until
				w.AddPredicates(journal.HasLabelsAnyOf(m.ID, []int{suspects}, w))
			}, &blank, true},
			{"any of three labels", func(w *ent.TransactionWhereInput) {
				w.CreatedAtGT = &since
				w.AddPredicates(journal.HasLabelsAnyOf(m.ID, []int{refunds, suspects, checked}, w))
			}, nil, true},
			{"all of one label", func(w *ent.TransactionWhereInput) {
				w.CreatedAtLTE = &until
				w.AddPredicates(journal.HasLabelsAllOf(m.ID, []int{checked}, w))
			}, nil, true},
			{"all of two labels", func(w *ent.TransactionWhereInput) {
				w.AddPredicates(journal.HasLabelsAllOf(m.ID, []int{refunds, suspects}, w))
			}, nil, false},
			{"a label and a status", func(w *ent.TransactionWhereInput) {
				w.Status = ptr(transaction.StatusCAPTURED)
				w.AddPredicates(journal.HasLabelsAnyOf(m.ID, []int{refunds}, w))
			}, nil, false},
			{"a label and a search", func(w *ent.TransactionWhereInput) {
				w.AddPredicates(journal.HasLabelsAnyOf(m.ID, []int{refunds}, w))
			}, &text, false},
			{"two label filters", func(w *ent.TransactionWhereInput) {
				w.AddPredicates(journal.HasLabelsAnyOf(m.ID, []int{refunds}, w), journal.HasLabelsAnyOf(m.ID, []int{suspects}, w))
			}, nil, false},
			{"no label", func(w *ent.TransactionWhereInput) { w.CreatedAtGTE = &since }, nil, false},
		} {
			t.Run(c.name, func(t *testing.T) {
				w := &ent.TransactionWhereInput{}
				c.where(w)
				q := client.Transaction.Query()
				if c.search != nil {
					q.Where(journal.Search(*c.search, true))
				}
				q, err := w.Filter(q)
				if err != nil {
					t.Fatal(err)
				}
				ids, err := q.Clone().IDs(ctx)
				if err != nil {
					t.Fatal(err)
				}
				want := len(ids)
				if want == 0 {
					t.Fatal("set-up: no transaction matches, the case tests nothing")
				}
				drv.Reset()
				got, err := q.Clone().Count(journal.WithLabelCount(ctx, c.search, w))
				if err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("count: got %d, want %d", got, want)
				}
				queries := drv.Statements()
				if len(queries) != 1 {
					t.Fatalf("got queries %q, want one", queries)
				}
				q0 := strings.NewReplacer("`", "", `"`, "").Replace(queries[0])
				if fromIndex := !strings.Contains(q0, "FROM transactions"); fromIndex != c.fromIndex {
					t.Errorf("counted from the label index: got %v, want %v (%s)", fromIndex, c.fromIndex, queries[0])
				}
			})
		}
	})
}

func ptr[T any](v T) *T { return &v }
