package payments

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/auditevent"
	"github.com/guichet/guichet/ent/schema/schematype"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/audit"
	"github.com/guichet/guichet/internal/i18n"
	"github.com/guichet/guichet/internal/mail"
)

// UpdateShop changes a shop's settings and its payment-link e-mails:
// templates replace the given languages' text, reset goes back to the
// built-in text. The change is audited with the settings before and after.
//
// Errors: NOT_FOUND (id); BAD_USER_INPUT naming the field
// (input.successURL, emailTemplates[1].body for an unknown placeholder...).
func UpdateShop(ctx context.Context, client *ent.Client, id int, in ent.UpdateShopInput, templates []*mail.Template, reset []i18n.Language) (*ent.Shop, error) {
	s, err := client.Shop.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "id", Message: "no such shop"}
	} else if err != nil {
		return nil, err
	}
	before := shopSettings(s)
	custom := maps.Clone(s.EmailTemplates)
	if custom == nil {
		custom = map[string]schematype.EmailTemplate{}
	}
	for _, l := range reset {
		delete(custom, string(l))
	}
	for i, t := range templates {
		field := func(name string) string { return fmt.Sprintf("emailTemplates[%d].%s", i, name) }
		err := firstError(
			mail.CheckTemplate(field("subject"), t.Subject),
			mail.CheckTemplate(field("body"), t.Body),
			checkLen(field("subject"), t.Subject, 200),
			checkLen(field("body"), t.Body, 10000),
		)
		if err != nil {
			return nil, err
		}
		if t.Subject == "" || t.Body == "" {
			return nil, apperr.InvalidField(field("body"), "a template has a subject and a body; reset the language to go back to the built-in text")
		}
		custom[string(t.Language)] = schematype.EmailTemplate{Subject: t.Subject, Body: t.Body}
	}
	s, err = client.Shop.UpdateOne(s).SetInput(in).SetEmailTemplates(custom).Save(ctx)
	if err != nil {
		return nil, inputField(err)
	}
	return s, audit.Record(ctx, client, audit.Event{
		Action: auditevent.ActionSHOP_UPDATED,
		Target: s.Name,
		Before: before,
		After:  shopSettings(s),
	})
}

// shopSettings is what the audit trail records of a shop.
func shopSettings(s *ent.Shop) map[string]any {
	templates := map[string]any{}
	for l, t := range s.EmailTemplates {
		templates[l] = map[string]any{"subject": t.Subject, "body": t.Body}
	}
	return map[string]any{
		"name": s.Name, "defaultLanguage": string(s.DefaultLanguage), "managerEmail": s.ManagerEmail,
		"senderName": s.SenderName, "successURL": s.SuccessURL, "failureURL": s.FailureURL, "cancelURL": s.CancelURL,
		"orderReferenceRequired": s.OrderReferenceRequired, "linkValidityDays": s.LinkValidityDays,
		"confirmationEmailEnabled": s.ConfirmationEmailEnabled, "logoURL": s.LogoURL, "accentColor": s.AccentColor,
		"emailTemplates": templates,
	}
}

// shopFields maps ent's field names to the input's.
var shopFields = map[string]string{
	"name": "input.name", "manager_email": "input.managerEmail", "sender_name": "input.senderName",
	"success_url": "input.successURL", "failure_url": "input.failureURL", "cancel_url": "input.cancelURL",
	"link_validity_days": "input.linkValidityDays", "logo_url": "input.logoURL", "accent_color": "input.accentColor",
}

// inputField names the input field of an ent validation error.
func inputField(err error) error {
	var ve *ent.ValidationError
	if errors.As(err, &ve) {
		if f, ok := shopFields[ve.Name]; ok {
			return apperr.InvalidField(f, "invalid value: %v", ve.Unwrap())
		}
	}
	return err
}
