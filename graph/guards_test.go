package graph_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/guichet/guichet/graph"
	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

// body is a request body of about size bytes: a small query padded with
// an unused variable.
func body(t *testing.T, size int) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"query": `query { viewer { name } }`, "variables": map[string]any{"pad": ""}})
	if err != nil {
		t.Fatal(err)
	}
	pad := strings.Repeat("x", size-len(b))
	b, err = json.Marshal(map[string]any{"query": `query { viewer { name } }`, "variables": map[string]any{"pad": pad}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// nested is a query nesting payers' transactions: depth fields deep, with
// pages of one so that its complexity stays low.
func nested(depth int) string {
	levels := []string{"transactions(first: 1)", "edges", "node", "payer"}
	var open strings.Builder
	for i := range depth - 1 {
		open.WriteString(levels[i%len(levels)] + " { ")
	}
	return "{ " + open.String() + "id" + strings.Repeat(" }", depth-1) + " }"
}

func TestGuards(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newJournalEnv(t, d, 10, 2)
		badInput := func(t *testing.T, r *graphtest.Response, field string) {
			t.Helper()
			if len(r.Errors) != 1 {
				t.Fatalf("got %d errors, want 1: %s", len(r.Errors), r.ErrorText())
			}
			if got, want := r.Errors[0].Code(), "BAD_USER_INPUT"; got != want {
				t.Errorf("got code %q, want %q (%s)", got, want, r.Errors[0].Message)
			}
			if got, want := r.Errors[0].Field(), field; got != want {
				t.Errorf("got field %q, want %q (%s)", got, want, r.Errors[0].Message)
			}
		}
		ok := func(t *testing.T, r *graphtest.Response) {
			t.Helper()
			if len(r.Errors) > 0 || r.Status != http.StatusOK {
				t.Fatalf("got status %d, errors %s", r.Status, r.ErrorText())
			}
		}

		t.Run("body of 1 MiB", func(t *testing.T) {
			ok(t, e.srv.Post(t, e.va, bytes.NewReader(body(t, graph.MaxBodyBytes))))
		})
		t.Run("body over 1 MiB", func(t *testing.T) {
			r := e.srv.Post(t, e.va, bytes.NewReader(body(t, graph.MaxBodyBytes+1)))
			if got, want := r.Status, http.StatusRequestEntityTooLarge; got != want {
				t.Errorf("got status %d, want %d", got, want)
			}
			badInput(t, r, "")
		})
		t.Run("body over 1 MiB of unknown length", func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/graphql", io.MultiReader(bytes.NewReader(body(t, 2*graph.MaxBodyBytes))))
			req.Header.Set("Content-Type", "application/json")
			if req.ContentLength != -1 {
				t.Fatalf("the request has a length: %d", req.ContentLength)
			}
			r := e.srv.Serve(t, e.va, req)
			if got, want := r.Status, http.StatusRequestEntityTooLarge; got != want {
				t.Errorf("got status %d, want %d", got, want)
			}
			badInput(t, r, "")
		})

		t.Run("depth at the limit", func(t *testing.T) {
			ok(t, e.srv.Do(t, e.va, nested(graph.MaxDepth), nil))
		})
		t.Run("depth over the limit", func(t *testing.T) {
			badInput(t, e.srv.Do(t, e.va, nested(graph.MaxDepth+1), nil), "")
		})
		t.Run("depth over the limit through fragments", func(t *testing.T) {
			q := `query { ...A }
			fragment A on Query { transactions(first: 1) { ...B } }
			fragment B on TransactionConnection { edges { node { ...C } } }
			fragment C on Transaction { payer { transactions(first: 1) { edges { node { payer { transactions(first: 1) { edges { node { payer { id } } } } } } } } } }`
			badInput(t, e.srv.Do(t, e.va, q, nil), "")
		})
		t.Run("introspection is not limited by depth", func(t *testing.T) {
			ok(t, e.srv.Do(t, e.va, `{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name ofType { name } } } } } } } } }`, nil))
		})

		t.Run("complexity of a full page", func(t *testing.T) {
			ok(t, e.srv.Do(t, e.va, `{ transactions(first: 100) { totalCount edges { cursor node { id amount labels { id name } payer { reference } shop { name } } } } }`, nil))
		})
		t.Run("complexity of nested pages", func(t *testing.T) {
			r := e.srv.Do(t, e.va, `{ payers(first: 100) { edges { node { transactions(first: 100) { edges { node { id amount } } } } } } }`, nil)
			badInput(t, r, "")
			if !strings.Contains(r.Errors[0].Message, "complexity") {
				t.Errorf("got %q, want a message about complexity", r.Errors[0].Message)
			}
		})
		t.Run("complexity of nested default pages", func(t *testing.T) {
			// 50 payers of 50 transactions with their labels, payer and shop.
			r := e.srv.Do(t, e.va, `{ payers { edges { node { transactions { edges { node {
				id amount currency status labels { id name color } payer { reference } shop { name }
			} } } } } } }`, nil)
			badInput(t, r, "")
		})
		t.Run("complexity of many nodes", func(t *testing.T) {
			ids := make([]string, 5000)
			for i := range ids {
				ids[i] = graphtest.ID(e.a.Rows[0].ID)
			}
			badInput(t, e.srv.Do(t, e.va, `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Transaction { amount currency status payer { reference } } } }`, graphtest.Vars{"ids": ids}), "")
		})

		for _, c := range []struct {
			name, query string
			vars        graphtest.Vars
		}{
			{"field", `{ transactions { totalCont } }`, nil},
			{"argument", `{ transactions(frist: 1) { totalCount } }`, nil},
			{"enum value", `{ transactions(where: {statusIn: [CAPTURD]}) { totalCount } }`, nil},
			{"input field", `{ transactions(where: {statsIn: [CAPTURED]}) { totalCount } }`, nil},
			{"type", `query($w: TransactionWhereInpt) { transactions(where: $w) { totalCount } }`, nil},
			{"selection on a leaf", `{ transactions { totalCount { id } } }`, nil},
			{"enum value in a variable", journalPageQuery, graphtest.Vars{"where": where{"statusIn": []string{"CAPTURD"}}}},
			{"input field in a variable", journalPageQuery, graphtest.Vars{"where": where{"statsIn": []string{"CAPTURED"}}}},
		} {
			t.Run("no suggestion for a misspelt "+c.name, func(t *testing.T) {
				r := e.srv.Do(t, e.va, c.query, c.vars)
				if len(r.Errors) == 0 {
					t.Fatal("got no error")
				}
				for _, err := range r.Errors {
					if got, want := err.Code(), "BAD_USER_INPUT"; got != want {
						t.Errorf("got code %q, want %q (%s)", got, want, err.Message)
					}
					if msg := strings.ToLower(err.Message); strings.Contains(msg, "did you mean") {
						t.Errorf("got %q, want no suggestion", err.Message)
					}
				}
			})
		}
	})
}

