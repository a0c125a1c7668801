package seed

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/emailmessage"
	"github.com/guichet/guichet/ent/paymentlink"
	"github.com/guichet/guichet/internal/i18n"
	"github.com/guichet/guichet/internal/payments"
	"github.com/guichet/guichet/internal/viewer"
)

// DefaultPublicURL is where `make run` serves Guichet: the demo's e-mails
// send buyers there unless Options.PublicURL says otherwise.
const DefaultPublicURL = "http://localhost:8080"

// demoLink is one payment link of the demo and what became of it.
type demoLink struct {
	daysAgo    int
	mode       paymentlink.Mode
	amount     int64
	reference  string
	payer      bool // carries the merchant's first payer's reference
	first      string
	last       string
	recipients []string
	language   i18n.Language
	validity   int
	// outcomes, per recipient: "" (sent), "opened", "card", "twint" (paid
	// the next day), "cancel" (cancelled an hour later).
	outcomes []string
}

var demoLinks = []demoLink{
	{daysAgo: 6, mode: paymentlink.ModePRODUCTION, amount: 45000, reference: "Acompte", first: "", last: "",
		recipients: []string{"camille.martin", "hugo.dubois", "sofia.rossi"}, language: i18n.FR, validity: 14,
		outcomes: []string{"card", "opened", ""}},
	{daysAgo: 3, mode: paymentlink.ModePRODUCTION, amount: 128050, reference: "Facture", payer: true, first: "Léa", last: "Moreau",
		recipients: []string{"lea.moreau"}, language: i18n.FR, validity: 7, outcomes: []string{"twint"}},
	{daysAgo: 2, mode: paymentlink.ModeTEST, amount: 1000, reference: "Essai", first: "Yuki", last: "Tanaka",
		recipients: []string{"yuki.tanaka"}, language: i18n.EN, validity: 7, outcomes: []string{"cancel"}},
	{daysAgo: 1, mode: paymentlink.ModePRODUCTION, amount: 89900, reference: "Solde", first: "Luca", last: "Bianchi",
		recipients: []string{"luca.bianchi"}, language: i18n.IT, validity: 7, outcomes: []string{""}},
	{daysAgo: 20, mode: paymentlink.ModePRODUCTION, amount: 35000, reference: "Relance", first: "Jules", last: "Favre",
		recipients: []string{"jules.favre"}, language: i18n.FR, validity: 7, outcomes: []string{""}},
}

// demoPayments is how many of demoLinks' outcomes are payments.
var demoPayments = func() int {
	n := 0
	for _, d := range demoLinks {
		for _, o := range d.outcomes {
			if o == "card" || o == "twint" {
				n++
			}
		}
	}
	return n
}()

// seedLinks sends the demo's payment links through Guichet's own
// workflows, as the merchant's operator would have days ago, so that the
// list of links, the outbox and the journal show each state: paid by card
// or TWINT, opened, sent, cancelled, expired. Their e-mails are recorded
// as delivered a minute after each link was made.
func seedLinks(ctx context.Context, client *ent.Client, spec merchantSpec, m *Merchant, o Options) error {
	public, err := url.Parse(o.PublicURL)
	if err != nil || o.PublicURL == "" {
		public, _ = url.Parse(DefaultPublicURL)
	}
	payer, err := client.Payer.Get(ctx, m.Payers[0])
	if err != nil {
		return err
	}
	operator := viewer.NewContext(ctx, &viewer.Viewer{MerchantID: m.ID, Subject: "seed", Name: spec.operator, Role: viewer.RoleOperator})
	currency := spec.currencies[0].v
	for _, d := range demoLinks {
		at := o.Now.AddDate(0, 0, -d.daysAgo)
		cfg := payments.Config{PublicURL: public, Now: func() time.Time { return at }}
		in := payments.LinksInput{
			ShopID: m.Shops[0], Mode: d.mode, Amount: d.amount, Currency: currency,
			OrderReference: fmt.Sprintf("%s%s", d.reference, at.Format("0102")),
			FirstName:      d.first, LastName: d.last, Language: d.language, ValidityDays: &d.validity,
			Description: "Séjour", CopyToShopManager: true,
		}
		if d.payer {
			in.PayerReference = payer.Reference
		}
		for _, r := range d.recipients {
			in.Recipients = append(in.Recipients, r+"@"+spec.domain)
		}
		res, err := payments.CreateLinks(operator, client, cfg, in)
		if err != nil {
			return fmt.Errorf("demo link %s: %w", in.OrderReference, err)
		}
		for i, l := range res.Links {
			sent := at.Add(time.Minute)
			if err := client.EmailMessage.Update().Where(emailmessage.PaymentLinkID(l.ID)).
				SetStatus(emailmessage.StatusSENT).SetSentAt(sent).SetAttempts(1).SetRelay("demo").Exec(ctx); err != nil {
				return err
			}
			if err := client.PaymentLink.UpdateOne(l).SetStatus(paymentlink.StatusSENT).SetSentAt(sent).Exec(ctx); err != nil {
				return err
			}
			later := at.Add(26 * time.Hour)
			next := payments.Config{PublicURL: public, Now: func() time.Time { return later }}
			switch d.outcomes[i] {
			case "opened":
				_, err = payments.OpenPage(ctx, client, next, l.Token)
			case "card":
				_, err = payments.Pay(ctx, client, next, l.Token, payments.MethodCard, &payments.CardInput{
					Number: "4242 4242 4242 4242", ExpiryMonth: 12, ExpiryYear: o.Now.Year() + 2, SecurityCode: "123"})
			case "twint":
				_, err = payments.Pay(ctx, client, next, l.Token, payments.MethodTWINT, nil)
			case "cancel":
				hour := at.Add(time.Hour)
				_, err = payments.CancelLink(operator, client, payments.Config{PublicURL: public, Now: func() time.Time { return hour }}, l.ID)
			}
			if err != nil {
				return fmt.Errorf("demo link %s: %w", l.OrderReference, err)
			}
		}
	}
	_, err = payments.SweepExpired(ctx, client, o.Now)
	return err
}
