package journal_test

import (
	"context"
	"os"
	"slices"
	"testing"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/predicate"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/journal"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

func TestMain(m *testing.M) { code := m.Run(); testdb.Cleanup(); os.Exit(code) }

// TestPredicatesCompose checks the journal's predicates inside not and or:
// one that matches everything must still say so there.
func TestPredicatesCompose(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		j := graphtest.NewFixture(t, d.Client).Journal("Journal", "Europe/Zurich", 12, 5)
		ctx := viewer.NewContext(context.Background(), graphtest.Viewer(j.Merchant, viewer.RoleViewer))
		all := make([]int, len(j.Rows))
		for i, r := range j.Rows {
			all[i] = r.ID
		}
		failed := []int{}
		for _, r := range j.Rows {
			if r.Status == transaction.StatusFAILED {
				failed = append(failed, r.ID)
			}
		}
		m := j.Merchant.ID
		for _, c := range []struct {
			name string
			p    predicate.Transaction
			want []int
		}{
			{"blank search", journal.Search("  ", true), all},
			{"not blank search", transaction.Not(journal.Search("", true)), nil},
			{"blank search or failed", transaction.Or(journal.Search(" ", true), transaction.StatusEQ(transaction.StatusFAILED)), all},
			{"not all of no labels", transaction.Not(journal.HasLabelsAllOf(m, nil, nil)), nil},
			{"all of no labels or failed", transaction.Or(journal.HasLabelsAllOf(m, nil, nil), transaction.StatusEQ(transaction.StatusFAILED)), all},
			{"any of no labels or failed", transaction.Or(journal.HasLabelsAnyOf(m, nil, nil), transaction.StatusEQ(transaction.StatusFAILED)), failed},
		} {
			t.Run(c.name, func(t *testing.T) {
				got, err := d.Client.Transaction.Query().Where(c.p).IDs(ctx)
				if err != nil {
					t.Fatal(err)
				}
				slices.Sort(got)
				if !slices.Equal(got, c.want) {
					t.Errorf("got %v, want %v", got, c.want)
				}
			})
		}
	})
}

// TestConcurrentAddLabels adds the same labels in two database
// transactions at once: the second must neither fail nor add a link twice.
func TestConcurrentAddLabels(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := graphtest.NewFixture(t, d.Client)
		j := f.Journal("Journal", "Europe/Zurich", 3, 6)
		shop := f.Shop(j.Merchant, "Vierge")
		tx := f.Transaction(graphtest.Tx{Shop: shop})
		labels := []int{j.Labels[0].ID, j.Labels[1].ID}
		ctx := viewer.NewContext(context.Background(), graphtest.Viewer(j.Merchant, viewer.RoleOperator))
		first, err := d.Client.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := journal.AddLabels(ctx, first.Client(), []int{tx.ID}, labels); err != nil {
			t.Fatal(err)
		}
		second := make(chan error, 1)
		go func() {
			// On PostgreSQL this one reads before the first commits and
			// then waits on its inserts; SQLite makes it wait to begin.
			second <- inTx(ctx, d.Client, func(c *ent.Client) error {
				_, err := journal.AddLabels(ctx, c, []int{tx.ID}, labels)
				return err
			})
		}()
		graphtest.WaitForLock(t, d)
		if err := first.Commit(); err != nil {
			t.Fatal(err)
		}
		if err := <-second; err != nil {
			t.Errorf("second add: %v", err)
		}
		var got []int
		for _, l := range f.Links(tx.ID) {
			got = append(got, l.LabelID)
		}
		if want := labels; !slices.Equal(got, want) {
			t.Errorf("got links to %v, want %v", got, want)
		}
	})
}

func inTx(ctx context.Context, client *ent.Client, f func(*ent.Client) error) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	if err := f(tx.Client()); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}
