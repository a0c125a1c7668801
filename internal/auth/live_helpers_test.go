package auth_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/coder/websocket"

	"github.com/guichet/guichet/ent/merchant"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/viewer"
)

// labelChanged is the subscription of the tests: every field of an event,
// and of its transaction what shows whose it is.
const labelChanged = `subscription($where: LabelChangeFilter, $after: Cursor) {
  labelChanged(where: $where, after: $after) {
    id cursor kind at
    label { id name color }
    transaction { id payer { reference } }
    actor { name clientId }
  }
}`

// ws opens a graphql-transport-ws connection to g's API as browser b does
// (its session cookie, g's own Origin), or as a partner's system, without
// cookies, when b is nil. It closes when t ends.
func (g *guichet) ws(t *testing.T, b *browser) *graphtest.WS {
	t.Helper()
	opts := &websocket.DialOptions{HTTPClient: g.srv.Client()}
	if b != nil {
		opts.HTTPClient = b.Client
		opts.HTTPHeader = http.Header{"Origin": {g.URL}}
	}
	return graphtest.MustDialWS(t, g.URL+"/graphql", opts)
}

// bearerInit is a connection_init payload carrying an access token.
func bearerInit(token string) map[string]any {
	return map[string]any{"Authorization": "Bearer " + token}
}

// must fails t when a GraphQL answer has errors, and returns it.
func must(t *testing.T, r gqlResponse) gqlResponse {
	t.Helper()
	if r.Status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("status %d: %s", r.Status, r.Raw)
	}
	return r
}

// transactionsOf returns n transactions of the merchant with account
// number account, in ID order.
func transactionsOf(t *testing.T, g *guichet, account string, n int) []int {
	t.Helper()
	ids, err := g.db.Client.Transaction.Query().
		Where(transaction.HasMerchantWith(merchant.AccountNumber(account))).
		Order(transaction.ByID()).
		Limit(n).
		IDs(viewer.SystemContext(t.Context()))
	if err != nil || len(ids) < n {
		t.Fatalf("%d transactions of %s, want %d: %v", len(ids), account, n, err)
	}
	return ids
}

// createLabel creates a label as admin and returns its ent ID.
func (g *guichet) createLabel(t *testing.T, admin *browser, name, color string) int {
	t.Helper()
	r := must(t, g.post(t, admin.Client, g.csrf(), `mutation($name: String!, $color: String!) {
		createLabel(input: {name: $name, color: $color}) { id } }`, map[string]any{"name": name, "color": color}))
	id, _ := r.at("createLabel.id").(string)
	return graphtest.EntID(t, id)
}

// setLabels puts labels on transactions (or takes them off, with
// mutation "removeLabels") as browser b.
func (g *guichet) setLabels(t *testing.T, b *browser, mutation string, txs []int, labels ...int) {
	t.Helper()
	must(t, g.post(t, b.Client, g.csrf(), fmt.Sprintf(`mutation($t: [ID!]!, $l: [ID!]!) {
		%s(transactionIds: $t, labelIds: $l) { id } }`, mutation),
		map[string]any{"t": graphtest.IDs(txs...), "l": graphtest.IDs(labels...)}))
}

// nodeID finds, among the nodes of the list at path (a connection's
// edges) as admin, the ID of the one whose field equals value.
func (g *guichet) nodeID(t *testing.T, admin *browser, query, path, field, value string) string {
	t.Helper()
	r := must(t, g.post(t, admin.Client, g.csrf(), query, nil))
	edges, _ := r.at(path).([]any)
	for _, e := range edges {
		if n := e.(map[string]any)["node"].(map[string]any); n[field] == value {
			return n["id"].(string)
		}
	}
	t.Fatalf("no node with %s %s in %s", field, value, r.Raw)
	return ""
}

// head is the cursor of the newest label event b's merchant has: a
// subscription after it receives every change from then on, however late
// the server starts it.
func (g *guichet) head(t *testing.T, b *browser) string {
	t.Helper()
	r := must(t, g.post(t, b.Client, g.csrf(), `{ labelEvents(last: 1, orderBy: {field: SEQ}) { edges { cursor } } }`, nil))
	edges, _ := r.at("labelEvents.edges").([]any)
	if len(edges) != 1 {
		t.Fatalf("the log is empty: %s", r.Raw)
	}
	return edges[0].(map[string]any)["cursor"].(string)
}
