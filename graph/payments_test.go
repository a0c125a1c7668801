package graph_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/auditevent"
	"github.com/guichet/guichet/ent/emailmessage"
	"github.com/guichet/guichet/ent/paymentlink"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/graph"
	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/payments"
	"github.com/guichet/guichet/internal/processor"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

// payEnv is the API over a merchant with a shop ready to send links, and
// a clock the test moves.
type payEnv struct {
	d      *db.DB
	srv    *graphtest.Server
	log    *lockedBuffer
	m      *ent.Merchant
	shop   *ent.Shop
	cfg    payments.Config
	mu     sync.Mutex
	now    time.Time
	client *ent.Client
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newPayEnv(t *testing.T, d *db.DB) *payEnv { return newPayEnvOn(t, d, d.Client) }

// newPayEnvOn serves the API through client, which may wrap d's pool.
func newPayEnvOn(t *testing.T, d *db.DB, client *ent.Client) *payEnv {
	t.Helper()
	e := &payEnv{d: d, log: &lockedBuffer{}, now: time.Now().UTC(), client: client}
	f := graphtest.NewFixture(t, d.Client)
	e.m = f.Merchant("Hôtel Refundus Maximus", "Europe/Zurich")
	e.shop = made(d.Client.Shop.Create().SetMerchantID(e.m.ID).SetName("Réception").SetSenderName("Hôtel Refundus").
		SetManagerEmail("gestion@hotel.example").SetSuccessURL("https://hotel.example/ok").SetFailureURL("https://hotel.example/echec").
		SetCancelURL("https://hotel.example/annule").Save(sys))(t)
	e.cfg = payments.Config{PublicURL: &url.URL{Scheme: "https", Host: "guichet.example"}, Now: e.clock}
	e.srv = &graphtest.Server{Handler: graph.NewHandler(client, processor.Sandbox{}, slog.New(slog.NewTextHandler(e.log, nil)), graph.Payments(e.cfg))}
	return e
}

func (e *payEnv) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *payEnv) advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(d)
}

func (e *payEnv) as(r viewer.Role) *viewer.Viewer {
	v := graphtest.Viewer(e.m, r)
	v.Email = strings.ToLower(string(r)) + "@hotel.example"
	return v
}

const createLinks = `mutation($input: CreatePaymentLinksInput!) {
  createPaymentLinks(input: $input) {
    batch
    links { id orderReference recipientEmail status url language amount currency payerReference expiresAt
      emails { to bcc subject status language } }
  }
}`

type linksData struct {
	CreatePaymentLinks struct {
		Batch string
		Links []struct {
			ID, OrderReference, RecipientEmail, Status, URL, Language, Amount, Currency, PayerReference string
			ExpiresAt                                                                                   time.Time
			Emails                                                                                      []struct {
				To, Subject, Status, Language string
				Bcc                           []string
			}
		}
	}
}

func (e *payEnv) linkInput(recipients ...string) graphtest.Vars {
	return graphtest.Vars{
		"shopId": graphtest.ID(e.shop.ID), "mode": "TEST", "amount": "125050", "currency": "CHF",
		"orderReference": "Recouvrement", "payerReference": "CUST-42", "firstName": "Camille", "lastName": "Dupont",
		"recipients": recipients, "language": "IT", "description": "Soggiorno", "reconciliation": "FACT-1",
	}
}

func (e *payEnv) count(t *testing.T) (links, emails int) {
	t.Helper()
	return made(e.d.Client.PaymentLink.Query().Count(sys))(t), made(e.d.Client.EmailMessage.Query().Count(sys))(t)
}

