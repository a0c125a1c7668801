package devidp_test

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/guichet/guichet/internal/devidp"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

const (
	apiAudience = "guichet-api"
	webID       = "guichet-web"
	webSecret   = "guichet-web-secret"
)

// env is a provider mounted at /dev-idp/ on a loopback server, as the
// Guichet server mounts it, with go-oidc and x/oauth2 as its clients.
type env struct {
	issuer    string
	logoutURI string
	p         *devidp.Provider
	oidc      *oidc.Provider
	web       oauth2.Config
	// browser never follows redirects: the test plays each step.
	browser *http.Client
}

func newEnv(t *testing.T, edit func(*devidp.Config)) *env {
	t.Helper()
	mux := http.NewServeMux()
	srv := newLoopback(t, mux)
	cfg := devidp.Config{
		Issuer:                 srv + "/dev-idp",
		Audience:               apiAudience,
		WebClientID:            webID,
		WebClientSecret:        webSecret,
		WebRedirectURIs:        []string{srv + "/auth/callback"},
		PostLogoutRedirectURIs: []string{srv + "/"},
	}
	if edit != nil {
		edit(&cfg)
	}
	p, err := devidp.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle("/dev-idp/", p.Handler())
	return newEnvFor(t, cfg, p)
}

// newLoopback serves h on a loopback port and returns its URL.
func newLoopback(t *testing.T, h http.Handler) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func newEnvFor(t *testing.T, cfg devidp.Config, p *devidp.Provider) *env {
	t.Helper()
	provider, err := oidc.NewProvider(t.Context(), cfg.Issuer)
	if err != nil {
		t.Fatal(err)
	}
	return &env{
		issuer:    cfg.Issuer,
		logoutURI: cfg.PostLogoutRedirectURIs[0],
		p:         p,
		oidc:      provider,
		web: oauth2.Config{
			ClientID:     webID,
			ClientSecret: webSecret,
			Endpoint:     withAuthStyle(provider.Endpoint(), oauth2.AuthStyleInHeader),
			RedirectURL:  cfg.WebRedirectURIs[0],
			Scopes:       []string{oidc.ScopeOpenID, "profile", "email", oidc.ScopeOfflineAccess},
		},
		browser: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}},
	}
}

func withAuthStyle(e oauth2.Endpoint, s oauth2.AuthStyle) oauth2.Endpoint {
	e.AuthStyle = s
	return e
}

// browse plays the browser from start: it follows redirects inside the
// provider, picks user on the login page, and returns the first URL outside
// the provider (the client's redirect URI).
func (e *env) browse(t *testing.T, start, user string) *url.URL {
	t.Helper()
	next := start
	for range 6 {
		u, err := url.Parse(next)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(next, e.issuer+"/") {
			return u
		}
		var resp *http.Response
		if strings.HasPrefix(next, e.issuer+"/login?") {
			if got, want := e.get(t, next).StatusCode, http.StatusOK; got != want {
				t.Fatalf("login page: got status %d, want %d", got, want)
			}
			resp = e.postLogin(t, u.Query().Get("authRequestID"), user)
		} else {
			resp = e.get(t, next)
		}
		loc, err := resp.Location()
		if err != nil {
			t.Fatalf("%s: status %d, no redirect: %s", next, resp.StatusCode, body(t, resp))
		}
		next = loc.String()
	}
	t.Fatalf("too many redirects from %s", start)
	return nil
}

