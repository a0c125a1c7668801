// Package processor talks to the acquirer that moves the money. Guichet
// ships a sandbox that behaves like an acquirer's test mode; a real
// acquirer's client implements the same interface.
package processor

import (
	"context"
	"errors"
	"fmt"

	"github.com/guichet/guichet/internal/money"
)

// Processor authorizes card payments and captures, refunds or cancels
// them. Every method returns a *Declined error when the acquirer refuses,
// ErrTimeout when it did not answer in time, and ErrUnavailable when it
// failed.
type Processor interface {
	Authorize(ctx context.Context, req AuthorizeRequest) (*Authorization, error)
	Capture(ctx context.Context, op Operation) (*Result, error)
	Refund(ctx context.Context, op Operation) (*Result, error)
	Cancel(ctx context.Context, op Operation) (*Result, error)
}

// Card is card data as keyed in by a buyer or an agent. It only ever
// passes through to the processor: it is never stored, and it prints
// redacted so that it cannot end up in a log.
type Card struct {
	Number   string
	ExpMonth int
	ExpYear  int
	CVC      string
}

// String shows only the last four digits.
func (c Card) String() string { return "card ending " + Last4(c.Number) }

// GoString is String, for %#v.
func (c Card) GoString() string { return c.String() }

// AuthorizeRequest asks to reserve an amount on a card or a stored card's
// token.
type AuthorizeRequest struct {
	Amount money.Money
	// Card, Token or Wallet: one of them.
	Card  *Card
	Token string
	// Wallet is a wallet payment method the buyer approved in its app
	// (TWINT, ALIPAY_PLUS).
	Wallet string
	// Reference is the merchant's order reference, shown to the acquirer.
	Reference string
	// Store asks for a reusable token of the card.
	Store bool
}

// Authorization is an approved authorization.
type Authorization struct {
	// Reference is the acquirer's reference of the payment.
	Reference string
	// Token stands for the card in later payments, when asked for.
	Token string
	Brand string
	Last4 string
}

// Operation is a capture, refund or cancellation of an authorized payment.
type Operation struct {
	// Reference is the acquirer's reference of the payment.
	Reference string
	// Last4 identifies the card in the sandbox.
	Last4  string
	Amount money.Money
}

// Result is an operation the acquirer accepted.
type Result struct {
	Reference string
}

// Declined is a refusal by the acquirer or the card's issuer.
type Declined struct {
	// Code is one of the transaction failure codes (INSUFFICIENT_FUNDS, ...).
	Code   string
	Reason string
}

func (d *Declined) Error() string { return fmt.Sprintf("declined: %s (%s)", d.Reason, d.Code) }

var (
	// ErrTimeout means the acquirer did not answer in time.
	ErrTimeout = errors.New("the payment processor did not answer in time")
	// ErrUnavailable means the acquirer failed to process the request.
	ErrUnavailable = errors.New("the payment processor failed")
)

// Last4 returns the last four digits of a card number.
func Last4(number string) string {
	digits := onlyDigits(number)
	if len(digits) < 4 {
		return digits
	}
	return digits[len(digits)-4:]
}

// Luhn reports whether a card number passes the Luhn check.
func Luhn(number string) bool {
	digits := onlyDigits(number)
	if len(digits) < 12 || len(digits) > 19 || len(digits) != len(stripSpaces(number)) {
		return false
	}
	sum := 0
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if (len(digits)-1-i)%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// Brand tells the card brand from the number's prefix: VISA, MASTERCARD
// or AMEX, or "" for another.
func Brand(number string) string {
	d := onlyDigits(number)
	switch {
	case len(d) >= 2 && (d[:2] == "34" || d[:2] == "37"):
		return "AMEX"
	case len(d) >= 1 && d[0] == '4':
		return "VISA"
	case len(d) >= 2 && d[0] == '5' && d[1] >= '1' && d[1] <= '5',
		len(d) >= 4 && d[:4] >= "2221" && d[:4] <= "2720":
		return "MASTERCARD"
	}
	return ""
}

func onlyDigits(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			out = append(out, s[i])
		}
	}
	return string(out)
}

func stripSpaces(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '-' {
			out = append(out, s[i])
		}
	}
	return string(out)
}