func TestCreatePaymentLinks(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newPayEnv(t, d)
		in := e.linkInput("a@x.ch; b@y.ch;;c@z.fr ", "  ")
		in["copyToShopManager"], in["copyToMe"], in["copyTo"] = true, true, "compta@hotel.example"
		var got linksData
		e.srv.Query(t, e.as(viewer.RoleOperator), createLinks, graphtest.Vars{"input": in}, &got)
		links := got.CreatePaymentLinks.Links
		if len(links) != 3 {
			t.Fatalf("%d links, want 3", len(links))
		}
		tokens := map[string]bool{}
		for i, l := range links {
			wantRef := fmt.Sprintf("Recouvrement-%03d", i+1)
			wantTo := []string{"a@x.ch", "b@y.ch", "c@z.fr"}[i]
			if l.OrderReference != wantRef || l.RecipientEmail != wantTo || l.Status != "CREATED" || l.Language != "IT" ||
				l.Amount != "125050" || l.PayerReference != "CUST-42" {
				t.Errorf("link %d: %+v", i, l)
			}
			token := strings.TrimPrefix(l.URL, "https://guichet.example/pay/")
			if len(token) < 22 || tokens[token] || strings.Trim(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
				t.Errorf("link %d: token %q is short, repeated or not URL-safe", i, token)
			}
			tokens[token] = true
			if want := e.clock().AddDate(0, 0, 7); !l.ExpiresAt.Equal(want.Truncate(time.Microsecond)) {
				t.Errorf("expires at %v, want the shop's 7 days: %v", l.ExpiresAt, want)
			}
			if len(l.Emails) != 1 {
				t.Fatalf("link %d has %d e-mails", i, len(l.Emails))
			}
			m := l.Emails[0]
			wantBcc := []string{"gestion@hotel.example", "operator@hotel.example", "compta@hotel.example"}
			if m.To != wantTo || !slices.Equal(m.Bcc, wantBcc) || m.Status != "PENDING" || m.Language != "IT" ||
				m.Subject != "Richiesta di pagamento "+wantRef+" – Hôtel Refundus" {
				t.Errorf("e-mail %d: %+v", i, m)
			}
		}
		ev := made(d.Client.AuditEvent.Query().Where(auditevent.ActionEQ(auditevent.ActionPAYMENT_LINKS_CREATED)).Only(sys))(t)
		if ev.Target != "Recouvrement" || ev.After["links"] != float64(3) || ev.After["batch"] != got.CreatePaymentLinks.Batch {
			t.Errorf("audit event %+v", ev)
		}
		t.Run("body", func(t *testing.T) {
			m := made(d.Client.EmailMessage.Query().Where(emailmessage.To("b@y.ch")).Only(sys))(t)
			for _, want := range []string{"Gentile Camille Dupont,", "1.250,50\u00a0CHF", "Recouvrement-002", "Soggiorno", links[1].URL} {
				if !strings.Contains(m.TextBody, want) || !strings.Contains(m.HTMLBody, strings.ReplaceAll(want, "\u00a0", "\u00a0")) {
					t.Errorf("the e-mail lacks %q:\n%s", want, m.TextBody)
				}
			}
		})
		t.Run("one recipient keeps the reference", func(t *testing.T) {
			var one linksData
			e.srv.Query(t, e.as(viewer.RolePartner), createLinks, graphtest.Vars{"input": e.linkInput("d@x.ch")}, &one)
			if l := one.CreatePaymentLinks.Links; len(l) != 1 || l[0].OrderReference != "Recouvrement" {
				t.Errorf("got %+v", l)
			}
		})
		t.Run("a viewer cannot", func(t *testing.T) {
			before, _ := e.count(t)
			err := e.srv.Fail(t, e.as(viewer.RoleViewer), createLinks, graphtest.Vars{"input": e.linkInput("e@x.ch")})
			if after, _ := e.count(t); err.Code() != "FORBIDDEN" || after != before {
				t.Errorf("got %s and %d new links", err.Code(), after-before)
			}
		})
	})
}

func TestReferenceRules(t *testing.T) {
	e := newPayEnv(t, testdb.Open(t, "sqlite3"))
	for _, c := range []struct {
		name       string
		ref        string
		recipients []string
		ok         bool
	}{
		{"63 characters", strings.Repeat("A", 63), []string{"a@x.ch"}, true},
		{"64 characters", strings.Repeat("B", 64), []string{"a@x.ch"}, true},
		{"65 characters", strings.Repeat("C", 65), []string{"a@x.ch"}, false},
		{"a hyphen", "CMD-1", []string{"a@x.ch"}, false},
		{"a space", "CMD 1", []string{"a@x.ch"}, false},
		{"an accent", "Réservation", []string{"a@x.ch"}, false},
		{"60 and a suffix", strings.Repeat("D", 60), []string{"a@x.ch", "b@x.ch"}, true},
		{"61 and a suffix", strings.Repeat("E", 61), []string{"a@x.ch", "b@x.ch"}, false},
		{"64 and a suffix", strings.Repeat("F", 64), []string{"a@x.ch", "b@x.ch"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := e.linkInput(c.recipients...)
			in["orderReference"] = c.ref
			resp := e.srv.Do(t, e.as(viewer.RoleOperator), createLinks, graphtest.Vars{"input": in})
			switch {
			case c.ok && len(resp.Errors) > 0:
				t.Errorf("refused: %s", resp.ErrorText())
			case !c.ok && (len(resp.Errors) != 1 || resp.Errors[0].Field() != "input.orderReference" || resp.Errors[0].Code() != "BAD_USER_INPUT"):
				t.Errorf("got %s, want BAD_USER_INPUT on input.orderReference", resp.ErrorText())
			}
		})
	}
	t.Run("required by the shop", func(t *testing.T) {
		made(e.d.Client.Shop.UpdateOne(e.shop).SetOrderReferenceRequired(true).Save(sys))(t)
		defer e.d.Client.Shop.UpdateOne(e.shop).SetOrderReferenceRequired(false).ExecX(sys)
		in := e.linkInput("a@x.ch")
		delete(in, "orderReference")
		err := e.srv.Fail(t, e.as(viewer.RoleOperator), createLinks, graphtest.Vars{"input": in})
		if err.Field() != "input.orderReference" || !strings.Contains(err.Message, "requires") {
			t.Errorf("got %+v", err)
		}
	})
	t.Run("suffix counter", func(t *testing.T) {
		for _, c := range []struct {
			i, n int
			want string
		}{{1, 3, "-001"}, {999, 999, "-999"}, {7, 1000, "-0007"}, {1000, 1000, "-1000"}} {
			if got := payments.Suffix(c.i, c.n); got != c.want {
				t.Errorf("Suffix(%d, %d) = %q, want %q", c.i, c.n, got, c.want)
			}
		}
	})
}

