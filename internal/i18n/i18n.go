// Package i18n holds the languages Guichet writes to buyers in (e-mails,
// the hosted payment page) and the way each of them shows amounts and
// dates. The back office itself is translated in the SPA.
package i18n

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/money"
)

// Language is a language buyers are written to in, as its upper-case ISO
// 639-1 code.
type Language string

// Languages of payment links, e-mails and the payment page.
const (
	FR Language = "FR"
	EN Language = "EN"
	IT Language = "IT"
	PT Language = "PT"
	DE Language = "DE"
	PL Language = "PL"
	NL Language = "NL"
)

// All lists every language, French first (the default).
var All = []Language{FR, EN, IT, PT, DE, PL, NL}

// Values lists the languages; ent uses it to type language columns.
func (Language) Values() []string {
	out := make([]string, len(All))
	for i, l := range All {
		out[i] = string(l)
	}
	return out
}

// Valid reports whether l is one of the languages.
func (l Language) Valid() bool { return slices.Contains(All, l) }

// Tag is the lower-case code for HTML's lang attribute and e-mail headers.
func (l Language) Tag() string { return strings.ToLower(string(l)) }

// MarshalGQL writes l as a GraphQL enum value.
func (l Language) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(l))) }

// UnmarshalGQL reads a GraphQL enum value into l.
func (l *Language) UnmarshalGQL(v any) error {
	s, _ := v.(string)
	if !Language(s).Valid() {
		return fmt.Errorf("%v is not a language", v)
	}
	*l = Language(s)
	return nil
}

// numberFormat is how a language writes numbers and where the currency
// goes.
type numberFormat struct {
	group, decimal string
	codeFirst      bool
}

var numberFormats = map[Language]numberFormat{
	FR: {group: "\u202f", decimal: ","},
	EN: {group: ",", decimal: ".", codeFirst: true},
	IT: {group: ".", decimal: ","},
	PT: {group: ".", decimal: ","},
	DE: {group: ".", decimal: ","},
	PL: {group: "\u00a0", decimal: ","},
	NL: {group: ".", decimal: ",", codeFirst: true},
}

// Amount writes minor units of cur for a reader of l, with the currency's
// exponent: 125050 CHF is "1 250,50 CHF" in French, "CHF 1,250.50" in
// English; 1000 JPY is "1 000 JPY".
func (l Language) Amount(minor int64, cur money.Currency) string {
	f, ok := numberFormats[l]
	if !ok {
		f = numberFormats[EN]
	}
	plain := money.Format(minor, cur)
	sign := ""
	if strings.HasPrefix(plain, "-") {
		sign, plain = "-", plain[1:]
	}
	whole, frac, hasFrac := strings.Cut(plain, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(f.group)
		}
		b.WriteRune(r)
	}
	n := sign + b.String()
	if hasFrac {
		n += f.decimal + frac
	}
	if f.codeFirst {
		return string(cur) + "\u00a0" + n
	}
	return n + "\u00a0" + string(cur)
}

var months = map[Language][12]string{
	FR: {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	EN: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	IT: {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
	PT: {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
	DE: {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
	PL: {"stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"},
	NL: {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
}

// Date writes the day of t for a reader of l: "26 novembre 2026",
// "November 26, 2026", "26. November 2026", "26 de novembro de 2026".
func (l Language) Date(t time.Time) string {
	m, ok := months[l]
	if !ok {
		m = months[EN]
	}
	name := m[t.Month()-1]
	switch l {
	case EN:
		return fmt.Sprintf("%s %d, %d", name, t.Day(), t.Year())
	case DE:
		return fmt.Sprintf("%d. %s %d", t.Day(), name, t.Year())
	case PT:
		return fmt.Sprintf("%d de %s de %d", t.Day(), name, t.Year())
	default:
		return fmt.Sprintf("%d %s %d", t.Day(), name, t.Year())
	}
}
