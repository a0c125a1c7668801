package payments

import (
	"context"
	"regexp"
	"strings"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/auditevent"
	"github.com/guichet/guichet/ent/billingprofile"
	"github.com/guichet/guichet/ent/idempotencykey"
	"github.com/guichet/guichet/ent/paymentlink"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/audit"
	"github.com/guichet/guichet/internal/i18n"
	"github.com/guichet/guichet/internal/money"
	"github.com/guichet/guichet/internal/viewer"
)

// Payment is a payment taken at a distance: approved, or FAILED with its
// failure code.
type Payment struct {
	Transaction *ent.Transaction
	// Replayed is true when an earlier request with the same idempotency
	// key made this payment.
	Replayed bool
}

// order is what every remote payment says of the order.
type order struct {
	ShopID         int
	Mode           transaction.Mode
	Amount         int64
	Currency       money.Currency
	OrderReference string
	PayerReference string
	Description    string
	Reconciliation string
	IdempotencyKey string
}

// check checks the order and returns its shop.
func (o *order) check(ctx context.Context, client *ent.Client) (*ent.Shop, error) {
	shop, err := client.Shop.Get(ctx, o.ShopID)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "input.shopId", Message: "no such shop"}
	} else if err != nil {
		return nil, err
	}
	o.OrderReference = strings.TrimSpace(o.OrderReference)
	return shop, firstError(
		checkAmount("input.amount", o.Amount),
		CheckReference("input.orderReference", o.OrderReference, shop.OrderReferenceRequired, 1),
		checkLen("input.payerReference", o.PayerReference, 128),
		checkLen("input.description", o.Description, 1000),
		checkLen("input.reconciliation", o.Reconciliation, 255),
	)
}

func (o *order) hash(op string, more ...any) string {
	return requestHash(append([]any{op, o.ShopID, o.Mode, o.Amount, o.Currency, o.OrderReference,
		o.PayerReference, o.Description, o.Reconciliation}, more...)...)
}

// MotoInput is a card payment keyed in by an agent: mail order or
// telephone order (MOTO, ECI 1).
type MotoInput struct {
	ShopID         int
	Mode           transaction.Mode
	Amount         int64
	Currency       money.Currency
	OrderReference string
	PayerReference string
	Description    string
	Reconciliation string
	Card           CardInput
	// Capture makes a sale; false only authorizes.
	Capture        bool
	IdempotencyKey string
}

// EnterMoto takes a MOTO payment.
//
// Errors: NOT_FOUND (input.shopId); BAD_USER_INPUT naming the field
// (input.card.number for a mistyped number...); CONFLICT for an
// idempotency key used for another request.
func EnterMoto(ctx context.Context, client *ent.Client, cfg Config, in MotoInput) (*Payment, error) {
	o := order{in.ShopID, in.Mode, in.Amount, in.Currency, in.OrderReference, in.PayerReference, in.Description, in.Reconciliation, in.IdempotencyKey}
	return remote(ctx, client, cfg, o, idempotencykey.OperationMOTO_PAYMENT, func(now time.Time) (chargeRequest, string, error) {
		card, err := in.Card.card("input.card", now)
		if err != nil {
			return chargeRequest{}, "", err
		}
		return chargeRequest{Channel: transaction.ChannelMOTO, Card: card, Capture: in.Capture},
			o.hash("moto", in.Capture, in.Card.String(), in.Card.ExpiryMonth, in.Card.ExpiryYear), nil
	})
}

// DirectInput is a payment a partner's system authorizes directly, with a
// card or a stored card's token.
type DirectInput struct {
	ShopID         int
	Mode           transaction.Mode
	Amount         int64
	Currency       money.Currency
	OrderReference string
	PayerReference string
	Description    string
	Reconciliation string
	Card           *CardInput
	CardToken      string
	Capture        bool
	IdempotencyKey string
}

