package graph_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/testdb"
)

// TestMerchantIsolation reads and writes as merchant B a database that
// also holds merchant A, with the same label names, payer references and
// values: B must never see or touch A's rows.
func TestMerchantIsolation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newJournalEnv(t, d, 40, 25)
		onlyA := e.f.Payer(e.a.Merchant, "only-in-A", "only@example.ch")
		f := e.f
		// A link of A's that B will try to remove.
		aTx, aLabel := e.a.Rows[0], e.a.Labels[0]
		if !aTx.HasLabel(aLabel.ID) {
			f.Client.TransactionLabel.Create().SetTransactionID(aTx.ID).SetLabelID(aLabel.ID).
				SetMerchantID(aTx.MerchantID).SetTransactionCreatedAt(aTx.CreatedAt).SetAddedBy("A").
				ExecX(graphtest.System())
		}
		bRows := rowIDs(e.b.Rows, func(*graphtest.Row) bool { return true })

		t.Run("journal", func(t *testing.T) {
			got, total := journalIDs(t, e.srv, e.vb, nil)
			if got := sorted(got); !slices.Equal(got, bRows) {
				t.Errorf("%s", diffIDs(got, bRows))
			}
			if total != len(bRows) {
				t.Errorf("got totalCount %d, want %d", total, len(bRows))
			}
		})
		for _, c := range []struct {
			name string
			vars graphtest.Vars
			keep func(*graphtest.Row) bool
		}{
			{"A's IDs", graphtest.Vars{"where": where{"idIn": graphtest.IDs(e.a.Rows[0].ID, e.a.Rows[1].ID)}}, func(*graphtest.Row) bool { return false }},
			{"search", graphtest.Vars{"search": "cust"}, searchRule("cust")},
			{"payer reference both have", graphtest.Vars{"where": where{"hasPayerWith": []where{{"reference": "alice@example.ch"}}}}, func(r *graphtest.Row) bool {
				return r.Payer != nil && r.Payer.Reference == "alice@example.ch"
			}},
			{"label name both have", graphtest.Vars{"where": where{"hasLabelsWith": []where{{"name": graphtest.JournalLabels[1]}}}}, func(r *graphtest.Row) bool {
				return r.HasLabel(e.b.Labels[1].ID)
			}},
			{"A's label", graphtest.Vars{"where": where{"hasLabelsAnyOf": graphtest.IDs(aLabel.ID, e.a.Labels[1].ID)}}, func(*graphtest.Row) bool { return false }},
		} {
			t.Run("journal filtered by "+c.name, func(t *testing.T) {
				got, _ := journalIDs(t, e.srv, e.vb, c.vars)
				want := rowIDs(e.b.Rows, c.keep)
				if got := sorted(got); !slices.Equal(got, want) {
					t.Errorf("%s", diffIDs(got, want))
				}
			})
		}

		t.Run("lists", func(t *testing.T) {
			var got struct {
				Labels, Payers, Shops struct {
					Edges []struct{ Node struct{ ID string } }
				}
				Viewer struct{ Merchant struct{ ID string } }
			}
			e.srv.Query(t, e.vb, `{
				labels(first: 100) { edges { node { id } } }
				payers(first: 100) { edges { node { id } } }
				shops(first: 100) { edges { node { id } } }
				viewer { merchant { id } }
			}`, nil, &got)
			ids := func(c struct {
				Edges []struct{ Node struct{ ID string } }
			}) []int {
				var out []int
				for _, e := range c.Edges {
					out = append(out, graphtest.EntID(t, e.Node.ID))
				}
				return sorted(out)
			}
			var wantLabels, wantPayers, wantShops []int
			for _, l := range e.b.Labels {
				wantLabels = append(wantLabels, l.ID)
			}
			for _, p := range e.b.Payers {
				wantPayers = append(wantPayers, p.ID)
			}
			for _, s := range e.b.Shops {
				wantShops = append(wantShops, s.ID)
			}
			for _, c := range []struct {
				name      string
				got, want []int
			}{
				{"labels", ids(got.Labels), sorted(wantLabels)},
				{"payers", ids(got.Payers), sorted(wantPayers)},
				{"shops", ids(got.Shops), sorted(wantShops)},
			} {
				if !slices.Equal(c.got, c.want) {
					t.Errorf("%s: %s", c.name, diffIDs(c.got, c.want))
				}
			}
			if got, want := graphtest.EntID(t, got.Viewer.Merchant.ID), e.b.Merchant.ID; got != want {
				t.Errorf("got merchant %d, want %d", got, want)
			}
		})
		t.Run("payer by reference", func(t *testing.T) {
			const q = `query($ref: String!) { payer(reference: $ref) { id transactions(first: 100) { edges { node { id } } } } }`
			var shared struct {
				Payer *struct {
					ID           string
					Transactions conn
				}
			}
			e.srv.Query(t, e.vb, q, graphtest.Vars{"ref": "alice@example.ch"}, &shared)
			if shared.Payer == nil {
				t.Fatal("got no payer")
			}
			payer := graphtest.EntID(t, shared.Payer.ID)
			if i := slices.IndexFunc(e.b.Payers, func(p *ent.Payer) bool { return p.ID == payer }); i < 0 {
				t.Errorf("got payer %d, not one of B's", payer)
			}
			want := rowIDs(e.b.Rows, func(r *graphtest.Row) bool { return r.Payer != nil && r.Payer.ID == payer })
			if got := sorted(shared.Payer.Transactions.ids(t)); !slices.Equal(got, want) {
				t.Errorf("transactions: %s", diffIDs(got, want))
			}
			var only struct{ Payer *struct{ ID string } }
			e.srv.Query(t, e.vb, q, graphtest.Vars{"ref": onlyA.Reference}, &only)
			if only.Payer != nil {
				t.Errorf("got A's payer %s", only.Payer.ID)
			}
		})
		t.Run("stats", func(t *testing.T) {
			var got statsAnswer
			e.srv.Query(t, e.vb, statsQuery, graphtest.Vars{"groupBy": []string{"CURRENCY"}}, &got)
			if got, want := got.TransactionStats.TotalCount, len(e.b.Rows); got != want {
				t.Errorf("got totalCount %d, want %d", got, want)
			}
			e.srv.Query(t, e.vb, statsQuery, graphtest.Vars{"groupBy": []string{}, "where": where{"hasLabelsAnyOf": graphtest.IDs(aLabel.ID)}}, &got)
			if got := got.TransactionStats.TotalCount; got != 0 {
				t.Errorf("got totalCount %d with A's label, want 0", got)
			}
		})

		// A's nodes must answer exactly like IDs that do not exist: the
		// answer must not even tell that they exist.
		lastTx := e.b.Rows[len(e.b.Rows)-1].ID
		unknown := graphtest.ID(lastTx + 1000)
		for _, c := range []struct {
			name string
			id   int
		}{
			{"transaction", aTx.ID},
			{"label", aLabel.ID},
			{"payer", onlyA.ID},
			{"shop", e.a.Shops[0].ID},
			{"merchant", e.a.Merchant.ID},
		} {
			t.Run("node of A's "+c.name, func(t *testing.T) {
				const q = `query($id: ID!) { node(id: $id) { id ... on Transaction { amount } } }`
				got := answer(t, e.srv.Do(t, e.vb, q, graphtest.Vars{"id": graphtest.ID(c.id)}))
				want := answer(t, e.srv.Do(t, e.vb, q, graphtest.Vars{"id": unknown}))
				if got != want {
					t.Errorf("got %s\nwant %s", got, want)
				}
				const qs = `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`
				bTx := graphtest.ID(e.b.Rows[0].ID)
				got = answer(t, e.srv.Do(t, e.vb, qs, graphtest.Vars{"ids": []string{graphtest.ID(c.id), bTx}}))
				want = answer(t, e.srv.Do(t, e.vb, qs, graphtest.Vars{"ids": []string{unknown, bTx}}))
				if got != want {
					t.Errorf("nodes: got %s\nwant %s", got, want)
				}
			})
		}

		bTx, bLabel := graphtest.ID(e.b.Rows[0].ID), graphtest.ID(e.b.Labels[0].ID)
		aTxID, aLabelID := graphtest.ID(aTx.ID), graphtest.ID(aLabel.ID)
		for _, c := range []failure{
			{name: "label A's transaction", query: addLabels, vars: graphtest.Vars{"t": []string{bTx, aTxID}, "l": []string{bLabel}}, code: "NOT_FOUND", field: "transactionIds[1]"},
			{name: "use A's label", query: addLabels, vars: graphtest.Vars{"t": []string{bTx}, "l": []string{aLabelID}}, code: "NOT_FOUND", field: "labelIds[0]"},
			{name: "unlabel A's transaction", query: removeLabels, vars: graphtest.Vars{"t": []string{aTxID}, "l": []string{aLabelID}}, code: "NOT_FOUND", field: "transactionIds[0]"},
			{name: "rename A's label", query: updateLabel, vars: graphtest.Vars{"id": aLabelID, "input": graphtest.Vars{"name": "Volé"}}, code: "NOT_FOUND", field: "id"},
			{name: "delete A's label", query: deleteLabel, vars: graphtest.Vars{"id": aLabelID}, code: "NOT_FOUND", field: "id"},
		} {
			t.Run(c.name, func(t *testing.T) {
				c.v = e.vb
				c.check(t, e.srv, e.f)
			})
		}
	})
}

// answer is a response as the caller sees it, for comparing two.
func answer(t *testing.T, r *graphtest.Response) string {
	t.Helper()
	b, err := json.Marshal(struct {
		Status int
		Data   json.RawMessage
		Errors []graphtest.Error
	}{r.Status, r.Data, r.Errors})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
