package updater

import (
	"context"
	"time"

	"github.com/guichet/guichet/internal/updater/decision"
)

// CardUpdater is a card-updater service, shaped like the schemes' batch
// services (Visa Account Updater, Mastercard Automatic Billing Updater, and
// the acquirers in front of them): a batch of inquiries goes in, and the
// answers come back in response files, some at once and others days later.
type CardUpdater interface {
	// Submit sends a batch and returns the service's reference for it.
	// Services know a batch by its ID, as they know a file by its name:
	// submitting the same ID again (a retry after a crash) returns the
	// first submission's reference and queries no card a second time.
	Submit(ctx context.Context, b Batch) (ref string, err error)
	// Collect returns the answers that have arrived for the batch's
	// inquiries still pending. Those not there yet come with a later call;
	// an answer already returned may come again until it is recorded.
	Collect(ctx context.Context, b Submitted) ([]Response, error)
}

// Inquiry asks about one stored card.
type Inquiry struct {
	// ID is ours, unique within the batch; the answer carries it.
	ID          string
	Token       string
	Brand       string
	Last4       string
	ExpiryMonth int
	ExpiryYear  int
}

// Batch is what Submit sends.
type Batch struct {
	// ID names the batch at the service, the same on every attempt.
	ID              string
	MerchantAccount string
	Inquiries       []Inquiry
}

// Submitted is a batch Submit accepted, with its inquiries still waiting
// for an answer.
type Submitted struct {
	ID          string
	Ref         string
	SubmittedAt time.Time
	Pending     []Inquiry
}

// Response is the answer to one inquiry.
type Response struct {
	InquiryID string
	// SchemeCode is the code as the scheme's response file writes it
	// (Visa A, Mastercard UPDATE...); Decision is what it means.
	SchemeCode string
	Decision   decision.Code
	// The new card data, with NEW_ACCOUNT_NUMBER and NEW_EXPIRY_DATE:
	// the processor's token for the card as it is now.
	Token       string
	Last4       string
	ExpiryMonth int
	ExpiryYear  int
}