// AuthorizeDirect authorizes a card or a stored card's token without the
// payment page; with Capture, it is a sale.
//
// Errors: as EnterMoto; BAD_USER_INPUT (input.cardToken) for a token of
// a billing profile of another merchant or a disabled one, which answers
// exactly like an unknown token.
func AuthorizeDirect(ctx context.Context, client *ent.Client, cfg Config, in DirectInput) (*Payment, error) {
	o := order{in.ShopID, in.Mode, in.Amount, in.Currency, in.OrderReference, in.PayerReference, in.Description, in.Reconciliation, in.IdempotencyKey}
	return remote(ctx, client, cfg, o, idempotencykey.OperationAUTHORIZE_DIRECT, func(now time.Time) (chargeRequest, string, error) {
		req := chargeRequest{Channel: transaction.ChannelECOMMERCE, Capture: in.Capture}
		switch {
		case (in.Card == nil) == (in.CardToken == ""):
			return req, "", apperr.InvalidField("input.card", "give a card or a cardToken, one of them")
		case in.Card != nil:
			card, err := in.Card.card("input.card", now)
			if err != nil {
				return req, "", err
			}
			req.Card = card
			return req, o.hash("direct", in.Capture, in.Card.String(), in.Card.ExpiryMonth, in.Card.ExpiryYear), nil
		}
		req.Token = in.CardToken
		if err := tokenOf(ctx, client, &req); err != nil {
			return req, "", err
		}
		return req, o.hash("direct", in.Capture, requestHash(in.CardToken)), nil
	})
}

// tokenOf checks a stored card's token against the billing profiles: one
// of another merchant's, or disabled, is refused like an unknown token.
func tokenOf(ctx context.Context, client *ent.Client, req *chargeRequest) error {
	v := viewer.FromContext(ctx)
	bp, err := client.BillingProfile.Query().
		Where(billingprofile.ProcessorToken(req.Token)).
		Only(viewer.SystemContext(ctx))
	switch {
	case ent.IsNotFound(err):
		return nil // a token the processor alone knows
	case err != nil:
		return err
	case bp.MerchantID != v.MerchantID || bp.Status != billingprofile.StatusACTIVE:
		return apperr.InvalidField("input.cardToken", "unknown card token")
	}
	req.TokenBrand, req.TokenLast4 = string(bp.CardBrand), bp.CardLast4
	return nil
}

// remote is the life of a MOTO or direct payment: check the order, replay
// an idempotent retry, charge, and record the key's result.
func remote(ctx context.Context, client *ent.Client, cfg Config, o order, op idempotencykey.Operation, prepare func(time.Time) (chargeRequest, string, error)) (*Payment, error) {
	shop, err := o.check(ctx, client)
	if err != nil {
		return nil, err
	}
	now := cfg.now()
	req, hash, err := prepare(now)
	if err != nil {
		return nil, err
	}
	fresh, earlier, err := claimKey(ctx, client, shop.MerchantID, o.IdempotencyKey, op, hash)
	if err != nil {
		return nil, err
	}
	if earlier != nil {
		t, err := client.Transaction.Get(ctx, *earlier.TransactionID)
		return &Payment{Transaction: t, Replayed: true}, err
	}
	req.MerchantID, req.ShopID, req.Mode = shop.MerchantID, shop.ID, o.Mode
	req.Amount, req.Currency = o.Amount, o.Currency
	req.OrderReference, req.PayerReference = o.OrderReference, o.PayerReference
	req.Description, req.Reconciliation, req.Now = o.Description, o.Reconciliation, now
	t, err := charge(ctx, client, cfg.processor(), req)
	if err != nil {
		return nil, err
	}
	if fresh != nil {
		if err := client.IdempotencyKey.UpdateOne(fresh).SetTransactionID(t.ID).Exec(ctx); err != nil {
			return nil, err
		}
	}
	return &Payment{Transaction: t}, recordPayment(ctx, client, t, string(op))
}

// recordPayment audits a payment taken, or refused.
func recordPayment(ctx context.Context, client *ent.Client, t *ent.Transaction, how string) error {
	action := auditevent.ActionPAYMENT_RECEIVED
	after := map[string]any{"status": string(t.Status), "amount": t.Amount, "currency": string(t.Currency),
		"channel": string(t.Channel), "via": how}
	if t.Status == transaction.StatusFAILED {
		action = auditevent.ActionPAYMENT_FAILED
		if t.FailureCode != nil {
			after["failureCode"] = string(*t.FailureCode)
		}
	}
	return audit.Record(ctx, client, audit.Event{
		MerchantID: t.MerchantID, Action: action, TransactionID: t.ID,
		Target: targetOf(t.OrderReference, "payment"), After: after,
	})
}

// InitializeInput starts a payment on the hosted payment page.
type InitializeInput struct {
	ShopID         int
	Mode           transaction.Mode
	Amount         int64
	Currency       money.Currency
	OrderReference string
	PayerReference string
	Description    string
	Reconciliation string
	Language       i18n.Language
	SuccessURL     string
	FailureURL     string
	CancelURL      string
	ExpiresAt      *time.Time
	IdempotencyKey string
}

