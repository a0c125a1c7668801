package paypage_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/paymentlink"
	_ "github.com/guichet/guichet/ent/runtime"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/i18n"
	"github.com/guichet/guichet/internal/payments"
	"github.com/guichet/guichet/internal/paypage"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testdb.Cleanup()
	os.Exit(code)
}

var sys = viewer.SystemContext(context.Background())

// site is the payment page served on loopback over a database with one
// shop.
type site struct {
	d    *db.DB
	srv  *httptest.Server
	h    *paypage.Handler
	shop *ent.Shop
	log  *bytes.Buffer
	n    int
}

func newSite(t *testing.T, d *db.DB) *site {
	t.Helper()
	m := must(d.Client.Merchant.Create().SetName("Hôtel").SetAccountNumber("M-1").Save(sys))(t)
	shop := must(d.Client.Shop.Create().SetMerchantID(m.ID).SetName("Hôtel Refundus").SetSenderName("Hôtel Refundus Maximus").
		SetManagerEmail("gestion@example.ch").SetSuccessURL("https://shop.example.ch/ok?lang=fr").
		SetFailureURL("https://shop.example.ch/echec").SetCancelURL("https://shop.example.ch/annule").
		SetLogoURL("https://shop.example.ch/logo.png").SetAccentColor("#AA3300").
		SetConfirmationEmailEnabled(true).Save(sys))(t)
	s := &site{d: d, shop: shop, log: &bytes.Buffer{}}
	s.h = &paypage.Handler{Client: d.Client, Log: slog.New(slog.NewTextHandler(s.log, nil)), Rate: rate.Inf}
	mux := http.NewServeMux()
	s.h.Register(mux)
	s.srv = httptest.NewServer(mux)
	s.h.Payments = payments.Config{PublicURL: must(url.Parse(s.srv.URL))(t)}
	t.Cleanup(s.srv.Close)
	return s
}

// link makes a payable link in lang and returns its token.
func (s *site) link(t *testing.T, lang i18n.Language, expires time.Duration) *ent.PaymentLink {
	t.Helper()
	s.n++
	return must(s.d.Client.PaymentLink.Create().SetMerchantID(s.shop.MerchantID).SetShopID(s.shop.ID).
		SetToken(fmt.Sprintf("tok-page-%04d-abcdefghijklmn", s.n)).SetMode(paymentlink.ModeTEST).
		SetAmount(125050).SetCurrency("CHF").SetOrderReference(fmt.Sprintf("Recouvrement-%03d", s.n)).
		SetPayerReference("CUST-42").SetRecipientEmail("camille@example.ch").SetBuyerFirstName("Camille").
		SetBuyerLastName("Dupont").SetDescription("Séjour du 3 au 5 mars").SetReconciliation("FACT-2026-001").
		SetLanguage(lang).SetBatch("b").SetCreatedBy("test").SetExpiresAt(time.Now().Add(expires)).Save(sys))(t)
}

// buyer is a browser: it keeps cookies and does not follow redirects.
type buyer struct {
	c *http.Client
}

func newBuyer() *buyer {
	jar, _ := cookiejar.New(nil)
	return &buyer{c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type page struct {
	status   int
	body     string
	location string
}

func (b *buyer) get(t *testing.T, u string) page {
	t.Helper()
	resp, err := b.c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	return read(t, resp)
}

func (b *buyer) post(t *testing.T, u string, form url.Values) page {
	t.Helper()
	resp, err := b.c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	return read(t, resp)
}

func read(t *testing.T, resp *http.Response) page {
	t.Helper()
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return page{status: resp.StatusCode, body: html.UnescapeString(string(body)), location: resp.Header.Get("Location")}
}

var nonceRE = regexp.MustCompile(`name="nonce" value="([^"]+)"`)

func nonce(t *testing.T, p page) string {
	t.Helper()
	m := nonceRE.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no form on the page (status %d)", p.status)
	}
	return m[1]
}

func card(n, number string) url.Values {
	return url.Values{"nonce": {n}, "method": {"CARD"}, "number": {number}, "exp-month": {"12"}, "exp-year": {"2040"}, "cvc": {"123"}}
}

func (s *site) transactions(t *testing.T) []*ent.Transaction {
	t.Helper()
	return must(s.d.Client.Transaction.Query().WithPayer().All(sys))(t)
}

func TestPayByCard(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		l := s.link(t, i18n.DE, time.Hour)
		u := s.srv.URL + "/pay/" + l.Token
		b := newBuyer()
		p := b.get(t, u)
		t.Run("page", func(t *testing.T) {
			for _, want := range []string{`lang="de"`, "1.250,50\u00a0CHF", "Recouvrement-001", "Séjour du 3 au 5 mars", "Kartennummer",
				"Hôtel Refundus Maximus", `src="https://shop.example.ch/logo.png"`, "#AA3300", "TWINT", "Alipay+", "Testmodus"} {
				if !strings.Contains(p.body, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			got := must(d.Client.PaymentLink.Get(sys, l.ID))(t)
			if got.Status != paymentlink.StatusOPENED || got.OpenedAt == nil {
				t.Errorf("the link is %s, opened at %v; want OPENED", got.Status, got.OpenedAt)
			}
		})
		t.Run("no nonce", func(t *testing.T) {
			other := newBuyer() // a cross-site form carries no cookie of ours
			got := other.post(t, u, card(nonce(t, p), "4242424242424242"))
			if got.status != http.StatusForbidden || len(s.transactions(t)) != 0 {
				t.Errorf("status %d and %d transactions, want 403 and none", got.status, len(s.transactions(t)))
			}
		})
		t.Run("mistyped card", func(t *testing.T) {
			got := b.post(t, u, card(nonce(t, p), "4242424242424241"))
			if got.status != http.StatusUnprocessableEntity || !strings.Contains(got.body, "Bitte prüfen Sie die Kartennummer") {
				t.Errorf("status %d: %s", got.status, got.body)
			}
			if strings.Contains(got.body, "4242424242424241") {
				t.Error("the page writes the card number back")
			}
			p = got
		})
		t.Run("paid", func(t *testing.T) {
			got := b.post(t, u, card(nonce(t, p), "4242 4242 4242 4242"))
			if got.status != http.StatusSeeOther {
				t.Fatalf("status %d: %s", got.status, got.body)
			}
			to, _ := url.Parse(got.location)
			if to.Host != "shop.example.ch" || to.Path != "/ok" || to.Query().Get("reference") != "Recouvrement-001" ||
				to.Query().Get("lang") != "fr" || to.Query().Get("status") != "success" {
				t.Errorf("redirected to %s", got.location)
			}
			txs := s.transactions(t)
			if len(txs) != 1 {
				t.Fatalf("%d transactions, want 1", len(txs))
			}
			tx := txs[0]
			if tx.Status != transaction.StatusCAPTURED || tx.Channel != transaction.ChannelPAYMENT_LINK || tx.CardLast4 != "4242" ||
				tx.OrderReference != "Recouvrement-001" || tx.Reconciliation != "FACT-2026-001" || tx.CapturedAmount != 125050 ||
				tx.Edges.Payer == nil || tx.Edges.Payer.Reference != "CUST-42" || tx.Edges.Payer.Email != "camille@example.ch" {
				t.Errorf("transaction %+v, payer %+v", tx, tx.Edges.Payer)
			}
			got2 := must(d.Client.PaymentLink.Query().Where(paymentlink.ID(l.ID)).WithTransaction().Only(sys))(t)
			if got2.Status != paymentlink.StatusPAID || got2.PaidAt == nil || got2.Edges.Transaction == nil || got2.Edges.Transaction.ID != tx.ID {
				t.Errorf("the link is %s and points to %v", got2.Status, got2.Edges.Transaction)
			}
			back := must(d.Client.Transaction.Query().Where(transaction.ID(tx.ID)).QueryPaymentLink().Only(sys))(t)
			if back.ID != l.ID {
				t.Errorf("the transaction points back to link %d, want %d", back.ID, l.ID)
			}
			if n := must(d.Client.EmailMessage.Query().Count(sys))(t); n != 1 {
				t.Errorf("%d e-mails queued, want the confirmation", n)
			}
		})
		t.Run("already paid", func(t *testing.T) {
			got := b.get(t, u)
			if strings.Contains(got.body, "<form") || !strings.Contains(got.body, "Diese Zahlung wurde bereits geleistet") {
				t.Errorf("the page of a paid link: %s", got.body)
			}
			again := b.post(t, u, card("x", "4242424242424242"))
			if strings.Contains(again.body, "<form") || len(s.transactions(t)) != 1 {
				t.Errorf("paying again: status %d, %d transactions", again.status, len(s.transactions(t)))
			}
		})
	})
}

func TestDeclinedAndWallet(t *testing.T) {
	s := newSite(t, testdb.Open(t, "sqlite3"))
	l := s.link(t, i18n.FR, time.Hour)
	u := s.srv.URL + "/pay/" + l.Token
	b := newBuyer()
	got := b.post(t, u, card(nonce(t, b.get(t, u)), "4000000000009995"))
	if to, _ := url.Parse(got.location); got.status != http.StatusSeeOther || to.Path != "/echec" {
		t.Fatalf("declined: status %d, to %s", got.status, got.location)
	}
	txs := s.transactions(t)
	if len(txs) != 1 || txs[0].Status != transaction.StatusFAILED || txs[0].FailureCode == nil ||
		*txs[0].FailureCode != transaction.FailureCodeINSUFFICIENT_FUNDS {
		t.Fatalf("declined: transactions %v", txs)
	}
	// The link stays payable: the buyer tries another way.
	got = b.post(t, u, url.Values{"nonce": {nonce(t, b.get(t, u))}, "method": {"TWINT"}})
	if to, _ := url.Parse(got.location); got.status != http.StatusSeeOther || to.Path != "/ok" {
		t.Fatalf("TWINT: status %d, to %s", got.status, got.location)
	}
	paid := must(s.d.Client.Transaction.Query().Where(transaction.StatusEQ(transaction.StatusCAPTURED)).Only(sys))(t)
	if paid.PaymentMethod != transaction.PaymentMethodTWINT || paid.CardLast4 != "" {
		t.Errorf("paid with %s, last4 %q", paid.PaymentMethod, paid.CardLast4)
	}
}

func TestCancelByBuyer(t *testing.T) {
	s := newSite(t, testdb.Open(t, "sqlite3"))
	l := s.link(t, i18n.EN, time.Hour)
	u := s.srv.URL + "/pay/" + l.Token
	b := newBuyer()
	got := b.post(t, u, url.Values{"nonce": {nonce(t, b.get(t, u))}, "action": {"cancel"}})
	if to, _ := url.Parse(got.location); got.status != http.StatusSeeOther || to.Path != "/annule" || to.Query().Get("reference") != l.OrderReference {
		t.Errorf("status %d, to %s", got.status, got.location)
	}
	if n := len(s.transactions(t)); n != 0 {
		t.Errorf("%d transactions", n)
	}
}

// TestNoForm: an expired, cancelled, paid or unknown token shows a clear
// page and never a form, and an unknown token says nothing more.
func TestNoForm(t *testing.T) {
	s := newSite(t, testdb.Open(t, "sqlite3"))
	expired := s.link(t, i18n.FR, time.Millisecond)
	canceled := s.link(t, i18n.FR, time.Hour)
	must(s.d.Client.PaymentLink.UpdateOne(canceled).SetStatus(paymentlink.StatusCANCELED).Save(sys))(t)
	time.Sleep(5 * time.Millisecond)
	for name, c := range map[string]struct{ token, want string }{
		"expired":  {expired.Token, "Ce lien de paiement a expiré"},
		"canceled": {canceled.Token, "Ce lien de paiement a été annulé"},
		"unknown":  {"tok-page-9999-abcdefghijklmn", "Ce lien de paiement n'existe pas"},
		"short":    {"x", "Ce lien de paiement n'existe pas"},
	} {
		t.Run(name, func(t *testing.T) {
			b := newBuyer()
			got := b.get(t, s.srv.URL+"/pay/"+c.token)
			if strings.Contains(got.body, "<form") || !strings.Contains(got.body, c.want) {
				t.Errorf("status %d: %s", got.status, got.body)
			}
			if (name == "unknown" || name == "short") && got.status != http.StatusNotFound {
				t.Errorf("status %d, want 404", got.status)
			}
			if name == "unknown" || name == "short" {
				for _, leak := range []string{"Hôtel", "CHF", "Recouvrement"} {
					if strings.Contains(got.body, leak) {
						t.Errorf("the page of an unknown token shows %q", leak)
					}
				}
			}
		})
	}
	if got := must(s.d.Client.PaymentLink.Get(sys, expired.ID))(t); got.OpenedAt != nil {
		t.Error("opening an expired link counts as opened")
	}
}

// TestConcurrentPayments: buyers paying one link at the same moment make
// exactly one transaction; the others are told it is paid.
func TestConcurrentPayments(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		l := s.link(t, i18n.FR, time.Hour)
		u := s.srv.URL + "/pay/" + l.Token
		const n = 8
		buyers := make([]*buyer, n)
		forms := make([]url.Values, n)
		for i := range buyers {
			buyers[i] = newBuyer()
			forms[i] = card(nonce(t, buyers[i].get(t, u)), "5555555555554444")
		}
		start := make(chan struct{})
		results := make([]page, n)
		var wg sync.WaitGroup
		for i := range buyers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				results[i] = buyers[i].post(t, u, forms[i])
			}()
		}
		close(start)
		wg.Wait()
		paid, told := 0, 0
		for _, r := range results {
			switch {
			case r.status == http.StatusSeeOther:
				paid++
			case r.status == http.StatusConflict && strings.Contains(r.body, "Ce paiement a déjà été effectué"):
				told++
			default:
				t.Errorf("status %d: %s", r.status, r.body)
			}
		}
		if paid != 1 || told != n-1 {
			t.Errorf("%d paid and %d told it was paid, want 1 and %d", paid, told, n-1)
		}
		if txs := s.transactions(t); len(txs) != 1 {
			t.Errorf("%d transactions, want 1", len(txs))
		}
	})
}

func TestRateLimit(t *testing.T) {
	s := newSite(t, testdb.Open(t, "sqlite3"))
	s.h.Rate, s.h.Burst = rate.Every(time.Hour), 3
	b := newBuyer()
	u := s.srv.URL + "/pay/tok-page-9999-abcdefghijklmn"
	for i := range 3 {
		if got := b.get(t, u); got.status != http.StatusNotFound {
			t.Fatalf("request %d: status %d", i+1, got.status)
		}
	}
	got := b.get(t, u)
	if got.status != http.StatusTooManyRequests || strings.Contains(got.body, "<form") {
		t.Errorf("request 4: status %d", got.status)
	}
	l := s.link(t, i18n.FR, time.Hour)
	if got := b.post(t, s.srv.URL+"/pay/"+l.Token, card("x", "4242424242424242")); got.status != http.StatusTooManyRequests {
		t.Errorf("a payment over the limit: status %d", got.status)
	}
}

func must[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatalf("set-up: %v", err)
		}
		return v
	}
}
