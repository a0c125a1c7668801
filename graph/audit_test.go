package graph_test

import (
	"fmt"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/internal/testdb"
)

// TestLabelAudit checks the audit trail of label definitions and of
// labelling: one event per change, on behalf of the caller, none for a
// refused mutation.
func TestLabelAudit(t *testing.T) {
	a := newAPI(t, testdb.Open(t, dialect.SQLite))
	cs := callers(a)
	admin := cs["ADMIN"]
	tx1, tx2 := gid(a.tx(t, transaction.StatusCAPTURED, "4242")), gid(a.tx(t, transaction.StatusCAPTURED, "4242"))
	events := func(t *testing.T) []string {
		t.Helper()
		got := a.do(t, admin, `{ auditEvents(orderBy: {field: CREATED_AT}, where: {actorName: "ADMIN de test"}) {
			edges { node { action target actorName transaction { id } } } } }`, nil)
		var out []string
		for _, e := range got.at("auditEvents.edges").([]any) {
			n := e.(map[string]any)["node"].(map[string]any)
			s := fmt.Sprint(n["action"], " ", n["target"])
			if tx, ok := n["transaction"].(map[string]any); ok {
				s += map[any]string{tx1: " on tx1", tx2: " on tx2"}[tx["id"]]
			}
			out = append(out, s)
		}
		return out
	}
	var label string
	for _, s := range []struct {
		name, query string
		vars        func() map[string]any
		code        string
		want        []string // the events the step adds
	}{
		{"create", `mutation { m: createLabel(input: {name: "À vérifier"}) { id } }`, nil, "", []string{"LABEL_CREATED À vérifier"}},
		{"create a duplicate", `mutation { m: createLabel(input: {name: "à VÉRIFIER"}) { id } }`, nil, "CONFLICT", nil},
		{"update", `mutation($id: ID!) { m: updateLabel(id: $id, input: {name: "Vérifié"}) { id } }`,
			func() map[string]any { return map[string]any{"id": label} }, "", []string{"LABEL_UPDATED Vérifié"}},
		{"update with a bad colour", `mutation($id: ID!) { m: updateLabel(id: $id, input: {color: "rouge"}) { id } }`,
			func() map[string]any { return map[string]any{"id": label} }, "BAD_USER_INPUT", nil},
		{"add", `mutation($l: ID!, $a: ID!, $b: ID!) { m: addLabels(transactionIds: [$a, $b], labelIds: [$l]) { id } }`,
			func() map[string]any { return map[string]any{"l": label, "a": tx1, "b": tx2} }, "",
			[]string{"LABEL_ADDED Vérifié on tx1", "LABEL_ADDED Vérifié on tx2"}},
		{"add again", `mutation($l: ID!, $a: ID!) { m: addLabels(transactionIds: [$a], labelIds: [$l]) { id } }`,
			func() map[string]any { return map[string]any{"l": label, "a": tx1} }, "", nil},
		{"add to another merchant's transaction", `mutation($l: ID!, $a: ID!, $b: ID!) { m: addLabels(transactionIds: [$a, $b], labelIds: [$l]) { id } }`,
			func() map[string]any { return map[string]any{"l": label, "a": tx1, "b": gid(a.m[1].Captured)} }, "NOT_FOUND", nil},
		{"remove", `mutation($l: ID!, $a: ID!) { m: removeLabels(transactionIds: [$a], labelIds: [$l]) { id } }`,
			func() map[string]any { return map[string]any{"l": label, "a": tx1} }, "", []string{"LABEL_REMOVED Vérifié on tx1"}},
		{"delete", `mutation($id: ID!) { m: deleteLabel(id: $id) }`,
			func() map[string]any { return map[string]any{"id": label} }, "", []string{"LABEL_DELETED Vérifié"}},
	} {
		t.Run(s.name, func(t *testing.T) {
			before := events(t)
			var vars map[string]any
			if s.vars != nil {
				vars = s.vars()
			}
			got := a.do(t, admin, s.query, vars)
			code := ""
			if len(got.Errors) > 0 {
				code = got.Errors[0].code()
			}
			if code != s.code {
				t.Fatalf("got %s, want %q", got.Raw, s.code)
			}
			if s.name == "create" {
				label = got.str("m.id")
			}
			after := events(t)
			if len(after) < len(before) {
				t.Fatalf("audit events disappeared: %v, then %v", before, after)
			}
			if got, want := fmt.Sprint(after[len(before):]), fmt.Sprint(s.want); got != want {
				t.Errorf("new audit events: got %s, want %s", got, want)
			}
		})
	}
}
