package mail

import (
	"regexp"
	"slices"
	"strings"

	"github.com/guichet/guichet/ent/schema/schematype"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/i18n"
)

// Template is a payment-link e-mail in one language: a subject and a plain
// text body with placeholders.
type Template struct {
	Language i18n.Language
	Subject  string
	Body     string
	// Custom is false for Guichet's built-in text.
	Custom bool
}

// Placeholder is a name a template may write as {{name}}.
type Placeholder struct {
	Name, Description, Example string
}

// Placeholders lists every placeholder, in the order the SPA shows them.
var Placeholders = []*Placeholder{
	{"firstName", "The buyer's first name.", "Camille"},
	{"lastName", "The buyer's last name.", "Dupont"},
	{"amount", "The amount with its currency, written in the link's language.", "1\u202f250,50\u00a0CHF"},
	{"reference", "The order reference (with its -001 suffix when the link went to several recipients).", "Recouvrement-001"},
	{"description", "The description of the order.", "Séjour du 3 au 5 mars"},
	{"link", "The address of the payment page.", "https://guichet.example/pay/…"},
	{"shop", "The sender name of the shop.", "Hôtel Refundus Maximus"},
	{"expiryDate", "The last day the link can be paid, in the link's language.", "26 novembre 2026"},
}

var placeholderRE = regexp.MustCompile(`\{\{\s*([A-Za-z]*)\s*\}\}`)

// CheckTemplate refuses text using a placeholder that does not exist,
// naming field.
func CheckTemplate(field, text string) error {
	for _, m := range placeholderRE.FindAllStringSubmatch(text, -1) {
		if !slices.ContainsFunc(Placeholders, func(p *Placeholder) bool { return p.Name == m[1] }) {
			return apperr.InvalidField(field, "{{%s}} is not a placeholder; use one of %s", m[1], placeholderNames())
		}
	}
	return nil
}

func placeholderNames() string {
	names := make([]string, len(Placeholders))
	for i, p := range Placeholders {
		names[i] = "{{" + p.Name + "}}"
	}
	return strings.Join(names, " ")
}

// Templates lists the payment-link e-mail of every language: the shop's own
// text where it has one, the built-in one otherwise.
func Templates(shop map[string]schematype.EmailTemplate) []*Template {
	out := make([]*Template, len(i18n.All))
	for i, l := range i18n.All {
		t := LinkTemplate(shop, l)
		out[i] = &t
	}
	return out
}

// LinkTemplate is the payment-link e-mail of one language.
func LinkTemplate(shop map[string]schematype.EmailTemplate, l i18n.Language) Template {
	if t, ok := shop[string(l)]; ok {
		return Template{Language: l, Subject: t.Subject, Body: t.Body, Custom: true}
	}
	t := linkTemplates[l]
	t.Language = l
	return t
}

// linkTemplates are the built-in payment-link e-mails.
var linkTemplates = map[i18n.Language]Template{
	i18n.FR: {
		Subject: "Demande de paiement {{reference}} – {{shop}}",
		Body: `Bonjour {{firstName}} {{lastName}},

Merci pour votre commande {{reference}} auprès de {{shop}}. Nous vous invitons à la régler en ligne, en toute sécurité.

Montant : {{amount}}
{{description}}

Pour payer, ouvrez le lien suivant :
{{link}}

Ce lien est valable jusqu'au {{expiryDate}}.

Cordialement,
{{shop}}`,
	},
	i18n.EN: {
		Subject: "Payment request {{reference}} – {{shop}}",
		Body: `Hello {{firstName}} {{lastName}},

Thank you for your order {{reference}} with {{shop}}. You can pay for it securely online.

Amount: {{amount}}
{{description}}

To pay, open this link:
{{link}}

This link is valid until {{expiryDate}}.

Kind regards,
{{shop}}`,
	},
	i18n.IT: {
		Subject: "Richiesta di pagamento {{reference}} – {{shop}}",
		Body: `Gentile {{firstName}} {{lastName}},

grazie per il suo ordine {{reference}} presso {{shop}}. La invitiamo a saldarlo online in tutta sicurezza.

Importo: {{amount}}
{{description}}

Per pagare, apra il seguente link:
{{link}}

Il link è valido fino al {{expiryDate}}.

Cordiali saluti,
{{shop}}`,
	},
	i18n.PT: {
		Subject: "Pedido de pagamento {{reference}} – {{shop}}",
		Body: `Olá {{firstName}} {{lastName}},

Obrigado pela sua encomenda {{reference}} junto de {{shop}}. Pode pagá-la online, em total segurança.

Montante: {{amount}}
{{description}}

Para pagar, abra a seguinte ligação:
{{link}}

Esta ligação é válida até {{expiryDate}}.

Com os melhores cumprimentos,
{{shop}}`,
	},
	i18n.DE: {
		Subject: "Zahlungsaufforderung {{reference}} – {{shop}}",
		Body: `Guten Tag {{firstName}} {{lastName}},

vielen Dank für Ihre Bestellung {{reference}} bei {{shop}}. Sie können sie bequem und sicher online bezahlen.

Betrag: {{amount}}
{{description}}

Zum Bezahlen öffnen Sie bitte diesen Link:
{{link}}

Der Link ist gültig bis zum {{expiryDate}}.

Mit freundlichen Grüßen
{{shop}}`,
	},
	i18n.PL: {
		Subject: "Prośba o płatność {{reference}} – {{shop}}",
		Body: `Dzień dobry {{firstName}} {{lastName}},

dziękujemy za zamówienie {{reference}} w {{shop}}. Można je bezpiecznie opłacić online.

Kwota: {{amount}}
{{description}}

Aby zapłacić, otwórz poniższy link:
{{link}}

Link jest ważny do {{expiryDate}}.

Z poważaniem
{{shop}}`,
	},
	i18n.NL: {
		Subject: "Betaalverzoek {{reference}} – {{shop}}",
		Body: `Beste {{firstName}} {{lastName}},

Bedankt voor uw bestelling {{reference}} bij {{shop}}. U kunt deze veilig online betalen.

Bedrag: {{amount}}
{{description}}

Open de volgende link om te betalen:
{{link}}

Deze link is geldig tot en met {{expiryDate}}.

Met vriendelijke groet,
{{shop}}`,
	},
}

