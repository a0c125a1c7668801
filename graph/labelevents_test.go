package graph_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

// TestLabelEventPages pages through the label event log in each of its
// orders, forwards and backwards, and checks that the pages make up the
// log, each event once, in order; a cursor of one order is refused in the
// other.
func TestLabelEventPages(t *testing.T) {
	const q = `query($first: Int, $after: Cursor, $last: Int, $before: Cursor, $orderBy: LabelEventOrder) {
	  labelEvents(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
	    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
	    edges { cursor node { id kind } }
	  }
	}`
	type page struct {
		LabelEvents struct {
			PageInfo struct {
				HasNextPage, HasPreviousPage bool
				StartCursor, EndCursor       string
			}
			Edges []struct {
				Cursor string
				Node   struct{ ID, Kind string }
			}
		}
	}
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := graphtest.NewFixture(t, d.Client)
		j := f.Journal("Journal", "Europe/Zurich", 12, 5)
		srv := graphtest.NewServer(d.Client)
		op := graphtest.Viewer(j.Merchant, viewer.RoleOperator)
		// Changes one by one, so that the log has more than a page; a
		// second merchant's changes stay out of it.
		other := f.Journal("Autre", "Europe/Zurich", 3, 6)
		for i, r := range j.Rows {
			mutation := addLabels
			if r.HasLabel(j.Labels[0].ID) {
				mutation = removeLabels
			}
			srv.Query(t, op, mutation, graphtest.Vars{"t": graphtest.IDs(r.ID), "l": graphtest.IDs(j.Labels[0].ID)}, &struct{}{})
			if i%4 == 0 {
				srv.Query(t, graphtest.Viewer(other.Merchant, viewer.RoleOperator), addLabels,
					graphtest.Vars{"t": graphtest.IDs(other.Rows[i/4].ID), "l": graphtest.IDs(other.Labels[2].ID)}, &struct{}{})
			}
		}
		var all page
		srv.Query(t, op, q, graphtest.Vars{"first": 100}, &all)
		var want []string
		for _, e := range all.LabelEvents.Edges {
			want = append(want, e.Node.ID)
		}
		if len(want) != len(j.Rows) {
			t.Fatalf("got %d events, want %d: %v", len(want), len(j.Rows), want)
		}
		for _, order := range []string{"SEQ", "AT"} {
			orderBy := map[string]any{"field": order}
			t.Run(order+" forwards", func(t *testing.T) {
				var got []string
				vars := graphtest.Vars{"first": 5, "orderBy": orderBy}
				for range len(want) {
					var p page
					srv.Query(t, op, q, vars, &p)
					for _, e := range p.LabelEvents.Edges {
						got = append(got, e.Node.ID)
					}
					if !p.LabelEvents.PageInfo.HasNextPage {
						break
					}
					vars["after"] = p.LabelEvents.PageInfo.EndCursor
				}
				if !slices.Equal(got, want) {
					t.Errorf("got %v, want %v", got, want)
				}
			})
			t.Run(order+" backwards", func(t *testing.T) {
				var got []string
				vars := graphtest.Vars{"last": 5, "orderBy": orderBy}
				for range len(want) {
					var p page
					srv.Query(t, op, q, vars, &p)
					var ids []string
					for _, e := range p.LabelEvents.Edges {
						ids = append(ids, e.Node.ID)
					}
					got = append(ids, got...)
					if !p.LabelEvents.PageInfo.HasPreviousPage {
						break
					}
					vars["before"] = p.LabelEvents.PageInfo.StartCursor
				}
				if !slices.Equal(got, want) {
					t.Errorf("got %v, want %v", got, want)
				}
			})
		}
		t.Run("cursor of another order", func(t *testing.T) {
			var seq page
			srv.Query(t, op, q, graphtest.Vars{"first": 1, "orderBy": map[string]any{"field": "SEQ"}}, &seq)
			for _, vars := range []graphtest.Vars{
				{"first": 1, "after": seq.LabelEvents.PageInfo.EndCursor, "orderBy": map[string]any{"field": "AT"}},
				{"first": 1, "after": seq.LabelEvents.PageInfo.EndCursor},
			} {
				if err := srv.Fail(t, op, q, vars); err.Code() != "BAD_USER_INPUT" || err.Field() != "after" {
					t.Errorf("%v: got %s %s, want BAD_USER_INPUT on after", vars["orderBy"], err.Code(), fmt.Sprint(err.Message))
				}
			}
		})
	})
}
