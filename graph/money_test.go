package graph_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/guichet/guichet/ent/operation"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

// step is one money mutation and what it must answer.
type step struct {
	op     string // capture, refund or cancel
	amount any    // nil: none given
	key    string // idempotency key, "" for none
	// other runs the step on the case's second transaction.
	other bool

	// code and field are the error wanted; "" for a payload.
	code, field string
	// result, replayed and failed describe the payload's operation.
	result   string
	replayed bool
	// status, captured and refunded are the transaction after the step.
	status             transaction.Status
	captured, refunded string
	// audit is the action recorded by the step, "" for none.
	audit string
}

var mutations = map[string]string{
	"capture": `mutation($id: ID!, $amount: MinorUnits, $key: String) {
		m: captureTransaction(id: $id, amount: $amount, idempotencyKey: $key) { ...payload } }`,
	"refund": `mutation($id: ID!, $amount: MinorUnits, $key: String) {
		m: refundTransaction(id: $id, amount: $amount, reason: "Client mécontent", idempotencyKey: $key) { ...payload } }`,
	"cancel": `mutation($id: ID!, $key: String) {
		m: cancelTransaction(id: $id, reason: "Suspect", idempotencyKey: $key) { ...payload } }`,
}

const payloadFragment = `
fragment payload on MoneyOperationPayload {
	replayed
	operation { id kind amount result failureMessage actorName clientID processorReference }
	transaction { id status capturedAmount refundedAmount }
}`

