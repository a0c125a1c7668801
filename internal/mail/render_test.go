package mail_test

import (
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/ent/schema/schematype"
	"github.com/guichet/guichet/internal/i18n"
	gmail "github.com/guichet/guichet/internal/mail"
	"github.com/guichet/guichet/internal/money"
)

func sample(l i18n.Language) gmail.Message {
	return gmail.Message{
		Language: l, FirstName: "Camille", LastName: "Dupont", Amount: 125050, Currency: "CHF",
		Reference: "Recouvrement-002", Description: "Séjour <3 nuits>", URL: "https://guichet.example/pay/abc",
		ExpiresAt: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC), Shop: "Hôtel Refundus", AccentColor: "#AA3300",
	}
}

// TestBuiltInTemplates renders the built-in e-mail of every language: every
// placeholder is filled, in the language's own way of writing amounts and
// dates, and the HTML part escapes what the merchant typed.
func TestBuiltInTemplates(t *testing.T) {
	want := map[i18n.Language]struct{ greeting, amount, date string }{
		i18n.FR: {"Bonjour Camille Dupont,", "1\u202f250,50\u00a0CHF", "26 novembre 2026"},
		i18n.EN: {"Hello Camille Dupont,", "CHF\u00a01,250.50", "November 26, 2026"},
		i18n.IT: {"Gentile Camille Dupont,", "1.250,50\u00a0CHF", "26 novembre 2026"},
		i18n.PT: {"Olá Camille Dupont,", "1.250,50\u00a0CHF", "26 de novembro de 2026"},
		i18n.DE: {"Guten Tag Camille Dupont,", "1.250,50\u00a0CHF", "26. November 2026"},
		i18n.PL: {"Dzień dobry Camille Dupont,", "1\u00a0250,50\u00a0CHF", "26 listopada 2026"},
		i18n.NL: {"Beste Camille Dupont,", "CHF\u00a01.250,50", "26 november 2026"},
	}
	for _, tmpl := range gmail.Templates(nil) {
		l := tmpl.Language
		t.Run(string(l), func(t *testing.T) {
			if tmpl.Custom {
				t.Error("a built-in template says it is custom")
			}
			r := gmail.RenderLink(sample(l), tmpl.Subject, tmpl.Body)
			w := want[l]
			for _, s := range []string{w.greeting, w.amount, w.date, "Recouvrement-002", "Séjour <3 nuits>", "https://guichet.example/pay/abc", "Hôtel Refundus"} {
				if !strings.Contains(r.Text, s) {
					t.Errorf("the text lacks %q:\n%s", s, r.Text)
				}
			}
			if !strings.Contains(r.Subject, "Recouvrement-002") || strings.Contains(r.Subject, "{{") {
				t.Errorf("subject %q", r.Subject)
			}
			if strings.Contains(r.Text+r.HTML, "{{") {
				t.Error("a placeholder is left")
			}
			for _, s := range []string{`lang="` + l.Tag() + `"`, "Séjour &lt;3 nuits&gt;", `href="https://guichet.example/pay/abc"`, "#AA3300"} {
				if !strings.Contains(r.HTML, s) {
					t.Errorf("the HTML lacks %q", s)
				}
			}
			if strings.Contains(r.HTML, "<3 nuits>") {
				t.Error("the HTML does not escape the description")
			}
		})
	}
}

func TestAmounts(t *testing.T) {
	for _, c := range []struct {
		minor int64
		cur   string
		l     i18n.Language
		want  string
	}{
		{1250, "CHF", i18n.FR, "12,50\u00a0CHF"},
		{1000, "JPY", i18n.EN, "JPY\u00a01,000"},
		{1250, "KWD", i18n.DE, "1,250\u00a0KWD"},
		{5, "EUR", i18n.EN, "EUR\u00a00.05"},
		{123456789, "EUR", i18n.IT, "1.234.567,89\u00a0EUR"},
	} {
		if got := c.l.Amount(c.minor, money.Currency(c.cur)); got != c.want {
			t.Errorf("%d %s in %s: got %q, want %q", c.minor, c.cur, c.l, got, c.want)
		}
	}
}

// TestEmptyValues: what the buyer's data leaves empty does not leave holes
// such as "Bonjour  ," or an empty line.
func TestEmptyValues(t *testing.T) {
	m := sample(i18n.FR)
	m.FirstName, m.LastName, m.Description, m.Reference = "", "", "", ""
	tmpl := gmail.LinkTemplate(nil, i18n.FR)
	r := gmail.RenderLink(m, tmpl.Subject, tmpl.Body)
	if !strings.HasPrefix(r.Text, "Bonjour,\n") {
		t.Errorf("greeting: %q", strings.SplitN(r.Text, "\n", 2)[0])
	}
	if strings.Contains(r.Text, "  ") || strings.Contains(r.Subject, "  ") {
		t.Errorf("double spaces left:\n%s", r.Text)
	}
	// The description's own line is gone; the paragraph break stays.
	if !strings.Contains(r.Text, "Montant : 1\u202f250,50\u00a0CHF\n\n") {
		t.Errorf("the empty description leaves a line:\n%s", r.Text)
	}
}

// TestCustomTemplate: a shop's own text wins for its language, and a
// message without {{link}} still leads to the page.
func TestCustomTemplate(t *testing.T) {
	shop := map[string]schematype.EmailTemplate{"EN": {Subject: "Invoice {{reference}}", Body: "Dear {{firstName}}, please pay {{amount}}."}}
	tmpl := gmail.LinkTemplate(shop, i18n.EN)
	if !tmpl.Custom {
		t.Fatal("the shop's template is not custom")
	}
	r := gmail.RenderLink(sample(i18n.EN), tmpl.Subject, tmpl.Body)
	if r.Subject != "Invoice Recouvrement-002" {
		t.Errorf("subject %q", r.Subject)
	}
	if !strings.HasSuffix(r.Text, "\n\nhttps://guichet.example/pay/abc") || !strings.Contains(r.HTML, "Pay now") {
		t.Errorf("the link is missing:\n%s", r.Text)
	}
	if fr := gmail.LinkTemplate(shop, i18n.FR); fr.Custom {
		t.Error("the other languages keep the built-in text")
	}
	if err := gmail.CheckTemplate("body", "Bonjour {{prenom}}"); err == nil || !strings.Contains(err.Error(), "prenom") {
		t.Errorf("an unknown placeholder: got %v", err)
	}
}
