package graph_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/money"
	"github.com/guichet/guichet/internal/testdb"
)

type where = map[string]any

// filterCase is a journal filter and the independent rule that says which
// rows it should select.
type filterCase struct {
	name   string
	where  where
	search *string
	keep   func(*graphtest.Row) bool
}

func TestJournalFilters(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newJournalEnv(t, d, 90, 30)
		l := e.a.Labels
		lid := func(ls ...int) []string {
			out := make([]string, len(ls))
			for i, n := range ls {
				out[i] = graphtest.ID(l[n].ID)
			}
			return out
		}
		from := graphtest.JournalStart.Add(5 * 97 * time.Minute)
		to := graphtest.JournalStart.Add(20 * 97 * time.Minute)
		inRange := func(r *graphtest.Row) bool { return !r.CreatedAt.Before(from) && r.CreatedAt.Before(to) }
		status := func(ss ...transaction.Status) func(*graphtest.Row) bool {
			return func(r *graphtest.Row) bool { return slices.Contains(ss, r.Status) }
		}
		anyOf := func(ls ...int) func(*graphtest.Row) bool {
			return func(r *graphtest.Row) bool {
				return slices.ContainsFunc(ls, func(n int) bool { return r.HasLabel(l[n].ID) })
			}
		}
		allOf := func(ls ...int) func(*graphtest.Row) bool {
			return func(r *graphtest.Row) bool {
				return !slices.ContainsFunc(ls, func(n int) bool { return !r.HasLabel(l[n].ID) })
			}
		}
		and := func(ps ...func(*graphtest.Row) bool) func(*graphtest.Row) bool {
			return func(r *graphtest.Row) bool {
				return !slices.ContainsFunc(ps, func(p func(*graphtest.Row) bool) bool { return !p(r) })
			}
		}
		or := func(ps ...func(*graphtest.Row) bool) func(*graphtest.Row) bool {
			return func(r *graphtest.Row) bool {
				return slices.ContainsFunc(ps, func(p func(*graphtest.Row) bool) bool { return p(r) })
			}
		}
		not := func(p func(*graphtest.Row) bool) func(*graphtest.Row) bool {
			return func(r *graphtest.Row) bool { return !p(r) }
		}
		all := func(*graphtest.Row) bool { return true }
		none := func(*graphtest.Row) bool { return false }
		big := int64(1<<53 + 1)

		cases := []filterCase{
			{name: "no filter matches everything", keep: all},
			{name: "statusIn", where: where{"statusIn": []string{"CAPTURED", "FAILED"}}, keep: status("CAPTURED", "FAILED")},
			{name: "statusIn one", where: where{"statusIn": []string{"PARTIALLY_REFUNDED"}}, keep: status("PARTIALLY_REFUNDED")},
			{name: "statusIn empty is no filter: everything", where: where{"statusIn": []string{}}, keep: all},
			{name: "paymentMethodIn", where: where{"paymentMethodIn": []string{"VISA", "TWINT", "SEPA_DEBIT"}}, keep: func(r *graphtest.Row) bool {
				return slices.Contains([]transaction.PaymentMethod{"VISA", "TWINT", "SEPA_DEBIT"}, r.PaymentMethod)
			}},
			{name: "currencyIn", where: where{"currencyIn": []string{"JPY", "KWD"}}, keep: func(r *graphtest.Row) bool {
				return slices.Contains([]money.Currency{"JPY", "KWD"}, r.Currency)
			}},
			{name: "createdAtGTE", where: where{"createdAtGTE": ts(from)}, keep: func(r *graphtest.Row) bool { return !r.CreatedAt.Before(from) }},
			{name: "createdAtLT", where: where{"createdAtLT": ts(to)}, keep: func(r *graphtest.Row) bool { return r.CreatedAt.Before(to) }},
			{name: "createdAt range", where: where{"createdAtGTE": ts(from), "createdAtLT": ts(to)}, keep: inRange},
			{name: "createdAt range in another offset", where: where{
				"createdAtGTE": from.In(time.FixedZone("", 2*3600)).Format(time.RFC3339),
				"createdAtLT":  to.In(time.FixedZone("", -5*3600)).Format(time.RFC3339),
			}, keep: inRange},
			{name: "amountGTE", where: where{"amountGTE": "1000"}, keep: func(r *graphtest.Row) bool { return r.Amount >= 1000 }},
			{name: "amountLTE", where: where{"amountLTE": "1000"}, keep: func(r *graphtest.Row) bool { return r.Amount <= 1000 }},
			{name: "amount range", where: where{"amountGTE": "250", "amountLTE": "5000"}, keep: func(r *graphtest.Row) bool { return r.Amount >= 250 && r.Amount <= 5000 }},
			{name: "amountGTE above 2^53", where: where{"amountGTE": "9007199254740993"}, keep: func(r *graphtest.Row) bool { return r.Amount >= big }},
			{name: "amountGTE as a JSON integer", where: where{"amountGTE": 5000}, keep: func(r *graphtest.Row) bool { return r.Amount >= 5000 }},
			{name: "hasPayerWith reference", where: where{"hasPayerWith": []where{{"reference": "CUST_1%x"}}}, keep: func(r *graphtest.Row) bool {
				return r.Payer != nil && r.Payer.Reference == "CUST_1%x"
			}},
			{name: "hasPayer false", where: where{"hasPayer": false}, keep: func(r *graphtest.Row) bool { return r.Payer == nil }},
			{name: "hasLabelsWith name", where: where{"hasLabelsWith": []where{{"name": graphtest.JournalLabels[1]}}}, keep: anyOf(1)},
			{name: "hasLabels false", where: where{"hasLabels": false}, keep: func(r *graphtest.Row) bool { return len(r.Labels) == 0 }},
			{name: "hasLabelsAnyOf one", where: where{"hasLabelsAnyOf": lid(0)}, keep: anyOf(0)},
			{name: "hasLabelsAnyOf two", where: where{"hasLabelsAnyOf": lid(0, 2)}, keep: anyOf(0, 2)},
			{name: "hasLabelsAnyOf repeated", where: where{"hasLabelsAnyOf": lid(1, 1)}, keep: anyOf(1)},
			{name: "hasLabelsAnyOf empty matches nothing", where: where{"hasLabelsAnyOf": []string{}}, keep: none},
			{name: "hasLabelsAnyOf label of another merchant matches nothing", where: where{"hasLabelsAnyOf": graphtest.IDs(e.b.Labels[0].ID)}, keep: none},
			{name: "hasLabelsAllOf one", where: where{"hasLabelsAllOf": lid(1)}, keep: allOf(1)},
			{name: "hasLabelsAllOf two", where: where{"hasLabelsAllOf": lid(0, 1)}, keep: allOf(0, 1)},
			{name: "hasLabelsAllOf three", where: where{"hasLabelsAllOf": lid(0, 1, 2)}, keep: allOf(0, 1, 2)},
			{name: "hasLabelsAllOf repeated", where: where{"hasLabelsAllOf": lid(0, 1, 0)}, keep: allOf(0, 1)},
			{name: "hasLabelsAllOf empty matches everything", where: where{"hasLabelsAllOf": []string{}}, keep: all},
			{name: "hasLabelsAllOf with a label of another merchant matches nothing", where: where{"hasLabelsAllOf": append(lid(0), graphtest.ID(e.b.Labels[1].ID))}, keep: none},

			{name: "status and currency and amount", where: where{
				"statusIn": []string{"CAPTURED", "AUTHORIZED", "REFUNDED"}, "currencyIn": []string{"CHF", "EUR"}, "amountGTE": "999",
			}, keep: and(status("CAPTURED", "AUTHORIZED", "REFUNDED"), func(r *graphtest.Row) bool {
				return (r.Currency == "CHF" || r.Currency == "EUR") && r.Amount >= 999
			})},
			{name: "date range and anyOf", where: where{"createdAtGTE": ts(from), "createdAtLT": ts(to), "hasLabelsAnyOf": lid(0, 1)}, keep: and(inRange, anyOf(0, 1))},
			{name: "date range and allOf", where: where{"createdAtGTE": ts(from), "createdAtLT": ts(to), "hasLabelsAllOf": lid(0, 2)}, keep: and(inRange, allOf(0, 2))},
			{name: "anyOf and allOf", where: where{"hasLabelsAnyOf": lid(0), "hasLabelsAllOf": lid(1, 2)}, keep: and(anyOf(0), allOf(1, 2))},
			{name: "hasPayerWith referenceHasPrefix is case-sensitive", where: where{"hasPayerWith": []where{{"referenceHasPrefix": "CUST"}}}, keep: func(r *graphtest.Row) bool {
				return r.Payer != nil && strings.HasPrefix(r.Payer.Reference, "CUST")
			}},
			{name: "hasPayerWith referenceContainsFold", where: where{"hasPayerWith": []where{{"referenceContainsFold": "_1%"}}}, keep: func(r *graphtest.Row) bool {
				return r.Payer != nil && strings.Contains(strings.ToLower(r.Payer.Reference), "_1%")
			}},
			{name: "payer and labels", where: where{"hasPayerWith": []where{{"referenceHasPrefix": "CUST"}}, "hasLabelsAnyOf": lid(2)}, keep: and(anyOf(2), func(r *graphtest.Row) bool {
				return r.Payer != nil && strings.HasPrefix(r.Payer.Reference, "CUST")
			})},
			{name: "or", where: where{"or": []where{{"statusIn": []string{"FAILED"}}, {"hasLabelsAnyOf": lid(1)}}}, keep: or(status("FAILED"), anyOf(1))},
			{name: "or of date ranges with labels", where: where{"or": []where{
				{"createdAtLT": ts(from), "hasLabelsAnyOf": lid(0)},
				{"createdAtGTE": ts(to), "hasLabelsAllOf": lid(1, 2)},
			}}, keep: or(
				and(func(r *graphtest.Row) bool { return r.CreatedAt.Before(from) }, anyOf(0)),
				and(func(r *graphtest.Row) bool { return !r.CreatedAt.Before(to) }, allOf(1, 2)),
			)},
			{name: "and", where: where{"and": []where{{"hasLabelsAnyOf": lid(0)}, {"hasLabelsAnyOf": lid(1)}}}, keep: allOf(0, 1)},
			{name: "not anyOf", where: where{"not": where{"hasLabelsAnyOf": lid(0)}}, keep: not(anyOf(0))},
			{name: "not date range and allOf", where: where{"not": where{"createdAtGTE": ts(from), "hasLabelsAllOf": lid(0, 1)}},
				keep: not(and(func(r *graphtest.Row) bool { return !r.CreatedAt.Before(from) }, allOf(0, 1)))},
			{name: "not allOf empty matches nothing", where: where{"not": where{"hasLabelsAllOf": []string{}}}, keep: none},
			{name: "not allOf empty and status matches nothing", where: where{"not": where{"hasLabelsAllOf": []string{}}, "statusIn": []string{"FAILED"}}, keep: none},
			{name: "or with allOf empty matches everything", where: where{"or": []where{{"hasLabelsAllOf": []string{}}, {"statusIn": []string{"FAILED"}}}}, keep: all},
			{name: "not anyOf empty matches everything", where: where{"not": where{"hasLabelsAnyOf": []string{}}}, keep: all},
			{name: "search and filter", where: where{"statusIn": []string{"CAPTURED", "FAILED", "PENDING"}}, search: ptr("cust"), keep: and(status("CAPTURED", "FAILED", "PENDING"), searchRule("cust"))},
		}
		for _, text := range searchTexts {
			cases = append(cases, filterCase{name: "search " + text, search: ptr(text), keep: searchRule(text)})
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				vars := graphtest.Vars{"where": c.where}
				if c.search != nil {
					vars["search"] = *c.search
				}
				got, total := journalIDs(t, e.srv, e.va, vars)
				if total != len(got) {
					t.Errorf("got totalCount %d for %d transactions", total, len(got))
				}
				got = sorted(got)
				want := rowIDs(e.a.Rows, c.keep)
				if !slices.Equal(got, want) {
					t.Errorf("%s", diffIDs(got, want))
				}
			})
		}
		t.Run("amounts above 2^53 come back exactly", func(t *testing.T) {
			var got struct {
				Transactions struct {
					Edges []struct{ Node struct{ ID, Amount string } }
				}
			}
			e.srv.Query(t, e.va, `query($w: TransactionWhereInput) { transactions(first: 100, where: $w) { edges { node { id amount } } } }`,
				graphtest.Vars{"w": where{"amount": "9007199254740993"}}, &got)
			want := rowIDs(e.a.Rows, func(r *graphtest.Row) bool { return r.Amount == big })
			if len(got.Transactions.Edges) != len(want) || len(want) == 0 {
				t.Fatalf("got %d transactions, want %d (and some)", len(got.Transactions.Edges), len(want))
			}
			for _, edge := range got.Transactions.Edges {
				if edge.Node.Amount != "9007199254740993" {
					t.Errorf("transaction %s: got amount %q", edge.Node.ID, edge.Node.Amount)
				}
			}
		})
		t.Run("fixture covers the cases", func(t *testing.T) {
			// Cases that select nothing or everything by accident prove
			// nothing: the fixture must give most filters a proper subset.
			var trivial []string
			searches := 0
			for _, c := range cases {
				n := len(rowIDs(e.a.Rows, c.keep))
				proper := n > 0 && n < len(e.a.Rows)
				switch {
				case strings.HasPrefix(c.name, "search ") && proper:
					searches++
				case strings.HasPrefix(c.name, "search "), strings.Contains(c.name, "nothing"), strings.Contains(c.name, "everything"):
				case !proper:
					trivial = append(trivial, c.name)
				}
			}
			if len(trivial) > 0 {
				t.Errorf("cases selecting none or all of the fixture: %q", trivial)
			}
			if got, want := searches, len(searchTexts)/2; got < want {
				t.Errorf("got %d searches selecting a proper subset, want at least %d", got, want)
			}
		})
	})
}

