// Package decision holds the Account Updater's decision codes: what the
// card schemes' updater services answer about a stored card, what each
// means in French and in English, what it does to the billing profile, and
// which code of each scheme's response file it stands for.
package decision

import (
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/guichet/guichet/internal/i18n"
)

// Code is Guichet's decision code: one name for what the schemes write
// differently (Visa A, Mastercard UPDATE...).
type Code string

// Decision codes.
const (
	// NewAccountNumber: the card was replaced; a new number (and usually a
	// new expiry date) comes with the answer.
	NewAccountNumber Code = "NEW_ACCOUNT_NUMBER"
	// NewExpiryDate: the same card with a new expiry date.
	NewExpiryDate Code = "NEW_EXPIRY_DATE"
	// AccountClosed: the account is closed (cancelled, lost or stolen): the
	// card must not be charged again.
	AccountClosed Code = "ACCOUNT_CLOSED"
	// ContactCardholder: the issuer gives no data and asks the merchant to
	// ask the cardholder.
	ContactCardholder Code = "CONTACT_CARDHOLDER"
	// NoMatch: the issuer takes part in the service but has nothing on this
	// card.
	NoMatch Code = "NO_MATCH"
	// NonParticipating: the issuer does not take part in the service.
	NonParticipating Code = "NON_PARTICIPATING"
)

// All lists the codes, those that change the profile first.
var All = []Code{NewAccountNumber, NewExpiryDate, AccountClosed, ContactCardholder, NoMatch, NonParticipating}

// Values lists the codes; ent uses it to type decision columns.
func (Code) Values() []string {
	out := make([]string, len(All))
	for i, c := range All {
		out[i] = string(c)
	}
	return out
}

// Valid reports whether c is one of the codes.
func (c Code) Valid() bool { return slices.Contains(All, c) }

// UpdatesCard reports whether an answer with c brings new card data: a new
// token, last four digits and expiry date for the profile.
func (c Code) UpdatesCard() bool { return c == NewAccountNumber || c == NewExpiryDate }

// DisablesProfile reports whether an answer with c disables the profile.
func (c Code) DisablesProfile() bool { return c == AccountClosed }

// Reported reports whether the monthly account-update status report lists
// answers with c: those that changed the profile, and the request to
// contact the cardholder, which the merchant must act on. "No match" and
// "non-participating" say that nothing is known, and are left out.
func (c Code) Reported() bool { return c != NoMatch && c != NonParticipating }

// Reported lists the codes the status report lists.
func Reported() []Code {
	var out []Code
	for _, c := range All {
		if c.Reported() {
			out = append(out, c)
		}
	}
	return out
}

var meanings = map[Code][2]string{
	NewAccountNumber: {
		"Nouveau numéro de carte : la carte a été remplacée, le dossier de facturation a été mis à jour",
		"New card number: the card was replaced and the billing profile updated",
	},
	NewExpiryDate: {
		"Nouvelle date d'expiration : le dossier de facturation a été mis à jour",
		"New expiry date: the billing profile was updated",
	},
	AccountClosed: {
		"Compte fermé (carte résiliée, perdue ou volée) : le dossier de facturation a été désactivé",
		"Account closed (card cancelled, lost or stolen): the billing profile was disabled",
	},
	ContactCardholder: {
		"Contacter le titulaire de la carte : l'émetteur ne transmet pas les nouvelles données",
		"Contact the cardholder: the issuer does not pass on the new card data",
	},
	NoMatch: {
		"Aucune correspondance : l'émetteur participe, mais n'a pas d'information sur cette carte",
		"No match: the issuer takes part but has no information on this card",
	},
	NonParticipating: {
		"Émetteur non participant : l'émetteur de la carte ne participe pas au service Account Updater",
		"Non-participating issuer: the card's issuer does not take part in the Account Updater service",
	},
}

// Meaning says what c means, in French for i18n.FR and in English for any
// other language.
func (c Code) Meaning(l i18n.Language) string {
	m, ok := meanings[c]
	if !ok {
		return string(c)
	}
	if l == i18n.FR {
		return m[0]
	}
	return m[1]
}

// schemeCodes are the codes of the schemes' response files for each
// decision: Visa Account Updater (also used here for American Express)
// and Mastercard Automatic Billing Updater.
var schemeCodes = map[Code]map[string]string{
	NewAccountNumber:  {"VISA": "A", "AMEX": "A", "MASTERCARD": "UPDATE"},
	NewExpiryDate:     {"VISA": "E", "AMEX": "E", "MASTERCARD": "EXPIRY"},
	AccountClosed:     {"VISA": "C", "AMEX": "C", "MASTERCARD": "CONTACT"},
	ContactCardholder: {"VISA": "Q", "AMEX": "Q", "MASTERCARD": "CONTACH"},
	NoMatch:           {"VISA": "P", "AMEX": "P", "MASTERCARD": "MC_P"},
	NonParticipating:  {"VISA": "N", "AMEX": "N", "MASTERCARD": "MC_N"},
}

// SchemeCode is the code brand's response file writes for c.
func (c Code) SchemeCode(brand string) string { return schemeCodes[c][brand] }

// FromScheme reads a scheme's response code: ok is false for a code that
// is none of the decisions (a record error, say).
func FromScheme(brand, code string) (Code, bool) {
	for _, c := range All {
		if schemeCodes[c][brand] == code {
			return c, true
		}
	}
	return "", false
}

// MarshalGQL writes c as a GraphQL enum value.
func (c Code) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(c))) }

// UnmarshalGQL reads a GraphQL enum value into c.
func (c *Code) UnmarshalGQL(v any) error {
	s, _ := v.(string)
	if !Code(s).Valid() {
		return fmt.Errorf("%v is not a decision code", v)
	}
	*c = Code(s)
	return nil
}

// VisaCode is the code Visa's response files write for c (American
// Express's too, here).
func (c Code) VisaCode() string { return c.SchemeCode("VISA") }

// MastercardCode is the code Mastercard's response files write for c.
func (c Code) MastercardCode() string { return c.SchemeCode("MASTERCARD") }