func TestBadInput(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newJournalEnv(t, d, 3, 1)
		const journal = `query($first: Int, $where: TransactionWhereInput) { transactions(first: $first, where: $where) { totalCount } }`
		for _, c := range []struct {
			name, query string
			vars        graphtest.Vars
			field       string
		}{
			{"malformed ID", `{ node(id: "xx") { id } }`, nil, "id"},
			{"ID of the wrong length", `query($id: ID!) { node(id: $id) { id } }`, graphtest.Vars{"id": "AAAA"}, "id"},
			{"ID zero", `query($id: ID!) { node(id: $id) { id } }`, graphtest.Vars{"id": graphtest.ID(0)}, "id"},
			{"ID not a string", `query($id: ID!) { node(id: $id) { id } }`, graphtest.Vars{"id": 12}, "id"},
			{"malformed ID in a filter", journal, graphtest.Vars{"where": where{"idIn": []string{graphtest.ID(1), "x"}}}, "where.idIn[1]"},
			{"malformed ID in a nested filter", journal, graphtest.Vars{"where": where{"not": where{"hasLabelsAnyOf": []string{"x"}}}}, "where.not.hasLabelsAnyOf[0]"},
			{"page over 100", journal, graphtest.Vars{"first": 1000}, "first"},
			{"nested page over 100", `{ payers(first: 1) { edges { node { transactions(first: 101) { totalCount } } } } }`, nil, "first"},
			{"page not a number", journal, graphtest.Vars{"first": "ten"}, "first"},
			{"unknown status", journal, graphtest.Vars{"where": where{"statusIn": []string{"CAPTURED", "STOLEN"}}}, "where.statusIn[1]"},
			{"unknown currency", journal, graphtest.Vars{"where": where{"currencyIn": []string{"XXX"}}}, "where.currencyIn[0]"},
			{"unknown status literal", `{ transactions(where: {statusIn: [STOLEN]}) { totalCount } }`, nil, ""},
			{"unknown order", `query($o: TransactionOrder) { transactions(orderBy: $o) { totalCount } }`, graphtest.Vars{"o": map[string]any{"field": "COLOR"}}, "o.field"},
			{"unknown dimension", `query($g: [TransactionStatsDimension!]!) { transactionStats(groupBy: $g) { totalCount } }`, graphtest.Vars{"g": []string{"DAY", "WEEK"}}, "g[1]"},
			{"amount with decimals", journal, graphtest.Vars{"where": where{"amountGTE": "12.50"}}, "where.amountGTE"},
			{"amount over int64", journal, graphtest.Vars{"where": where{"amountLTE": "9223372036854775808"}}, "where.amountLTE"},
			{"malformed time", journal, graphtest.Vars{"where": where{"createdAtGTE": "yesterday"}}, "where.createdAtGTE"},
			{"empty filter inside not", journal, graphtest.Vars{"where": where{"not": where{}}}, "where"},
			{"empty filter inside or", journal, graphtest.Vars{"where": where{"or": []where{{"statusIn": []string{"FAILED"}}, {}}}}, "where"},
			{"empty payer filter", journal, graphtest.Vars{"where": where{"hasPayerWith": []where{{}}}}, "where"},
			{"syntax error", `{ transactions { totalCount }`, nil, ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				err := e.srv.Fail(t, e.va, c.query, c.vars)
				if got, want := err.Code(), "BAD_USER_INPUT"; got != want {
					t.Errorf("got code %q, want %q (%s)", got, want, err.Message)
				}
				if got, want := err.Field(), c.field; got != want {
					t.Errorf("got field %q, want %q (%s)", got, want, err.Message)
				}
			})
		}
	})
}

