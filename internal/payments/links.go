package payments

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/auditevent"
	"github.com/guichet/guichet/ent/emailmessage"
	"github.com/guichet/guichet/ent/paymentlink"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/audit"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/i18n"
	"github.com/guichet/guichet/internal/mail"
	"github.com/guichet/guichet/internal/money"
	"github.com/guichet/guichet/internal/viewer"
)

// LinksInput asks for payment links, one per recipient.
type LinksInput struct {
	ShopID            int
	Mode              paymentlink.Mode
	Amount            int64
	Currency          money.Currency
	OrderReference    string
	PayerReference    string
	FirstName         string
	LastName          string
	Recipients        []string
	Language          i18n.Language // the shop's default when empty
	Description       string
	ExpiresAt         *time.Time
	ValidityDays      *int
	Reconciliation    string
	CopyToShopManager bool
	CopyToMe          bool
	CopyTo            string
	// Subject and Message replace the shop's template when not empty.
	Subject string
	Message string
}

// LinksResult is the links of one call, in the order of the recipients.
type LinksResult struct {
	Links []*ent.PaymentLink
	Batch string
}

// bulkRows keeps a bulk insert under SQLite's 32,766 bound parameters.
const bulkRows = 500

// CreateLinks creates one payment link per recipient and queues their
// e-mails, through client, the client of the caller's database
// transaction: when anything is wrong nothing is created.
//
// Errors: NOT_FOUND (input.shopId); BAD_USER_INPUT naming the field, one
// per bad recipient (input.recipients[i]), or input.shopId when the
// shop's redirect pages or sender settings are missing.
func CreateLinks(ctx context.Context, client *ent.Client, cfg Config, in LinksInput) (*LinksResult, error) {
	v := viewer.FromContext(ctx)
	shop, err := client.Shop.Get(ctx, in.ShopID)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "input.shopId", Message: "no such shop"}
	} else if err != nil {
		return nil, err
	}
	if missing := MissingLinkSettings(shop); len(missing) > 0 {
		return nil, apperr.InvalidField("input.shopId", "%s cannot send payment links by e-mail until its settings name %s", shop.Name, strings.Join(missing, ", "))
	}
	recipients, err := ParseRecipients("input.recipients", in.Recipients)
	if err != nil {
		return nil, err
	}
	in.OrderReference = strings.TrimSpace(in.OrderReference)
	now := cfg.now()
	expires, err := expiry(now, shop, in.ExpiresAt, in.ValidityDays)
	if err != nil {
		return nil, err
	}
	if in.Language == "" {
		in.Language = shop.DefaultLanguage
	}
	err = firstError(
		checkAmount("input.amount", in.Amount),
		CheckReference("input.orderReference", in.OrderReference, shop.OrderReferenceRequired, len(recipients)),
		checkLen("input.payerReference", in.PayerReference, 128),
		checkLen("input.firstName", in.FirstName, 100),
		checkLen("input.lastName", in.LastName, 100),
		checkLen("input.description", in.Description, 1000),
		checkLen("input.reconciliation", in.Reconciliation, 255),
		checkLen("input.subject", in.Subject, 200),
		checkLen("input.message", in.Message, 10000),
		mail.CheckTemplate("input.subject", in.Subject),
		mail.CheckTemplate("input.message", in.Message),
	)
	if err != nil {
		return nil, err
	}
	bcc, err := copies(v, shop, in)
	if err != nil {
		return nil, err
	}
	subject, body := linkText(shop, in.Language, in.Subject, in.Message)

	batch := newBatch()
	links := make([]*ent.PaymentLink, 0, len(recipients))
	for start := 0; start < len(recipients); start += bulkRows {
		part := recipients[start:min(len(recipients), start+bulkRows)]
		creates := make([]*ent.PaymentLinkCreate, len(part))
		for j, to := range part {
			creates[j] = client.PaymentLink.Create().
				SetMerchantID(shop.MerchantID).
				SetShopID(shop.ID).
				SetToken(newToken()).
				SetKind(paymentlink.KindEMAIL).
				SetMode(in.Mode).
				SetAmount(in.Amount).
				SetCurrency(in.Currency).
				SetOrderReference(reference(in.OrderReference, start+j+1, len(recipients))).
				SetPayerReference(in.PayerReference).
				SetBuyerFirstName(in.FirstName).
				SetBuyerLastName(in.LastName).
				SetRecipientEmail(to).
				SetDescription(in.Description).
				SetLanguage(in.Language).
				SetReconciliation(in.Reconciliation).
				SetSubject(in.Subject).
				SetMessage(in.Message).
				SetBatch(batch).
				SetCreatedBy(v.Name).
				SetCreatedAt(now).
				SetUpdatedAt(now).
				SetExpiresAt(expires)
		}
		made, err := client.PaymentLink.CreateBulk(creates...).Save(ctx)
		if err != nil {
			return nil, err
		}
		links = append(links, made...)
	}
	msgs := make([]mail.Outgoing, len(links))
	for i, l := range links {
		msgs[i] = linkEmail(cfg, shop, l, subject, body, bcc)
	}
	if _, err := mail.Queue(ctx, client, msgs...); err != nil {
		return nil, err
	}
	err = audit.Record(ctx, client, audit.Event{
		Action: auditevent.ActionPAYMENT_LINKS_CREATED,
		Target: targetOf(in.OrderReference, shop.Name),
		After: map[string]any{
			"batch": batch, "links": len(links), "shop": shop.Name, "mode": string(in.Mode),
			"amount": in.Amount, "currency": string(in.Currency), "expiresAt": expires.Format(time.RFC3339),
		},
	})
	if err != nil {
		return nil, err
	}
	return &LinksResult{Links: links, Batch: batch}, nil
}

