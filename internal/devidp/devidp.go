// Package devidp is Guichet's development OpenID Provider: an in-memory
// OAuth 2.0 / OpenID Connect server, built on zitadel's op package, that
// signs in the fixed Users (no password: pick one on the login page) and the
// fixed partner MachineClients. It is for development and tests only.
//
// It serves, under the issuer's path: discovery
// (/.well-known/openid-configuration), the JWKS (/keys), /authorize with the
// login page (/login), the token endpoint (/oauth/token: authorization code
// with PKCE S256, refresh token with rotation, client credentials), /userinfo,
// /oauth/introspect, /revoke and /end_session.
//
// Access tokens are RS256 JWTs whose aud contains Config.Audience. Besides
// iss, sub, aud, exp, iat, nbf, jti, client_id and scope they carry
// ClaimRoles and ClaimMerchant, and name and email for a user. ID tokens and
// userinfo carry the same name, email, ClaimRoles and ClaimMerchant.
//
// Automated tests sign in without scraping the page: /authorize redirects to
// {issuer}/login?authRequestID=ID, and posting the form fields id=ID and
// user={e-mail or subject} to {issuer}/login answers 303 to op's callback,
// which redirects to the client with the code.
//
// op gives the ID token the audience of the access token, so the web
// client's ID tokens list Config.Audience too. They never have a jti and
// always have azp and nonce, which access tokens never do: an API that must
// not take an ID token for an access token refuses tokens without a jti.
//
// Config.Now decides when codes, access and refresh tokens expire; op stamps
// iat, nbf and the ID token's exp with the system clock.
package devidp

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

// Config configures a Provider.
type Config struct {
	// Issuer is the provider's URL without a trailing slash, such as
	// "http://localhost:8080/dev-idp"; Handler serves its path.
	Issuer string
	// Audience is the API's audience, put in every access token.
	Audience string
	// WebClientID and WebClientSecret identify the confidential web client
	// (the SPA's backend-for-frontend).
	WebClientID     string
	WebClientSecret string
	// WebRedirectURIs are the web client's registered redirect URIs.
	WebRedirectURIs []string
	// PostLogoutRedirectURIs are where end_session may send the browser back.
	PostLogoutRedirectURIs []string
	// KeyFile is where the RSA signing key is kept as PEM, created when
	// missing, so that tokens stay valid across restarts. Empty keeps the key
	// in memory only.
	KeyFile string
	// Now is the clock deciding when codes and tokens expire; time.Now when nil.
	Now func() time.Time
	// AccessTokenTTL is the life of access and ID tokens; 5 minutes when zero.
	AccessTokenTTL time.Duration
	// RefreshTokenTTL is the life of each refresh token, renewed by every
	// rotation; 8 hours when zero.
	RefreshTokenTTL time.Duration
}

// Provider is the development OpenID Provider.
type Provider struct {
	issuer  string
	path    string
	op      *op.Provider
	storage *storage
}

const (
	loginPath     = "/login"
	loggedOutPath = "/logged-out"
)

// New checks cfg, loads or creates the signing key and builds the provider.
func New(cfg Config) (*Provider, error) {
	if cfg.Issuer == "" || cfg.Audience == "" || cfg.WebClientID == "" || cfg.WebClientSecret == "" {
		return nil, errors.New("devidp: Issuer, Audience, WebClientID and WebClientSecret are required")
	}
	u, err := url.Parse(cfg.Issuer)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("devidp: issuer %q is not an http(s) URL without query", cfg.Issuer)
	}
	if strings.HasSuffix(cfg.Issuer, "/") {
		return nil, fmt.Errorf("devidp: issuer %q must not end with a slash", cfg.Issuer)
	}
	if len(cfg.WebRedirectURIs) == 0 {
		return nil, errors.New("devidp: WebRedirectURIs is empty")
	}
	if slices.ContainsFunc(MachineClients, func(m MachineClient) bool { return m.ID == cfg.WebClientID }) {
		return nil, fmt.Errorf("devidp: web client ID %q is a machine client's", cfg.WebClientID)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.AccessTokenTTL == 0 {
		cfg.AccessTokenTTL = 5 * time.Minute
	}
	if cfg.RefreshTokenTTL == 0 {
		cfg.RefreshTokenTTL = 8 * time.Hour
	}
	rsaKey, err := loadOrCreateKey(cfg.KeyFile)
	if err != nil {
		return nil, err
	}
	key, err := newSigningKey(rsaKey)
	if err != nil {
		return nil, err
	}
	st := newStorage(cfg, key)

	// op encrypts its authorization codes with this key; codes die with the
	// process anyway, so a fresh key per process is enough.
	var cryptoKey [32]byte
	rand.Read(cryptoKey[:])
	opConfig := &op.Config{
		CryptoKey:                cryptoKey,
		DefaultLogoutRedirectURI: cfg.Issuer + loggedOutPath,
		CodeMethodS256:           true,
		AuthMethodPost:           true,
		GrantTypeRefreshToken:    true,
		SupportedUILocales:       []language.Tag{language.French},
		SupportedClaims:          append(slices.Clone(op.DefaultSupportedClaims), ClaimRoles, ClaimMerchant),
		SupportedScopes: []string{
			oidc.ScopeOpenID, oidc.ScopeProfile, oidc.ScopeEmail, oidc.ScopeOfflineAccess, ScopeRefund,
		},
	}
	// WithAllowInsecure lets a loopback dev server use an http issuer.
	o, err := op.NewProvider(opConfig, st, op.StaticIssuer(cfg.Issuer), op.WithAllowInsecure())
	if err != nil {
		return nil, fmt.Errorf("devidp: %w", err)
	}
	return &Provider{issuer: cfg.Issuer, path: u.Path, op: o, storage: st}, nil
}

// Handler serves the provider. Mount it at the issuer's path with a trailing
// slash, as in mux.Handle("/dev-idp/", p.Handler()); requests keep their full
// path, the handler strips the issuer's.
func (p *Provider) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+loginPath, p.loginPage)
	mux.HandleFunc("POST "+loginPath, p.login)
	mux.HandleFunc("GET "+loggedOutPath, loggedOut)
	mux.Handle("/", p.op)
	if p.path == "" {
		return mux
	}
	return http.StripPrefix(p.path, mux)
}

// RevokeAll ends every session of the user or machine client subject: its
// refresh tokens stop working and its access tokens are refused at userinfo
// and introspection. Access tokens already handed out stay valid, to a
// verifier that only checks their signature, until they expire.
func (p *Provider) RevokeAll(subject string) {
	p.storage.revokeSubject(subject)
}