// TestAnonymous calls the API without a viewer: every query and mutation
// must refuse, none may fail on a missing viewer.
func TestAnonymous(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newJournalEnv(t, d, 3, 1)
		for _, q := range []string{
			`{ viewer { name } }`,
			`{ transactions { totalCount } }`,
			`{ transactions(where: {hasLabelsAnyOf: []}) { totalCount } }`,
			`{ transactions(where: {hasLabelsAllOf: []}) { totalCount } }`,
			`{ transactionStats { totalCount } }`,
			`{ labels { totalCount } }`,
			`{ payers { totalCount } }`,
			`{ payer(reference: "alice@example.ch") { id } }`,
			fmt.Sprintf(`{ node(id: %q) { id } }`, graphtest.ID(e.a.Rows[0].ID)),
			`mutation { createLabel(input: {name: "x"}) { id } }`,
		} {
			t.Run(q, func(t *testing.T) {
				err := e.srv.Fail(t, nil, q, nil)
				if got, want := err.Code(), "UNAUTHENTICATED"; got != want {
					t.Errorf("got code %q, want %q (%s)", got, want, err.Message)
				}
			})
		}
	})
}

// TestPanic makes a resolver panic: the caller gets INTERNAL with the
// request ID, the log gets the details, and the server keeps serving.
func TestPanic(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		client, drv := graphtest.NewClient(d)
		j := graphtest.NewFixture(t, client).Journal("Panique", "Europe/Zurich", 5, 4)
		srv := graphtest.NewServer(client)
		v := graphtest.Viewer(j.Merchant, viewer.RoleAdmin)
		const q = `{ payers { totalCount } }`
		drv.PanicOn("payers")
		r := srv.Do(t, v, q, nil)
		drv.PanicOn("")
		if len(r.Errors) != 1 {
			t.Fatalf("got %d errors, want 1: %s", len(r.Errors), r.ErrorText())
		}
		err := r.Errors[0]
		if got, want := err.Code(), "INTERNAL"; got != want {
			t.Errorf("got code %q, want %q", got, want)
		}
		if !strings.Contains(err.Message, r.RequestID) {
			t.Errorf("got message %q, want the request ID %s in it", err.Message, r.RequestID)
		}
		if strings.Contains(err.Message, "graphtest") || strings.Contains(err.Message, "SELECT") {
			t.Errorf("got message %q, which shows internal details", err.Message)
		}
		if log := srv.Log(); !strings.Contains(log, "request_id="+r.RequestID) || !strings.Contains(log, "panic") {
			t.Errorf("the log does not tell of the panic of request %s:\n%s", r.RequestID, log)
		}
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var got struct{ Payers struct{ TotalCount int } }
				srv.Query(t, v, q, nil, &got)
				if got, want := got.Payers.TotalCount, len(j.Payers); got != want {
					t.Errorf("after the panic: got %d payers, want %d", got, want)
				}
			}()
		}
		wg.Wait()
	})
}