// MissingLinkSettings names the shop settings that must be filled in
// before it sends payment links by e-mail: the redirect pages and the
// sender.
func MissingLinkSettings(s *ent.Shop) []string {
	var out []string
	for _, f := range []struct{ name, value string }{
		{"successURL", s.SuccessURL}, {"failureURL", s.FailureURL}, {"cancelURL", s.CancelURL},
		{"senderName", s.SenderName}, {"managerEmail", s.ManagerEmail},
	} {
		if strings.TrimSpace(f.value) == "" {
			out = append(out, f.name)
		}
	}
	return out
}

// linkEmail is the e-mail of link l.
func linkEmail(cfg Config, shop *ent.Shop, l *ent.PaymentLink, subject, body string, bcc []string) mail.Outgoing {
	r := mail.RenderLink(message(cfg, shop, l), subject, body)
	var blind []string
	for _, b := range bcc {
		if !strings.EqualFold(b, l.RecipientEmail) {
			blind = append(blind, b)
		}
	}
	return mail.Outgoing{
		MerchantID:    l.MerchantID,
		PaymentLinkID: l.ID,
		Kind:          emailmessage.KindPAYMENT_LINK,
		FromName:      shop.SenderName,
		ReplyTo:       shop.ManagerEmail,
		To:            l.RecipientEmail,
		Bcc:           blind,
		Language:      l.Language,
		Rendered:      r,
	}
}

// message is what e-mails about link l tell.
func message(cfg Config, shop *ent.Shop, l *ent.PaymentLink) mail.Message {
	return mail.Message{
		Language:    l.Language,
		FirstName:   l.BuyerFirstName,
		LastName:    l.BuyerLastName,
		Amount:      l.Amount,
		Currency:    l.Currency,
		Reference:   l.OrderReference,
		Description: l.Description,
		URL:         cfg.PageURL(l.Token),
		ExpiresAt:   l.ExpiresAt,
		Shop:        senderName(shop),
		LogoURL:     shop.LogoURL,
		AccentColor: shop.AccentColor,
	}
}

// linkText is the subject and body of a link's e-mail: the custom ones
// given with the link, else the shop's template for its language.
func linkText(shop *ent.Shop, lang i18n.Language, subject, message string) (string, string) {
	tmpl := mail.LinkTemplate(shop.EmailTemplates, lang)
	if subject == "" {
		subject = tmpl.Subject
	}
	if message == "" {
		message = tmpl.Body
	}
	return subject, message
}

func senderName(s *ent.Shop) string {
	if s.SenderName != "" {
		return s.SenderName
	}
	return s.Name
}

