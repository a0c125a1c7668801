package graph_test

import (
	"testing"

	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

// TestAliasedConnectionFields checks that a client may alias a
// connection's own fields: the page and the count are the same as without
// aliases, for the journal and for a nested connection.
func TestAliasedConnectionFields(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		client, _ := graphtest.NewClient(d)
		j := graphtest.NewFixture(t, client).Journal("Alias", "Europe/Zurich", 12, 9)
		srv := graphtest.NewServer(client)
		v := graphtest.Viewer(j.Merchant, viewer.RoleAdmin)
		type conn struct {
			Count int `json:"count"`
			Rows  []struct {
				Row struct {
					ID string `json:"id"`
				} `json:"row"`
			} `json:"rows"`
			Info struct {
				More bool `json:"more"`
			} `json:"info"`
		}
		var got struct {
			Journal conn `json:"journal"`
			Plain   struct {
				TotalCount int `json:"totalCount"`
				Edges      []struct {
					Node struct {
						ID string `json:"id"`
					} `json:"node"`
				} `json:"edges"`
			} `json:"plain"`
		}
		srv.Query(t, v, `{
		  journal: transactions(first: 5) { count: totalCount rows: edges { row: node { id } } info: pageInfo { more: hasNextPage } }
		  plain: transactions(first: 5) { totalCount edges { node { id } } }
		}`, nil, &got)
		if got, want := got.Journal.Count, len(j.Rows); got != want {
			t.Errorf("aliased totalCount: got %d, want %d", got, want)
		}
		if got, want := len(got.Journal.Rows), 5; got != want {
			t.Fatalf("aliased edges: got %d rows, want %d", got, want)
		}
		for i, e := range got.Plain.Edges {
			if got, want := got.Journal.Rows[i].Row.ID, e.Node.ID; got != want {
				t.Errorf("row %d: got %s aliased, %s not", i, got, want)
			}
		}
		if !got.Journal.Info.More {
			t.Error("aliased hasNextPage: got false, want true")
		}
	})
}