// moneyCases are the transitions of a transaction of 100.00 CHF, allowed
// and refused, each from a fresh transaction in the given state.
var moneyCases = []struct {
	name  string
	from  transaction.Status
	last4 string
	steps []step
}{
	{"capture in full", transaction.StatusAUTHORIZED, "4242", []step{
		{op: "capture", result: "SUCCEEDED", status: "CAPTURED", captured: "10000", refunded: "0", audit: "TRANSACTION_CAPTURED"},
		{op: "capture", code: "CONFLICT", field: "id"},
		{op: "cancel", code: "CONFLICT", field: "id"},
	}},
	{"capture in part then refund it all", transaction.StatusAUTHORIZED, "4242", []step{
		{op: "capture", amount: "4000", result: "SUCCEEDED", status: "CAPTURED", captured: "4000", refunded: "0", audit: "TRANSACTION_CAPTURED"},
		{op: "refund", amount: "4001", code: "BAD_USER_INPUT", field: "amount"},
		{op: "refund", result: "SUCCEEDED", status: "REFUNDED", captured: "4000", refunded: "4000", audit: "TRANSACTION_REFUNDED"},
	}},
	{"capture amounts out of range", transaction.StatusAUTHORIZED, "4242", []step{
		{op: "capture", amount: "0", code: "BAD_USER_INPUT", field: "amount"},
		{op: "capture", amount: "-1", code: "BAD_USER_INPUT", field: "amount"},
		{op: "capture", amount: "10001", code: "BAD_USER_INPUT", field: "amount"},
		{op: "capture", amount: "12.50", code: "BAD_USER_INPUT", field: "amount"},
		{op: "capture", amount: "10000", result: "SUCCEEDED", status: "CAPTURED", captured: "10000", refunded: "0", audit: "TRANSACTION_CAPTURED"},
	}},
	{"refund in parts", transaction.StatusCAPTURED, "4242", []step{
		{op: "refund", amount: "3000", result: "SUCCEEDED", status: "PARTIALLY_REFUNDED", captured: "10000", refunded: "3000", audit: "TRANSACTION_REFUNDED"},
		{op: "refund", amount: 3000, result: "SUCCEEDED", status: "PARTIALLY_REFUNDED", captured: "10000", refunded: "6000", audit: "TRANSACTION_REFUNDED"},
		{op: "refund", amount: "4001", code: "BAD_USER_INPUT", field: "amount"},
		{op: "refund", result: "SUCCEEDED", status: "REFUNDED", captured: "10000", refunded: "10000", audit: "TRANSACTION_REFUNDED"},
		{op: "refund", code: "CONFLICT", field: "id"},
		{op: "refund", amount: "1", code: "CONFLICT", field: "id"},
	}},
	{"refund amounts out of range", transaction.StatusCAPTURED, "4242", []step{
		{op: "refund", amount: "0", code: "BAD_USER_INPUT", field: "amount"},
		{op: "refund", amount: "-500", code: "BAD_USER_INPUT", field: "amount"},
		{op: "refund", amount: "10001", code: "BAD_USER_INPUT", field: "amount"},
		{op: "capture", code: "CONFLICT", field: "id"},
		{op: "cancel", code: "CONFLICT", field: "id"},
	}},
	{"refund the rest of a partial refund", transaction.StatusPARTIALLY_REFUNDED, "4242", []step{
		{op: "refund", amount: "6001", code: "BAD_USER_INPUT", field: "amount"},
		{op: "refund", amount: "6000", result: "SUCCEEDED", status: "REFUNDED", captured: "10000", refunded: "10000", audit: "TRANSACTION_REFUNDED"},
	}},
	{"cancel an authorization", transaction.StatusAUTHORIZED, "4242", []step{
		{op: "cancel", result: "SUCCEEDED", status: "CANCELED", captured: "0", refunded: "0", audit: "TRANSACTION_CANCELED"},
		{op: "cancel", code: "CONFLICT", field: "id"},
		{op: "capture", code: "CONFLICT", field: "id"},
		{op: "refund", code: "CONFLICT", field: "id"},
	}},
	{"nothing on a refunded transaction", transaction.StatusREFUNDED, "4242", []step{
		{op: "capture", code: "CONFLICT", field: "id"},
		{op: "refund", code: "CONFLICT", field: "id"},
		{op: "cancel", code: "CONFLICT", field: "id"},
	}},
	{"nothing on a failed transaction", transaction.StatusFAILED, "4242", []step{
		{op: "capture", code: "CONFLICT", field: "id"},
		{op: "refund", code: "CONFLICT", field: "id"},
		{op: "cancel", code: "CONFLICT", field: "id"},
	}},
	{"nothing on a pending transaction", transaction.StatusPENDING, "4242", []step{
		{op: "capture", code: "CONFLICT", field: "id"},
		{op: "refund", code: "CONFLICT", field: "id"},
		{op: "cancel", code: "CONFLICT", field: "id"},
	}},
	{"nothing on a canceled transaction", transaction.StatusCANCELED, "4242", []step{
		{op: "capture", code: "CONFLICT", field: "id"},
		{op: "refund", code: "CONFLICT", field: "id"},
		{op: "cancel", code: "CONFLICT", field: "id"},
	}},
	{"processor error on capture", transaction.StatusAUTHORIZED, "0119", []step{
		{op: "capture", result: "FAILED", status: "AUTHORIZED", captured: "0", refunded: "0", audit: "OPERATION_FAILED"},
		{op: "cancel", result: "FAILED", status: "AUTHORIZED", captured: "0", refunded: "0", audit: "OPERATION_FAILED"},
	}},
	{"processor timeout on refund", transaction.StatusCAPTURED, "0127", []step{
		{op: "refund", amount: "2500", result: "FAILED", status: "CAPTURED", captured: "10000", refunded: "0", audit: "OPERATION_FAILED"},
	}},
	{"idempotent refund", transaction.StatusCAPTURED, "4242", []step{
		{op: "refund", amount: "3000", key: "K1", result: "SUCCEEDED", status: "PARTIALLY_REFUNDED", captured: "10000", refunded: "3000", audit: "TRANSACTION_REFUNDED"},
		{op: "refund", amount: "3000", key: "K1", result: "SUCCEEDED", replayed: true, status: "PARTIALLY_REFUNDED", captured: "10000", refunded: "3000"},
		{op: "refund", key: "K1", result: "SUCCEEDED", replayed: true, status: "PARTIALLY_REFUNDED", captured: "10000", refunded: "3000"},
		{op: "refund", amount: "2000", key: "K1", code: "CONFLICT", field: "idempotencyKey"},
		{op: "capture", key: "K1", code: "CONFLICT", field: "idempotencyKey"},
		{op: "refund", amount: "3000", key: "K1", other: true, code: "CONFLICT", field: "idempotencyKey"},
		{op: "refund", amount: "3000", key: "K2", result: "SUCCEEDED", status: "PARTIALLY_REFUNDED", captured: "10000", refunded: "6000", audit: "TRANSACTION_REFUNDED"},
	}},
	{"idempotent capture and cancel", transaction.StatusAUTHORIZED, "4242", []step{
		{op: "cancel", key: "K1", result: "SUCCEEDED", status: "CANCELED", captured: "0", refunded: "0", audit: "TRANSACTION_CANCELED"},
		{op: "cancel", key: "K1", result: "SUCCEEDED", replayed: true, status: "CANCELED", captured: "0", refunded: "0"},
		{op: "capture", key: "K2", code: "CONFLICT", field: "id"},
	}},
	{"idempotent failure", transaction.StatusCAPTURED, "0119", []step{
		{op: "refund", key: "K1", result: "FAILED", status: "CAPTURED", captured: "10000", refunded: "0", audit: "OPERATION_FAILED"},
		{op: "refund", key: "K1", result: "FAILED", replayed: true, status: "CAPTURED", captured: "10000", refunded: "0"},
	}},
}