// Initialized is a pending payment and the page that completes it.
type Initialized struct {
	PaymentLink *ent.PaymentLink
	RedirectURL string
	Replayed    bool
}

var httpURL = regexp.MustCompile(`^https?://[^\s]+$`)

// InitializePayment creates a pending payment (a payment link of kind API)
// for the buyer to complete on the hosted payment page, whose URL it
// returns. The payer is created on first use.
//
// Errors: as EnterMoto; BAD_USER_INPUT (input.successURL...) for a return
// URL that is not http(s), or when neither it nor the shop gives one.
func InitializePayment(ctx context.Context, client *ent.Client, cfg Config, in InitializeInput) (*Initialized, error) {
	o := order{in.ShopID, in.Mode, in.Amount, in.Currency, in.OrderReference, in.PayerReference, in.Description, in.Reconciliation, in.IdempotencyKey}
	shop, err := o.check(ctx, client)
	if err != nil {
		return nil, err
	}
	for _, u := range []struct{ field, value, fallback string }{
		{"input.successURL", in.SuccessURL, shop.SuccessURL},
		{"input.failureURL", in.FailureURL, shop.FailureURL},
		{"input.cancelURL", in.CancelURL, shop.CancelURL},
	} {
		switch {
		case u.value != "" && (!httpURL.MatchString(u.value) || len(u.value) > 2048):
			return nil, apperr.InvalidField(u.field, "an http(s) URL of at most 2048 characters")
		case u.value == "" && u.fallback == "":
			return nil, apperr.InvalidField(u.field, "the shop has no page of its own for this: give one")
		}
	}
	now := cfg.now()
	expires, err := expiry(now, shop, in.ExpiresAt, nil)
	if err != nil {
		return nil, err
	}
	if in.Language == "" {
		in.Language = shop.DefaultLanguage
	}
	hash := o.hash("initialize", in.Language, in.SuccessURL, in.FailureURL, in.CancelURL, in.ExpiresAt)
	fresh, earlier, err := claimKey(ctx, client, shop.MerchantID, in.IdempotencyKey, idempotencykey.OperationINITIALIZE_PAYMENT, hash)
	if err != nil {
		return nil, err
	}
	if earlier != nil {
		l, err := client.PaymentLink.Get(ctx, *earlier.PaymentLinkID)
		if err != nil {
			return nil, err
		}
		return &Initialized{PaymentLink: l, RedirectURL: cfg.PageURL(l.Token), Replayed: true}, nil
	}
	if _, err := ensurePayer(ctx, client, shop.MerchantID, o.PayerReference, "", ""); err != nil {
		return nil, err
	}
	l, err := client.PaymentLink.Create().
		SetMerchantID(shop.MerchantID).
		SetShopID(shop.ID).
		SetToken(newToken()).
		SetKind(paymentlink.KindAPI).
		SetMode(paymentlink.Mode(o.Mode)).
		SetAmount(o.Amount).
		SetCurrency(o.Currency).
		SetOrderReference(o.OrderReference).
		SetPayerReference(o.PayerReference).
		SetDescription(o.Description).
		SetLanguage(in.Language).
		SetReconciliation(o.Reconciliation).
		SetNillableSuccessURL(nonEmpty(in.SuccessURL)).
		SetNillableFailureURL(nonEmpty(in.FailureURL)).
		SetNillableCancelURL(nonEmpty(in.CancelURL)).
		SetBatch(newBatch()).
		SetCreatedBy(viewer.FromContext(ctx).Name).
		SetCreatedAt(now).
		SetUpdatedAt(now).
		SetExpiresAt(expires).
		Save(ctx)
	if err != nil {
		return nil, err
	}
	if fresh != nil {
		if err := client.IdempotencyKey.UpdateOne(fresh).SetPaymentLinkID(l.ID).Exec(ctx); err != nil {
			return nil, err
		}
	}
	err = audit.Record(ctx, client, audit.Event{
		Action: auditevent.ActionPAYMENT_INITIALIZED,
		Target: targetOf(o.OrderReference, shop.Name),
		After:  map[string]any{"amount": o.Amount, "currency": string(o.Currency), "mode": string(o.Mode), "payer": o.PayerReference},
	})
	if err != nil {
		return nil, err
	}
	return &Initialized{PaymentLink: l, RedirectURL: cfg.PageURL(l.Token)}, nil
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