func TestRecipientErrors(t *testing.T) {
	e := newPayEnv(t, testdb.Open(t, "sqlite3"))
	for _, c := range []struct {
		name   string
		in     []string
		fields []string
	}{
		{"invalid ones", []string{"a@x.ch; pas-une-adresse ;b@y.ch; c@z", "Camille <d@x.ch>"}, []string{"input.recipients[1]", "input.recipients[3]", "input.recipients[4]"}},
		{"duplicates", []string{"a@x.ch;b@y.ch", "A@X.ch", "b@y.ch"}, []string{"input.recipients[2]", "input.recipients[3]"}},
		{"none", []string{" ; ;"}, []string{"input.recipients"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp := e.srv.Do(t, e.as(viewer.RoleOperator), createLinks, graphtest.Vars{"input": e.linkInput(c.in...)})
			var fields []string
			for _, err := range resp.Errors {
				if err.Code() != "BAD_USER_INPUT" {
					t.Errorf("code %s", err.Code())
				}
				fields = append(fields, err.Field())
			}
			if !slices.Equal(fields, c.fields) {
				t.Errorf("errors on %v, want %v: %s", fields, c.fields, resp.ErrorText())
			}
			if links, emails := e.count(t); links != 0 || emails != 0 {
				t.Errorf("%d links and %d e-mails made", links, emails)
			}
		})
	}
}

func TestMissingShopSettings(t *testing.T) {
	e := newPayEnv(t, testdb.Open(t, "sqlite3"))
	made(e.d.Client.Shop.UpdateOne(e.shop).ClearSuccessURL().ClearSenderName().Save(sys))(t)
	err := e.srv.Fail(t, e.as(viewer.RoleOperator), createLinks, graphtest.Vars{"input": e.linkInput("a@x.ch")})
	if err.Field() != "input.shopId" || !strings.Contains(err.Message, "successURL") || !strings.Contains(err.Message, "senderName") ||
		strings.Contains(err.Message, "failureURL") {
		t.Errorf("got %+v", err)
	}
	var got struct {
		Node struct{ MissingLinkSettings []string }
	}
	e.srv.Query(t, e.as(viewer.RoleOperator), `query($id: ID!) { node(id: $id) { ... on Shop { missingLinkSettings } } }`,
		graphtest.Vars{"id": graphtest.ID(e.shop.ID)}, &got)
	if !slices.Equal(got.Node.MissingLinkSettings, []string{"successURL", "senderName"}) {
		t.Errorf("missingLinkSettings %v", got.Node.MissingLinkSettings)
	}
}

// TestBatchAtomicity: a failure while writing a batch leaves no link and
// no e-mail of it.
func TestBatchAtomicity(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		client, drv := graphtest.NewClient(d)
		e := newPayEnvOn(t, d, client)
		recipients := make([]string, 700) // more than one bulk insert of links
		for i := range recipients {
			recipients[i] = fmt.Sprintf("acheteur%d@example.ch", i)
		}
		drv.PanicOn("email_messages") // the first statement on it is the insert
		resp := e.srv.Do(t, e.as(viewer.RoleOperator), createLinks, graphtest.Vars{"input": e.linkInput(recipients...)})
		drv.PanicOn("")
		if len(resp.Errors) != 1 || resp.Errors[0].Code() != "INTERNAL" {
			t.Fatalf("got %s", resp.ErrorText())
		}
		if links, emails := e.count(t); links != 0 || emails != 0 {
			t.Errorf("%d links and %d e-mails left", links, emails)
		}
	})
}

