package payments

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/idempotencykey"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/money"
	"github.com/guichet/guichet/internal/processor"
)

// CardInput is card data keyed in by a buyer or an agent. It prints
// redacted: only its last four digits.
type CardInput struct {
	Number       string
	ExpiryMonth  int
	ExpiryYear   int
	SecurityCode string
	Holder       string
}

// String shows only the last four digits.
func (c CardInput) String() string { return "card ending " + processor.Last4(c.Number) }

// GoString is String, for %#v.
func (c CardInput) GoString() string { return c.String() }

// MarshalJSON writes the redacted form: card data never reaches a log
// through JSON either.
func (c CardInput) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf("%q", c.String())), nil }

// card checks c and returns it for the processor. field prefixes the
// names of the offending fields ("input.card").
func (c CardInput) card(field string, now time.Time) (*processor.Card, error) {
	number := strings.NewReplacer(" ", "", "-", "").Replace(c.Number)
	switch {
	case !digitsOnly(number) || len(number) < 12 || len(number) > 19:
		return nil, apperr.InvalidField(field+".number", "a card number has 12 to 19 digits")
	case !processor.Luhn(number):
		return nil, apperr.InvalidField(field+".number", "this card number is mistyped (its check digit is wrong)")
	case processor.Brand(number) == "":
		return nil, apperr.InvalidField(field+".number", "only Visa, Mastercard and American Express cards are accepted")
	case c.ExpiryMonth < 1 || c.ExpiryMonth > 12:
		return nil, apperr.InvalidField(field+".expiryMonth", "the expiry month is from 1 to 12")
	case c.ExpiryYear < 2000 || c.ExpiryYear > 2200:
		return nil, apperr.InvalidField(field+".expiryYear", "the expiry year has four digits, such as %d", now.Year()+2)
	case c.ExpiryYear < now.Year() || (c.ExpiryYear == now.Year() && c.ExpiryMonth < int(now.Month())):
		return nil, apperr.InvalidField(field+".expiryYear", "this card has expired")
	}
	cvcLen := 3
	if processor.Brand(number) == "AMEX" {
		cvcLen = 4
	}
	if len(c.SecurityCode) != cvcLen || !digitsOnly(c.SecurityCode) {
		return nil, apperr.InvalidField(field+".securityCode", "the security code has %d digits", cvcLen)
	}
	if err := checkLen(field+".holder", c.Holder, 100); err != nil {
		return nil, err
	}
	return &processor.Card{Number: number, ExpMonth: c.ExpiryMonth, ExpYear: c.ExpiryYear, CVC: c.SecurityCode}, nil
}

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// chargeRequest is one payment to take and record.
type chargeRequest struct {
	MerchantID, ShopID int
	Mode               transaction.Mode
	Amount             int64
	Currency           money.Currency
	Channel            transaction.Channel
	OrderReference     string
	Description        string
	Reconciliation     string
	PayerReference     string
	PayerEmail         string
	PayerName          string
	// Card, Token or Wallet.
	Card   *processor.Card
	Token  string
	Wallet transaction.PaymentMethod
	// TokenBrand and TokenLast4 are what a billing profile says of Token.
	TokenBrand, TokenLast4 string
	// Capture makes a sale: authorize, then capture at once.
	Capture bool
	Now     time.Time
}

