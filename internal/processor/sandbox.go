package processor

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"
)

// Sandbox test cards: any other number that passes the Luhn check is
// approved, one that does not is declined as invalid. Operations on a
// payment made with a card ending like a failing card fail the same way,
// so that captures and refunds can be made to fail too.
var SandboxCards = []struct {
	Number, Brand, Outcome string
}{
	{"4242424242424242", "VISA", "approved"},
	{"5555555555554444", "MASTERCARD", "approved"},
	{"378282246310005", "AMEX", "approved"},
	{"4000000000009995", "VISA", "INSUFFICIENT_FUNDS"},
	{"4000000000003220", "VISA", "THREE_DS_FAILED"},
	{"4000000000000069", "VISA", "EXPIRED_CARD"},
	{"4000000000000259", "VISA", "SUSPECTED_FRAUD"},
	{"4000000000000119", "VISA", "PROCESSOR_ERROR"},
	{"4000000000000127", "VISA", "TIMEOUT"},
}

var declineReasons = map[string]string{
	"INSUFFICIENT_FUNDS": "Fonds insuffisants",
	"THREE_DS_FAILED":    "Échec de l'authentification 3-D Secure",
	"EXPIRED_CARD":       "Carte expirée",
	"SUSPECTED_FRAUD":    "Suspicion de fraude",
	"INVALID_CARD":       "Numéro de carte invalide",
}

// Sandbox is a processor that behaves like an acquirer's test mode: test
// card numbers decide the outcome, nothing leaves the machine.
type Sandbox struct {
	// Now is the clock used for card expiry; nil means time.Now.
	Now func() time.Time
}

var _ Processor = Sandbox{}

// outcomeByLast4 maps the last four digits of the failing test cards to
// their outcome.
var outcomeByLast4 = func() map[string]string {
	m := map[string]string{}
	for _, c := range SandboxCards {
		if c.Outcome != "approved" {
			m[Last4(c.Number)] = c.Outcome
		}
	}
	return m
}()

// Authorize implements Processor.
func (s Sandbox) Authorize(ctx context.Context, req AuthorizeRequest) (*Authorization, error) {
	var last4, brand string
	switch {
	case req.Card != nil:
		if !Luhn(req.Card.Number) {
			return nil, decline("INVALID_CARD")
		}
		if s.expired(req.Card.ExpMonth, req.Card.ExpYear) {
			return nil, decline("EXPIRED_CARD")
		}
		last4, brand = Last4(req.Card.Number), Brand(req.Card.Number)
	case req.Wallet != "":
		// The sandbox's wallets always approve.
		return &Authorization{Reference: "sbx_" + randomHex(12), Brand: req.Wallet}, nil
	case len(req.Token) > len(tokenPrefix)+4 && req.Token[:len(tokenPrefix)] == tokenPrefix:
		last4, brand = req.Token[len(tokenPrefix):len(tokenPrefix)+4], "VISA"
	default:
		return nil, decline("INVALID_CARD")
	}
	if err := fail(last4); err != nil {
		return nil, err
	}
	a := &Authorization{Reference: "sbx_" + randomHex(12), Brand: brand, Last4: last4}
	if req.Store {
		a.Token = tokenPrefix + last4 + "_" + randomHex(12)
	}
	return a, nil
}

// tokenPrefix starts sandbox card tokens; the last four digits follow so
// that a stored test card keeps its outcome.
const tokenPrefix = "sbxtok_"

// Capture implements Processor.
func (Sandbox) Capture(_ context.Context, op Operation) (*Result, error) { return operate(op) }

// Refund implements Processor.
func (Sandbox) Refund(_ context.Context, op Operation) (*Result, error) { return operate(op) }

// Cancel implements Processor.
func (Sandbox) Cancel(_ context.Context, op Operation) (*Result, error) { return operate(op) }

func operate(op Operation) (*Result, error) {
	switch outcomeByLast4[op.Last4] {
	case "PROCESSOR_ERROR":
		return nil, ErrUnavailable
	case "TIMEOUT":
		return nil, ErrTimeout
	}
	return &Result{Reference: "sbx_op_" + randomHex(12)}, nil
}

func fail(last4 string) error {
	switch o := outcomeByLast4[last4]; o {
	case "":
		return nil
	case "PROCESSOR_ERROR":
		return ErrUnavailable
	case "TIMEOUT":
		return ErrTimeout
	default:
		return decline(o)
	}
}

func decline(code string) *Declined { return &Declined{Code: code, Reason: declineReasons[code]} }

func (s Sandbox) expired(month, year int) bool {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	if month < 1 || month > 12 {
		return true
	}
	t := now()
	return year < t.Year() || (year == t.Year() && month < int(t.Month()))
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
