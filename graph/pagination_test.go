package graph_test

import (
	"cmp"
	"encoding/base64"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/guichet/guichet/graph"
	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

const pageQuery = `query($first: Int, $last: Int, $after: Cursor, $before: Cursor, $orderBy: TransactionOrder, $where: TransactionWhereInput) {
  transactions(first: $first, last: $last, after: $after, before: $before, orderBy: $orderBy, where: $where) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id } }
  }
}`

// journalOrder is an order of the journal and the same order computed
// independently over the fixture.
type journalOrder struct {
	name    string
	orderBy map[string]any
	compare func(a, b *graphtest.Row) int
}

var journalOrders = []journalOrder{
	{"orderBy null is the default (createdAt DESC, id DESC)", nil, func(a, b *graphtest.Row) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(b.ID, a.ID))
	}},
	{"AMOUNT ASC", map[string]any{"field": "AMOUNT", "direction": "ASC"}, func(a, b *graphtest.Row) int {
		return cmp.Or(cmp.Compare(a.Amount, b.Amount), cmp.Compare(a.ID, b.ID))
	}},
	{"AMOUNT DESC", map[string]any{"field": "AMOUNT", "direction": "DESC"}, func(a, b *graphtest.Row) int {
		return cmp.Or(cmp.Compare(b.Amount, a.Amount), cmp.Compare(b.ID, a.ID))
	}},
	{"CREATED_AT ASC", map[string]any{"field": "CREATED_AT", "direction": "ASC"}, func(a, b *graphtest.Row) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	}},
	{"STATUS DESC", map[string]any{"field": "STATUS", "direction": "DESC"}, func(a, b *graphtest.Row) int {
		return cmp.Or(cmp.Compare(b.Status, a.Status), cmp.Compare(b.ID, a.ID))
	}},
}

