package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/labelevent"
	"github.com/guichet/guichet/ent/operation"
	"github.com/guichet/guichet/ent/paymentlink"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/graph"
	"github.com/guichet/guichet/graph/scalar"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/i18n"
	"github.com/guichet/guichet/internal/processor"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testdb.Cleanup()
	os.Exit(code)
}

// api is the real GraphQL handler on a database holding two merchants'
// fixtures; requests carry the viewer the test puts in their context.
type api struct {
	db      *db.DB
	handler http.Handler
	m       [2]*merchantFixtures
}

// merchantFixtures is one of each node type for a merchant, so that every
// field of the schema can be reached.
type merchantFixtures struct {
	ID      int
	Account string
	// nodes are the fixture nodes by GraphQL type name.
	nodes map[string]int
	// Captured is a captured transaction with a payer, a label, a payment
	// link, an operation and an audit event.
	Captured int
	Payer    *ent.Payer
	Label    int
	Shop     int
}

var sys = viewer.SystemContext(context.Background())

func newAPI(t *testing.T, d *db.DB) *api {
	t.Helper()
	a := &api{db: d, handler: graph.NewHandler(d.Client, processor.Sandbox{}, slog.New(slog.DiscardHandler))}
	for i, acct := range []string{"M-100001", "M-100002"} {
		a.m[i] = newMerchant(t, d.Client, acct, i)
	}
	return a
}

func newMerchant(t *testing.T, c *ent.Client, account string, i int) *merchantFixtures {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("fixtures of %s: %v", account, err)
		}
	}
	m, err := c.Merchant.Create().SetName("Marchand " + account).SetAccountNumber(account).Save(sys)
	must(err)
	f := &merchantFixtures{ID: m.ID, Account: account, nodes: map[string]int{"Merchant": m.ID}}
	shop, err := c.Shop.Create().SetMerchantID(m.ID).SetName("Boutique " + account).
		SetSenderName("Boutique " + account).SetManagerEmail("gestion@example.ch").
		SetSuccessURL("https://shop.example.ch/ok").SetFailureURL("https://shop.example.ch/echec").
		SetCancelURL("https://shop.example.ch/annule").Save(sys)
	must(err)
	f.Shop = shop.ID
	f.Payer, err = c.Payer.Create().SetMerchantID(m.ID).SetReference(fmt.Sprintf("P-%d", i)).
		SetEmail(fmt.Sprintf("payeur%d@example.ch", i)).SetName(fmt.Sprintf("Paula Payeur %d", i)).Save(sys)
	must(err)
	label, err := c.Label.Create().SetMerchantID(m.ID).SetName("Remboursement").Save(sys)
	must(err)
	f.Label = label.ID
	bp, err := c.BillingProfile.Create().SetMerchantID(m.ID).SetPayerID(f.Payer.ID).SetProcessorToken("sbxtok_4242_x").
		SetCardBrand("VISA").SetCardLast4("4242").SetExpiryMonth(12).SetExpiryYear(2040).
		SetPaymentMethodRef(fmt.Sprintf("PM-%d", i)).SetBillingRef(fmt.Sprintf("B-%d", i)).Save(sys)
	must(err)
	f.Captured = newTransaction(t, c, m.ID, shop.ID, transaction.StatusCAPTURED, "4242")
	must(c.Transaction.UpdateOneID(f.Captured).SetPayerID(f.Payer.ID).Exec(sys))
	must(c.TransactionLabel.Create().SetMerchantID(m.ID).SetTransactionID(f.Captured).SetLabelID(label.ID).
		SetTransactionCreatedAt(time.Now()).SetAddedBy("fixtures").Exec(sys))
	linkID := newLink(t, c, m.ID, shop.ID, fmt.Sprintf("tok-%s", account))
	must(c.PaymentLink.UpdateOneID(linkID).SetTransactionID(f.Captured).Exec(sys))
	msg, err := c.EmailMessage.Create().SetMerchantID(m.ID).SetPaymentLinkID(linkID).SetKind("PAYMENT_LINK").
		SetMessageID(fmt.Sprintf("fixture-%s@guichet", account)).SetFromName("Boutique").SetTo(fmt.Sprintf("acheteur%d@example.ch", i)).
		SetLanguage(i18n.FR).SetSubject("Demande de paiement").SetTextBody("Bonjour").SetHTMLBody("<p>Bonjour</p>").Save(sys)
	must(err)
	op, err := c.Operation.Create().SetMerchantID(m.ID).SetTransactionID(f.Captured).SetKind(operation.KindCAPTURE).
		SetAmount(10000).SetCurrency("CHF").SetResult(operation.ResultSUCCEEDED).SetActorName("fixtures").
		SetActorSubject("fixtures").Save(sys)
	must(err)
	ev, err := c.AuditEvent.Create().SetMerchantID(m.ID).SetTransactionID(f.Captured).SetAction("TRANSACTION_CAPTURED").
		SetActorName("fixtures").SetActorSubject("fixtures").SetTarget("CMD").Save(sys)
	must(err)
	sess, err := c.Session.Create().SetMerchantID(m.ID).SetTokenHash(fmt.Sprintf("hash-%s", account)).SetSubject("u-fixture").
		SetRole(viewer.RoleManager).SetAccessToken("at").SetAccessTokenExpiresAt(time.Now().Add(time.Hour)).
		SetExpiresAt(time.Now().Add(time.Hour)).Save(sys)
	must(err)
	pc, err := c.PartnerClient.Create().SetMerchantID(m.ID).SetClientID(fmt.Sprintf("partner-fixture-%d", i)).Save(sys)
	must(err)
	// The log's first event, numbered as the log would number it.
	must(c.Merchant.UpdateOneID(m.ID).SetLabelEventSeq(1).Exec(sys))
	le, err := c.LabelEvent.Create().SetMerchantID(m.ID).SetSeq(1).SetKind(labelevent.KindLABEL_ADDED).
		SetLabelID(label.ID).SetLabelName(label.Name).SetLabelColor(label.Color).SetTransactionID(f.Captured).
		SetActorName("fixtures").SetActorSubject("fixtures").SetClientID(pc.ClientID).Save(sys)
	must(err)
	for typ, id := range map[string]int{
		"Shop": shop.ID, "Payer": f.Payer.ID, "Label": label.ID, "BillingProfile": bp.ID, "Transaction": f.Captured,
		"PaymentLink": linkID, "Operation": op.ID, "EmailMessage": msg.ID, "AuditEvent": ev.ID, "Session": sess.ID, "PartnerClient": pc.ID,
		"LabelEvent": le.ID,
	} {
		f.nodes[typ] = id
	}
	return f
}

