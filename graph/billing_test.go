package graph_test

import (
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/ent/auditevent"
	"github.com/guichet/guichet/ent/billingprofile"
	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/payments"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

const createProfile = `mutation($input: CreateBillingProfileInput!) {
  createBillingProfile(input: $input) { id cardBrand cardLast4 expiryMonth expiryYear expiry paymentMethodRef billingRef status
    payer { reference } transaction { id } }
}`

type profileData struct {
	ID, CardBrand, CardLast4, Expiry, PaymentMethodRef, BillingRef, Status string
	ExpiryMonth, ExpiryYear                                                int
	Payer                                                                  struct{ Reference string }
	Transaction                                                            *struct{ ID string }
}

func (e *payEnv) card(number string) graphtest.Vars {
	return graphtest.Vars{"number": number, "expiryMonth": 11, "expiryYear": e.clock().Year() + 3, "securityCode": cvc(number)}
}

// TestCreateBillingProfile stores sandbox cards without a payment.
func TestCreateBillingProfile(t *testing.T) {
	e := newPayEnv(t, testdb.Open(t, "sqlite3"))
	operator := e.as(viewer.RoleOperator)
	var got struct{ CreateBillingProfile profileData }
	e.srv.Query(t, operator, createProfile, graphtest.Vars{"input": graphtest.Vars{"payerReference": "CUST-9",
		"card": e.card("5555 5555 5555 0202"), "paymentMethodRef": "Dupont, Jean \"VIP\" 🍮", "billingRef": "Facturation été"}}, &got)
	p := got.CreateBillingProfile
	year := e.clock().Year() + 3
	if p.CardBrand != "MASTERCARD" || p.CardLast4 != "0202" || p.ExpiryMonth != 11 || p.ExpiryYear != year ||
		p.Expiry != time.Date(year, 11, 1, 0, 0, 0, 0, time.UTC).Format("2006-01") || p.Status != "ACTIVE" ||
		p.PaymentMethodRef != "Dupont, Jean \"VIP\" 🍮" || p.BillingRef != "Facturation été" || p.Payer.Reference != "CUST-9" || p.Transaction != nil {
		t.Errorf("got %+v", p)
	}
	bp := made(e.d.Client.BillingProfile.Get(sys, graphtest.EntID(t, p.ID)))(t)
	if !strings.HasPrefix(bp.ProcessorToken, "sbxtok_0202_") {
		t.Errorf("token %q, want a sandbox token of the card", bp.ProcessorToken)
	}
	ev := made(e.d.Client.AuditEvent.Query().Where(auditevent.BillingProfileID(bp.ID)).Only(sys))(t)
	if ev.Action != auditevent.ActionBILLING_PROFILE_CREATED || ev.ActorName != operator.Name || ev.After["cardLast4"] != "0202" {
		t.Errorf("audit %s by %s: %v", ev.Action, ev.ActorName, ev.After)
	}

	// Generated IDs.
	e.srv.Query(t, operator, createProfile, graphtest.Vars{"input": graphtest.Vars{"payerReference": "CUST-9", "card": e.card("4242424242424242")}}, &got)
	if p := got.CreateBillingProfile; !strings.HasPrefix(p.PaymentMethodRef, "PM-") || len(p.PaymentMethodRef) != 23 || p.BillingRef != p.PaymentMethodRef {
		t.Errorf("generated IDs %q and %q", p.PaymentMethodRef, p.BillingRef)
	}

	for name, c := range map[string]struct {
		input       graphtest.Vars
		code, field string
	}{
		"declined card":   {graphtest.Vars{"payerReference": "CUST-9", "card": e.card("4000000000009995")}, "BAD_USER_INPUT", "input.card"},
		"mistyped number": {graphtest.Vars{"payerReference": "CUST-9", "card": e.card("4242424242424241")}, "BAD_USER_INPUT", "input.card.number"},
		"no payer":        {graphtest.Vars{"payerReference": " ", "card": e.card("4242424242424242")}, "BAD_USER_INPUT", "input.payerReference"},
		"payment method ID taken": {graphtest.Vars{"payerReference": "CUST-10", "card": e.card("4242424242424242"),
			"paymentMethodRef": "Dupont, Jean \"VIP\" 🍮"}, "CONFLICT", "input.paymentMethodRef"},
		"processor down": {graphtest.Vars{"payerReference": "CUST-9", "card": e.card("4000000000000119")}, "CONFLICT", ""},
	} {
		t.Run(name, func(t *testing.T) {
			err := e.srv.Fail(t, operator, createProfile, graphtest.Vars{"input": c.input})
			if err.Code() != c.code || err.Field() != c.field {
				t.Errorf("got %s on %q (%s), want %s on %q", err.Code(), err.Field(), err.Message, c.code, c.field)
			}
		})
	}
	if err := e.srv.Fail(t, e.as(viewer.RoleViewer), createProfile, graphtest.Vars{"input": graphtest.Vars{"payerReference": "X",
		"card": e.card("4242424242424242")}}); err.Code() != "FORBIDDEN" {
		t.Errorf("a viewer: %s", err.Code())
	}
	if n := made(e.d.Client.BillingProfile.Query().Count(sys))(t); n != 2 {
		t.Errorf("%d profiles, want the 2 stored", n)
	}
}

const storeDirect = `mutation($input: AuthorizeDirectInput!) {
  authorizeDirect(input: $input) { replayed transaction { id status cardLast4 payer { reference } }
    billingProfile { id paymentMethodRef cardLast4 transaction { id } } }
}`

type directData struct {
	AuthorizeDirect struct {
		Replayed    bool
		Transaction struct {
			ID, Status, CardLast4 string
			Payer                 *struct{ Reference string }
		}
		BillingProfile *struct {
			ID, PaymentMethodRef, CardLast4 string
			Transaction                     struct{ ID string }
		}
	}
}

// TestStoreAndCharge stores a card with a payment, charges the profile
// through authorizeDirect, and refuses it once disabled.
func TestStoreAndCharge(t *testing.T) {
	e := newPayEnv(t, testdb.Open(t, "sqlite3"))
	partner := e.as(viewer.RolePartner)
	in := func(more graphtest.Vars) graphtest.Vars {
		v := graphtest.Vars{"shopId": graphtest.ID(e.shop.ID), "mode": "TEST", "amount": "2500", "currency": "CHF", "capture": true}
		for k, x := range more {
			v[k] = x
		}
		return graphtest.Vars{"input": v}
	}
	var got directData
	store := in(graphtest.Vars{"payerReference": "SUB-1", "card": e.card("4242424242424242"), "idempotencyKey": "store-1",
		"storeCard": graphtest.Vars{"paymentMethodRef": "ABO-1"}})
	e.srv.Query(t, partner, storeDirect, store, &got)
	first := got.AuthorizeDirect
	if first.Transaction.Status != "CAPTURED" || first.BillingProfile == nil || first.BillingProfile.PaymentMethodRef != "ABO-1" ||
		first.BillingProfile.Transaction.ID != first.Transaction.ID || first.BillingProfile.CardLast4 != "4242" {
		t.Fatalf("got %+v", first)
	}
	e.srv.Query(t, partner, storeDirect, store, &got)
	if r := got.AuthorizeDirect; !r.Replayed || r.BillingProfile == nil || r.BillingProfile.ID != first.BillingProfile.ID {
		t.Errorf("the retry: %+v", r)
	}
	// A refused payment stores nothing.
	e.srv.Query(t, partner, storeDirect, in(graphtest.Vars{"payerReference": "SUB-2", "card": e.card("4000000000009995"),
		"storeCard": graphtest.Vars{}}), &got)
	if r := got.AuthorizeDirect; r.Transaction.Status != "FAILED" || r.BillingProfile != nil {
		t.Errorf("a declined card: %+v", r)
	}

	// Charging the profile: its token, as its payer.
	profileID := first.BillingProfile.ID
	e.srv.Query(t, partner, storeDirect, in(graphtest.Vars{"billingProfileId": profileID}), &got)
	if r := got.AuthorizeDirect; r.Transaction.Status != "CAPTURED" || r.Transaction.CardLast4 != "4242" ||
		r.Transaction.Payer == nil || r.Transaction.Payer.Reference != "SUB-1" || r.BillingProfile != nil {
		t.Errorf("charging the profile: %+v", r)
	}
	for name, c := range map[string]struct {
		vars        graphtest.Vars
		code, field string
	}{
		"store without a payer":   {in(graphtest.Vars{"card": e.card("4242424242424242"), "storeCard": graphtest.Vars{}}), "BAD_USER_INPUT", "input.payerReference"},
		"store a token":           {in(graphtest.Vars{"billingProfileId": profileID, "storeCard": graphtest.Vars{}}), "BAD_USER_INPUT", "input.storeCard"},
		"profile and card":        {in(graphtest.Vars{"billingProfileId": profileID, "card": e.card("4242424242424242")}), "BAD_USER_INPUT", "input.card"},
		"another payer":           {in(graphtest.Vars{"billingProfileId": profileID, "payerReference": "SUB-9"}), "BAD_USER_INPUT", "input.payerReference"},
		"payment method ID taken": {in(graphtest.Vars{"payerReference": "SUB-3", "card": e.card("4242424242424242"), "storeCard": graphtest.Vars{"paymentMethodRef": "ABO-1"}}), "CONFLICT", "input.storeCard.paymentMethodRef"},
		"unknown profile":         {in(graphtest.Vars{"billingProfileId": graphtest.ID(1 << 40)}), "NOT_FOUND", "input.billingProfileId"},
	} {
		t.Run(name, func(t *testing.T) {
			if err := e.srv.Fail(t, partner, storeDirect, c.vars); err.Code() != c.code || err.Field() != c.field {
				t.Errorf("got %s on %q (%s), want %s on %q", err.Code(), err.Field(), err.Message, c.code, c.field)
			}
		})
	}

	// Disabled by hand: it cannot be charged, by profile or by token.
	const setStatus = `mutation($id: ID!, $status: BillingProfileStatus!, $reason: String) {
	  setBillingProfileStatus(id: $id, status: $status, reason: $reason) { status disabledAt disabledReason
	    auditEvents(first: 10) { totalCount edges { node { action actorName after } } } } }`
	var set struct {
		SetBillingProfileStatus struct {
			Status, DisabledReason string
			DisabledAt             *time.Time
			AuditEvents            struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Action, ActorName string
						After             map[string]any
					}
				}
			}
		}
	}
	operator := e.as(viewer.RoleOperator)
	e.srv.Query(t, operator, setStatus, graphtest.Vars{"id": profileID, "status": "DISABLED", "reason": "Carte signalée perdue au téléphone"}, &set)
	if s := set.SetBillingProfileStatus; s.Status != "DISABLED" || s.DisabledAt == nil || s.DisabledReason != "Carte signalée perdue au téléphone" ||
		s.AuditEvents.TotalCount != 2 {
		t.Errorf("disabled: %+v", s)
	}
	err := e.srv.Fail(t, partner, storeDirect, in(graphtest.Vars{"billingProfileId": profileID}))
	if err.Code() != "CONFLICT" || err.Field() != "input.billingProfileId" || !strings.Contains(err.Message, "ABO-1 is disabled") ||
		!strings.Contains(err.Message, "perdue") {
		t.Errorf("charging a disabled profile: %s on %q: %s", err.Code(), err.Field(), err.Message)
	}
	bp := made(e.d.Client.BillingProfile.Get(sys, graphtest.EntID(t, profileID)))(t)
	err = e.srv.Fail(t, partner, storeDirect, in(graphtest.Vars{"cardToken": bp.ProcessorToken}))
	if err.Code() != "CONFLICT" || err.Field() != "input.cardToken" || !strings.Contains(err.Message, "cannot be charged") {
		t.Errorf("charging a disabled profile's token: %s on %q: %s", err.Code(), err.Field(), err.Message)
	}
	e.srv.Query(t, operator, setStatus, graphtest.Vars{"id": profileID, "status": "ACTIVE"}, &set)
	if s := set.SetBillingProfileStatus; s.Status != "ACTIVE" || s.AuditEvents.TotalCount != 3 {
		t.Errorf("enabled: %+v", s)
	}
	e.srv.Query(t, partner, storeDirect, in(graphtest.Vars{"billingProfileId": profileID}), &got)
	if got.AuthorizeDirect.Transaction.Status != "CAPTURED" {
		t.Errorf("charging the enabled profile: %+v", got.AuthorizeDirect)
	}
	if err := e.srv.Fail(t, e.as(viewer.RoleViewer), setStatus, graphtest.Vars{"id": profileID, "status": "DISABLED"}); err.Code() != "FORBIDDEN" {
		t.Errorf("a viewer: %s", err.Code())
	}
}