// charge asks the processor for the payment and records the transaction,
// approved or not: a refusal is a FAILED transaction in the journal, not
// an error.
func charge(ctx context.Context, client *ent.Client, p processor.Processor, req chargeRequest) (*ent.Transaction, error) {
	payerID, err := ensurePayer(ctx, client, req.MerchantID, req.PayerReference, req.PayerEmail, req.PayerName)
	if err != nil {
		return nil, err
	}
	amount := money.Money{Amount: req.Amount, Currency: req.Currency}
	auth, err := p.Authorize(ctx, processor.AuthorizeRequest{
		Amount: amount, Card: req.Card, Token: req.Token, Wallet: string(req.Wallet), Reference: req.OrderReference,
	})
	create := client.Transaction.Create().
		SetMerchantID(req.MerchantID).
		SetShopID(req.ShopID).
		SetMode(req.Mode).
		SetAmount(req.Amount).
		SetCurrency(req.Currency).
		SetChannel(req.Channel).
		SetOrderReference(req.OrderReference).
		SetDescription(req.Description).
		SetReconciliation(req.Reconciliation).
		SetCreatedAt(req.Now).
		SetUpdatedAt(req.Now)
	if payerID != 0 {
		create.SetPayerID(payerID)
	}
	brand, last4 := req.TokenBrand, req.TokenLast4
	switch {
	case req.Wallet != "":
		brand = string(req.Wallet)
	case req.Card != nil:
		brand, last4 = processor.Brand(req.Card.Number), processor.Last4(req.Card.Number)
	}
	if auth != nil {
		if auth.Brand != "" {
			brand = auth.Brand
		}
		if auth.Last4 != "" {
			last4 = auth.Last4
		}
	}
	if brand == "" {
		brand = "VISA" // the sandbox's stored cards are Visa cards
	}
	create.SetPaymentMethod(transaction.PaymentMethod(brand))
	if last4 != "" {
		create.SetCardLast4(last4)
	}
	if err != nil {
		code, reason, known := failure(err)
		if !known {
			return nil, fmt.Errorf("authorize: %w", err)
		}
		return create.SetStatus(transaction.StatusFAILED).SetFailureCode(code).SetFailureReason(reason).Save(ctx)
	}
	create.SetProcessorReference(auth.Reference).SetAuthorizedAt(req.Now).SetStatus(transaction.StatusAUTHORIZED)
	if req.Capture {
		// A capture refused right after its authorization leaves the
		// payment authorized, for a manager to capture or cancel.
		if _, err := p.Capture(ctx, processor.Operation{Reference: auth.Reference, Last4: last4, Amount: amount}); err == nil {
			create.SetStatus(transaction.StatusCAPTURED).SetCapturedAmount(req.Amount).SetCapturedAt(req.Now)
		}
	}
	return create.Save(ctx)
}

// failure maps a processor's refusal to a transaction's failure.
func failure(err error) (transaction.FailureCode, string, bool) {
	var declined *processor.Declined
	switch {
	case errors.As(err, &declined):
		code := transaction.FailureCode(declined.Code)
		if transaction.FailureCodeValidator(code) != nil {
			code = transaction.FailureCodeDO_NOT_HONOR
		}
		return code, declined.Reason, true
	case errors.Is(err, processor.ErrTimeout):
		return transaction.FailureCodeTIMEOUT, err.Error(), true
	case errors.Is(err, processor.ErrUnavailable):
		return transaction.FailureCodePROCESSOR_ERROR, err.Error(), true
	}
	return "", "", false
}

// claimKey claims an idempotency key for a request whose hash is hash. It
// returns nil when there is no key or the key is new, and the earlier
// request's record when the key was used before for the same request. A
// concurrent request with the key waits on the unique index until the
// first commits, then finds it.
//
// Errors: BAD_USER_INPUT for a malformed key; CONFLICT when the key was
// used for another request.
func claimKey(ctx context.Context, client *ent.Client, merchantID int, key string, op idempotencykey.Operation, hash string) (*ent.IdempotencyKey, *ent.IdempotencyKey, error) {
	if key == "" {
		return nil, nil, nil
	}
	if len(key) > 255 {
		return nil, nil, apperr.InvalidField("input.idempotencyKey", "at most 255 characters")
	}
	err := client.IdempotencyKey.Create().
		SetMerchantID(merchantID).
		SetKey(key).
		SetOperation(op).
		SetRequestHash(hash).
		OnConflictColumns(idempotencykey.FieldMerchantID, idempotencykey.FieldKey).
		DoNothing().
		Exec(ctx)
	fresh := err == nil
	if err != nil && !ent.IsNotFound(err) && !errors.Is(err, sql.ErrNoRows) {
		return nil, nil, err
	}
	k, err := client.IdempotencyKey.Query().
		Where(idempotencykey.MerchantID(merchantID), idempotencykey.Key(key)).
		Only(ctx)
	if err != nil {
		return nil, nil, err
	}
	if fresh {
		return k, nil, nil
	}
	if k.Operation != op || k.RequestHash != hash {
		return nil, nil, &apperr.Error{Code: apperr.Conflict, Field: "input.idempotencyKey", Message: "this idempotency key was used for another request"}
	}
	return nil, k, nil
}

// requestHash sums what a request asks for; card numbers and codes are
// left out by the callers.
func requestHash(parts ...any) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%v\x00", p)
	}
	return hex.EncodeToString(h.Sum(nil))
}
