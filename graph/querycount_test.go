package graph_test

import (
	"testing"

	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

// TestJournalPageStatements proves that a journal page costs the same few
// SQL statements whatever its size: the payer, shop and labels of its rows
// are loaded for the whole page, not row by row.
func TestJournalPageStatements(t *testing.T) {
	const q = `query($first: Int!) {
	  transactions(first: $first) {
	    totalCount
	    pageInfo { hasNextPage endCursor }
	    edges { cursor node {
	      id createdAt status amount currency paymentMethod orderReference cardLast4 eci
	      shop { id name }
	      payer { id reference email }
	      labels { id name color }
	    } }
	  }
	}`
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		client, drv := graphtest.NewClient(d)
		j := graphtest.NewFixture(t, client).Journal("Grand journal", "Europe/Zurich", 120, 3)
		srv := graphtest.NewServer(client)
		v := graphtest.Viewer(j.Merchant, viewer.RoleOperator)
		counts := map[int]int{}
		for _, first := range []int{10, 100} {
			var got page
			drv.Reset()
			srv.Query(t, v, q, graphtest.Vars{"first": first}, &got)
			counts[first] = drv.Count()
			if got, want := len(got.Transactions.Edges), first; got != want {
				t.Fatalf("got %d transactions, want %d", got, want)
			}
		}
		if counts[10] != counts[100] {
			t.Errorf("got %d statements for 10 rows and %d for 100", counts[10], counts[100])
		}
		// The page, its total, and one statement each for shops, payers and
		// labels.
		if got, max := counts[100], 5; got > max {
			t.Errorf("got %d statements for a page, want at most %d", got, max)
		}
		t.Logf("%d statements a page", counts[100])

		// Labelling answers with the transactions; the frontend reads
		// their labels back.
		const label = `mutation($t: [ID!]!, $l: [ID!]!) {
		  addLabels(transactionIds: $t, labelIds: $l) { id labels { id name } payer { reference } shop { name } }
		}`
		for _, n := range []int{10, 100} {
			ids := make([]int, n)
			for i := range ids {
				ids[i] = j.Rows[i].ID
			}
			drv.Reset()
			var got struct{ AddLabels []struct{ ID string } }
			srv.Query(t, graphtest.Viewer(j.Merchant, viewer.RoleAdmin), label, graphtest.Vars{"t": graphtest.IDs(ids...), "l": graphtest.IDs(j.Labels[0].ID)}, &got)
			counts[n] = drv.Count()
		}
		if counts[10] != counts[100] {
			t.Errorf("labelling: got %d statements for 10 transactions and %d for 100", counts[10], counts[100])
		}
		t.Logf("%d statements to label", counts[100])
	})
}