// TestStoreOnPaymentPage stores the card a buyer pays with on the payment
// page of a payment initialized with storeCard, and only a card.
func TestStoreOnPaymentPage(t *testing.T) {
	e := newPayEnv(t, testdb.Open(t, "sqlite3"))
	const initialize = `mutation($input: InitializePaymentInput!) { initializePayment(input: $input) { redirectURL paymentLink { storeCard } } }`
	var got struct {
		InitializePayment struct {
			RedirectURL string
			PaymentLink struct{ StoreCard bool }
		}
	}
	in := graphtest.Vars{"shopId": graphtest.ID(e.shop.ID), "mode": "TEST", "amount": "4900", "currency": "EUR",
		"payerReference": "ABO-77", "storeCard": graphtest.Vars{"paymentMethodRef": "CARTE-77", "billingRef": "FACT-77"}}
	partner := e.as(viewer.RolePartner)
	if err := e.srv.Fail(t, partner, initialize, graphtest.Vars{"input": graphtest.Vars{"shopId": in["shopId"], "mode": "TEST",
		"amount": "4900", "currency": "EUR", "storeCard": graphtest.Vars{}}}); err.Field() != "input.payerReference" {
		t.Errorf("storeCard without a payer: %s on %q", err.Code(), err.Field())
	}
	// Three pending payments, initialized while the payment method ID is
	// free.
	var tokens []string
	for range 3 {
		e.srv.Query(t, partner, initialize, graphtest.Vars{"input": in}, &got)
		if !got.InitializePayment.PaymentLink.StoreCard {
			t.Fatal("the link does not say it stores the card")
		}
		tokens = append(tokens, got.InitializePayment.RedirectURL[strings.LastIndex(got.InitializePayment.RedirectURL, "/")+1:])
	}
	pay := func(token string, method payments.Method, card *payments.CardInput) *payments.PayResult {
		t.Helper()
		res, err := payments.Pay(sys, e.d.Client, e.cfg, token, method, card)
		if err != nil || !res.Paid() {
			t.Fatalf("pay: %v, %+v", err, res)
		}
		return res
	}
	res := pay(tokens[0], payments.MethodTWINT, nil)
	if res.BillingProfile != nil {
		t.Errorf("a TWINT payment stored %+v", res.BillingProfile)
	}
	res = pay(tokens[1], payments.MethodCard, &payments.CardInput{Number: "378282246310005", ExpiryMonth: 4, ExpiryYear: e.clock().Year() + 2, SecurityCode: "1234"})
	bp := res.BillingProfile
	if bp == nil || bp.PaymentMethodRef != "CARTE-77" || bp.BillingRef != "FACT-77" || bp.CardBrand != billingprofile.CardBrandAMEX ||
		bp.CardLast4 != "0005" || bp.ExpiryMonth != 4 || bp.TransactionID == nil || *bp.TransactionID != res.Transaction.ID {
		t.Fatalf("stored %+v", bp)
	}
	// The third was initialized with the same ID, taken since: the buyer's
	// payment must not fail for it, and the card gets a generated ID.
	res = pay(tokens[2], payments.MethodCard, &payments.CardInput{Number: "4242424242424242", ExpiryMonth: 4, ExpiryYear: e.clock().Year() + 2, SecurityCode: "123"})
	if res.BillingProfile == nil || !strings.HasPrefix(res.BillingProfile.PaymentMethodRef, "PM-") || res.BillingProfile.BillingRef != "FACT-77" {
		t.Errorf("the second card was stored as %+v", res.BillingProfile)
	}
	if err := e.srv.Fail(t, partner, initialize, graphtest.Vars{"input": in}); err.Code() != "CONFLICT" || err.Field() != "input.storeCard.paymentMethodRef" {
		t.Errorf("a payment method ID already used: %s on %q", err.Code(), err.Field())
	}
	if bp := made(e.d.Client.Payer.Query().QueryBillingProfiles().Count(sys))(t); bp != 2 {
		t.Errorf("%d profiles, want 2", bp)
	}
}

