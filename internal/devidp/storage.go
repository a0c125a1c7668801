package devidp

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// authRequestTTL bounds the time between the authorize request and the code
// exchange.
const authRequestTTL = 10 * time.Minute

var (
	_ op.Storage                        = (*storage)(nil)
	_ op.ClientCredentialsStorage       = (*storage)(nil)
	_ op.CanSetUserinfoFromRequest      = (*storage)(nil)
	_ op.CanGetPrivateClaimsFromRequest = (*storage)(nil)
)

// storage keeps every grant in memory; only the signing key outlives the
// process (see Config.KeyFile).
type storage struct {
	now        func() time.Time
	audience   string
	accessTTL  time.Duration
	refreshTTL time.Duration
	key        signingKey
	// clients, users and merchants never change after New: read without
	// the lock. They are copies, so later edits to Users and MachineClients
	// do not reach a running provider.
	clients   map[string]*client
	users     map[string]User // by subject
	userList  []User
	merchants []Merchant

	mu            sync.Mutex
	authRequests  map[string]*authRequest
	codes         map[string]string // code -> auth request id
	accessTokens  map[string]*accessToken
	refreshTokens map[string]*refreshToken
}

// authRequest is a pending authorization (op.AuthRequest). op only ever gets
// copies, so the login page can complete the stored one under the lock.
type authRequest struct {
	id           string
	clientID     string
	redirectURI  string
	state        string
	nonce        string
	scopes       []string
	responseType oidc.ResponseType
	responseMode oidc.ResponseMode
	challenge    *oidc.CodeChallenge
	loginHint    string
	audience     []string
	subject      string
	authTime     time.Time
	done         bool
	expires      time.Time
}

func (a *authRequest) GetID() string                         { return a.id }
func (a *authRequest) GetACR() string                        { return "" }
func (a *authRequest) GetAMR() []string                      { return nil }
func (a *authRequest) GetAudience() []string                 { return a.audience }
func (a *authRequest) GetAuthTime() time.Time                { return a.authTime }
func (a *authRequest) GetClientID() string                   { return a.clientID }
func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge { return a.challenge }
func (a *authRequest) GetNonce() string                      { return a.nonce }
func (a *authRequest) GetRedirectURI() string                { return a.redirectURI }
func (a *authRequest) GetResponseType() oidc.ResponseType    { return a.responseType }
func (a *authRequest) GetResponseMode() oidc.ResponseMode    { return a.responseMode }
func (a *authRequest) GetScopes() []string                   { return a.scopes }
func (a *authRequest) GetState() string                      { return a.state }
func (a *authRequest) GetSubject() string                    { return a.subject }
func (a *authRequest) Done() bool                            { return a.done }

func (a *authRequest) clone() *authRequest {
	c := *a
	c.scopes = slices.Clone(a.scopes)
	c.audience = slices.Clone(a.audience)
	return &c
}

// accessToken records an issued JWT by its jti, for userinfo, introspection
// and revocation. Verifiers that only check the signature keep accepting a
// revoked token until it expires.
type accessToken struct {
	id       string
	clientID string
	subject  string
	audience []string
	scopes   []string
	expires  time.Time
	family   string // refresh token family it was issued with, if any
}

// refreshToken is one link of a rotation chain (its family). A used token is
// kept until it expires so that presenting it again is recognised as reuse.
type refreshToken struct {
	token    string
	family   string
	clientID string
	subject  string
	audience []string
	scopes   []string // granted at login; a refresh may narrow its access token only
	authTime time.Time
	expires  time.Time
	used     bool
}

// refreshRequest is a refresh token presented at the token endpoint
// (op.RefreshTokenRequest).
type refreshRequest struct {
	clientID string
	subject  string
	audience []string
	scopes   []string
	authTime time.Time
}

func (r *refreshRequest) GetAMR() []string            { return nil }
func (r *refreshRequest) GetAudience() []string       { return r.audience }
func (r *refreshRequest) GetAuthTime() time.Time      { return r.authTime }
func (r *refreshRequest) GetClientID() string         { return r.clientID }
func (r *refreshRequest) GetScopes() []string         { return r.scopes }
func (r *refreshRequest) GetSubject() string          { return r.subject }
func (r *refreshRequest) SetCurrentScopes(s []string) { r.scopes = s }

// machineRequest is a client credentials grant (op.TokenRequest): the client
// is its own subject and the API is the only audience.
type machineRequest struct {
	clientID string
	audience []string
	scopes   []string
}

func (m *machineRequest) GetSubject() string    { return m.clientID }
func (m *machineRequest) GetAudience() []string { return m.audience }
func (m *machineRequest) GetScopes() []string   { return m.scopes }

func clientIDOf(req op.TokenRequest) (string, error) {
	switch r := req.(type) {
	case *authRequest:
		return r.clientID, nil
	case *refreshRequest:
		return r.clientID, nil
	case *machineRequest:
		return r.clientID, nil
	}
	return "", oidc.ErrUnsupportedGrantType()
}

func newStorage(cfg Config, key signingKey) *storage {
	s := &storage{
		now:           cfg.Now,
		audience:      cfg.Audience,
		accessTTL:     cfg.AccessTokenTTL,
		refreshTTL:    cfg.RefreshTokenTTL,
		key:           key,
		clients:       map[string]*client{cfg.WebClientID: webClient(cfg)},
		users:         make(map[string]User, len(Users)),
		userList:      slices.Clone(Users),
		merchants:     slices.Clone(Merchants),
		authRequests:  make(map[string]*authRequest),
		codes:         make(map[string]string),
		accessTokens:  make(map[string]*accessToken),
		refreshTokens: make(map[string]*refreshToken),
	}
	for _, m := range MachineClients {
		s.clients[m.ID] = machineClient(m)
	}
	for _, u := range Users {
		s.users[u.Subject] = u
	}
	return s
}

// pruneLocked forgets what has expired, so a long-running dev server does not grow.
func (s *storage) pruneLocked(now time.Time) {
	for id, a := range s.authRequests {
		if !now.Before(a.expires) {
			s.deleteAuthRequestLocked(id)
		}
	}
	for id, t := range s.accessTokens {
		if !now.Before(t.expires) {
			delete(s.accessTokens, id)
		}
	}
	for id, t := range s.refreshTokens {
		if !now.Before(t.expires) {
			delete(s.refreshTokens, id)
		}
	}
}

// CreateAuthRequest stores a validated authorize request. Beyond op's checks
// it requires PKCE with S256 and keeps only the scopes the client may have.
func (s *storage) CreateAuthRequest(_ context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	if slices.Contains(req.Prompt, oidc.PromptNone) {
		// There is no single sign-on session: every login goes through the page.
		return nil, oidc.ErrLoginRequired()
	}
	if req.CodeChallenge == "" || req.CodeChallengeMethod != oidc.CodeChallengeMethodS256 {
		return nil, oidc.ErrInvalidRequest().WithDescription("PKCE is required: send a code_challenge with code_challenge_method S256")
	}
	c, ok := s.clients[req.ClientID]
	if !ok {
		return nil, oidc.ErrInvalidClient()
	}
	audience := []string{req.ClientID}
	if s.audience != req.ClientID {
		audience = append(audience, s.audience)
	}
	now := s.now()
	a := &authRequest{
		id:           rand.Text(),
		clientID:     req.ClientID,
		redirectURI:  req.RedirectURI,
		state:        req.State,
		nonce:        req.Nonce,
		scopes:       slices.DeleteFunc(slices.Clone(req.Scopes), func(sc string) bool { return !c.IsScopeAllowed(sc) }),
		responseType: req.ResponseType,
		responseMode: req.ResponseMode,
		challenge:    &oidc.CodeChallenge{Challenge: req.CodeChallenge, Method: req.CodeChallengeMethod},
		loginHint:    req.LoginHint,
		audience:     audience,
		expires:      now.Add(authRequestTTL),
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pruneLocked(now)
	s.authRequests[a.id] = a
	return a.clone(), nil
}

var (
	errUnknownAuthRequest = errors.New("devidp: unknown or expired auth request")
	errUnknownUser        = errors.New("devidp: unknown user")
)

// pendingAuthRequest returns the auth request the login page is answering.
func (s *storage) pendingAuthRequest(id string) (*authRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.authRequests[id]
	if !ok || !s.now().Before(a.expires) || a.done {
		return nil, errUnknownAuthRequest
	}
	return a.clone(), nil
}

// userByLogin finds a user by e-mail (any case) or subject.
func (s *storage) userByLogin(login string) (User, bool) {
	for _, u := range s.userList {
		if u.Subject == login || strings.EqualFold(u.Email, login) {
			return u, true
		}
	}
	return User{}, false
}

// completeLogin signs in the user named by login (e-mail or subject) on
// auth request id.
func (s *storage) completeLogin(id, login string) error {
	u, ok := s.userByLogin(login)
	if !ok {
		return errUnknownUser
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	a, ok := s.authRequests[id]
	if !ok || !now.Before(a.expires) || a.done {
		return errUnknownAuthRequest
	}
	a.subject, a.authTime, a.done = u.Subject, now, true
	return nil
}

func (s *storage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.authRequests[id]
	if !ok || !s.now().Before(a.expires) {
		return nil, errUnknownAuthRequest
	}
	return a.clone(), nil
}

func (s *storage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	id, ok := s.codes[code]
	s.mu.Unlock()
	if !ok {
		return nil, errors.New("devidp: unknown or used code")
	}
	return s.AuthRequestByID(ctx, id)
}

func (s *storage) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.authRequests[id]; !ok {
		return errUnknownAuthRequest
	}
	s.codes[code] = id
	return nil
}

// DeleteAuthRequest runs once the code is exchanged: the code dies with it.
func (s *storage) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deleteAuthRequestLocked(id)
	return nil
}