// copies are the blind copies of each link's e-mail.
func copies(v *viewer.Viewer, shop *ent.Shop, in LinksInput) ([]string, error) {
	var out []string
	add := func(addr string) {
		if !slices.ContainsFunc(out, func(a string) bool { return strings.EqualFold(a, addr) }) {
			out = append(out, addr)
		}
	}
	if in.CopyToShopManager {
		add(shop.ManagerEmail)
	}
	if in.CopyToMe {
		if v.Email == "" {
			return nil, apperr.InvalidField("input.copyToMe", "your identity carries no e-mail address to send a copy to")
		}
		add(v.Email)
	}
	if in.CopyTo = strings.TrimSpace(in.CopyTo); in.CopyTo != "" {
		if err := CheckAddress("input.copyTo", in.CopyTo); err != nil {
			return nil, err
		}
		add(in.CopyTo)
	}
	return out, nil
}

// expiry is when links expire: at expiresAt, after validityDays, or after
// the shop's link validity.
func expiry(now time.Time, shop *ent.Shop, at *time.Time, days *int) (time.Time, error) {
	switch {
	case at != nil && days != nil:
		return time.Time{}, apperr.InvalidField("input.validityDays", "give expiresAt or validityDays, not both")
	case at != nil:
		t := at.UTC().Truncate(time.Microsecond)
		if !t.After(now) {
			return time.Time{}, apperr.InvalidField("input.expiresAt", "the expiry must be in the future")
		}
		if t.After(now.AddDate(0, 0, 365)) {
			return time.Time{}, apperr.InvalidField("input.expiresAt", "a link is valid for at most 365 days")
		}
		return t, nil
	case days != nil:
		if *days < 1 || *days > 365 {
			return time.Time{}, apperr.InvalidField("input.validityDays", "a link is valid from 1 to 365 days")
		}
		return now.AddDate(0, 0, *days), nil
	}
	return now.AddDate(0, 0, shop.LinkValidityDays), nil
}

func checkAmount(field string, amount int64) error {
	if amount <= 0 {
		return apperr.InvalidField(field, "the amount must be positive")
	}
	return nil
}

// reference is the order reference of the i-th of n links.
func reference(ref string, i, n int) string {
	if ref == "" || n == 1 {
		return ref
	}
	return ref + Suffix(i, n)
}

func targetOf(ref, fallback string) string {
	if ref != "" {
		return ref
	}
	return fallback
}

func newBatch() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// payable lists the states in which a link's page takes payment.
var payable = []paymentlink.Status{
	paymentlink.StatusCREATED, paymentlink.StatusSENT, paymentlink.StatusOPENED, paymentlink.StatusFAILED,
}

// Status is a link's status as of now: EXPIRED as soon as its expiry
// passes, before the sweep records it.
func Status(l *ent.PaymentLink, now time.Time) paymentlink.Status {
	if slices.Contains(payable, l.Status) && !now.Before(l.ExpiresAt) {
		return paymentlink.StatusEXPIRED
	}
	return l.Status
}

// lockLink reads link id for a change, locked until the end of the
// transaction.
func lockLink(ctx context.Context, client *ent.Client, id int) (*ent.PaymentLink, error) {
	l, err := client.PaymentLink.Query().Where(paymentlink.ID(id)).Modify(db.ForUpdate).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "id", Message: "no such payment link"}
	}
	return l, err
}

// CancelLink cancels a link that was not paid: its page stops taking
// payment, and its e-mails not yet sent are dropped.
//
// Errors: NOT_FOUND (id); CONFLICT when the link is paid, expired or
// already cancelled.
func CancelLink(ctx context.Context, client *ent.Client, cfg Config, id int) (*ent.PaymentLink, error) {
	l, err := lockLink(ctx, client, id)
	if err != nil {
		return nil, err
	}
	now := cfg.now()
	if st := Status(l, now); !slices.Contains(payable, st) {
		return nil, &apperr.Error{Code: apperr.Conflict, Field: "id", Message: fmt.Sprintf("cannot cancel a link that is %s", st)}
	}
	before := l.Status
	l, err = client.PaymentLink.UpdateOne(l).SetStatus(paymentlink.StatusCANCELED).SetCanceledAt(now).Save(ctx)
	if err != nil {
		return nil, err
	}
	err = client.EmailMessage.Update().
		Where(emailmessage.PaymentLinkID(l.ID), emailmessage.StatusEQ(emailmessage.StatusPENDING)).
		SetStatus(emailmessage.StatusCANCELED).
		Exec(ctx)
	if err != nil {
		return nil, err
	}
	return l, audit.Record(ctx, client, audit.Event{
		Action: auditevent.ActionPAYMENT_LINK_CANCELED,
		Target: targetOf(l.OrderReference, "payment link"),
		Before: map[string]any{"status": string(before)},
		After:  map[string]any{"status": string(l.Status), "batch": l.Batch},
	})
}

