package processor_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/money"
	"github.com/guichet/guichet/internal/processor"
)

var chf = money.Money{Amount: 10000, Currency: "CHF"}

// outcome names what the sandbox answered: "approved", a decline code,
// "TIMEOUT" or "PROCESSOR_ERROR".
func outcome(t *testing.T, err error) string {
	t.Helper()
	var declined *processor.Declined
	switch {
	case err == nil:
		return "approved"
	case errors.As(err, &declined):
		return declined.Code
	case errors.Is(err, processor.ErrTimeout):
		return "TIMEOUT"
	case errors.Is(err, processor.ErrUnavailable):
		return "PROCESSOR_ERROR"
	}
	t.Fatalf("unexpected error %v", err)
	return ""
}

func TestSandboxAuthorize(t *testing.T) {
	s := processor.Sandbox{Now: func() time.Time { return time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC) }}
	for _, c := range []struct {
		number      string
		month, year int
		want, brand string
	}{
		{"4242424242424242", 12, 2030, "approved", "VISA"},
		{"4242 4242 4242 4242", 11, 2026, "approved", "VISA"},
		{"5555555555554444", 1, 2027, "approved", "MASTERCARD"},
		{"378282246310005", 1, 2027, "approved", "AMEX"},
		{"4000000000009995", 12, 2030, "INSUFFICIENT_FUNDS", ""},
		{"4000000000003220", 12, 2030, "THREE_DS_FAILED", ""},
		{"4000000000000069", 12, 2030, "EXPIRED_CARD", ""},
		{"4000000000000259", 12, 2030, "SUSPECTED_FRAUD", ""},
		{"4000000000000119", 12, 2030, "PROCESSOR_ERROR", ""},
		{"4000000000000127", 12, 2030, "TIMEOUT", ""},
		{"4242424242424241", 12, 2030, "INVALID_CARD", ""},
		{"4242-4242-4242-424x", 12, 2030, "INVALID_CARD", ""},
		{"4242424242424242", 10, 2026, "EXPIRED_CARD", ""},
		{"4242424242424242", 13, 2030, "EXPIRED_CARD", ""},
	} {
		t.Run(fmt.Sprintf("%s %02d-%d", c.number, c.month, c.year), func(t *testing.T) {
			a, err := s.Authorize(t.Context(), processor.AuthorizeRequest{
				Amount: chf, Card: &processor.Card{Number: c.number, ExpMonth: c.month, ExpYear: c.year, CVC: "123"}, Store: true,
			})
			if got := outcome(t, err); got != c.want {
				t.Fatalf("got %s, want %s", got, c.want)
			}
			if err != nil {
				return
			}
			if a.Brand != c.brand || a.Last4 != processor.Last4(c.number) || !strings.HasPrefix(a.Reference, "sbx_") || a.Token == "" {
				t.Errorf("got %+v, want brand %s, last four digits and a reference and token", a, c.brand)
			}
			again, err := s.Authorize(t.Context(), processor.AuthorizeRequest{Amount: chf, Token: a.Token})
			if err != nil || again.Last4 != a.Last4 {
				t.Errorf("paying with the stored token: got %+v, %v", again, err)
			}
		})
	}
}

// TestSandboxOperations checks that captures, refunds and cancellations
// of a payment fail like its card: processor errors and timeouts only.
func TestSandboxOperations(t *testing.T) {
	s := processor.Sandbox{}
	ops := map[string]func(processor.Operation) (*processor.Result, error){
		"capture": func(op processor.Operation) (*processor.Result, error) { return s.Capture(t.Context(), op) },
		"refund":  func(op processor.Operation) (*processor.Result, error) { return s.Refund(t.Context(), op) },
		"cancel":  func(op processor.Operation) (*processor.Result, error) { return s.Cancel(t.Context(), op) },
	}
	for last4, want := range map[string]string{"4242": "approved", "9995": "approved", "0119": "PROCESSOR_ERROR", "0127": "TIMEOUT"} {
		for name, op := range ops {
			t.Run(name+" "+last4, func(t *testing.T) {
				res, err := op(processor.Operation{Reference: "sbx_x", Last4: last4, Amount: chf})
				if got := outcome(t, err); got != want {
					t.Fatalf("got %s, want %s", got, want)
				}
				if err == nil && res.Reference == "" {
					t.Error("an accepted operation has no reference")
				}
			})
		}
	}
}

// TestCardNeverPrinted checks that card data cannot end up in a log.
func TestCardNeverPrinted(t *testing.T) {
	c := processor.Card{Number: "4242424242424242", ExpMonth: 12, ExpYear: 2030, CVC: "987"}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		if got := fmt.Sprintf(format, c); strings.Contains(got, "424242424242") || strings.Contains(got, "987") {
			t.Errorf("%s: got %q", format, got)
		}
		if got := fmt.Sprintf(format, &c); strings.Contains(got, "424242424242") || strings.Contains(got, "987") {
			t.Errorf("%s of a pointer: got %q", format, got)
		}
	}
}
