package payments

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/auditevent"
	"github.com/guichet/guichet/ent/billingprofile"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/audit"
	"github.com/guichet/guichet/internal/processor"
	"github.com/guichet/guichet/internal/viewer"
)

// StoreCardInput asks to keep a payment's card in a billing profile of
// its payer once the payment goes through.
type StoreCardInput struct {
	// PaymentMethodRef is the merchant's ID for the card, unique per
	// merchant; generated when empty.
	PaymentMethodRef string
	// BillingRef is the merchant's billing ID; PaymentMethodRef when empty.
	BillingRef string
}

// ProfileInput stores a card without a payment.
type ProfileInput struct {
	PayerReference   string
	Card             CardInput
	PaymentMethodRef string
	BillingRef       string
}

// CreateProfile stores a card in a billing profile of a payer, who is
// created on first use: the processor verifies the card without moving
// money and gives its token. The card number and security code go to the
// processor only.
//
// Errors: BAD_USER_INPUT naming the field (input.card.number...,
// input.card when the issuer refuses it); CONFLICT (input.paymentMethodRef)
// for a payment method ID the merchant already uses.
func CreateProfile(ctx context.Context, client *ent.Client, cfg Config, in ProfileInput) (*ent.BillingProfile, error) {
	v := viewer.FromContext(ctx)
	now := cfg.now()
	in.PayerReference = strings.TrimSpace(in.PayerReference)
	if in.PayerReference == "" {
		return nil, apperr.InvalidField("input.payerReference", "a billing profile belongs to a payer: give the Payer ID")
	}
	if err := checkLen("input.payerReference", in.PayerReference, 128); err != nil {
		return nil, err
	}
	store, err := checkStore(ctx, client, v.MerchantID, "input", StoreCardInput{in.PaymentMethodRef, in.BillingRef})
	if err != nil {
		return nil, err
	}
	card, err := in.Card.card("input.card", now)
	if err != nil {
		return nil, err
	}
	auth, err := cfg.processor().Verify(ctx, *card)
	if err != nil {
		return nil, verifyError(err)
	}
	payerID, err := ensurePayer(ctx, client, v.MerchantID, in.PayerReference, "", in.Card.Holder)
	if err != nil {
		return nil, err
	}
	return storeProfile(ctx, client, stored{
		MerchantID: v.MerchantID, PayerID: payerID, Token: auth.Token, Brand: auth.Brand, Last4: auth.Last4,
		ExpiryMonth: card.ExpMonth, ExpiryYear: card.ExpYear, Store: store, Now: now,
	})
}

// verifyError tells why a card could not be verified.
func verifyError(err error) error {
	var declined *processor.Declined
	switch {
	case errors.As(err, &declined):
		return apperr.InvalidField("input.card", "the card was refused: %s", declined.Reason)
	case errors.Is(err, processor.ErrTimeout), errors.Is(err, processor.ErrUnavailable):
		return apperr.Errorf(apperr.Conflict, "the payment processor could not verify the card now (%v): try again", err)
	}
	return fmt.Errorf("verify: %w", err)
}

// checkStore checks a request to store a card and fills in the IDs left
// empty. field prefixes the names of the offending fields.
func checkStore(ctx context.Context, client *ent.Client, merchantID int, field string, in StoreCardInput) (StoreCardInput, error) {
	in.PaymentMethodRef = strings.TrimSpace(in.PaymentMethodRef)
	in.BillingRef = strings.TrimSpace(in.BillingRef)
	if in.PaymentMethodRef == "" {
		var b [10]byte
		_, _ = rand.Read(b[:])
		in.PaymentMethodRef = "PM-" + strings.ToUpper(hex.EncodeToString(b[:]))
	}
	if in.BillingRef == "" {
		in.BillingRef = in.PaymentMethodRef
	}
	if err := firstError(
		checkLen(field+".paymentMethodRef", in.PaymentMethodRef, 64),
		checkLen(field+".billingRef", in.BillingRef, 64),
	); err != nil {
		return in, err
	}
	taken, err := client.BillingProfile.Query().
		Where(billingprofile.MerchantID(merchantID), billingprofile.PaymentMethodRef(in.PaymentMethodRef)).
		Exist(viewer.SystemContext(ctx))
	if err != nil {
		return in, err
	}
	if taken {
		return in, refTaken(field, in.PaymentMethodRef)
	}
	return in, nil
}

func refTaken(field, ref string) error {
	return &apperr.Error{Code: apperr.Conflict, Field: field + ".paymentMethodRef",
		Message: fmt.Sprintf("the payment method ID %q is already used by another billing profile", ref)}
}