func TestMoneyOperations(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		a := newAPI(t, d)
		manager := callers(a)["MANAGER"]
		for _, c := range moneyCases {
			t.Run(c.name, func(t *testing.T) {
				ids := [2]string{gid(a.tx(t, c.from, c.last4)), gid(a.tx(t, transaction.StatusCAPTURED, "4242"))}
				var ops, events []string
				for i, s := range c.steps {
					vars := map[string]any{"id": ids[0], "amount": s.amount}
					if s.other {
						vars["id"] = ids[1]
					}
					if s.key != "" {
						vars["key"] = c.name + "/" + s.key
					}
					got := a.do(t, manager, mutations[s.op]+payloadFragment, vars)
					name := fmt.Sprintf("step %d (%s %v)", i+1, s.op, s.amount)
					if s.code != "" {
						if len(got.Errors) != 1 || got.Errors[0].code() != s.code || got.Errors[0].Extensions["field"] != s.field {
							t.Fatalf("%s: got %s, want %s on field %s", name, got.Raw, s.code, s.field)
						}
						continue
					}
					if got.Errors != nil {
						t.Fatalf("%s: %s", name, got.Raw)
					}
					for path, want := range map[string]any{
						"m.replayed":                   s.replayed,
						"m.operation.kind":             strings.ToUpper(s.op),
						"m.operation.result":           s.result,
						"m.operation.actorName":        manager.Name,
						"m.operation.clientID":         manager.ClientID,
						"m.transaction.status":         string(s.status),
						"m.transaction.capturedAmount": s.captured,
						"m.transaction.refundedAmount": s.refunded,
					} {
						if got := got.at(path); got != want {
							t.Errorf("%s: %s: got %v, want %v", name, path, got, want)
						}
					}
					failed := got.str("m.operation.failureMessage") != ""
					if failed != (s.result == "FAILED") || failed == (got.str("m.operation.processorReference") != "") {
						t.Errorf("%s: a failed operation has a failure message and no processor reference, a successful one the reverse: %s", name, got.Raw)
					}
					if !s.replayed {
						ops = append(ops, strings.ToUpper(s.op)+" "+s.result)
					}
					if s.audit != "" {
						events = append(events, s.audit)
					}
				}
				got := a.do(t, manager, `query($id: ID!) { node(id: $id) { ... on Transaction {
					operations { kind result }
					auditEvents(orderBy: {field: CREATED_AT}) { edges { node { action actorName transaction { id } } } }
				} } }`, map[string]any{"id": ids[0]})
				var gotOps, gotEvents []string
				for _, o := range got.at("node.operations").([]any) {
					o := o.(map[string]any)
					gotOps = append(gotOps, fmt.Sprint(o["kind"], " ", o["result"]))
				}
				for _, e := range got.at("node.auditEvents.edges").([]any) {
					n := e.(map[string]any)["node"].(map[string]any)
					gotEvents = append(gotEvents, n["action"].(string))
					if n["actorName"] != manager.Name {
						t.Errorf("audit event %v: got actor %v, want %s", n["action"], n["actorName"], manager.Name)
					}
				}
				if !slices.Equal(gotOps, ops) {
					t.Errorf("operations recorded: got %q, want %q", gotOps, ops)
				}
				if !slices.Equal(gotEvents, events) {
					t.Errorf("audit events: got %q, want %q", gotEvents, events)
				}
			})
		}

		t.Run("idempotency keys are the merchant's", func(t *testing.T) {
			key := map[string]any{"key": "shared-key"}
			for i, who := range []string{"MANAGER", "other merchant"} {
				key["id"] = gid(newTransaction(t, d.Client, a.m[i].ID, a.m[i].Shop, transaction.StatusCAPTURED, "4242"))
				got := a.do(t, callers(a)[who], mutations["refund"]+payloadFragment, key)
				if got.Errors != nil || got.at("m.replayed") != false || got.str("m.transaction.id") != key["id"] {
					t.Errorf("%s: got %s, want its own refund, not replayed", who, got.Raw)
				}
			}
		})
	})
}