// TestThousandRecipients prints how long 1,000 recipients take; the target
// (a couple of seconds) is checked by reading it, not by a timed assertion.
func TestThousandRecipients(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newPayEnv(t, d)
		recipients := make([]string, 1000)
		for i := range recipients {
			recipients[i] = fmt.Sprintf("acheteur%d@example.ch", i)
		}
		start := time.Now()
		resp := e.srv.Do(t, e.as(viewer.RoleOperator), `mutation($input: CreatePaymentLinksInput!) { createPaymentLinks(input: $input) { batch } }`,
			graphtest.Vars{"input": e.linkInput(strings.Join(recipients, ";"))})
		took := time.Since(start)
		if len(resp.Errors) > 0 {
			t.Fatal(resp.ErrorText())
		}
		links, emails := e.count(t)
		if links != 1000 || emails != 1000 {
			t.Fatalf("%d links, %d e-mails", links, emails)
		}
		last := made(d.Client.PaymentLink.Query().Order(ent.Desc(paymentlink.FieldID)).First(sys))(t)
		if last.OrderReference != "Recouvrement-1000" {
			t.Errorf("the last reference is %q", last.OrderReference)
		}
		t.Logf("%s: 1,000 recipients in %v", d.Dialect, took.Round(time.Millisecond))
	})
}

func TestCancelAndResend(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newPayEnv(t, d)
		var got linksData
		e.srv.Query(t, e.as(viewer.RoleOperator), createLinks, graphtest.Vars{"input": e.linkInput("a@x.ch;b@x.ch")}, &got)
		a, b := got.CreatePaymentLinks.Links[0].ID, got.CreatePaymentLinks.Links[1].ID
		const cancel = `mutation($id: ID!) { cancelPaymentLink(id: $id) { status canceledAt emails { status } } }`
		const resend = `mutation($id: ID!) { resendPaymentLink(id: $id) { status emails { status to } } }`
		var c struct {
			CancelPaymentLink struct {
				Status     string
				CanceledAt *time.Time
				Emails     []struct{ Status string }
			}
		}
		e.srv.Query(t, e.as(viewer.RoleOperator), cancel, graphtest.Vars{"id": a}, &c)
		if c.CancelPaymentLink.Status != "CANCELED" || c.CancelPaymentLink.CanceledAt == nil || c.CancelPaymentLink.Emails[0].Status != "CANCELED" {
			t.Errorf("cancelled: %+v", c.CancelPaymentLink)
		}
		for name, q := range map[string]string{"cancel again": cancel, "resend cancelled": resend} {
			if err := e.srv.Fail(t, e.as(viewer.RoleOperator), q, graphtest.Vars{"id": a}); err.Code() != "CONFLICT" {
				t.Errorf("%s: %s", name, err.Code())
			}
		}
		var r struct {
			ResendPaymentLink struct{ Emails []struct{ Status, To string } }
		}
		e.srv.Query(t, e.as(viewer.RoleOperator), resend, graphtest.Vars{"id": b}, &r)
		if len(r.ResendPaymentLink.Emails) != 2 || r.ResendPaymentLink.Emails[1].To != "b@x.ch" {
			t.Errorf("resent: %+v", r.ResendPaymentLink)
		}
	})
}

func TestLinkExpiry(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newPayEnv(t, d)
		in := e.linkInput("a@x.ch")
		in["validityDays"] = 2
		var got linksData
		e.srv.Query(t, e.as(viewer.RoleOperator), createLinks, graphtest.Vars{"input": in}, &got)
		id := got.CreatePaymentLinks.Links[0].ID
		const q = `query($where: PaymentLinkWhereInput) { paymentLinks(where: $where) { totalCount edges { node { status } } } }`
		status := func() (string, int) {
			var p struct {
				PaymentLinks struct {
					TotalCount int
					Edges      []struct{ Node struct{ Status string } }
				}
			}
			e.srv.Query(t, e.as(viewer.RoleViewer), q, graphtest.Vars{"where": graphtest.Vars{"status": "EXPIRED"}}, &p)
			var all struct {
				PaymentLinks struct {
					Edges []struct{ Node struct{ Status string } }
				}
			}
			e.srv.Query(t, e.as(viewer.RoleViewer), q, nil, &all)
			return all.PaymentLinks.Edges[0].Node.Status, p.PaymentLinks.TotalCount
		}
		if st, n := status(); st != "CREATED" || n != 0 {
			t.Errorf("before expiry: %s, %d expired", st, n)
		}
		e.advance(2*24*time.Hour + time.Second)
		if st, n := status(); st != "EXPIRED" || n != 0 {
			t.Errorf("expired, not yet swept: %s, %d recorded as expired", st, n)
		}
		if err := e.srv.Fail(t, e.as(viewer.RoleOperator), `mutation($id: ID!) { cancelPaymentLink(id: $id) { id } }`,
			graphtest.Vars{"id": id}); err.Code() != "CONFLICT" {
			t.Errorf("cancelling an expired link: %s", err.Code())
		}
		page := made(payments.OpenPage(sys, d.Client, e.cfg, strings.TrimPrefix(got.CreatePaymentLinks.Links[0].URL, "https://guichet.example/pay/")))(t)
		if page.State != payments.PageExpired {
			t.Errorf("the page is %s", page.State)
		}
		if n := made(payments.SweepExpired(sys, d.Client, e.clock()))(t); n != 1 {
			t.Errorf("swept %d links, want 1", n)
		}
		if st, n := status(); st != "EXPIRED" || n != 1 {
			t.Errorf("swept: %s, %d recorded as expired", st, n)
		}
	})
}

