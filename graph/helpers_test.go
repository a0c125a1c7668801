package graph_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/viewer"
)

// journalEnv is two merchants' journals served by one API: A in Zurich,
// B in New York, with the same label names, payer references and values.
type journalEnv struct {
	srv    *graphtest.Server
	f      *graphtest.Fixture
	a, b   *graphtest.Journal
	va, vb *viewer.Viewer
}

func newJournalEnv(t *testing.T, d *db.DB, nA, nB int) *journalEnv {
	t.Helper()
	f := graphtest.NewFixture(t, d.Client)
	e := &journalEnv{srv: graphtest.NewServer(d.Client), f: f}
	e.a = f.Journal("Hôtel A", "Europe/Zurich", nA, 1)
	e.b = f.Journal("Comptoir B", "America/New_York", nB, 2)
	e.va = graphtest.Viewer(e.a.Merchant, viewer.RoleAdmin)
	e.vb = graphtest.Viewer(e.b.Merchant, viewer.RoleAdmin)
	return e
}

const journalPageQuery = `query($where: TransactionWhereInput, $search: String, $after: Cursor, $first: Int, $orderBy: TransactionOrder) {
  transactions(first: $first, after: $after, where: $where, search: $search, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id } }
  }
}`

// conn is a transaction connection as the API answers it.
type conn struct {
	TotalCount int
	PageInfo   struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	}
	Edges []struct {
		Cursor string
		Node   struct{ ID string }
	}
}

// ids returns the ent IDs of the page, in order.
func (c *conn) ids(t testing.TB) []int {
	t.Helper()
	out := make([]int, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = graphtest.EntID(t, e.Node.ID)
	}
	return out
}

// page is the data of a journal query.
type page struct{ Transactions conn }

func (p *page) ids(t testing.TB) []int {
	t.Helper()
	return p.Transactions.ids(t)
}

// journalIDs reads every page of the journal as v with the variables vars
// (where, search, orderBy) and returns the IDs in order and the total count
// of the first page.
func journalIDs(t testing.TB, srv *graphtest.Server, v *viewer.Viewer, vars graphtest.Vars) ([]int, int) {
	t.Helper()
	q := graphtest.Vars{"first": 100}
	for k, val := range vars {
		q[k] = val
	}
	var ids []int
	total := -1
	for range 100 {
		var p page
		srv.Query(t, v, journalPageQuery, q, &p)
		if total < 0 {
			total = p.Transactions.TotalCount
		}
		ids = append(ids, p.ids(t)...)
		if !p.Transactions.PageInfo.HasNextPage {
			return ids, total
		}
		q["after"] = *p.Transactions.PageInfo.EndCursor
	}
	t.Fatal("the journal never ends")
	return nil, 0
}

// rowIDs returns the sorted IDs of the rows keep accepts: the independent
// computation tests compare the API with.
func rowIDs(rows []*graphtest.Row, keep func(*graphtest.Row) bool) []int {
	var out []int
	for _, r := range rows {
		if keep(r) {
			out = append(out, r.ID)
		}
	}
	slices.Sort(out)
	return out
}

func sorted(ids []int) []int {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// diffIDs describes how got differs from want, both sorted.
func diffIDs(got, want []int) string {
	var missing, extra []int
	for _, id := range want {
		if _, ok := slices.BinarySearch(got, id); !ok {
			missing = append(missing, id)
		}
	}
	for _, id := range got {
		if _, ok := slices.BinarySearch(want, id); !ok {
			extra = append(extra, id)
		}
	}
	return fmt.Sprintf("got %d IDs, want %d; missing %v, unexpected %v", len(got), len(want), missing, extra)
}

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