// stored is a card to keep in a billing profile.
type stored struct {
	MerchantID, PayerID     int
	TransactionID           int // the payment that stored it, or zero
	Token, Brand, Last4     string
	ExpiryMonth, ExpiryYear int
	Store                   StoreCardInput
	Now                     time.Time
}

// storeProfile creates the billing profile of s and audits it.
func storeProfile(ctx context.Context, client *ent.Client, s stored) (*ent.BillingProfile, error) {
	if s.Token == "" {
		return nil, fmt.Errorf("store card: the processor gave no token")
	}
	c := client.BillingProfile.Create().
		SetMerchantID(s.MerchantID).
		SetPayerID(s.PayerID).
		SetProcessorToken(s.Token).
		SetCardBrand(billingprofile.CardBrand(s.Brand)).
		SetCardLast4(s.Last4).
		SetExpiryMonth(s.ExpiryMonth).
		SetExpiryYear(s.ExpiryYear).
		SetPaymentMethodRef(s.Store.PaymentMethodRef).
		SetBillingRef(s.Store.BillingRef).
		SetCardUpdatedAt(s.Now).
		SetCreatedAt(s.Now).
		SetUpdatedAt(s.Now)
	if s.TransactionID != 0 {
		c.SetTransactionID(s.TransactionID)
	}
	bp, err := c.Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, refTaken("input.storeCard", s.Store.PaymentMethodRef)
	} else if err != nil {
		return nil, err
	}
	after := profileValues(bp)
	if s.TransactionID != 0 {
		after["transaction"] = s.TransactionID
	}
	return bp, audit.Record(ctx, client, audit.Event{
		MerchantID: bp.MerchantID, BillingProfileID: bp.ID, TransactionID: s.TransactionID,
		Action: auditevent.ActionBILLING_PROFILE_CREATED, Target: ProfileTarget(bp), After: after,
	})
}

// SetProfileStatus disables a billing profile, which can then no longer be
// charged, or enables it again; reason goes to the audit trail.
//
// Errors: NOT_FOUND (id); BAD_USER_INPUT (reason) over 300 characters.
func SetProfileStatus(ctx context.Context, client *ent.Client, cfg Config, id int, status billingprofile.Status, reason string) (*ent.BillingProfile, error) {
	reason = strings.TrimSpace(reason)
	if err := checkLen("reason", reason, 300); err != nil {
		return nil, err
	}
	bp, err := client.BillingProfile.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "id", Message: "no such billing profile"}
	} else if err != nil {
		return nil, err
	}
	if bp.Status == status {
		return bp, nil
	}
	before := profileValues(bp)
	u := client.BillingProfile.UpdateOne(bp).SetStatus(status).SetUpdatedAt(cfg.now())
	action := auditevent.ActionBILLING_PROFILE_ENABLED
	if status == billingprofile.StatusDISABLED {
		action = auditevent.ActionBILLING_PROFILE_DISABLED
		if reason == "" {
			reason = "disabled by " + viewer.FromContext(ctx).Name
		}
		u.SetDisabledAt(cfg.now()).SetDisabledReason(reason)
	}
	if bp, err = u.Save(ctx); err != nil {
		return nil, err
	}
	after := profileValues(bp)
	if reason != "" {
		after["reason"] = reason
	}
	return bp, audit.Record(ctx, client, audit.Event{
		MerchantID: bp.MerchantID, BillingProfileID: bp.ID, Action: action,
		Target: ProfileTarget(bp), Before: before, After: after,
	})
}

// chargeable refuses to charge a disabled profile, saying why.
func chargeable(bp *ent.BillingProfile, field string) error {
	if bp.Status == billingprofile.StatusACTIVE {
		return nil
	}
	why := ""
	if bp.DisabledReason != "" {
		why = " (" + bp.DisabledReason + ")"
	}
	since := ""
	if bp.DisabledAt != nil {
		since = " since " + bp.DisabledAt.UTC().Format(time.DateOnly)
	}
	return &apperr.Error{Code: apperr.Conflict, Field: field,
		Message: fmt.Sprintf("billing profile %s is disabled%s%s: it cannot be charged", bp.PaymentMethodRef, since, why)}
}

func profileValues(bp *ent.BillingProfile) map[string]any {
	return map[string]any{"cardBrand": string(bp.CardBrand), "cardLast4": bp.CardLast4, "expiryMonth": bp.ExpiryMonth,
		"expiryYear": bp.ExpiryYear, "status": string(bp.Status), "billingRef": bp.BillingRef}
}

// ProfileTarget names a billing profile in the audit trail.
func ProfileTarget(bp *ent.BillingProfile) string {
	return fmt.Sprintf("%s · %s •••• %s", bp.PaymentMethodRef, bp.CardBrand, bp.CardLast4)
}