const moto = `mutation($input: MotoPaymentInput!) {
  enterMotoPayment(input: $input) { replayed transaction { id status channel eci cardLast4 paymentMethod failureCode capturedAmount orderReference payer { reference } } }
}`

type motoData struct {
	EnterMotoPayment struct {
		Replayed    bool
		Transaction struct {
			ID, Status, Channel, CardLast4, PaymentMethod, CapturedAmount, OrderReference string
			FailureCode                                                                   *string
			Eci                                                                           int
			Payer                                                                         *struct{ Reference string }
		}
	}
}

func (e *payEnv) motoInput(number string) graphtest.Vars {
	return graphtest.Vars{
		"shopId": graphtest.ID(e.shop.ID), "mode": "TEST", "amount": "9900", "currency": "EUR", "orderReference": "TEL42",
		"payerReference": "CUST-7",
		"card":           graphtest.Vars{"number": number, "expiryMonth": 12, "expiryYear": e.clock().Year() + 2, "securityCode": cvc(number)},
	}
}

// cvc is a security code of the card's length: four digits for Amex.
func cvc(number string) string {
	if processor.Brand(number) == "AMEX" {
		return "9876"
	}
	return "987"
}

func TestMoto(t *testing.T) {
	e := newPayEnv(t, testdb.Open(t, "sqlite3"))
	op := e.as(viewer.RoleOperator)
	t.Run("field errors", func(t *testing.T) {
		year := e.clock().Year()
		for _, c := range []struct {
			card  graphtest.Vars
			field string
		}{
			{graphtest.Vars{"number": "4242424242424241"}, "input.card.number"},
			{graphtest.Vars{"number": "4242-4242-42"}, "input.card.number"},
			{graphtest.Vars{"number": "6011111111111117"}, "input.card.number"},
			{graphtest.Vars{"expiryMonth": 13}, "input.card.expiryMonth"},
			{graphtest.Vars{"expiryYear": 28}, "input.card.expiryYear"},
			{graphtest.Vars{"expiryYear": year - 1}, "input.card.expiryYear"},
			{graphtest.Vars{"securityCode": "12"}, "input.card.securityCode"},
			{graphtest.Vars{"number": "378282246310005", "securityCode": "123"}, "input.card.securityCode"},
		} {
			in := e.motoInput("4242424242424242")
			for k, v := range c.card {
				in["card"].(graphtest.Vars)[k] = v
			}
			err := e.srv.Fail(t, op, moto, graphtest.Vars{"input": in})
			if err.Code() != "BAD_USER_INPUT" || err.Field() != c.field {
				t.Errorf("%v: got %s on %q, want %s", c.card, err.Code(), err.Field(), c.field)
			}
		}
		if n := made(e.d.Client.Transaction.Query().Count(sys))(t); n != 0 {
			t.Errorf("%d transactions", n)
		}
	})
	t.Run("sandbox cards", func(t *testing.T) {
		for _, c := range processor.SandboxCards {
			var got motoData
			e.srv.Query(t, op, moto, graphtest.Vars{"input": e.motoInput(c.Number)}, &got)
			tx := got.EnterMotoPayment.Transaction
			if tx.Channel != "MOTO" || tx.Eci != 1 || tx.CardLast4 != c.Number[len(c.Number)-4:] || tx.PaymentMethod != c.Brand ||
				tx.Payer == nil || tx.Payer.Reference != "CUST-7" {
				t.Errorf("%s: %+v", c.Number, tx)
			}
			switch {
			case c.Outcome == "approved" && (tx.Status != "CAPTURED" || tx.CapturedAmount != "9900"):
				t.Errorf("%s: %s, captured %s; want a sale", c.Number, tx.Status, tx.CapturedAmount)
			case c.Outcome != "approved" && (tx.Status != "FAILED" || tx.FailureCode == nil || *tx.FailureCode != c.Outcome):
				t.Errorf("%s: %s %v, want FAILED %s", c.Number, tx.Status, tx.FailureCode, c.Outcome)
			}
		}
	})
	t.Run("authorize only", func(t *testing.T) {
		in := e.motoInput("5555555555554444")
		in["capture"] = false
		var got motoData
		e.srv.Query(t, op, moto, graphtest.Vars{"input": in}, &got)
		if got.EnterMotoPayment.Transaction.Status != "AUTHORIZED" {
			t.Errorf("got %s", got.EnterMotoPayment.Transaction.Status)
		}
	})
}

const initialize = `mutation($input: InitializePaymentInput!) {
  initializePayment(input: $input) { replayed redirectURL paymentLink { id kind status orderReference payerReference successURL } }
}`