func TestJournalPagination(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newJournalEnv(t, d, 90, 30)
		rows := e.a.Rows
		fetch := func(t *testing.T, vars graphtest.Vars) *page {
			t.Helper()
			var p page
			e.srv.Query(t, e.va, pageQuery, vars, &p)
			if got, want := p.Transactions.TotalCount, len(rows); got != want {
				t.Fatalf("got totalCount %d, want %d", got, want)
			}
			return &p
		}
		// walk reads every page from one end of the list, forward with
		// first and after or backward with last and before, and returns
		// the IDs in the list's order.
		walk := func(t *testing.T, orderBy map[string]any, size int, forward bool) []int {
			t.Helper()
			vars := graphtest.Vars{"orderBy": orderBy}
			var got []int
			for range len(rows) + 1 {
				if forward {
					vars["first"] = size
				} else {
					vars["last"] = size
				}
				p := fetch(t, vars)
				info := p.Transactions.PageInfo
				if forward {
					got = append(got, p.ids(t)...)
					if !info.HasNextPage {
						return got
					}
					vars["after"] = *info.EndCursor
				} else {
					got = append(p.ids(t), got...)
					if !info.HasPreviousPage {
						return got
					}
					vars["before"] = *info.StartCursor
				}
			}
			t.Fatal("pagination does not end")
			return nil
		}
		for _, o := range journalOrders {
			want := slices.Clone(rows)
			slices.SortStableFunc(want, o.compare)
			wantIDs := make([]int, len(want))
			for i, r := range want {
				wantIDs[i] = r.ID
			}
			for _, size := range []int{7, 30} {
				for _, forward := range []bool{true, false} {
					name := o.name + " backward by " + strconv.Itoa(size)
					if forward {
						name = o.name + " forward by " + strconv.Itoa(size)
					}
					t.Run(name, func(t *testing.T) {
						if got := walk(t, o.orderBy, size, forward); !slices.Equal(got, wantIDs) {
							t.Errorf("got order %v\nwant %v", got, wantIDs)
						}
					})
				}
			}
		}

		t.Run("default page size and order", func(t *testing.T) {
			p := fetch(t, nil)
			want := slices.Clone(rows)
			slices.SortFunc(want, journalOrders[0].compare)
			wantIDs := make([]int, 50)
			for i := range wantIDs {
				wantIDs[i] = want[i].ID
			}
			if got := p.ids(t); !slices.Equal(got, wantIDs) {
				t.Errorf("got %v\nwant %v", got, wantIDs)
			}
			if !p.Transactions.PageInfo.HasNextPage {
				t.Error("got no next page")
			}
		})
		t.Run("default page size before a cursor", func(t *testing.T) {
			last := fetch(t, graphtest.Vars{"last": 5})
			p := fetch(t, graphtest.Vars{"before": *last.Transactions.PageInfo.StartCursor})
			if got, want := len(p.Transactions.Edges), 50; got != want {
				t.Errorf("got %d transactions, want %d", got, want)
			}
			if !p.Transactions.PageInfo.HasPreviousPage {
				t.Error("got no previous page")
			}
		})
		t.Run("page of 100", func(t *testing.T) {
			p := fetch(t, graphtest.Vars{"first": 100})
			if got, want := len(p.Transactions.Edges), len(rows); got != want {
				t.Errorf("got %d transactions, want %d", got, want)
			}
		})
		t.Run("page of 0", func(t *testing.T) {
			p := fetch(t, graphtest.Vars{"first": 0})
			if got := len(p.Transactions.Edges); got != 0 {
				t.Errorf("got %d transactions, want none", got)
			}
		})

		first := fetch(t, graphtest.Vars{"first": 3})
		byAmount := fetch(t, graphtest.Vars{"first": 3, "orderBy": journalOrders[1].orderBy})
		byStatus := fetch(t, graphtest.Vars{"first": 3, "orderBy": journalOrders[4].orderBy})
		var payers struct {
			Payers struct{ PageInfo struct{ EndCursor string } }
		}
		e.srv.Query(t, e.va, `{ payers(first: 1) { pageInfo { endCursor } } }`, nil, &payers)
		createdCursor := first.Transactions.Edges[0].Cursor
		amountCursor := byAmount.Transactions.Edges[0].Cursor
		statusCursor := byStatus.Transactions.Edges[0].Cursor
		for _, c := range []struct {
			name  string
			vars  graphtest.Vars
			field string
		}{
			{"first 101", graphtest.Vars{"first": 101}, "first"},
			{"last 101", graphtest.Vars{"last": 101}, "last"},
			{"first negative", graphtest.Vars{"first": -1}, "first"},
			{"last negative", graphtest.Vars{"last": -20}, "last"},
			{"cursor not base64", graphtest.Vars{"first": 5, "after": "not a cursor!"}, "after"},
			{"empty cursor", graphtest.Vars{"first": 5, "after": ""}, "after"},
			{"cursor of random bytes", graphtest.Vars{"first": 5, "after": base64.RawStdEncoding.EncodeToString([]byte{0xc1, 0xff, 0x00, 0x17})}, "after"},
			{"cursor of a truncated cursor", graphtest.Vars{"last": 5, "before": createdCursor[:len(createdCursor)/2]}, "before"},
			{"cursor not a string", graphtest.Vars{"first": 5, "after": 12}, "after"},
			{"createdAt cursor in amount order", graphtest.Vars{"first": 5, "after": createdCursor, "orderBy": journalOrders[1].orderBy}, "after"},
			{"amount cursor in default order", graphtest.Vars{"first": 5, "after": amountCursor}, "after"},
			{"amount cursor before in default order", graphtest.Vars{"last": 5, "before": amountCursor}, "before"},
			{"status cursor in createdAt order", graphtest.Vars{"first": 5, "after": statusCursor, "orderBy": journalOrders[3].orderBy}, "after"},
			{"createdAt cursor in status order", graphtest.Vars{"first": 5, "after": createdCursor, "orderBy": journalOrders[4].orderBy}, "after"},
			{"payer cursor in the journal", graphtest.Vars{"first": 5, "after": payers.Payers.PageInfo.EndCursor}, "after"},
		} {
			t.Run(c.name, func(t *testing.T) {
				err := e.srv.Fail(t, e.va, pageQuery, c.vars)
				if got, want := err.Code(), "BAD_USER_INPUT"; got != want {
					t.Errorf("got code %q, want %q (%s)", got, want, err.Message)
				}
				if got, want := err.Field(), c.field; got != want {
					t.Errorf("got field %q, want %q (%s)", got, want, err.Message)
				}
			})
		}

		t.Run("default page size of a payer's transactions", func(t *testing.T) {
			m := e.f.Merchant("Fidèle", "Europe/Zurich")
			shop, payer := e.f.Shop(m, "Boutique"), e.f.Payer(m, "habitué", "")
			txs := make([]graphtest.Tx, graph.DefaultPageSize+5)
			for i := range txs {
				txs[i] = graphtest.Tx{Shop: shop, Payer: payer, CreatedAt: graphtest.JournalStart.Add(time.Duration(i) * time.Minute)}
			}
			e.f.Transactions(txs...)
			v := graphtest.Viewer(m, viewer.RoleViewer)
			const sub = `transactions { totalCount pageInfo { hasNextPage } edges { node { id } } }`
			var got struct {
				Payers struct {
					Edges []struct{ Node struct{ Transactions conn } }
				}
				Payer struct{ Transactions conn }
				Node  struct{ Transactions conn }
			}
			e.srv.Query(t, v, `query($id: ID!) {
				payers { edges { node { `+sub+` } } }
				payer(reference: "habitué") { `+sub+` }
				node(id: $id) { ... on Payer { `+sub+` } }
			}`, graphtest.Vars{"id": graphtest.ID(payer.ID)}, &got)
			if len(got.Payers.Edges) != 1 {
				t.Fatalf("got %d payers, want 1", len(got.Payers.Edges))
			}
			for name, c := range map[string]conn{"payers": got.Payers.Edges[0].Node.Transactions, "payer": got.Payer.Transactions, "node": got.Node.Transactions} {
				if len(c.Edges) != graph.DefaultPageSize || c.TotalCount != len(txs) || !c.PageInfo.HasNextPage {
					t.Errorf("%s: got %d transactions of %d, next page %v; want %d of %d and a next page",
						name, len(c.Edges), c.TotalCount, c.PageInfo.HasNextPage, graph.DefaultPageSize, len(txs))
				}
			}
		})
		t.Run("payers' transactions", func(t *testing.T) {
			const q = `query($first: Int) { payers(first: 10) { edges { node { id transactions(first: $first) { totalCount edges { node { id } } } } } } }`
			for _, first := range []any{nil, 2} {
				var got struct {
					Payers struct {
						Edges []struct {
							Node struct {
								ID           string
								Transactions conn
							}
						}
					}
				}
				e.srv.Query(t, e.va, q, graphtest.Vars{"first": first}, &got)
				if got, want := len(got.Payers.Edges), len(e.a.Payers); got != want {
					t.Fatalf("first %v: got %d payers, want %d", first, got, want)
				}
				for _, edge := range got.Payers.Edges {
					payer := graphtest.EntID(t, edge.Node.ID)
					want := rowIDs(rows, func(r *graphtest.Row) bool { return r.Payer != nil && r.Payer.ID == payer })
					c := edge.Node.Transactions
					if got := c.TotalCount; got != len(want) {
						t.Errorf("first %v, payer %d: got totalCount %d, want %d", first, payer, got, len(want))
					}
					got := sorted(c.ids(t))
					if first == nil && !slices.Equal(got, want) {
						t.Errorf("first %v, payer %d: %s", first, payer, diffIDs(got, want))
					}
					if first != nil && len(got) != min(2, len(want)) {
						t.Errorf("first %v, payer %d: got %d transactions, want %d", first, payer, len(got), min(2, len(want)))
					}
				}
			}
		})
	})
}
func itoa(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }
