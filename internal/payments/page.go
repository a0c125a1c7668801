package payments

import (
	"context"
	"fmt"
	"net/url"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/emailmessage"
	"github.com/guichet/guichet/ent/paymentlink"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/mail"
	"github.com/guichet/guichet/internal/viewer"
)

// PageState is what the payment page of a token shows.
type PageState string

// Page states: only a PAYABLE page shows a payment form.
const (
	PagePayable  PageState = "PAYABLE"
	PagePaid     PageState = "PAID"
	PageExpired  PageState = "EXPIRED"
	PageCanceled PageState = "CANCELED"
	PageUnknown  PageState = "UNKNOWN"
)

// Page is a payment page: its link and shop, unless the token is unknown.
type Page struct {
	State PageState
	Link  *ent.PaymentLink
	Shop  *ent.Shop
}

// Method is how the buyer pays on the page.
type Method string

// Methods of the payment page: a card, or a sandbox wallet.
const (
	MethodCard       Method = "CARD"
	MethodTWINT      Method = "TWINT"
	MethodAlipayPlus Method = "ALIPAY_PLUS"
)

// Methods lists the payment page's methods in the order it shows them.
var Methods = []Method{MethodCard, MethodTWINT, MethodAlipayPlus}

// OpenPage reads the page of token, as the buyer sees it, and records the
// first time a payable one is opened. It acts as Guichet: the buyer has no
// login, the token is the key.
func OpenPage(ctx context.Context, client *ent.Client, cfg Config, token string) (*Page, error) {
	ctx = viewer.SystemContext(ctx)
	p, err := readPage(ctx, client, cfg, token, false)
	if err != nil || p.State != PagePayable {
		return p, err
	}
	now := cfg.now()
	if p.Link.OpenedAt == nil {
		err := client.PaymentLink.Update().
			Where(paymentlink.ID(p.Link.ID), paymentlink.OpenedAtIsNil()).
			SetOpenedAt(now).
			Exec(ctx)
		if err != nil {
			return nil, err
		}
	}
	if p.Link.Status != paymentlink.StatusOPENED {
		err := client.PaymentLink.Update().
			Where(paymentlink.ID(p.Link.ID), paymentlink.StatusIn(paymentlink.StatusCREATED, paymentlink.StatusSENT, paymentlink.StatusFAILED)).
			SetStatus(paymentlink.StatusOPENED).
			Exec(ctx)
		if err != nil {
			return nil, err
		}
	}
	return p, nil
}

func readPage(ctx context.Context, client *ent.Client, cfg Config, token string, lock bool) (*Page, error) {
	if len(token) < 16 || len(token) > 64 {
		return &Page{State: PageUnknown}, nil
	}
	q := client.PaymentLink.Query().Where(paymentlink.Token(token)).WithShop()
	if lock {
		q.Modify(db.ForUpdate)
	}
	l, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return &Page{State: PageUnknown}, nil
	} else if err != nil {
		return nil, err
	}
	p := &Page{Link: l, Shop: l.Edges.Shop}
	switch Status(l, cfg.now()) {
	case paymentlink.StatusPAID:
		p.State = PagePaid
	case paymentlink.StatusEXPIRED:
		p.State = PageExpired
	case paymentlink.StatusCANCELED:
		p.State = PageCanceled
	default:
		p.State = PagePayable
	}
	return p, nil
}

// PayResult is what became of a buyer's payment.
type PayResult struct {
	// State is the page's state before paying: a payment was only tried
	// when it was PAYABLE.
	State PageState
	Page  *Page
	// Transaction is the payment, approved or refused.
	Transaction *ent.Transaction
	// Redirect is the shop's page to send the buyer to, with the order
	// reference: success, or failure; empty when the shop has none.
	Redirect string
}

// Paid reports whether the buyer's payment went through.
func (r *PayResult) Paid() bool {
	return r.Transaction != nil && r.Transaction.Status != transaction.StatusFAILED
}

// Pay takes the buyer's payment on the page of token, with card for
// MethodCard. The link's row stays locked from reading it to recording
// the payment, so that of two buyers paying at once one pays and the
// other finds the link paid. A refused payment is recorded as a FAILED
// transaction and the link stays payable.
//
// Errors: BAD_USER_INPUT naming the card field (card.number...).
func Pay(ctx context.Context, client *ent.Client, cfg Config, token string, method Method, card *CardInput) (*PayResult, error) {
	ctx = viewer.SystemContext(ctx)
	now := cfg.now()
	req := chargeRequest{Capture: true, Now: now}
	switch method {
	case MethodCard:
		if card == nil {
			return nil, apperr.InvalidField("card.number", "a card number is needed")
		}
		c, err := card.card("card", now)
		if err != nil {
			return nil, err
		}
		req.Card = c
	case MethodTWINT, MethodAlipayPlus:
		req.Wallet = transaction.PaymentMethod(method)
	default:
		return nil, apperr.InvalidField("method", "unknown payment method")
	}
	tx, err := client.Tx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	ctx = ent.NewTxContext(ctx, tx)
	p, err := readPage(ctx, tx.Client(), cfg, token, true)
	if err != nil {
		return nil, err
	}
	res := &PayResult{State: p.State, Page: p}
	if p.State != PagePayable {
		return res, nil
	}
	l := p.Link
	req.MerchantID, req.ShopID = l.MerchantID, l.ShopID
	req.Mode, req.Amount, req.Currency = transaction.Mode(l.Mode), l.Amount, l.Currency
	req.Channel = transaction.ChannelPAYMENT_LINK
	if l.Kind == paymentlink.KindAPI {
		req.Channel = transaction.ChannelECOMMERCE
	}
	req.OrderReference, req.Description, req.Reconciliation = l.OrderReference, l.Description, l.Reconciliation
	req.PayerReference, req.PayerEmail = l.PayerReference, l.RecipientEmail
	req.PayerName = l.BuyerFirstName + " " + l.BuyerLastName
	c := tx.Client()
	t, err := charge(ctx, c, cfg.processor(), req)
	if err != nil {
		return nil, err
	}
	res.Transaction = t
	if res.Paid() {
		if p.Link, err = c.PaymentLink.UpdateOne(l).SetStatus(paymentlink.StatusPAID).SetPaidAt(now).SetTransaction(t).Save(ctx); err != nil {
			return nil, err
		}
		if p.Shop.ConfirmationEmailEnabled && l.RecipientEmail != "" {
			m := message(cfg, p.Shop, l)
			m.URL = ""
			_, err := mail.Queue(ctx, c, mail.Outgoing{
				MerchantID: l.MerchantID, PaymentLinkID: l.ID, Kind: emailmessage.KindPAYMENT_CONFIRMATION,
				FromName: senderName(p.Shop), ReplyTo: p.Shop.ManagerEmail, To: l.RecipientEmail,
				Language: l.Language, Rendered: mail.RenderConfirmation(m),
			})
			if err != nil {
				return nil, err
			}
		}
	}
	if err := recordPayment(ctx, c, t, "payment page"); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	if res.Paid() {
		res.Redirect = Redirect(p, "success")
	} else {
		res.Redirect = Redirect(p, "failure")
	}
	return res, nil
}

// Redirect is the shop's page of outcome ("success", "failure" or
// "cancel") for the page's link, with the order reference and the outcome
// added to its query; empty when there is none.
func Redirect(p *Page, outcome string) string {
	if p.Link == nil {
		return ""
	}
	l, s := p.Link, p.Shop
	pages := map[string][2]string{
		"success": {l.SuccessURL, s.SuccessURL},
		"failure": {l.FailureURL, s.FailureURL},
		"cancel":  {l.CancelURL, s.CancelURL},
	}[outcome]
	raw := pages[0]
	if raw == "" {
		raw = pages[1]
	}
	u, err := url.Parse(raw)
	if raw == "" || err != nil {
		return ""
	}
	q := u.Query()
	q.Set("reference", l.OrderReference)
	q.Set("status", outcome)
	q.Set("amount", fmt.Sprint(l.Amount))
	q.Set("currency", string(l.Currency))
	u.RawQuery = q.Encode()
	return u.String()
}