type initData struct {
	InitializePayment struct {
		Replayed    bool
		RedirectURL string
		PaymentLink struct{ ID, Kind, Status, OrderReference, PayerReference, SuccessURL string }
	}
}

func TestInitializePayment(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newPayEnv(t, d)
		partner := e.as(viewer.RolePartner)
		in := graphtest.Vars{"shopId": graphtest.ID(e.shop.ID), "mode": "PRODUCTION", "amount": "4200", "currency": "CHF",
			"orderReference": "WEB123", "payerReference": "CUST-NEW", "successURL": "https://partner.example/ok", "idempotencyKey": "init-1"}
		var first initData
		e.srv.Query(t, partner, initialize, graphtest.Vars{"input": in}, &first)
		l := first.InitializePayment.PaymentLink
		if first.InitializePayment.Replayed || l.Kind != "API" || l.Status != "CREATED" || l.PayerReference != "CUST-NEW" ||
			!strings.HasPrefix(first.InitializePayment.RedirectURL, "https://guichet.example/pay/") {
			t.Errorf("first: %+v", first.InitializePayment)
		}
		if _, err := e.d.Client.Payer.Query().Where().Only(sys); err != nil {
			t.Errorf("the payer was not created on first use: %v", err)
		}
		t.Run("same key, same request", func(t *testing.T) {
			var again initData
			e.srv.Query(t, partner, initialize, graphtest.Vars{"input": in}, &again)
			if !again.InitializePayment.Replayed || again.InitializePayment.PaymentLink.ID != l.ID ||
				again.InitializePayment.RedirectURL != first.InitializePayment.RedirectURL {
				t.Errorf("again: %+v", again.InitializePayment)
			}
		})
		t.Run("same key, another request", func(t *testing.T) {
			other := graphtest.Vars{}
			for k, v := range in {
				other[k] = v
			}
			other["amount"] = "4300"
			if err := e.srv.Fail(t, partner, initialize, graphtest.Vars{"input": other}); err.Code() != "CONFLICT" || err.Field() != "input.idempotencyKey" {
				t.Errorf("got %s on %s", err.Code(), err.Field())
			}
		})
		t.Run("at the same moment", func(t *testing.T) {
			in := graphtest.Vars{"shopId": graphtest.ID(e.shop.ID), "mode": "TEST", "amount": "100", "currency": "CHF", "idempotencyKey": "init-2"}
			ids := make([]string, 6)
			var wg sync.WaitGroup
			for i := range ids {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var got initData
					e.srv.Query(t, partner, initialize, graphtest.Vars{"input": in}, &got)
					ids[i] = got.InitializePayment.PaymentLink.ID
				}()
			}
			wg.Wait()
			if distinct := slices.Compact(slices.Sorted(slices.Values(ids))); len(distinct) != 1 || distinct[0] == "" {
				t.Errorf("payment links %v, want one", ids)
			}
			if n := made(d.Client.PaymentLink.Query().Count(sys))(t); n != 2 {
				t.Errorf("%d payment links, want 2", n)
			}
		})
		t.Run("pay it", func(t *testing.T) {
			token := strings.TrimPrefix(first.InitializePayment.RedirectURL, "https://guichet.example/pay/")
			res, err := payments.Pay(sys, d.Client, e.cfg, token, payments.MethodCard,
				&payments.CardInput{Number: "4242424242424242", ExpiryMonth: 1, ExpiryYear: e.clock().Year() + 1, SecurityCode: "123"})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Paid() || res.Transaction.Channel != transaction.ChannelECOMMERCE || !strings.HasPrefix(res.Redirect, "https://partner.example/ok?") {
				t.Errorf("paid %v via %s, to %s", res.Paid(), res.Transaction.Channel, res.Redirect)
			}
		})
	})
}

const direct = `mutation($input: AuthorizeDirectInput!) {
  authorizeDirect(input: $input) { replayed transaction { id status cardLast4 channel } }
}`

