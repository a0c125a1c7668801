package updater

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/guichet/guichet/internal/updater/decision"
)

// SandboxCards are the sandbox's test cards: the last four digits of a
// stored card (which the sandbox processor's tokens carry) decide the
// answer and how long it takes. Any other card answers NO_MATCH at once.
// Each row gives a Visa, a Mastercard and an American Express number that
// pass the Luhn check, for createBillingProfile or the payment page.
var SandboxCards = []struct {
	Last4                  string
	Decision               decision.Code
	Delay                  time.Duration
	Visa, Mastercard, Amex string
}{
	{"0101", decision.NewAccountNumber, 0, "4000000000000101", "5555555555570101", "370000000000101"},
	{"0202", decision.NewExpiryDate, 0, "4000000000080202", "5555555555550202", "370000000080202"},
	{"0303", decision.AccountClosed, 0, "4000000000060303", "5555555555530303", "370000000060303"},
	{"0404", decision.ContactCardholder, 0, "4000000000040404", "5555555555510404", "370000000040404"},
	{"0505", decision.NoMatch, 0, "4000000000020505", "5555555555590505", "370000000020505"},
	{"0606", decision.NonParticipating, 0, "4000000000000606", "5555555555570606", "370000000000606"},
	{"0707", decision.NewExpiryDate, 3 * day, "4000000000080707", "5555555555550707", "370000000080707"},
	{"0808", decision.AccountClosed, 3 * day, "4000000000060808", "5555555555530808", "370000000060808"},
	{"0909", decision.NewAccountNumber, 2 * day, "4000000000040909", "5555555555510909", "370000000040909"},
}

const day = 24 * time.Hour

// replacementLast4 is the last four digits of the card the sandbox's
// issuers replace a card with: an approved test card of the same brand.
var replacementLast4 = map[string]string{"VISA": "4242", "MASTERCARD": "4444", "AMEX": "0005"}

// Sandbox is a card-updater service that behaves like a scheme's test
// environment: it answers each test card deterministically with the
// scheme's decision code, part of a batch only days later, by the clock
// Now (time.Now when nil). Answers depend only on the batch's submission
// time and its inquiries, so that a restarted server collects them again.
type Sandbox struct {
	Now func() time.Time

	mu      sync.Mutex
	batches map[string]string // batch ID → reference
	queried map[string]int    // token → batches that asked about it
}

var _ CardUpdater = (*Sandbox)(nil)

// Submit implements CardUpdater.
func (s *Sandbox) Submit(_ context.Context, b Batch) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.batches == nil {
		s.batches, s.queried = map[string]string{}, map[string]int{}
	}
	if ref, ok := s.batches[b.ID]; ok {
		return ref, nil
	}
	sum := sha256.Sum256([]byte(b.ID))
	ref := fmt.Sprintf("sbxau_%d_%s", s.now().Unix(), hex.EncodeToString(sum[:6]))
	s.batches[b.ID] = ref
	for _, q := range b.Inquiries {
		s.queried[q.Token]++
	}
	return ref, nil
}

// Collect implements CardUpdater.
func (s *Sandbox) Collect(_ context.Context, b Submitted) ([]Response, error) {
	at, err := submittedAt(b.Ref)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out []Response
	for _, q := range b.Pending {
		code, delay := sandboxAnswer(q.Last4)
		if now.Before(at.Add(delay)) {
			continue
		}
		r := Response{InquiryID: q.ID, Decision: code, SchemeCode: code.SchemeCode(q.Brand)}
		if code.UpdatesCard() {
			r.Last4, r.ExpiryMonth, r.ExpiryYear = q.Last4, q.ExpiryMonth, q.ExpiryYear+3
			if code == decision.NewAccountNumber {
				r.Last4 = replacementLast4[q.Brand]
			}
			// The same answer every time it is collected.
			sum := sha256.Sum256([]byte(b.ID + "\x00" + q.ID))
			r.Token = "sbxtok_" + r.Last4 + "_" + hex.EncodeToString(sum[:12])
		}
		out = append(out, r)
	}
	return out, nil
}

// Queried is how many batches asked about the card of token: a test's
// check that no card is queried twice.
func (s *Sandbox) Queried(token string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queried[token]
}

func (s *Sandbox) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func sandboxAnswer(last4 string) (decision.Code, time.Duration) {
	for _, c := range SandboxCards {
		if c.Last4 == last4 {
			return c.Decision, c.Delay
		}
	}
	return decision.NoMatch, 0
}

// submittedAt reads the submission time a sandbox reference carries.
func submittedAt(ref string) (time.Time, error) {
	parts := strings.Split(ref, "_")
	if len(parts) != 3 || parts[0] != "sbxau" {
		return time.Time{}, fmt.Errorf("sandbox card updater: unknown batch %q", ref)
	}
	sec, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("sandbox card updater: unknown batch %q", ref)
	}
	return time.Unix(sec, 0), nil
}