const listProfiles = `query($where: BillingProfileWhereInput, $ref: String!) {
  billingProfiles(where: $where, first: 50, orderBy: {field: CARD_UPDATED_AT, direction: ASC}) { totalCount edges { node { paymentMethodRef } } }
  payer(reference: $ref) { billingProfiles(first: 10) { totalCount } }
}`

// TestListBillingProfiles filters the merchant's profiles.
func TestListBillingProfiles(t *testing.T) {
	e := newPayEnv(t, testdb.Open(t, "sqlite3"))
	f := graphtest.NewFixture(t, e.d.Client)
	anne, bruno := f.Payer(e.m, "ANNE", ""), f.Payer(e.m, "BRUNO", "")
	day := func(d int) time.Time { return time.Date(2026, 1, d, 12, 0, 0, 0, time.UTC) }
	for _, c := range []graphtest.Card{
		{Payer: anne, PaymentMethodRef: "A1", Brand: "VISA", ExpiryMonth: 12, ExpiryYear: 2026, UpdatedAt: day(1)},
		{Payer: anne, PaymentMethodRef: "A2", Brand: "MASTERCARD", ExpiryMonth: 12, ExpiryYear: 2026, UpdatedAt: day(2), Status: "DISABLED"},
		{Payer: bruno, PaymentMethodRef: "B1", Brand: "MASTERCARD", ExpiryMonth: 1, ExpiryYear: 2027, UpdatedAt: day(3)},
		{Payer: bruno, PaymentMethodRef: "B2", Brand: "AMEX", ExpiryMonth: 12, ExpiryYear: 2027, UpdatedAt: day(4)},
	} {
		f.BillingProfile(c)
	}
	other := f.Merchant("Autre", "Europe/Paris")
	f.BillingProfile(graphtest.Card{Payer: f.Payer(other, "ANNE", ""), PaymentMethodRef: "X1", ExpiryMonth: 12, ExpiryYear: 2026})
	for name, c := range map[string]struct {
		where graphtest.Vars
		want  string
	}{
		"all, least recently updated first": {nil, "A1 A2 B1 B2"},
		"active":                            {graphtest.Vars{"status": "ACTIVE"}, "A1 B1 B2"},
		"expiring in December 2026":         {graphtest.Vars{"expiringIn": "2026-12"}, "A1 A2"},
		"active, expiring in December 2026": {graphtest.Vars{"expiringIn": "2026-12", "status": "ACTIVE"}, "A1"},
		"Mastercard":                        {graphtest.Vars{"cardBrand": "MASTERCARD"}, "A2 B1"},
		"not updated since 3 January":       {graphtest.Vars{"cardUpdatedAtLT": day(3)}, "A1 A2"},
		"a payer's":                         {graphtest.Vars{"hasPayerWith": []graphtest.Vars{{"reference": "BRUNO"}}}, "B1 B2"},
	} {
		t.Run(name, func(t *testing.T) {
			var got struct {
				BillingProfiles struct {
					TotalCount int
					Edges      []struct {
						Node struct{ PaymentMethodRef string }
					}
				}
				Payer struct{ BillingProfiles struct{ TotalCount int } }
			}
			e.srv.Query(t, e.as(viewer.RoleViewer), listProfiles, graphtest.Vars{"where": c.where, "ref": "ANNE"}, &got)
			var refs []string
			for _, edge := range got.BillingProfiles.Edges {
				refs = append(refs, edge.Node.PaymentMethodRef)
			}
			if strings.Join(refs, " ") != c.want || got.BillingProfiles.TotalCount != len(refs) {
				t.Errorf("got %v (total %d), want %s", refs, got.BillingProfiles.TotalCount, c.want)
			}
			if got.Payer.BillingProfiles.TotalCount != 2 {
				t.Errorf("Anne has %d profiles, want 2", got.Payer.BillingProfiles.TotalCount)
			}
		})
	}
	if err := e.srv.Fail(t, e.as(viewer.RoleViewer), listProfiles, graphtest.Vars{"where": graphtest.Vars{"expiringIn": "2026-13"}, "ref": "ANNE"}); err.Code() != "BAD_USER_INPUT" {
		t.Errorf("a month 13: %s", err.Code())
	}
}