func TestAuthorizeDirect(t *testing.T) {
	e := newPayEnv(t, testdb.Open(t, "sqlite3"))
	partner := e.as(viewer.RolePartner)
	f := graphtest.NewFixture(t, e.d.Client)
	mine := f.Payer(e.m, "CUST-1", "")
	other := made(e.d.Client.Merchant.Create().SetName("Autre").SetAccountNumber("OTHER-1").Save(sys))(t)
	theirs := f.Payer(other, "CUST-1", "")
	profile := func(m *ent.Merchant, p *ent.Payer, token string) {
		made(e.d.Client.BillingProfile.Create().SetMerchantID(m.ID).SetPayerID(p.ID).SetProcessorToken(token).SetCardBrand("VISA").
			SetCardLast4(token[7:11]).SetExpiryMonth(12).SetExpiryYear(2040).SetPaymentMethodRef("PM-" + token).SetBillingRef("B").Save(sys))(t)
	}
	profile(e.m, mine, "sbxtok_4242_mine")
	profile(other, theirs, "sbxtok_4242_theirs")
	in := func(token, key string) graphtest.Vars {
		return graphtest.Vars{"input": graphtest.Vars{"shopId": graphtest.ID(e.shop.ID), "mode": "TEST", "amount": "1500",
			"currency": "CHF", "payerReference": "CUST-1", "cardToken": token, "idempotencyKey": key}}
	}
	var got struct {
		AuthorizeDirect struct {
			Replayed    bool
			Transaction struct{ ID, Status, CardLast4, Channel string }
		}
	}
	e.srv.Query(t, partner, direct, in("sbxtok_4242_mine", "k1"), &got)
	first := got.AuthorizeDirect
	if first.Transaction.Status != "AUTHORIZED" || first.Transaction.CardLast4 != "4242" || first.Replayed {
		t.Errorf("own token: %+v", first)
	}
	e.srv.Query(t, partner, direct, in("sbxtok_4242_mine", "k1"), &got)
	if !got.AuthorizeDirect.Replayed || got.AuthorizeDirect.Transaction.ID != first.Transaction.ID {
		t.Errorf("retry: %+v", got.AuthorizeDirect)
	}
	if n := made(e.d.Client.Transaction.Query().Count(sys))(t); n != 1 {
		t.Errorf("%d transactions after a retry, want 1", n)
	}
	theirsErr := e.srv.Fail(t, partner, direct, in("sbxtok_4242_theirs", "k2"))
	unknown := e.srv.Do(t, partner, direct, in("nope", "k3"))
	if theirsErr.Field() != "input.cardToken" || theirsErr.Code() != "BAD_USER_INPUT" {
		t.Errorf("another merchant's token: %+v", theirsErr)
	}
	// An unknown token is the processor's to refuse: a FAILED payment,
	// not an error; another merchant's token never reaches it.
	if len(unknown.Errors) > 0 || !strings.Contains(string(unknown.Data), `"status":"FAILED"`) {
		t.Errorf("an unknown token: %s %s", unknown.Data, unknown.ErrorText())
	}
	both := in("sbxtok_4242_mine", "k4")
	both["input"].(graphtest.Vars)["card"] = graphtest.Vars{"number": "4242424242424242", "expiryMonth": 1, "expiryYear": 2040, "securityCode": "123"}
	if err := e.srv.Fail(t, partner, direct, both); err.Field() != "input.card" {
		t.Errorf("a card and a token: %+v", err)
	}
}

func TestUpdateShop(t *testing.T) {
	e := newPayEnv(t, testdb.Open(t, "sqlite3"))
	admin := e.as(viewer.RoleAdmin)
	const update = `mutation($id: ID!, $input: UpdateShopInput!, $t: [EmailTemplateInput!], $reset: [Language!]) {
	  updateShop(id: $id, input: $input, emailTemplates: $t, resetEmailTemplates: $reset) {
	    senderName successURL linkValidityDays emailTemplates { language subject custom } } }`
	vars := graphtest.Vars{"id": graphtest.ID(e.shop.ID),
		"input": graphtest.Vars{"senderName": "Hôtel R.", "successURL": "https://hotel.example/merci", "linkValidityDays": 14},
		"t":     []graphtest.Vars{{"language": "EN", "subject": "Invoice {{reference}}", "body": "Dear {{firstName}}, {{link}}"}}}
	var got struct {
		UpdateShop struct {
			SenderName, SuccessURL string
			LinkValidityDays       int
			EmailTemplates         []struct {
				Language, Subject string
				Custom            bool
			}
		}
	}
	e.srv.Query(t, admin, update, vars, &got)
	u := got.UpdateShop
	if u.SenderName != "Hôtel R." || u.LinkValidityDays != 14 || len(u.EmailTemplates) != 7 ||
		u.EmailTemplates[1].Language != "EN" || !u.EmailTemplates[1].Custom || u.EmailTemplates[0].Custom {
		t.Errorf("got %+v", u)
	}
	ev := made(e.d.Client.AuditEvent.Query().Where(auditevent.ActionEQ(auditevent.ActionSHOP_UPDATED)).Only(sys))(t)
	if ev.Before["senderName"] != "Hôtel Refundus" || ev.After["senderName"] != "Hôtel R." || ev.Target != "Réception" {
		t.Errorf("audit %+v → %+v", ev.Before, ev.After)
	}
	for name, c := range map[string]struct {
		vars  graphtest.Vars
		field string
	}{
		"bad URL":             {graphtest.Vars{"input": graphtest.Vars{"failureURL": "ftp://x"}}, "input.failureURL"},
		"unknown placeholder": {graphtest.Vars{"t": []graphtest.Vars{{"language": "FR", "subject": "x", "body": "{{prenom}}"}}}, "emailTemplates[0].body"},
		"validity":            {graphtest.Vars{"input": graphtest.Vars{"linkValidityDays": 0}}, "input.linkValidityDays"},
	} {
		t.Run(name, func(t *testing.T) {
			v := graphtest.Vars{"id": graphtest.ID(e.shop.ID), "input": graphtest.Vars{}}
			for k, x := range c.vars {
				v[k] = x
			}
			if err := e.srv.Fail(t, admin, update, v); err.Field() != c.field {
				t.Errorf("got %s on %q, want %s", err.Code(), err.Field(), c.field)
			}
		})
	}
	if err := e.srv.Fail(t, e.as(viewer.RoleManager), update, vars); err.Code() != "FORBIDDEN" {
		t.Errorf("a manager: %s", err.Code())
	}
	vars["t"], vars["reset"] = nil, []string{"EN"}
	e.srv.Query(t, admin, update, vars, &got)
	if got.UpdateShop.EmailTemplates[1].Custom {
		t.Error("reset left the custom template")
	}
}