func (s *storage) deleteAuthRequestLocked(id string) {
	delete(s.authRequests, id)
	for code, reqID := range s.codes {
		if reqID == id {
			delete(s.codes, code)
		}
	}
}

func (s *storage) CreateAccessToken(_ context.Context, req op.TokenRequest) (string, time.Time, error) {
	clientID, err := clientIDOf(req)
	if err != nil {
		return "", time.Time{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.newAccessTokenLocked(clientID, req, "")
	return t.id, t.expires, nil
}

// CreateAccessAndRefreshTokens starts a refresh token family after a login
// (currentRefreshToken empty) or rotates currentRefreshToken: the old token
// is spent and a second use of it revokes the whole family.
func (s *storage) CreateAccessAndRefreshTokens(_ context.Context, req op.TokenRequest, currentRefreshToken string) (string, string, time.Time, error) {
	clientID, err := clientIDOf(req)
	if err != nil {
		return "", "", time.Time{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	var next refreshToken
	if currentRefreshToken == "" {
		a, ok := req.(*authRequest)
		if !ok {
			return "", "", time.Time{}, oidc.ErrInvalidGrant()
		}
		next = refreshToken{
			family:   rand.Text(),
			clientID: clientID,
			subject:  a.subject,
			audience: a.audience,
			scopes:   a.scopes,
			authTime: a.authTime,
		}
	} else {
		old, err := s.liveRefreshTokenLocked(currentRefreshToken, now)
		if err != nil {
			return "", "", time.Time{}, err
		}
		if old.clientID != clientID {
			return "", "", time.Time{}, oidc.ErrInvalidGrant()
		}
		old.used = true
		next = *old
		next.used = false
	}
	next.token = rand.Text()
	next.expires = now.Add(s.refreshTTL)
	s.refreshTokens[next.token] = &next
	t := s.newAccessTokenLocked(clientID, req, next.family)
	return t.id, next.token, t.expires, nil
}

func (s *storage) newAccessTokenLocked(clientID string, req op.TokenRequest, family string) *accessToken {
	now := s.now()
	s.pruneLocked(now)
	t := &accessToken{
		id:       rand.Text(),
		clientID: clientID,
		subject:  req.GetSubject(),
		audience: slices.Clone(req.GetAudience()),
		scopes:   slices.Clone(req.GetScopes()),
		expires:  now.Add(s.accessTTL),
		family:   family,
	}
	s.accessTokens[t.id] = t
	return t
}

// liveRefreshTokenLocked finds a refresh token that may be used now. Reuse of
// a spent token means it leaked: its family is revoked.
func (s *storage) liveRefreshTokenLocked(token string, now time.Time) (*refreshToken, error) {
	t, ok := s.refreshTokens[token]
	if !ok || !now.Before(t.expires) {
		return nil, oidc.ErrInvalidGrant().WithDescription("unknown, expired or revoked refresh token")
	}
	if t.used {
		s.revokeLocked(func(_, _, family string) bool { return family == t.family })
		return nil, oidc.ErrInvalidGrant().WithDescription("refresh token already used: the session is revoked")
	}
	return t, nil
}

func (s *storage) TokenRequestByRefreshToken(_ context.Context, token string) (op.RefreshTokenRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.liveRefreshTokenLocked(token, s.now())
	if err != nil {
		return nil, err
	}
	return &refreshRequest{
		clientID: t.clientID,
		subject:  t.subject,
		audience: slices.Clone(t.audience),
		scopes:   slices.Clone(t.scopes),
		authTime: t.authTime,
	}, nil
}

// revokeLocked forgets the access and refresh tokens matched by their
// client, subject and refresh family.
func (s *storage) revokeLocked(match func(clientID, subject, family string) bool) {
	for id, t := range s.accessTokens {
		if match(t.clientID, t.subject, t.family) {
			delete(s.accessTokens, id)
		}
	}
	for id, t := range s.refreshTokens {
		if match(t.clientID, t.subject, t.family) {
			delete(s.refreshTokens, id)
		}
	}
}

// revokeSubject ends every session of subject, with every client.
func (s *storage) revokeSubject(subject string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revokeLocked(func(_, sub, _ string) bool { return sub == subject })
	for id, a := range s.authRequests {
		if a.subject == subject {
			s.deleteAuthRequestLocked(id)
		}
	}
}

// TerminateSession runs at the end_session endpoint.
func (s *storage) TerminateSession(_ context.Context, userID, clientID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revokeLocked(func(c, sub, _ string) bool { return c == clientID && sub == userID })
	return nil
}

// RevokeToken gets an access token's jti or a refresh token. Revoking a
// refresh token revokes its family, as the session it stands for ends.
func (s *storage) RevokeToken(_ context.Context, tokenOrID, _, clientID string) *oidc.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.accessTokens[tokenOrID]; ok {
		if t.clientID != clientID {
			return oidc.ErrInvalidClient().WithDescription("token was not issued to this client")
		}
		delete(s.accessTokens, tokenOrID)
		return nil
	}
	if t, ok := s.refreshTokens[tokenOrID]; ok {
		if t.clientID != clientID {
			return oidc.ErrInvalidClient().WithDescription("token was not issued to this client")
		}
		s.revokeLocked(func(_, _, family string) bool { return family == t.family })
	}
	return nil
}

func (s *storage) GetRefreshTokenInfo(_ context.Context, _ string, token string) (string, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.refreshTokens[token]
	if !ok {
		return "", "", op.ErrInvalidRefreshToken
	}
	return t.subject, t.token, nil
}

func (s *storage) SigningKey(context.Context) (op.SigningKey, error) { return s.key, nil }

func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

func (s *storage) KeySet(context.Context) ([]op.Key, error) {
	return []op.Key{publicKey{s.key}}, nil
}

func (s *storage) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	c, ok := s.clients[id]
	if !ok {
		return nil, fmt.Errorf("devidp: unknown client %q", id)
	}
	return c, nil
}

// authenticate checks a client secret; a disabled client never authenticates.
func (s *storage) authenticate(id, secret string) (*client, error) {
	c, ok := s.clients[id]
	if !ok || subtle.ConstantTimeCompare([]byte(c.secret), []byte(secret)) != 1 {
		return nil, errors.New("devidp: unknown client or wrong secret")
	}
	if c.machine != nil && c.machine.Disabled {
		return nil, errors.New("devidp: client disabled")
	}
	return c, nil
}

func (s *storage) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	_, err := s.authenticate(id, secret)
	return err
}

func (s *storage) ClientCredentials(_ context.Context, id, secret string) (op.Client, error) {
	return s.authenticate(id, secret)
}

// ClientCredentialsTokenRequest grants the requested scopes, all of which the
// client must be allowed, or all its scopes when it asks for none.
func (s *storage) ClientCredentialsTokenRequest(_ context.Context, id string, scopes []string) (op.TokenRequest, error) {
	c, ok := s.clients[id]
	if !ok {
		return nil, oidc.ErrInvalidClient()
	}
	if len(scopes) == 0 {
		scopes = c.scopes
	}
	for _, sc := range scopes {
		if !c.IsScopeAllowed(sc) {
			// Not echoed: error_description may not hold every character.
			return nil, oidc.ErrInvalidScope().WithDescription("a requested scope is not allowed for this client")
		}
	}
	return &machineRequest{clientID: id, audience: []string{s.audience}, scopes: slices.Clone(scopes)}, nil
}

// identity is whoever a subject names: a user or a machine client.
type identity struct {
	role     string
	merchant string
	person   *User
}

func (s *storage) identity(subject string) (identity, error) {
	if u, ok := s.users[subject]; ok {
		return identity{role: u.Role, merchant: u.MerchantAccount, person: &u}, nil
	}
	if c, ok := s.clients[subject]; ok && c.machine != nil {
		return identity{role: c.machine.Role, merchant: c.machine.MerchantAccount}, nil
	}
	return identity{}, fmt.Errorf("devidp: unknown subject %q", subject)
}

// accessClaims are the private claims of every access token, whichever grant
// issued it.
func (s *storage) accessClaims(subject string, scopes []string) (map[string]any, error) {
	id, err := s.identity(subject)
	if err != nil {
		return nil, err
	}
	claims := map[string]any{
		ClaimRoles:    []string{id.role},
		ClaimMerchant: id.merchant,
	}
	if len(scopes) > 0 {
		claims["scope"] = strings.Join(scopes, " ")
	}
	if id.person != nil {
		claims["name"] = id.person.Name
		claims["email"] = id.person.Email
	}
	return claims, nil
}

// GetPrivateClaimsFromRequest gets the scopes without profile and email;
// the scope claim lists them all.
func (s *storage) GetPrivateClaimsFromRequest(_ context.Context, req op.TokenRequest, _ []string) (map[string]any, error) {
	return s.accessClaims(req.GetSubject(), req.GetScopes())
}

// GetPrivateClaimsFromScopes is not called, as storage implements
// GetPrivateClaimsFromRequest; it answers alike.
func (s *storage) GetPrivateClaimsFromScopes(_ context.Context, userID, _ string, scopes []string) (map[string]any, error) {
	return s.accessClaims(userID, scopes)
}

// setUserinfo fills the ID token and userinfo claims. Users always get
// name and email: the web client always asks for profile and email.
func (s *storage) setUserinfo(info *oidc.UserInfo, subject string) error {
	id, err := s.identity(subject)
	if err != nil {
		return err
	}
	info.Subject = subject
	if id.person != nil {
		info.Name = id.person.Name
		info.Email = id.person.Email
		info.EmailVerified = oidc.Bool(true)
	}
	info.AppendClaims(ClaimRoles, []string{id.role})
	info.AppendClaims(ClaimMerchant, id.merchant)
	return nil
}

// SetUserinfoFromScopes is deprecated in op, which calls SetUserinfoFromRequest after it.
func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

func (s *storage) SetUserinfoFromRequest(_ context.Context, info *oidc.UserInfo, req op.IDTokenRequest, _ []string) error {
	return s.setUserinfo(info, req.GetSubject())
}

// liveAccessToken finds a known, unexpired, unrevoked access token.
func (s *storage) liveAccessToken(id, subject string) (accessToken, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.accessTokens[id]
	if !ok || t.subject != subject || !s.now().Before(t.expires) {
		return accessToken{}, errors.New("devidp: unknown, expired or revoked access token")
	}
	return *t, nil
}

func (s *storage) SetUserinfoFromToken(_ context.Context, info *oidc.UserInfo, tokenID, subject, _ string) error {
	if _, err := s.liveAccessToken(tokenID, subject); err != nil {
		return err
	}
	return s.setUserinfo(info, subject)
}

// SetIntrospectionFromToken answers the token's client or its audience.
func (s *storage) SetIntrospectionFromToken(_ context.Context, resp *oidc.IntrospectionResponse, tokenID, subject, clientID string) error {
	t, err := s.liveAccessToken(tokenID, subject)
	if err != nil {
		return err
	}
	if t.clientID != clientID && !slices.Contains(t.audience, clientID) {
		return errors.New("devidp: token not meant for this client")
	}
	info := new(oidc.UserInfo)
	if err := s.setUserinfo(info, subject); err != nil {
		return err
	}
	resp.SetUserInfo(info)
	resp.Scope = t.scopes
	resp.ClientID = t.clientID
	resp.Audience = t.audience
	resp.Expiration = oidc.FromTime(t.expires)
	resp.JWTID = t.id
	resp.TokenType = oidc.BearerToken
	return nil
}

// GetKeyByIDAndClientID would serve private_key_jwt and the JWT profile
// grant, which no client here uses.
func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errors.New("devidp: no client keys: private_key_jwt is not supported")
}

func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("devidp: the JWT profile grant is not supported")
}

func (s *storage) Health(context.Context) error { return nil }