// ResendLink sends a link's e-mail to its recipient again.
//
// Errors: NOT_FOUND (id); CONFLICT when the link is paid, expired,
// cancelled, or was not sent by e-mail.
func ResendLink(ctx context.Context, client *ent.Client, cfg Config, id int) (*ent.PaymentLink, error) {
	l, err := lockLink(ctx, client, id)
	if err != nil {
		return nil, err
	}
	now := cfg.now()
	if st := Status(l, now); !slices.Contains(payable, st) || l.Kind != paymentlink.KindEMAIL {
		return nil, &apperr.Error{Code: apperr.Conflict, Field: "id", Message: fmt.Sprintf("cannot resend a %s link that is %s", l.Kind, st)}
	}
	shop, err := client.Shop.Get(ctx, l.ShopID)
	if err != nil {
		return nil, err
	}
	subject, body := linkText(shop, l.Language, l.Subject, l.Message)
	if _, err := mail.Queue(ctx, client, linkEmail(cfg, shop, l, subject, body, nil)); err != nil {
		return nil, err
	}
	if l.Status == paymentlink.StatusFAILED {
		if l, err = client.PaymentLink.UpdateOne(l).SetStatus(paymentlink.StatusCREATED).Save(ctx); err != nil {
			return nil, err
		}
	}
	return l, audit.Record(ctx, client, audit.Event{
		Action: auditevent.ActionPAYMENT_LINK_RESENT,
		Target: targetOf(l.OrderReference, "payment link"),
		After:  map[string]any{"batch": l.Batch},
	})
}

// SweepExpired records EXPIRED on the links whose expiry has passed, so
// that filters on the status find them; it returns how many it changed.
// It runs as Guichet, for every merchant.
func SweepExpired(ctx context.Context, client *ent.Client, now time.Time) (int, error) {
	return client.PaymentLink.Update().
		Where(paymentlink.StatusIn(payable...), paymentlink.ExpiresAtLTE(now)).
		SetStatus(paymentlink.StatusEXPIRED).
		Save(viewer.SystemContext(ctx))
}

// PreviewInput asks for the payment-link e-mail as it would be sent.
type PreviewInput struct {
	ShopID              int
	Language            i18n.Language
	Amount              int64
	Currency            money.Currency
	OrderReference      string
	FirstName, LastName string
	Description         string
	ExpiresAt           *time.Time
	Subject, Message    string
}

// Preview renders the e-mail a link made of in would get, with a sample
// link.
func Preview(ctx context.Context, client *ent.Client, cfg Config, in PreviewInput) (*mail.Rendered, error) {
	shop, err := client.Shop.Get(ctx, in.ShopID)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "input.shopId", Message: "no such shop"}
	} else if err != nil {
		return nil, err
	}
	if err := firstError(mail.CheckTemplate("input.subject", in.Subject), mail.CheckTemplate("input.message", in.Message)); err != nil {
		return nil, err
	}
	if in.Language == "" {
		in.Language = shop.DefaultLanguage
	}
	expires := cfg.now().AddDate(0, 0, shop.LinkValidityDays)
	if in.ExpiresAt != nil {
		expires = *in.ExpiresAt
	}
	subject, body := linkText(shop, in.Language, in.Subject, in.Message)
	l := &ent.PaymentLink{
		Language: in.Language, BuyerFirstName: in.FirstName, BuyerLastName: in.LastName,
		Amount: in.Amount, Currency: in.Currency, OrderReference: in.OrderReference,
		Description: in.Description, ExpiresAt: expires, Token: "exemple",
	}
	r := mail.RenderLink(message(cfg, shop, l), subject, body)
	return &r, nil
}
