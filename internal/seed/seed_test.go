package seed_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/internal/seed"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

func TestMain(m *testing.M) { code := m.Run(); testdb.Cleanup(); os.Exit(code) }

// TestRun checks the demo data against the rules the journal relies on:
// nothing happens after the moment it is made for, and the same options
// give the same data.
func TestRun(t *testing.T) {
	now := time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC)
	ctx := viewer.SystemContext(context.Background())
	var firsts [2][]string
	for i := range firsts {
		d := testdb.Open(t, "sqlite3")
		if _, err := seed.Run(ctx, d.Client, seed.Options{Transactions: 3000, Now: now, Seed: 7}); err != nil {
			t.Fatal(err)
		}
		txs, err := d.Client.Transaction.Query().Order(transaction.ByID()).All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(txs), 3000; got != want {
			t.Fatalf("got %d transactions, want %d", got, want)
		}
		for _, tx := range txs {
			for name, at := range map[string]*time.Time{"created": &tx.CreatedAt, "updated": &tx.UpdatedAt, "authorized": tx.AuthorizedAt, "captured": tx.CapturedAt} {
				if at != nil && at.After(now) {
					t.Errorf("transaction %d %s at %s, after the seed's now %s", tx.ID, name, at, now)
				}
			}
			if tx.CapturedAt != nil && tx.AuthorizedAt != nil && tx.CapturedAt.Before(*tx.AuthorizedAt) {
				t.Errorf("transaction %d captured before it was authorized", tx.ID)
			}
			if tx.CreatedAt.Before(now.Add(-seed.Days * 24 * time.Hour)) {
				t.Errorf("transaction %d created %s, more than %d days before now", tx.ID, tx.CreatedAt, seed.Days)
			}
			firsts[i] = append(firsts[i], tx.OrderReference+string(tx.Status)+tx.CreatedAt.String())
		}
	}
	for i := range firsts[0] {
		if firsts[0][i] != firsts[1][i] {
			t.Fatalf("transaction %d differs between two runs with the same options: %q and %q", i, firsts[0][i], firsts[1][i])
		}
	}
}