// newTransaction makes a transaction of 100.00 CHF in status paid with a
// card ending in last4.
func newTransaction(t testing.TB, c *ent.Client, merchantID, shopID int, status transaction.Status, last4 string) int {
	t.Helper()
	now := time.Now()
	create := c.Transaction.Create().SetMerchantID(merchantID).SetShopID(shopID).SetMode(transaction.ModeTEST).
		SetStatus(status).SetAmount(10000).SetCurrency("CHF").SetPaymentMethod(transaction.PaymentMethodVISA).
		SetChannel(transaction.ChannelECOMMERCE).SetCardLast4(last4).SetProcessorReference("sbx_fixture").
		SetOrderReference(fmt.Sprintf("CMD-%d", orderNumber.Add(1)))
	switch status {
	case transaction.StatusAUTHORIZED, transaction.StatusCANCELED:
		create.SetAuthorizedAt(now)
	case transaction.StatusCAPTURED:
		create.SetAuthorizedAt(now).SetCapturedAt(now).SetCapturedAmount(10000)
	case transaction.StatusPARTIALLY_REFUNDED:
		create.SetAuthorizedAt(now).SetCapturedAt(now).SetCapturedAmount(10000).SetRefundedAmount(4000)
	case transaction.StatusREFUNDED:
		create.SetAuthorizedAt(now).SetCapturedAt(now).SetCapturedAmount(10000).SetRefundedAmount(10000)
	case transaction.StatusFAILED:
		create.SetFailureCode(transaction.FailureCodeINSUFFICIENT_FUNDS)
	}
	tx, err := create.Save(sys)
	if err != nil {
		t.Fatalf("new transaction: %v", err)
	}
	return tx.ID
}

var orderNumber atomic.Int64

