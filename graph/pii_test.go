package graph_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/testdb"
)

// TestPayerPII checks that callers without READ_PAYER_PII get every other
// field of a transaction, but the payer's name and e-mail only as null with
// a FORBIDDEN error each, and cannot find transactions by e-mail.
func TestPayerPII(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		a := newAPI(t, d)
		cs := callers(a)
		m := a.m[0]
		query := `query($id: ID!) { node(id: $id) { ... on Transaction {
			status amount
			payer { reference email name }
			paymentLink { amount recipientEmail buyerFirstName buyerLastName }
		} } }`
		pii := []string{"payer.email", "payer.name", "paymentLink.recipientEmail", "paymentLink.buyerFirstName", "paymentLink.buyerLastName"}

		t.Run("VIEWER", func(t *testing.T) {
			got := a.do(t, cs["VIEWER"], query, map[string]any{"id": gid(m.Captured)})
			var paths []string
			for _, e := range got.Errors {
				if e.code() != "FORBIDDEN" {
					t.Errorf("got error %s, want FORBIDDEN", e.code())
				}
				var p []string
				for _, s := range e.Path[1:] {
					p = append(p, s.(string))
				}
				paths = append(paths, strings.Join(p, "."))
			}
			slices.Sort(paths)
			want := slices.Sorted(slices.Values(pii))
			if !slices.Equal(paths, want) {
				t.Errorf("FORBIDDEN errors at %q, want one at each of %q", paths, want)
			}
			for _, f := range pii {
				if v := got.at("node." + f); v != nil {
					t.Errorf("%s: got %v, want null", f, v)
				}
			}
			for f, want := range map[string]string{
				"status": "CAPTURED", "amount": "10000", "payer.reference": m.Payer.Reference, "paymentLink.amount": "10000",
			} {
				if got := got.str("node." + f); got != want {
					t.Errorf("%s: got %q, want %q", f, got, want)
				}
			}
		})
		t.Run("OPERATOR", func(t *testing.T) {
			got := a.do(t, cs["OPERATOR"], query, map[string]any{"id": gid(m.Captured)})
			if got.Errors != nil {
				t.Fatal(got.Raw)
			}
			for f, want := range map[string]string{"payer.email": m.Payer.Email, "payer.name": m.Payer.Name, "paymentLink.buyerFirstName": "Bruno"} {
				if got := got.str("node." + f); got != want {
					t.Errorf("%s: got %q, want %q", f, got, want)
				}
			}
		})

		search := `query($q: String!) { transactions(search: $q) { totalCount } transactionStats(search: $q) { totalCount } }`
		for _, c := range []struct {
			who, text string
			want      float64
		}{
			{"VIEWER", m.Payer.Email, 0},
			{"VIEWER", strings.ToUpper(m.Payer.Email), 0},
			{"OPERATOR", m.Payer.Email, 1},
			{"OPERATOR", strings.ToUpper(m.Payer.Email), 1},
			{"VIEWER", m.Payer.Reference, 1}, // the Payer ID is not personal data
			{"OPERATOR", a.m[1].Payer.Email, 0},
		} {
			t.Run("search/"+c.who+"/"+c.text, func(t *testing.T) {
				got := a.do(t, cs[c.who], search, map[string]any{"q": c.text})
				if got.Errors != nil {
					t.Fatal(got.Raw)
				}
				for _, f := range []string{"transactions.totalCount", "transactionStats.totalCount"} {
					if got := got.at(f); got != c.want {
						t.Errorf("%s: got %v, want %v", f, got, c.want)
					}
				}
			})
		}
	})
}