// TestConcurrentRefunds fires 50 full refunds of one captured transaction
// at once through the real handler: exactly one may succeed.
func TestConcurrentRefunds(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		a := newAPI(t, d)
		manager := callers(a)["MANAGER"]
		for _, c := range []struct {
			name string
			key  func(i int) any
			// want is how many answers of each kind: SUCCEEDED,
			// REPLAYED, or an error code.
			want map[string]int
		}{
			{"distinct requests", func(int) any { return nil }, map[string]int{"SUCCEEDED": 1, "CONFLICT": 49}},
			{"one idempotency key", func(int) any { return "same-refund" }, map[string]int{"SUCCEEDED": 1, "REPLAYED": 49}},
		} {
			t.Run(c.name, func(t *testing.T) {
				id := gid(a.tx(t, transaction.StatusCAPTURED, "4242"))
				answers := make([]response, 50)
				var wg sync.WaitGroup
				start := make(chan struct{})
				for i := range answers {
					wg.Go(func() {
						<-start
						answers[i] = a.do(t, manager, mutations["refund"]+payloadFragment, map[string]any{"id": id, "key": c.key(i)})
					})
				}
				close(start)
				wg.Wait()
				got := map[string]int{}
				for _, r := range answers {
					switch {
					case r.Status != http.StatusOK:
						got[fmt.Sprint("HTTP ", r.Status)]++
					case r.Errors != nil:
						got[r.Errors[0].code()]++
					case r.at("m.replayed") == true:
						got["REPLAYED"]++
					default:
						got[r.str("m.operation.result")]++
					}
				}
				if fmt.Sprint(got) != fmt.Sprint(c.want) {
					t.Errorf("got %v, want %v", got, c.want)
				}
				after := a.do(t, manager, `query($id: ID!) { node(id: $id) { ... on Transaction {
					status capturedAmount refundedAmount operations { id } auditEvents { totalCount } } } }`, map[string]any{"id": id})
				if got, want := after.str("node.refundedAmount"), after.str("node.capturedAmount"); got != want || want != "10000" {
					t.Errorf("refunded %s of %s captured, want all of 10000", got, want)
				}
				if got := len(after.at("node.operations").([]any)); got != 1 {
					t.Errorf("got %d operations, want 1", got)
				}
				if got := after.at("node.auditEvents.totalCount"); got != 1.0 {
					t.Errorf("got %v audit events, want 1", got)
				}
			})
		}
	})
}

// TestMoneyPermissions checks the ent privacy rule under the directive:
// whatever path records an operation, it takes the permission of its kind.
func TestMoneyPermissions(t *testing.T) {
	a := newAPI(t, testdb.Open(t, dialect.SQLite))
	for who, allowed := range map[string][]operation.Kind{
		"VIEWER":         nil,
		"OPERATOR":       nil,
		"PARTNER":        nil,
		"PARTNER+refund": {operation.KindREFUND},
		"MANAGER":        {operation.KindCAPTURE, operation.KindREFUND, operation.KindCANCEL},
	} {
		v := callers(a)[who]
		for _, kind := range []operation.Kind{operation.KindCAPTURE, operation.KindREFUND, operation.KindCANCEL} {
			t.Run(who+"/"+string(kind), func(t *testing.T) {
				err := a.db.Client.Operation.Create().SetTransactionID(a.m[0].Captured).SetKind(kind).
					SetAmount(1).SetCurrency("CHF").SetResult(operation.ResultSUCCEEDED).
					SetActorName(v.Name).SetActorSubject(v.Subject).Exec(viewer.NewContext(t.Context(), v))
				if got, want := err == nil, slices.Contains(allowed, kind); got != want {
					t.Errorf("recorded: got %v (%v), want %v", got, err, want)
				}
			})
		}
	}
}