// newLink makes a payment link of 100.00 CHF; an empty token makes a
// fresh one.
func newLink(t testing.TB, c *ent.Client, merchantID, shopID int, token string) int {
	t.Helper()
	n := orderNumber.Add(1)
	if token == "" {
		token = fmt.Sprintf("tok-fixture-%06d-xxxxxx", n)
	}
	l, err := c.PaymentLink.Create().SetMerchantID(merchantID).SetShopID(shopID).SetToken(token).
		SetMode(paymentlink.ModeTEST).SetAmount(10000).SetCurrency("CHF").SetRecipientEmail(fmt.Sprintf("acheteur%d@example.ch", n)).
		SetBuyerFirstName("Bruno").SetBuyerLastName("Acheteur").SetLanguage(i18n.FR).SetBatch("fixtures").
		SetOrderReference(fmt.Sprintf("LIEN%d", n)).
		SetCreatedBy("fixtures").SetExpiresAt(time.Now().Add(24 * time.Hour)).Save(sys)
	if err != nil {
		t.Fatalf("new link: %v", err)
	}
	return l.ID
}

// tx makes a transaction of the first merchant.
func (a *api) tx(t testing.TB, status transaction.Status, last4 string) int {
	t.Helper()
	return newTransaction(t, a.db.Client, a.m[0].ID, a.m[0].Shop, status, last4)
}

// gid is the global ID of an ent ID, as the API writes it.
func gid(id int) string {
	var b bytes.Buffer
	scalar.MarshalID(id).MarshalGQL(&b)
	s, err := strconv.Unquote(b.String())
	if err != nil {
		panic(err)
	}
	return s
}

// response is a GraphQL response as the tests read it.
type response struct {
	Status int
	Raw    string
	Data   map[string]any  `json:"data"`
	Errors []responseError `json:"errors"`
}

type responseError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

func (e responseError) code() string { s, _ := e.Extensions["code"].(string); return s }

// codes lists the error codes of r, in order.
func (r response) codes() []string {
	var out []string
	for _, e := range r.Errors {
		out = append(out, e.code())
	}
	return out
}

// do posts query as v (nil: nobody logged in) to the real handler.
func (a *api) do(t testing.TB, v *viewer.Viewer, query string, vars map[string]any) response {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if v != nil {
		req = req.WithContext(viewer.NewContext(req.Context(), v))
	}
	rec := httptest.NewRecorder()
	a.handler.ServeHTTP(rec, req)
	return decode(t, rec.Code, rec.Body)
}

func decode(t testing.TB, status int, body io.Reader) response {
	t.Helper()
	raw, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	r := response{Status: status, Raw: string(raw)}
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("status %d, not JSON: %s", status, raw)
	}
	return r
}

// at reads the value at a dotted path of the data ("refundTransaction.operation.result").
func (r response) at(path string) any {
	var v any = r.Data
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// str is the string at path, "" when there is none.
func (r response) str(path string) string { s, _ := r.at(path).(string); return s }

// Callers of the tests: a person of each role and the two partners of the
// first merchant, and an ADMIN of the second.
func callers(a *api) map[string]*viewer.Viewer {
	m1, m2 := a.m[0].ID, a.m[1].ID
	person := func(m int, r viewer.Role) *viewer.Viewer {
		return &viewer.Viewer{MerchantID: m, Role: r, Subject: "u-" + strings.ToLower(string(r)), Name: string(r) + " de test", ClientID: "guichet-web"}
	}
	return map[string]*viewer.Viewer{
		"VIEWER":   person(m1, viewer.RoleViewer),
		"OPERATOR": person(m1, viewer.RoleOperator),
		"MANAGER":  person(m1, viewer.RoleManager),
		"ADMIN":    person(m1, viewer.RoleAdmin),
		"PARTNER":  {MerchantID: m1, Role: viewer.RolePartner, Subject: "partner-demo", Name: "partner-demo", ClientID: "partner-demo"},
		"PARTNER+refund": {MerchantID: m1, Role: viewer.RolePartner, Subject: "partner-refunds", Name: "partner-refunds",
			ClientID: "partner-refunds", Extra: []viewer.Permission{viewer.Refund}},
		"other merchant": person(m2, viewer.RoleAdmin),
	}
}

// made fails the test on a set-up error: made(client.X.Create()...Save(ctx))(t).
func made[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatalf("set-up: %v", err)
		}
		return v
	}
}
