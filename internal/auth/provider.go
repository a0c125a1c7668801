// Package auth verifies who calls Guichet: people through an OpenID
// Connect login kept in a server-side session (the backend-for-frontend),
// and partners' systems through bearer access tokens. Both end in the same
// function from verified claims to a viewer.
package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// ProviderConfig describes the identity provider and how its tokens carry
// Guichet's roles and merchant; the claim names differ between providers.
type ProviderConfig struct {
	// Issuer is the provider's issuer URL; discovery and the JWKS come from it.
	Issuer string
	// Audience is the API's own audience: access tokens must name it in aud.
	Audience string
	// ClientID and ClientSecret are the back office's confidential client.
	ClientID     string
	ClientSecret string
	// RolesClaim and MerchantClaim name the claims carrying the caller's
	// roles and merchant account number; a dotted name reads a nested claim
	// (Keycloak: "realm_access.roles").
	RolesClaim    string
	MerchantClaim string
	// AllowAZP accepts access tokens carrying azp, which some providers
	// (Keycloak) put in access tokens. Off, an azp marks an ID token.
	AllowAZP bool
	// HTTPClient talks to the provider; nil means a client with a timeout.
	HTTPClient *http.Client
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Identity is what verified claims say about a caller.
type Identity struct {
	Subject         string
	Name            string
	Email           string
	MerchantAccount string
	Roles           []string
	Scopes          []string
	// ClientID is the OAuth client the token was issued to.
	ClientID string
	Expiry   time.Time
}

// Provider verifies tokens of one identity provider. Discovery happens on
// first use and is retried until it succeeds, so that the server can start
// before its provider (the development one is served by the server itself).
type Provider struct {
	cfg ProviderConfig

	mu   sync.Mutex
	meta *providerMeta
}

type providerMeta struct {
	oauth2         oauth2.Config
	endSession     string
	keys           *keySet
	accessVerifier *oidc.IDTokenVerifier
	idVerifier     *oidc.IDTokenVerifier
}

// NewProvider returns a provider; nothing is fetched yet.
func NewProvider(cfg ProviderConfig) *Provider {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Provider{cfg: cfg}
}

// errNotVerified is the one answer to every bad token: the caller learns
// nothing about why.
var errNotVerified = errors.New("the token could not be verified")

func (p *Provider) discover(ctx context.Context) (*providerMeta, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.meta != nil {
		return p.meta, nil
	}
	ctx = oidc.ClientContext(ctx, p.cfg.HTTPClient)
	op, err := oidc.NewProvider(ctx, p.cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("discover %s: %w", p.cfg.Issuer, err)
	}
	var extra struct {
		JWKS       string `json:"jwks_uri"`
		EndSession string `json:"end_session_endpoint"`
	}
	if err := op.Claims(&extra); err != nil {
		return nil, err
	}
	keys := &keySet{url: extra.JWKS, client: p.cfg.HTTPClient, minRefetch: time.Minute, now: p.cfg.Now}
	algs := make([]string, len(signingAlgs))
	for i, a := range signingAlgs {
		algs[i] = string(a)
	}
	p.meta = &providerMeta{
		oauth2: oauth2.Config{
			ClientID:     p.cfg.ClientID,
			ClientSecret: p.cfg.ClientSecret,
			Endpoint:     op.Endpoint(),
			Scopes:       []string{oidc.ScopeOpenID, "profile", "email", oidc.ScopeOfflineAccess},
		},
		endSession: extra.EndSession,
		keys:       keys,
		accessVerifier: oidc.NewVerifier(p.cfg.Issuer, keys, &oidc.Config{
			ClientID: p.cfg.Audience, SupportedSigningAlgs: algs, Now: p.cfg.Now,
		}),
		idVerifier: oidc.NewVerifier(p.cfg.Issuer, keys, &oidc.Config{
			ClientID: p.cfg.ClientID, SupportedSigningAlgs: algs, Now: p.cfg.Now,
		}),
	}
	return p.meta, nil
}

// VerifyAccessToken checks a bearer access token: signature by the
// issuer's keys, issuer, expiry and not-before, the API's audience, and
// that it is not an ID token in disguise. Any failure is errNotVerified.
func (p *Provider) VerifyAccessToken(ctx context.Context, raw string) (*Identity, error) {
	meta, err := p.discover(ctx)
	if err != nil {
		return nil, err
	}
	tok, err := meta.accessVerifier.Verify(ctx, raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errNotVerified, err)
	}
	claims := map[string]any{}
	if err := tok.Claims(&claims); err != nil {
		return nil, fmt.Errorf("%w: %v", errNotVerified, err)
	}
	for _, idOnly := range []string{"nonce", "at_hash", "c_hash"} {
		if _, ok := claims[idOnly]; ok {
			return nil, fmt.Errorf("%w: an ID token (%s) is not an access token", errNotVerified, idOnly)
		}
	}
	if _, ok := claims["azp"]; ok && !p.cfg.AllowAZP {
		return nil, fmt.Errorf("%w: an ID token (azp) is not an access token", errNotVerified)
	}
	return p.identity(tok.Subject, tok.Expiry, claims), nil
}

// identity reads the caller's identity from verified claims.
func (p *Provider) identity(subject string, expiry time.Time, claims map[string]any) *Identity {
	id := &Identity{
		Subject:         subject,
		Name:            str(claims["name"]),
		Email:           str(claims["email"]),
		MerchantAccount: str(lookup(claims, p.cfg.MerchantClaim)),
		Roles:           strs(lookup(claims, p.cfg.RolesClaim)),
		Scopes:          strings.Fields(str(claims["scope"])),
		ClientID:        str(claims["client_id"]),
		Expiry:          expiry,
	}
	if id.ClientID == "" {
		id.ClientID = str(claims["azp"])
	}
	if id.Name == "" {
		id.Name = str(claims["preferred_username"])
	}
	if id.Name == "" {
		id.Name = subject
	}
	return id
}

// lookup reads a claim by a dotted path.
func lookup(claims map[string]any, path string) any {
	var v any = claims
	for _, part := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[part]
	}
	return v
}

func str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case float64:
		return fmt.Sprint(int64(v))
	}
	return ""
}

// strs reads a list claim: a JSON array, or a string of space- or
// comma-separated values.
func strs(v any) []string {
	switch v := v.(type) {
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			if s := str(e); s != "" {
				out = append(out, s)
			}
		}
		return out
	case string:
		return strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' })
	}
	return nil
}

// clientContext makes oauth2 use the provider's HTTP client.
func (p *Provider) clientContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, p.cfg.HTTPClient)
}
