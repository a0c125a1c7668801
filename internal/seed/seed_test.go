package seed_test

import (
	"context"
	"maps"
	"os"
	"testing"
	"time"

	"github.com/guichet/guichet/ent/emailmessage"
	"github.com/guichet/guichet/ent/paymentlink"
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

// TestBillingProfiles checks the demo's stored cards: some for the Account
// Updater to select this month, none changed after now.
func TestBillingProfiles(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	ctx := viewer.SystemContext(context.Background())
	d := testdb.Open(t, "sqlite3")
	if _, err := seed.Run(ctx, d.Client, seed.Options{Transactions: 3000, Now: now, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	profiles, err := d.Client.BillingProfile.Query().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	selected := 0
	for _, p := range profiles {
		if p.CardUpdatedAt.After(now) {
			t.Errorf("profile %s changed at %s, after now", p.PaymentMethodRef, p.CardUpdatedAt)
		}
		if p.Status == "ACTIVE" && p.ExpiryYear == 2026 && p.ExpiryMonth == 12 && p.CardUpdatedAt.Before(time.Date(2026, 5, 31, 22, 0, 0, 0, time.UTC)) {
			selected++
		}
	}
	if len(profiles) < 50 || selected < 10 {
		t.Errorf("%d profiles, %d of them for December's run", len(profiles), selected)
	}
}

// TestPaymentLinks checks the demo's payment links: every state the list
// filters on, paid ones with their payment in the journal, and no e-mail
// left to send at start-up.
func TestPaymentLinks(t *testing.T) {
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	ctx := viewer.SystemContext(context.Background())
	d := testdb.Open(t, "sqlite3")
	res, err := seed.Run(ctx, d.Client, seed.Options{Transactions: 300, Now: now, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range res.Merchants {
		t.Run(m.Name, func(t *testing.T) {
			links, err := d.Client.PaymentLink.Query().Where(paymentlink.MerchantID(m.ID)).WithTransaction().All(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got := map[paymentlink.Status]int{}
			for _, l := range links {
				got[l.Status]++
				if l.CreatedAt.After(now) {
					t.Errorf("link %s made at %s, after now", l.OrderReference, l.CreatedAt)
				}
				paid := l.Edges.Transaction
				if (l.Status == paymentlink.StatusPAID) != (paid != nil) {
					t.Errorf("link %s is %s with transaction %v", l.OrderReference, l.Status, paid)
					continue
				}
				if paid != nil && (paid.Channel != transaction.ChannelPAYMENT_LINK || paid.OrderReference != l.OrderReference || paid.Status != transaction.StatusCAPTURED) {
					t.Errorf("link %s paid by %s %s %s", l.OrderReference, paid.Channel, paid.OrderReference, paid.Status)
				}
			}
			want := map[paymentlink.Status]int{
				paymentlink.StatusPAID: 2, paymentlink.StatusOPENED: 1, paymentlink.StatusSENT: 2,
				paymentlink.StatusCANCELED: 1, paymentlink.StatusEXPIRED: 1,
			}
			if !maps.Equal(got, want) {
				t.Errorf("links by status: got %v, want %v", got, want)
			}
		})
	}
	pending, err := d.Client.EmailMessage.Query().Where(emailmessage.StatusEQ(emailmessage.StatusPENDING), emailmessage.KindEQ(emailmessage.KindPAYMENT_LINK)).Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if pending != 0 {
		t.Errorf("%d payment-link e-mails left to send", pending)
	}
	total, err := d.Client.Transaction.Query().Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if total != 300 {
		t.Errorf("got %d transactions, want the 300 asked for, the links' payments included", total)
	}
}
