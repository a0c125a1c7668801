// Package paypage serves the hosted payment page, /pay/<token>: public,
// without login, rendered on the server with no external asset. The token
// is the only key; every answer about an unknown token is the same, and
// every client address is rate-limited.
package paypage

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/paymentlink"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/i18n"
	"github.com/guichet/guichet/internal/payments"
	"github.com/guichet/guichet/internal/requestid"
)

// Handler serves the payment pages.
type Handler struct {
	Client   *ent.Client
	Payments payments.Config
	Log      *slog.Logger
	// Rate and Burst limit the requests of one client address: Burst at
	// once, then Rate per second.
	Rate  rate.Limit
	Burst int
	// Secure marks the form cookie Secure and names it with __Host-
	// (Guichet is served over HTTPS).
	Secure bool

	mu       sync.Mutex
	limiters map[string]*visitor
	swept    time.Time
}

type visitor struct {
	limiter *rate.Limiter
	seen    time.Time
}

// Register adds the page's routes to mux.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.Handle("GET /pay/{token}", h.limit(http.HandlerFunc(h.show)))
	mux.Handle("POST /pay/{token}", h.limit(http.HandlerFunc(h.pay)))
}

// limit refuses clients over their rate with 429.
func (h *Handler) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !h.allow(clientAddr(r)) {
			w.Header().Set("Retry-After", "60")
			h.render(w, r, http.StatusTooManyRequests, view{Lang: acceptLanguage(r), Message: "TooMany"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (h *Handler) allow(addr string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := time.Now()
	if h.limiters == nil {
		h.limiters = map[string]*visitor{}
	}
	if now.Sub(h.swept) > time.Minute {
		// Forget clients idle long enough to have their whole burst back.
		for a, v := range h.limiters {
			if now.Sub(v.seen) > 10*time.Minute {
				delete(h.limiters, a)
			}
		}
		h.swept = now
	}
	v, ok := h.limiters[addr]
	if !ok {
		r, b := h.Rate, h.Burst
		if r == 0 {
			r = rate.Every(2 * time.Second)
		}
		if b == 0 {
			b = 30
		}
		v = &visitor{limiter: rate.NewLimiter(r, b)}
		h.limiters[addr] = v
	}
	v.seen = now
	return v.limiter.Allow()
}

// clientAddr is the client's IP address, the unit of rate limiting.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// show renders the page of a token, and records that it was opened.
func (h *Handler) show(w http.ResponseWriter, r *http.Request) {
	p, err := payments.OpenPage(r.Context(), h.Client, h.Payments, r.PathValue("token"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := h.viewOf(r, p)
	status := http.StatusOK
	switch p.State {
	case payments.PagePayable:
		v.Nonce = h.setNonce(w)
	case payments.PageUnknown:
		status = http.StatusNotFound
	}
	h.render(w, r, status, v)
}

// pay takes the buyer's payment, or their cancellation.
func (h *Handler) pay(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	token := r.PathValue("token")
	if !h.validNonce(r) {
		p, err := payments.OpenPage(r.Context(), h.Client, h.Payments, token)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		v := h.viewOf(r, p)
		if p.State == payments.PagePayable {
			v.Nonce, v.Message = h.setNonce(w), "BadForm"
		}
		h.render(w, r, http.StatusForbidden, v)
		return
	}
	if r.PostForm.Get("action") == "cancel" {
		p, err := payments.OpenPage(r.Context(), h.Client, h.Payments, token)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if to := payments.Redirect(p, "cancel"); to != "" && p.State == payments.PagePayable {
			http.Redirect(w, r, to, http.StatusSeeOther)
			return
		}
		h.render(w, r, http.StatusOK, h.viewOf(r, p))
		return
	}
	method := payments.Method(r.PostForm.Get("method"))
	var card *payments.CardInput
	if method == payments.MethodCard {
		card = &payments.CardInput{
			Number:       r.PostForm.Get("number"),
			ExpiryMonth:  atoi(r.PostForm.Get("exp-month")),
			ExpiryYear:   year(r.PostForm.Get("exp-year")),
			SecurityCode: strings.TrimSpace(r.PostForm.Get("cvc")),
			Holder:       strings.TrimSpace(r.PostForm.Get("holder")),
		}
	}
	res, err := payments.Pay(r.Context(), h.Client, h.Payments, token, method, card)
	var bad *apperr.Error
	if errors.As(err, &bad) && bad.Code == apperr.Invalid {
		// Card fields are never written back into the page.
		p, err := payments.OpenPage(r.Context(), h.Client, h.Payments, token)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		v := h.viewOf(r, p)
		v.Nonce, v.Message, v.Field = h.setNonce(w), cardMessage(bad), strings.TrimPrefix(bad.Field, "card.")
		h.render(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if res.Transaction == nil {
		// Not payable (any more): paid meanwhile, expired, cancelled or
		// unknown.
		h.render(w, r, http.StatusConflict, h.viewOf(r, res.Page))
		return
	}
	h.Log.InfoContext(r.Context(), "payment page", "request_id", requestid.FromContext(r.Context()),
		"link", res.Page.Link.ID, "transaction", res.Transaction.ID, "status", res.Transaction.Status)
	if res.Redirect != "" {
		http.Redirect(w, r, res.Redirect, http.StatusSeeOther)
		return
	}
	v := h.viewOf(r, res.Page)
	v.Form, v.Message = false, "Refused"
	if res.Paid() {
		v.Message = "PaidDone"
	}
	h.render(w, r, http.StatusOK, v)
}

func cardMessage(e *apperr.Error) string {
	switch {
	case strings.HasSuffix(e.Field, "number"):
		return "BadNumber"
	case strings.HasSuffix(e.Field, "securityCode"):
		return "BadCVC"
	case strings.HasSuffix(e.Field, "expiryYear") && strings.Contains(e.Message, "expired"):
		return "CardExpired"
	}
	return "BadExpiry"
}

func atoi(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}

// year reads a card's expiry year, in two or four digits.
func year(s string) int {
	n := atoi(s)
	if n > 0 && n < 100 {
		n += 2000
	}
	return n
}

// fail answers an internal error without a word of its cause.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	h.Log.ErrorContext(r.Context(), "payment page", "request_id", requestid.FromContext(r.Context()), "error", err)
	http.Error(w, "internal error ("+requestid.FromContext(r.Context())+")", http.StatusInternalServerError)
}

// view is what the template shows.
type view struct {
	Lang        i18n.Language
	State       payments.PageState
	Form        bool
	Test        bool
	Shop        string
	Logo        string
	Accent      template.CSS
	Amount      string
	Reference   string
	Description string
	Nonce       string
	// Message is a key of text to show, Field the card field it is about.
	Message, Field string
	Wallets        []payments.Method
}

func (h *Handler) viewOf(r *http.Request, p *payments.Page) view {
	v := view{State: p.State, Lang: acceptLanguage(r), Accent: "#1F5FAD"}
	switch p.State {
	case payments.PagePayable:
		v.Form = true
	case payments.PagePaid:
		v.Message = "Paid"
	case payments.PageExpired:
		v.Message = "Expired"
	case payments.PageCanceled:
		v.Message = "Canceled"
	default:
		v.Message = "Unknown"
		return v
	}
	l, s := p.Link, p.Shop
	v.Lang = l.Language
	v.Test = l.Mode == paymentlink.ModeTEST
	v.Shop = s.SenderName
	if v.Shop == "" {
		v.Shop = s.Name
	}
	if strings.HasPrefix(s.LogoURL, "https://") || strings.HasPrefix(s.LogoURL, "http://") {
		v.Logo = s.LogoURL
	}
	if len(s.AccentColor) == 7 && s.AccentColor[0] == '#' {
		v.Accent = template.CSS(s.AccentColor)
	}
	v.Amount = l.Language.Amount(l.Amount, l.Currency)
	v.Reference, v.Description = l.OrderReference, l.Description
	v.Wallets = payments.Methods[1:]
	return v
}

// acceptLanguage is the browser's preferred language among Guichet's, for
// pages that belong to no link; French by default.
func acceptLanguage(r *http.Request) i18n.Language {
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag, _, _ = strings.Cut(tag, "-")
		if l := i18n.Language(strings.ToUpper(tag)); l.Valid() {
			return l
		}
	}
	return i18n.FR
}

func (h *Handler) cookieName() string {
	if h.Secure {
		return "__Host-guichet-pay"
	}
	return "guichet-pay"
}

// setNonce gives the form a fresh nonce, also set as a cookie: a post
// must carry both, equal (the double-submit pattern), which a form posted
// from another site cannot.
func (h *Handler) setNonce(w http.ResponseWriter) string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	nonce := base64.RawURLEncoding.EncodeToString(b[:])
	http.SetCookie(w, &http.Cookie{
		Name: h.cookieName(), Value: nonce, Path: "/", HttpOnly: true, Secure: h.Secure,
		SameSite: http.SameSiteStrictMode, MaxAge: 3600,
	})
	return nonce
}

func (h *Handler) validNonce(r *http.Request) bool {
	c, err := r.Cookie(h.cookieName())
	form := r.PostForm.Get("nonce")
	if err != nil || c.Value == "" || form == "" {
		return false
	}
	if origin := r.Header.Get("Origin"); origin != "" && origin != "null" {
		u, err := url.Parse(origin)
		if err != nil || u.Host != r.Host {
			return false
		}
	}
	return subtle.ConstantTimeCompare([]byte(c.Value), []byte(form)) == 1
}

// render writes the page with headers that keep it private: no caching,
// no framing, no referrer (the token is in the URL), nothing loaded but
// the shop's logo.
func (h *Handler) render(w http.ResponseWriter, _ *http.Request, status int, v view) {
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src https: http:; frame-ancestors 'none'; base-uri 'none'")
	w.WriteHeader(status)
	t, ok := texts[v.Lang]
	if !ok {
		t = texts[i18n.FR]
	}
	if err := page.Execute(w, struct {
		view
		T   text
		Msg string
	}{v, t, message(t, v.Message)}); err != nil {
		h.Log.Error("payment page template", "error", err)
	}
}

func message(t text, key string) string {
	return map[string]string{
		"Expired": t.Expired, "Canceled": t.Canceled, "Paid": t.Paid, "Unknown": t.Unknown,
		"PaidDone": t.PaidDone, "Refused": t.Refused, "BadNumber": t.BadNumber, "BadExpiry": t.BadExpiry,
		"CardExpired": t.CardExpired, "BadCVC": t.BadCVC, "BadForm": t.BadForm, "TooMany": t.TooMany,
	}[key]
}

var walletNames = map[payments.Method]string{payments.MethodTWINT: "TWINT", payments.MethodAlipayPlus: "Alipay+"}

var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"wallet": func(m payments.Method) string { return walletNames[m] },
}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang.Tag}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.T.Title}}{{if .Shop}} – {{.Shop}}{{end}}</title>
<style>
*{box-sizing:border-box}
body{margin:0;background:#f4f5f7;color:#1d2330;font:16px/1.5 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
main{max-width:30rem;margin:0 auto;padding:1rem}
.card{background:#fff;border-radius:.5rem;border-top:.3rem solid {{.Accent}};padding:1.25rem 1.5rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:1.25rem;margin:0 0 1rem}
.logo{max-height:3rem;max-width:12rem;display:block;margin-bottom:1rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:0 0 1.25rem}
dt{color:#5b6475}dd{margin:0;text-align:right;overflow-wrap:anywhere}
.amount{font-size:1.5rem;font-weight:700}
.test{background:#fff4ce;border:1px solid #e0b400;border-radius:.3rem;padding:.5rem .75rem;margin-bottom:1rem}
.msg{padding:.75rem;border-radius:.3rem;background:#eef2f8;margin:0 0 1rem}
.msg.error{background:#fdecea;color:#8a1c10}
fieldset{border:0;padding:0;margin:0 0 1rem}
legend{font-weight:700;margin-bottom:.5rem}
label{display:block;margin:.5rem 0 .25rem}
input{width:100%;font:inherit;padding:.6rem .7rem;border:1px solid #9aa3b2;border-radius:.3rem}
input:focus,button:focus{outline:3px solid {{.Accent}};outline-offset:1px}
input[aria-invalid=true]{border-color:#c62828}
.row{display:flex;gap:.75rem}.row>div{flex:1}
button{width:100%;font:inherit;font-weight:700;padding:.75rem;border-radius:.3rem;border:0;cursor:pointer;margin-top:.5rem}
.pay{background:{{.Accent}};color:#fff;font-size:1.1rem}
.wallet{background:#1d2330;color:#fff}
.cancel{background:transparent;color:#1d2330;text-decoration:underline;font-weight:400}
.small{font-size:.85rem;color:#5b6475;margin-top:1rem}
</style>
</head>
<body>
<main>
<div class="card">
{{if .Logo}}<img class="logo" src="{{.Logo}}" alt="{{.Shop}}">{{end}}
<h1>{{.T.Title}}{{if .Shop}} – {{.Shop}}{{end}}</h1>
{{if .Test}}<p class="test" role="note">{{.T.TestMode}}</p>{{end}}
{{if .Msg}}<p class="msg{{if .Form}} error{{end}}" role="{{if .Form}}alert{{else}}status{{end}}">{{.Msg}}</p>{{end}}
{{if .Amount}}<dl>
<dt>{{.T.Amount}}</dt><dd class="amount">{{.Amount}}</dd>
{{if .Reference}}<dt>{{.T.Reference}}</dt><dd>{{.Reference}}</dd>{{end}}
{{if .Description}}<dt>{{.T.Description}}</dt><dd>{{.Description}}</dd>{{end}}
</dl>{{end}}
{{if .Form}}<form method="post" autocomplete="on">
<input type="hidden" name="nonce" value="{{.Nonce}}">
<fieldset>
<legend>{{.T.PayByCard}}</legend>
<label for="number">{{.T.CardNumber}}</label>
<input id="number" name="number" inputmode="numeric" autocomplete="cc-number" required maxlength="23"{{if eq .Field "number"}} aria-invalid="true"{{end}}>
<div class="row">
<div><label for="exp-month">{{.T.Month}}</label><input id="exp-month" name="exp-month" inputmode="numeric" autocomplete="cc-exp-month" required maxlength="2"{{if eq .Field "expiryMonth"}} aria-invalid="true"{{end}}></div>
<div><label for="exp-year">{{.T.Year}}</label><input id="exp-year" name="exp-year" inputmode="numeric" autocomplete="cc-exp-year" required maxlength="4"{{if eq .Field "expiryYear"}} aria-invalid="true"{{end}}></div>
<div><label for="cvc">{{.T.CVC}}</label><input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" required maxlength="4"{{if eq .Field "securityCode"}} aria-invalid="true"{{end}}></div>
</div>
<label for="holder">{{.T.Holder}}</label>
<input id="holder" name="holder" autocomplete="cc-name" maxlength="100">
<button class="pay" type="submit" name="method" value="CARD">{{.T.Pay}} {{.Amount}}</button>
</fieldset>
<fieldset>
<legend>{{.T.OrWallet}}</legend>
{{range .Wallets}}<button class="wallet" type="submit" name="method" value="{{.}}" formnovalidate>{{wallet .}}</button>
{{end}}</fieldset>
<button class="cancel" type="submit" name="action" value="cancel" formnovalidate>{{.T.Cancel}}</button>
</form>
<p class="small">{{.T.Secure}}</p>{{end}}
</div>
</main>
</body>
</html>
`))