// TestCardDataNeverStored pays with every sandbox card through the
// E-Terminal, the partner API and the payment page, then reads every text
// column of every table and everything logged: no card number is there.
func TestCardDataNeverStored(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newPayEnv(t, d)
		var numbers []string
		for _, c := range processor.SandboxCards {
			numbers = append(numbers, c.Number)
			e.srv.Do(t, e.as(viewer.RoleOperator), moto, graphtest.Vars{"input": e.motoInput(c.Number)})
			in := e.motoInput(c.Number)
			in["idempotencyKey"] = "direct-" + c.Number[12:]
			e.srv.Do(t, e.as(viewer.RolePartner), direct, graphtest.Vars{"input": in})
			e.srv.Do(t, e.as(viewer.RolePartner), direct, graphtest.Vars{"input": in}) // a replay
			var links linksData
			e.srv.Query(t, e.as(viewer.RoleOperator), createLinks, graphtest.Vars{"input": e.linkInput("a@x.ch")}, &links)
			token := strings.TrimPrefix(links.CreatePaymentLinks.Links[0].URL, "https://guichet.example/pay/")
			_, _ = payments.Pay(sys, d.Client, e.cfg, token, payments.MethodCard,
				&payments.CardInput{Number: c.Number, ExpiryMonth: 12, ExpiryYear: 2040, SecurityCode: cvc(c.Number)})
		}
		// Mistyped numbers and errors must not leak either.
		e.srv.Do(t, e.as(viewer.RoleOperator), moto, graphtest.Vars{"input": e.motoInput("4242424242424241")})
		numbers = append(numbers, "4242424242424241")
		if n := made(d.Client.Transaction.Query().Count(sys))(t); n < 3*len(processor.SandboxCards) {
			t.Fatalf("only %d transactions were made", n)
		}
		for _, hit := range scanText(t, d) {
			for _, n := range numbers {
				if strings.Contains(hit.value, n) {
					t.Errorf("%s.%s holds the card number %s", hit.table, hit.column, n)
				}
			}
		}
		logged := e.log.String()
		for _, n := range numbers {
			if strings.Contains(logged, n) || strings.Contains(logged, n[:6]+" "+n[6:]) {
				t.Errorf("the log holds the card number %s", n)
			}
		}
		if strings.Contains(logged, "987") && strings.Contains(logged, "securityCode") {
			t.Error("the log holds a security code")
		}
	})
}

type textValue struct{ table, column, value string }

// scanText reads every text column of every table of the database.
func scanText(t *testing.T, d *db.DB) []textValue {
	t.Helper()
	var q string
	switch d.Dialect {
	case "postgres":
		q = `SELECT table_name, column_name FROM information_schema.columns
		     WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'jsonb', 'json')`
	default:
		q = `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		     WHERE m.type = 'table' AND (p.type LIKE '%CHAR%' OR p.type LIKE '%TEXT%' OR p.type = 'json' OR p.type = '')`
	}
	rows, err := d.SQL.QueryContext(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	var cols [][2]string
	for rows.Next() {
		var c [2]string
		if err := rows.Scan(&c[0], &c[1]); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	rows.Close()
	if len(cols) < 50 {
		t.Fatalf("only %d text columns found", len(cols))
	}
	var out []textValue
	for _, c := range cols {
		rows, err := d.SQL.QueryContext(t.Context(), fmt.Sprintf(`SELECT CAST(%q AS TEXT) FROM %q WHERE %q IS NOT NULL`, c[1], c[0], c[1]))
		if err != nil {
			t.Fatalf("%s.%s: %v", c[0], c[1], err)
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			out = append(out, textValue{c[0], c[1], v})
		}
		rows.Close()
	}
	return out
}