func (e *env) get(t *testing.T, u string) *http.Response {
	t.Helper()
	resp, err := e.browser.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// postLogin is what the login page's form posts when a user is picked.
func (e *env) postLogin(t *testing.T, authRequestID, user string) *http.Response {
	t.Helper()
	resp, err := e.browser.PostForm(e.issuer+"/login", url.Values{"id": {authRequestID}, "user": {user}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// login is a pending authorization code flow with PKCE.
type login struct {
	verifier string
	nonce    string
	state    string
}

func newLogin() login {
	return login{verifier: oauth2.GenerateVerifier(), nonce: rand.Text(), state: rand.Text()}
}

func (l login) authURL(e *env, extra ...oauth2.AuthCodeOption) string {
	opts := append([]oauth2.AuthCodeOption{oauth2.S256ChallengeOption(l.verifier), oidc.Nonce(l.nonce)}, extra...)
	return e.web.AuthCodeURL(l.state, opts...)
}

// code signs user in and returns the authorization code.
func (e *env) code(t *testing.T, l login, user string) string {
	t.Helper()
	back := e.browse(t, l.authURL(e), user)
	if got, want := back.Query().Get("state"), l.state; got != want {
		t.Fatalf("state: got %q, want %q (redirect %s)", got, want, back)
	}
	code := back.Query().Get("code")
	if code == "" {
		t.Fatalf("no code in %s", back)
	}
	return code
}

// signIn runs the whole flow for user and returns the token response.
func (e *env) signIn(t *testing.T, user string) (*oauth2.Token, login) {
	t.Helper()
	l := newLogin()
	tok, err := e.web.Exchange(t.Context(), e.code(t, l, user), oauth2.VerifierOption(l.verifier))
	if err != nil {
		t.Fatal(err)
	}
	return tok, l
}

func (e *env) refresh(t *testing.T, refreshToken string) (*oauth2.Token, error) {
	t.Helper()
	return e.web.TokenSource(t.Context(), &oauth2.Token{RefreshToken: refreshToken}).Token()
}

func (e *env) machineToken(t *testing.T, id, secret string, scopes ...string) (*oauth2.Token, error) {
	t.Helper()
	cfg := clientcredentials.Config{
		ClientID:     id,
		ClientSecret: secret,
		TokenURL:     e.oidc.Endpoint().TokenURL,
		Scopes:       scopes,
		AuthStyle:    oauth2.AuthStyleInHeader,
	}
	return cfg.Token(t.Context())
}

// claims are the token claims the tests read besides go-oidc's own.
type claims struct {
	Audience  []string `json:"aud"`
	NotBefore int64    `json:"nbf"`
	IssuedAt  int64    `json:"iat"`
	JTI       string   `json:"jti"`
	ClientID  string   `json:"client_id"`
	AZP       string   `json:"azp"`
	AtHash    string   `json:"at_hash"`
	Scope     string   `json:"scope"`
	Roles     []string `json:"guichet_roles"`
	Merchant  string   `json:"guichet_merchant"`
	Name      string   `json:"name"`
	Email     string   `json:"email"`
}

// verifyAccess checks an access token as the API does: signature against
// the JWKS, issuer, expiry and the API audience.
func (e *env) verifyAccess(t *testing.T, raw string) (*oidc.IDToken, claims) {
	t.Helper()
	return e.verify(t, raw, apiAudience)
}

func (e *env) verify(t *testing.T, raw, audience string) (*oidc.IDToken, claims) {
	t.Helper()
	tok, err := e.oidc.Verifier(&oidc.Config{ClientID: audience}).Verify(t.Context(), raw)
	if err != nil {
		t.Fatalf("verify for %s: %v", audience, err)
	}
	var c claims
	if err := tok.Claims(&c); err != nil {
		t.Fatal(err)
	}
	return tok, c
}

// header decodes a JWT's protected header.
func header(t *testing.T, raw string) (alg, kid string) {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(strings.Split(raw, ".")[0])
	if err != nil {
		t.Fatal(err)
	}
	var h struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
	}
	if err := json.Unmarshal(b, &h); err != nil {
		t.Fatal(err)
	}
	return h.Alg, h.Kid
}

// jwks returns the key IDs published by the provider.
func (e *env) jwks(t *testing.T) []string {
	t.Helper()
	var set struct {
		Keys []struct {
			Kid string `json:"kid"`
			Alg string `json:"alg"`
			Use string `json:"use"`
		} `json:"keys"`
	}
	if err := json.Unmarshal([]byte(body(t, e.get(t, e.endpoint(t, "jwks_uri")))), &set); err != nil {
		t.Fatal(err)
	}
	var kids []string
	for _, k := range set.Keys {
		if k.Alg != "RS256" || k.Use != "sig" {
			t.Errorf("key %s: got alg %q use %q, want RS256 sig", k.Kid, k.Alg, k.Use)
		}
		kids = append(kids, k.Kid)
	}
	return kids
}

// endpoint is the URL the discovery document gives for name.
func (e *env) endpoint(t *testing.T, name string) string {
	t.Helper()
	var doc map[string]any
	if err := e.oidc.Claims(&doc); err != nil {
		t.Fatal(err)
	}
	u, _ := doc[name].(string)
	if u == "" {
		t.Fatalf("discovery has no %s", name)
	}
	return u
}

// postAsWebClient posts form to the named endpoint with the web client's
// client_secret_basic credentials.
func (e *env) postAsWebClient(t *testing.T, name string, form url.Values) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.endpoint(t, name), strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(webID, webSecret)
	resp, err := e.browser.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// errorCode is the OAuth error code of a failed token request.
func errorCode(err error) string {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return re.ErrorCode
	}
	return ""
}

func userByEmail(t *testing.T, email string) devidp.User {
	t.Helper()
	for _, u := range devidp.Users {
		if u.Email == email {
			return u
		}
	}
	t.Fatalf("no user %s", email)
	return devidp.User{}
}