// searchTexts are journal searches: prefixes of order references and Payer
// IDs in any case, e-mails in any case, last four digits, LIKE wildcards
// and escapes that must match literally, blanks.
var searchTexts = []string{
	"CMD-2503", "cmd-2503-00", "ORD_1%", "ord_x", "ORD%2", "ORD_", "%", "_", `\`, "ORD\\",
	"cust-", "CUST_1%", "CUST_1", "cUsT", "alice@", "ALICE@EXAMPLE.CH",
	"BOB.SMITH@EXAMPLE.COM", "bob.smith@", "dora.muller@example.com",
	"4242", "0000", " 1234 ", "123", "", "   ",
	// Letters beyond ASCII as stored, ASCII ones in any case: what both
	// databases fold alike whatever their locale.
	"Élodie", "ÉLODIE.F", "Élodie.Ferré@example.ch", "ÉLODIE.Ferré@EXAMPLE.CH",
}

var fourDigits = regexp.MustCompile(`^[0-9]{4}$`)

// searchRule is what the journal's search promises: the start of the
// order reference or of the Payer ID, ignoring case; the payer's e-mail,
// ignoring case; the last four digits of the card. Blank matches all.
func searchRule(text string) func(*graphtest.Row) bool {
	text = strings.TrimSpace(text)
	low := strings.ToLower(text)
	return func(r *graphtest.Row) bool {
		switch {
		case text == "":
			return true
		case r.OrderReference != "" && strings.HasPrefix(strings.ToLower(r.OrderReference), low):
			return true
		case r.Payer != nil && strings.HasPrefix(strings.ToLower(r.Payer.Reference), low):
			return true
		case r.Payer != nil && r.Payer.Email != "" && strings.EqualFold(r.Payer.Email, text):
			return true
		}
		return fourDigits.MatchString(text) && r.CardLast4 == text
	}
}

func ptr[T any](v T) *T { return &v }
