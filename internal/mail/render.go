package mail

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/i18n"
	"github.com/guichet/guichet/internal/money"
)

// Message is what an e-mail tells the buyer about a payment.
type Message struct {
	Language            i18n.Language
	FirstName, LastName string
	Amount              int64
	Currency            money.Currency
	Reference           string
	Description         string
	// URL is the payment page; empty in a confirmation.
	URL       string
	ExpiresAt time.Time
	// Shop is the sender name of the shop.
	Shop string
	// LogoURL and AccentColor brand the HTML part.
	LogoURL, AccentColor string
}

// Rendered is an e-mail ready to send: its subject and its two parts.
type Rendered struct {
	Subject, Text, HTML string
}

// RenderLink writes the payment-link e-mail of m from a template's subject
// and body (the shop's, the built-in one, or the caller's custom text).
func RenderLink(m Message, subject, body string) Rendered {
	return render(m, subject, body, true)
}

// RenderConfirmation writes the payment confirmation of m.
func RenderConfirmation(m Message) Rendered {
	t := confirmationTemplates[m.Language]
	return render(m, t.Subject, t.Body, false)
}

func render(m Message, subject, body string, button bool) Rendered {
	values := map[string]string{
		"firstName":   m.FirstName,
		"lastName":    m.LastName,
		"amount":      m.Language.Amount(m.Amount, m.Currency),
		"reference":   m.Reference,
		"description": m.Description,
		"link":        m.URL,
		"shop":        m.Shop,
		"expiryDate":  m.Language.Date(m.ExpiresAt),
	}
	text := fill(body, values)
	if button && m.URL != "" && !strings.Contains(text, m.URL) {
		// A custom message without {{link}} still leads to the page.
		text += "\n\n" + m.URL
	}
	r := Rendered{
		Subject: strings.Join(strings.Fields(tidy(fill(subject, values))), " "),
		Text:    text,
	}
	accent := m.AccentColor
	if !hexColor.MatchString(accent) {
		accent = "#1F5FAD"
	}
	// The HTML part is the text, paragraph by paragraph, with the button
	// where the link's own line was.
	type block struct {
		Lines  []string
		Button bool
	}
	var blocks []block
	for _, p := range strings.Split(text, "\n\n") {
		var lines []string
		for _, l := range strings.Split(p, "\n") {
			if m.URL != "" && strings.TrimSpace(l) == m.URL {
				if len(lines) > 0 {
					blocks = append(blocks, block{Lines: lines})
					lines = nil
				}
				blocks = append(blocks, block{Button: true})
				continue
			}
			lines = append(lines, l)
		}
		if len(lines) > 0 {
			blocks = append(blocks, block{Lines: lines})
		}
	}
	var b bytes.Buffer
	err := layout.Execute(&b, map[string]any{
		"Lang":    m.Language.Tag(),
		"Subject": r.Subject,
		"Shop":    m.Shop,
		"Logo":    safeURL(m.LogoURL),
		"Accent":  template.CSS(accent),
		"Blocks":  blocks,
		"URL":     safeURL(m.URL),
		"L":       layoutLabels[m.Language],
	})
	if err != nil {
		// The layout is fixed and its data plain strings: an error here
		// is a bug, never input.
		panic(err)
	}
	r.HTML = b.String()
	return r
}

var (
	hexColor   = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	spaces     = regexp.MustCompile(`[ \t]{2,}`)
	beforePunc = regexp.MustCompile(` +([,.;:!?])`)
)

// fill replaces the placeholders of text and tidies what empty values
// leave: "Bonjour  ," becomes "Bonjour,", and a line that held only empty
// placeholders disappears.
func fill(text string, values map[string]string) string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		hadPlaceholder := placeholderRE.MatchString(line)
		filled := placeholderRE.ReplaceAllStringFunc(line, func(p string) string {
			return values[placeholderRE.FindStringSubmatch(p)[1]]
		})
		filled = tidy(filled)
		if hadPlaceholder && strings.TrimSpace(filled) == "" {
			continue
		}
		out = append(out, filled)
	}
	return strings.Trim(strings.Join(out, "\n"), "\n")
}

func tidy(line string) string {
	line = spaces.ReplaceAllString(line, " ")
	// French puts a space before ":" and ";": keep those.
	line = beforePunc.ReplaceAllStringFunc(line, func(s string) string {
		if p := s[len(s)-1]; p == ':' || p == ';' || p == '!' || p == '?' {
			return " " + string(p)
		}
		return strings.TrimLeft(s, " ")
	})
	return strings.TrimRight(line, " ")
}

// safeURL lets only http(s) URLs into href and src attributes.
func safeURL(u string) string {
	if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		return u
	}
	return ""
}

// layout is the HTML part: inline styles only (mail clients drop style
// sheets), one column that reads well on a phone, no external resource
// but the shop's own logo.
var layout = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Subject}}</title>
</head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1d2330;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;padding:24px 0;">
<tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;border-top:4px solid {{.Accent}};">
<tr><td style="padding:24px 28px 8px;">
{{if .Logo}}<img src="{{.Logo}}" alt="{{.Shop}}" style="max-height:48px;max-width:200px;display:block;margin-bottom:12px;">{{else}}<p style="margin:0 0 12px;font-size:18px;font-weight:bold;">{{.Shop}}</p>{{end}}
</td></tr>
<tr><td style="padding:0 28px 12px;font-size:15px;line-height:1.5;">
{{range .Blocks}}{{if .Button}}<p style="margin:18px 0;text-align:center;"><a href="{{$.URL}}" style="display:inline-block;background:{{$.Accent}};color:#ffffff;text-decoration:none;font-weight:bold;font-size:16px;padding:12px 28px;border-radius:6px;">{{$.L.Pay}}</a></p>
{{else}}<p style="margin:0 0 14px;">{{range $i, $l := .Lines}}{{if $i}}<br>{{end}}{{$l}}{{end}}</p>
{{end}}{{end}}</td></tr>
{{if .URL}}<tr><td style="padding:0 28px 24px;font-size:12px;color:#5b6475;word-break:break-all;">{{.L.Fallback}}<br><a href="{{.URL}}" style="color:#5b6475;">{{.URL}}</a></td></tr>{{end}}
</table>
</td></tr>
</table>
</body>
</html>
`))
