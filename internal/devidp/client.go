package devidp

import (
	"net/url"
	"slices"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// client is a registered client as op sees it: the confidential web client
// (machine == nil) or a partner's machine client.
type client struct {
	id            string
	secret        string
	redirectURIs  []string
	logoutURIs    []string
	grantTypes    []oidc.GrantType
	responseTypes []oidc.ResponseType
	// scopes are those the client may be granted.
	scopes   []string
	loginURL string
	idTTL    time.Duration
	machine  *MachineClient
}

func webClient(cfg Config) *client {
	return &client{
		id:            cfg.WebClientID,
		secret:        cfg.WebClientSecret,
		redirectURIs:  slices.Clone(cfg.WebRedirectURIs),
		logoutURIs:    slices.Clone(cfg.PostLogoutRedirectURIs),
		grantTypes:    []oidc.GrantType{oidc.GrantTypeCode, oidc.GrantTypeRefreshToken},
		responseTypes: []oidc.ResponseType{oidc.ResponseTypeCode},
		scopes:        []string{oidc.ScopeOpenID, oidc.ScopeProfile, oidc.ScopeEmail, oidc.ScopeOfflineAccess},
		loginURL:      cfg.Issuer + loginPath,
		idTTL:         cfg.AccessTokenTTL,
	}
}

func machineClient(m MachineClient) *client {
	m.Scopes = slices.Clone(m.Scopes)
	return &client{
		id:         m.ID,
		secret:     m.Secret,
		grantTypes: []oidc.GrantType{oidc.GrantTypeClientCredentials},
		scopes:     m.Scopes,
		machine:    &m,
	}
}

func (c *client) GetID() string                        { return c.id }
func (c *client) RedirectURIs() []string               { return c.redirectURIs }
func (c *client) PostLogoutRedirectURIs() []string     { return c.logoutURIs }
func (c *client) ApplicationType() op.ApplicationType  { return op.ApplicationTypeWeb }
func (c *client) AuthMethod() oidc.AuthMethod          { return oidc.AuthMethodBasic }
func (c *client) ResponseTypes() []oidc.ResponseType   { return c.responseTypes }
func (c *client) GrantTypes() []oidc.GrantType         { return c.grantTypes }
func (c *client) AccessTokenType() op.AccessTokenType  { return op.AccessTokenTypeJWT }
func (c *client) IDTokenLifetime() time.Duration       { return c.idTTL }
func (c *client) DevMode() bool                        { return false }
func (c *client) IsScopeAllowed(scope string) bool     { return slices.Contains(c.scopes, scope) }
func (c *client) IDTokenUserinfoClaimsAssertion() bool { return true }
func (c *client) ClockSkew() time.Duration             { return 0 }
func (c *client) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return keepScopes
}
func (c *client) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return keepScopes
}

// LoginURL is where op sends the browser to pick a user for the auth request id.
func (c *client) LoginURL(id string) string {
	return c.loginURL + "?" + url.Values{"authRequestID": {id}}.Encode()
}

func keepScopes(scopes []string) []string { return scopes }
