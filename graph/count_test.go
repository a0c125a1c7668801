package graph_test

import (
	"fmt"
	"testing"

	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

// TestConnectionCounts proves that a connection is counted only when its
// totalCount is asked for, or when pageInfo is asked for without a page:
// the page itself tells whether there is a next one, so a client asking the
// total on its first page only pays the count once.
func TestConnectionCounts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		client, drv := graphtest.NewClient(d)
		j := graphtest.NewFixture(t, client).Journal("Comptes", "Europe/Zurich", 30, 5)
		srv := graphtest.NewServer(client)
		v := graphtest.Viewer(j.Merchant, viewer.RoleViewer)
		statements := func(args, fields string) (int, *bool) {
			t.Helper()
			var got struct {
				Transactions struct {
					PageInfo *struct{ HasNextPage bool }
				}
			}
			drv.Reset()
			srv.Query(t, v, fmt.Sprintf("{ transactions(%s) { %s } }", args, fields), nil, &got)
			if pi := got.Transactions.PageInfo; pi != nil {
				return drv.Count(), &pi.HasNextPage
			}
			return drv.Count(), nil
		}
		const page = "pageInfo { hasNextPage } edges { node { id } }"
		for _, c := range []struct {
			name string
			args string
			next bool
		}{
			{"a page with a next one", "first: 10", true},
			{"the last page", "first: 100", false},
		} {
			t.Run(c.name, func(t *testing.T) {
				without, next := statements(c.args, page)
				with, nextWithTotal := statements(c.args, "totalCount "+page)
				if with != without+1 {
					t.Errorf("got %d statements with totalCount and %d without, want one more with it", with, without)
				}
				if *next != c.next || *nextWithTotal != c.next {
					t.Errorf("hasNextPage: got %v without totalCount and %v with it, want %v", *next, *nextWithTotal, c.next)
				}
			})
		}
		t.Run("pageInfo without a page", func(t *testing.T) {
			for _, args := range []string{"first: 10", "first: 0"} {
				n, next := statements(args, "pageInfo { hasNextPage }")
				if n != 1 || !*next {
					t.Errorf("%s: got %d statements and hasNextPage %v, want the count alone and true", args, n, *next)
				}
			}
		})
	})
}
