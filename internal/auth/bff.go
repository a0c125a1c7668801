package auth

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/requestid"
	"github.com/guichet/guichet/internal/viewer"
)

// CSRFHeader must accompany every state-changing request authenticated by
// the session cookie. A cross-site form cannot set it, and a cross-site
// script cannot send it without a CORS preflight that Guichet refuses.
const CSRFHeader = "X-Guichet-CSRF"

// BFF is the backend-for-frontend: it runs the OpenID Connect login of
// people (authorization code with PKCE, as a confidential client), keeps
// the tokens server-side in sessions, and gives the browser only an
// HttpOnly, SameSite=Strict cookie.
type BFF struct {
	Provider *Provider
	Sessions *Sessions
	Viewers  *Viewers
	// PublicURL is where browsers reach Guichet; the callback is under it.
	PublicURL *url.URL
	// AllowedOrigins may send state-changing requests with the cookie; the
	// public URL's origin always may.
	AllowedOrigins []string
	Log            *slog.Logger
}

// loginState travels in a short-lived cookie between /auth/login and the
// callback. None of it is secret from the browser it belongs to, and a
// __Host- cookie cannot be planted by another site.
type loginState struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	ReturnTo string `json:"r"`
}

func (b *BFF) secure() bool { return b.PublicURL.Scheme == "https" }

func (b *BFF) cookieName(name string) string {
	if b.secure() {
		return "__Host-guichet_" + name
	}
	return "guichet_" + name
}

// Routes registers /auth/login, /auth/callback and /auth/logout.
func (b *BFF) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /auth/login", b.login)
	mux.HandleFunc("GET /auth/callback", b.callback)
	mux.HandleFunc("POST /auth/logout", b.logout)
}

func (b *BFF) redirectURL() string {
	return b.PublicURL.JoinPath("/auth/callback").String()
}

func (b *BFF) login(w http.ResponseWriter, r *http.Request) {
	meta, err := b.Provider.discover(r.Context())
	if err != nil {
		b.Log.ErrorContext(r.Context(), "identity provider unreachable", "error", err)
		http.Error(w, "the identity provider is unreachable; try again in a moment", http.StatusBadGateway)
		return
	}
	st := loginState{State: random(), Nonce: random(), Verifier: oauth2.GenerateVerifier(), ReturnTo: safeReturn(r.URL.Query().Get("returnTo"))}
	raw, _ := json.Marshal(st)
	http.SetCookie(w, &http.Cookie{
		Name: b.cookieName("login"), Value: base64.RawURLEncoding.EncodeToString(raw),
		Path: "/", MaxAge: 600, HttpOnly: true, Secure: b.secure(),
		// Lax, not Strict: the provider's redirect back is a cross-site
		// navigation, and the callback needs this cookie.
		SameSite: http.SameSiteLaxMode,
	})
	cfg := meta.oauth2
	cfg.RedirectURL = b.redirectURL()
	opts := []oauth2.AuthCodeOption{oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier)}
	if hint := r.URL.Query().Get("login_hint"); hint != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", hint))
	}
	http.Redirect(w, r, cfg.AuthCodeURL(st.State, opts...), http.StatusFound)
}

func (b *BFF) callback(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	fail := func(reason string, err error) {
		b.Log.WarnContext(ctx, "login failed", "request_id", requestid.FromContext(ctx), "reason", reason, "error", err)
		http.Redirect(w, r, "/login?error="+url.QueryEscape(reason), http.StatusFound)
	}
	c, err := r.Cookie(b.cookieName("login"))
	if err != nil {
		fail("expired", err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: c.Name, Path: "/", MaxAge: -1, HttpOnly: true, Secure: b.secure(), SameSite: http.SameSiteLaxMode})
	var st loginState
	raw, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err == nil {
		err = json.Unmarshal(raw, &st)
	}
	q := r.URL.Query()
	switch {
	case err != nil || st.State == "" || q.Get("state") != st.State:
		fail("state", err)
		return
	case q.Get("error") != "":
		fail(q.Get("error"), errors.New(q.Get("error_description")))
		return
	}
	meta, err := b.Provider.discover(ctx)
	if err != nil {
		fail("provider", err)
		return
	}
	cfg := meta.oauth2
	cfg.RedirectURL = b.redirectURL()
	tok, err := cfg.Exchange(b.Provider.clientContext(ctx), q.Get("code"), oauth2.VerifierOption(st.Verifier))
	if err != nil {
		fail("exchange", err)
		return
	}
	rawID, _ := tok.Extra("id_token").(string)
	idTok, err := meta.idVerifier.Verify(ctx, rawID)
	if err == nil && idTok.Nonce != st.Nonce {
		err = errors.New("nonce mismatch")
	}
	if err != nil {
		fail("id_token", err)
		return
	}
	identity, err := b.Provider.VerifyAccessToken(ctx, tok.AccessToken)
	if err != nil {
		fail("access_token", err)
		return
	}
	v, err := b.Viewers.Viewer(ctx, identity)
	if err != nil {
		code := "unauthorized"
		if apperr.CodeOf(err) == apperr.Forbidden {
			code = "no_role"
		}
		fail(code, err)
		return
	}
	value, err := b.Sessions.create(ctx, login{viewer: v, identity: identity, token: tok, idToken: rawID, userAgent: r.UserAgent()})
	if err != nil {
		fail("session", err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: b.cookieName("session"), Value: value, Path: "/", HttpOnly: true, Secure: b.secure(),
		SameSite: http.SameSiteStrictMode,
		Expires:  time.Now().Add(b.Sessions.cfg.Max),
	})
	b.Log.InfoContext(ctx, "login", "subject", v.Subject, "role", v.Role, "merchant", v.MerchantID)
	http.Redirect(w, r, st.ReturnTo, http.StatusFound)
}

// logout ends the session and answers where to send the browser to end
// the provider's session too (RP-initiated logout), when it offers that.
func (b *BFF) logout(w http.ResponseWriter, r *http.Request) {
	if err := b.checkCSRF(r); err != nil {
		writeError(w, http.StatusForbidden, apperr.Forbidden, err.Error())
		return
	}
	var idToken string
	if c, err := r.Cookie(b.cookieName("session")); err == nil {
		var err error
		if idToken, err = b.Sessions.End(r.Context(), c.Value); err != nil {
			b.Log.ErrorContext(r.Context(), "logout", "error", err)
			writeError(w, http.StatusInternalServerError, apperr.Internal, "logout failed")
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: b.cookieName("session"), Path: "/", MaxAge: -1, HttpOnly: true, Secure: b.secure(), SameSite: http.SameSiteStrictMode})
	out := struct {
		LogoutURL string `json:"logoutUrl,omitempty"`
	}{}
	if meta, err := b.Provider.discover(r.Context()); err == nil && meta.endSession != "" {
		u, err := url.Parse(meta.endSession)
		if err == nil {
			q := u.Query()
			if idToken != "" {
				q.Set("id_token_hint", idToken)
			}
			q.Set("client_id", b.Provider.cfg.ClientID)
			q.Set("post_logout_redirect_uri", b.PublicURL.JoinPath("/login").String())
			u.RawQuery = q.Encode()
			out.LogoutURL = u.String()
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

// Authenticate puts the caller's viewer in the request context: from a
// bearer access token (partners), or from the session cookie (people). A
// bad bearer token is refused outright; a request without credentials goes
// on without a viewer, and the API answers UNAUTHENTICATED for any data.
func (b *BFF) Authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if h := r.Header.Get("Authorization"); h != "" {
			scheme, raw, _ := strings.Cut(h, " ")
			if !strings.EqualFold(scheme, "Bearer") || raw == "" {
				b.refuse(w, r, errors.New("not a bearer token"))
				return
			}
			identity, err := b.Provider.VerifyAccessToken(ctx, strings.TrimSpace(raw))
			if err != nil {
				b.refuse(w, r, err)
				return
			}
			v, err := b.Viewers.Viewer(ctx, identity)
			if err != nil {
				b.refuse(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(viewer.NewContext(ctx, v)))
			return
		}
		if c, err := r.Cookie(b.cookieName("session")); err == nil {
			if unsafe(r.Method) {
				if err := b.checkCSRF(r); err != nil {
					writeError(w, http.StatusForbidden, apperr.Forbidden, err.Error())
					return
				}
			}
			v, err := b.Sessions.Lookup(ctx, c.Value)
			if err != nil {
				b.Log.ErrorContext(ctx, "session lookup", "request_id", requestid.FromContext(ctx), "error", err)
				writeError(w, http.StatusInternalServerError, apperr.Internal, "internal error (request "+requestid.FromContext(ctx)+")")
				return
			}
			if v != nil {
				r = r.WithContext(viewer.NewContext(ctx, v))
			} else {
				http.SetCookie(w, &http.Cookie{Name: c.Name, Path: "/", MaxAge: -1, HttpOnly: true, Secure: b.secure(), SameSite: http.SameSiteStrictMode})
			}
		}
		next.ServeHTTP(w, r)
	})
}

// checkCSRF lets a cookie-authenticated state change through only with the
// custom header and from an allowed origin.
func (b *BFF) checkCSRF(r *http.Request) error {
	if r.Header.Get(CSRFHeader) == "" {
		return errors.New("missing " + CSRFHeader + " header")
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return nil // same-origin requests from older browsers; the header suffices
	}
	own := b.PublicURL.Scheme + "://" + b.PublicURL.Host
	if origin != own && !slices.Contains(b.AllowedOrigins, origin) {
		return errors.New("origin " + origin + " is not allowed")
	}
	return nil
}

func (b *BFF) refuse(w http.ResponseWriter, r *http.Request, err error) {
	b.Log.InfoContext(r.Context(), "credentials refused", "request_id", requestid.FromContext(r.Context()), "error", err)
	w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	code, msg := apperr.Unauthenticated, "invalid or expired credentials"
	if apperr.CodeOf(err) == apperr.Forbidden {
		writeError(w, http.StatusForbidden, apperr.Forbidden, "these credentials carry no Guichet role")
		return
	}
	writeError(w, http.StatusUnauthorized, code, msg)
}

// writeError answers with a GraphQL-shaped error body, so that clients
// handle it like any other error of the API.
func writeError(w http.ResponseWriter, status int, code apperr.Code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": msg, "extensions": map[string]any{"code": string(code)}}},
	})
}

func unsafe(method string) bool {
	return method != http.MethodGet && method != http.MethodHead && method != http.MethodOptions
}

// safeReturn keeps the return path on this site. Browsers read "/\\" as
// "//" and drop tabs and newlines anywhere in a URL ("/\t/evil.example"
// becomes "//evil.example"), so a path with a control character, which
// url.Parse refuses, goes home too.
func safeReturn(p string) string {
	if _, err := url.Parse(p); err != nil || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	return p
}

func random() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}