// confirmationTemplates are the payment confirmations sent to buyers when
// the shop enables them.
var confirmationTemplates = map[i18n.Language]Template{
	i18n.FR: {
		Subject: "Confirmation de votre paiement {{reference}} – {{shop}}",
		Body: `Bonjour {{firstName}} {{lastName}},

Nous avons bien reçu votre paiement de {{amount}} pour la commande {{reference}}.
{{description}}

Merci de votre confiance.

Cordialement,
{{shop}}`,
	},
	i18n.EN: {
		Subject: "Your payment {{reference}} is confirmed – {{shop}}",
		Body: `Hello {{firstName}} {{lastName}},

We have received your payment of {{amount}} for order {{reference}}.
{{description}}

Thank you for your trust.

Kind regards,
{{shop}}`,
	},
	i18n.IT: {
		Subject: "Conferma del pagamento {{reference}} – {{shop}}",
		Body: `Gentile {{firstName}} {{lastName}},

abbiamo ricevuto il suo pagamento di {{amount}} per l'ordine {{reference}}.
{{description}}

Grazie per la fiducia.

Cordiali saluti,
{{shop}}`,
	},
	i18n.PT: {
		Subject: "Confirmação do pagamento {{reference}} – {{shop}}",
		Body: `Olá {{firstName}} {{lastName}},

Recebemos o seu pagamento de {{amount}} referente à encomenda {{reference}}.
{{description}}

Obrigado pela sua confiança.

Com os melhores cumprimentos,
{{shop}}`,
	},
	i18n.DE: {
		Subject: "Bestätigung Ihrer Zahlung {{reference}} – {{shop}}",
		Body: `Guten Tag {{firstName}} {{lastName}},

wir haben Ihre Zahlung über {{amount}} für die Bestellung {{reference}} erhalten.
{{description}}

Vielen Dank für Ihr Vertrauen.

Mit freundlichen Grüßen
{{shop}}`,
	},
	i18n.PL: {
		Subject: "Potwierdzenie płatności {{reference}} – {{shop}}",
		Body: `Dzień dobry {{firstName}} {{lastName}},

otrzymaliśmy płatność w wysokości {{amount}} za zamówienie {{reference}}.
{{description}}

Dziękujemy za zaufanie.

Z poważaniem
{{shop}}`,
	},
	i18n.NL: {
		Subject: "Bevestiging van uw betaling {{reference}} – {{shop}}",
		Body: `Beste {{firstName}} {{lastName}},

We hebben uw betaling van {{amount}} voor bestelling {{reference}} ontvangen.
{{description}}

Bedankt voor uw vertrouwen.

Met vriendelijke groet,
{{shop}}`,
	},
}

// labels are the words of the HTML layout around the text.
type labels struct {
	Pay, Fallback string
}

var layoutLabels = map[i18n.Language]labels{
	i18n.FR: {"Payer maintenant", "Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :"},
	i18n.EN: {"Pay now", "If the button does not work, copy this address into your browser:"},
	i18n.IT: {"Paga ora", "Se il pulsante non funziona, copi questo indirizzo nel browser:"},
	i18n.PT: {"Pagar agora", "Se o botão não funcionar, copie este endereço para o seu navegador:"},
	i18n.DE: {"Jetzt bezahlen", "Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in Ihren Browser:"},
	i18n.PL: {"Zapłać teraz", "Jeśli przycisk nie działa, skopiuj ten adres do przeglądarki:"},
	i18n.NL: {"Nu betalen", "Werkt de knop niet? Kopieer dit adres naar uw browser:"},
}
