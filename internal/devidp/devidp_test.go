package devidp_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/devidp"
	"golang.org/x/oauth2"
)

func TestDiscovery(t *testing.T) {
	e := newEnv(t, nil)
	var doc map[string]any
	if err := e.oidc.Claims(&doc); err != nil {
		t.Fatal(err)
	}
	if got, want := doc["issuer"], e.issuer; got != want {
		t.Errorf("issuer: got %v, want %v", got, want)
	}
	for _, name := range []string{
		"authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri",
		"end_session_endpoint", "revocation_endpoint", "introspection_endpoint",
	} {
		t.Run(name, func(t *testing.T) {
			got, _ := doc[name].(string)
			if !strings.HasPrefix(got, e.issuer+"/") {
				t.Errorf("got %q, want a URL under %s/", got, e.issuer)
			}
		})
	}
	lists := []struct {
		name string
		want []string
	}{
		{"code_challenge_methods_supported", []string{"S256"}},
		{"grant_types_supported", []string{"authorization_code", "refresh_token", "client_credentials"}},
		{"token_endpoint_auth_methods_supported", []string{"client_secret_basic", "client_secret_post"}},
		{"claims_supported", []string{devidp.ClaimRoles, devidp.ClaimMerchant}},
	}
	for _, l := range lists {
		t.Run(l.name, func(t *testing.T) {
			var got []string
			raw, _ := json.Marshal(doc[l.name])
			json.Unmarshal(raw, &got)
			for _, w := range l.want {
				if !slices.Contains(got, w) {
					t.Errorf("got %v, want it to contain %q", got, w)
				}
			}
		})
	}
	t.Run("jwks", func(t *testing.T) {
		if got := e.jwks(t); len(got) != 1 || got[0] == "" {
			t.Errorf("got key IDs %q, want one", got)
		}
	})
}

func TestAuthorizationCode(t *testing.T) {
	e := newEnv(t, nil)
	kids := e.jwks(t)
	for _, u := range devidp.Users {
		t.Run(u.Email, func(t *testing.T) {
			tok, l := e.signIn(t, u.Email)
			rawID, _ := tok.Extra("id_token").(string)

			idToken, id := e.verify(t, rawID, webID)
			if got, want := idToken.Nonce, l.nonce; got != want {
				t.Errorf("nonce: got %q, want %q", got, want)
			}
			if err := idToken.VerifyAccessToken(tok.AccessToken); err != nil {
				t.Errorf("at_hash: %v", err)
			}
			if got, want := id.AZP, webID; got != want {
				t.Errorf("ID token azp: got %q, want %q", got, want)
			}

			access, at := e.verifyAccess(t, tok.AccessToken)
			alg, kid := header(t, tok.AccessToken)
			if alg != "RS256" || !slices.Contains(kids, kid) {
				t.Errorf("access token header: got alg %q kid %q, want RS256 and one of %q", alg, kid, kids)
			}
			if got, want := at.Audience, []string{webID, apiAudience}; !slices.Equal(got, want) {
				t.Errorf("access token aud: got %q, want %q", got, want)
			}
			if got, want := at.ClientID, webID; got != want {
				t.Errorf("client_id: got %q, want %q", got, want)
			}
			if got, want := at.Scope, "openid profile email offline_access"; got != want {
				t.Errorf("scope: got %q, want %q", got, want)
			}
			if at.JTI == "" || at.NotBefore == 0 || at.IssuedAt == 0 || access.Expiry.IsZero() {
				t.Errorf("got jti %q nbf %d iat %d exp %v, want all set", at.JTI, at.NotBefore, at.IssuedAt, access.Expiry)
			}
			if got, want := time.Until(access.Expiry).Round(time.Minute), 5*time.Minute; got != want {
				t.Errorf("access token lifetime: got %v, want %v", got, want)
			}

			// The ID token and the access token say the same of the user.
			for name, got := range map[string]struct {
				sub string
				c   claims
			}{"ID token": {idToken.Subject, id}, "access token": {access.Subject, at}} {
				if got.sub != u.Subject {
					t.Errorf("%s sub: got %q, want %q", name, got.sub, u.Subject)
				}
				if want := []string{u.Role}; !slices.Equal(got.c.Roles, want) {
					t.Errorf("%s %s: got %q, want %q", name, devidp.ClaimRoles, got.c.Roles, want)
				}
				if got.c.Merchant != u.MerchantAccount {
					t.Errorf("%s %s: got %q, want %q", name, devidp.ClaimMerchant, got.c.Merchant, u.MerchantAccount)
				}
				if got.c.Name != u.Name || got.c.Email != u.Email {
					t.Errorf("%s: got %q <%s>, want %q <%s>", name, got.c.Name, got.c.Email, u.Name, u.Email)
				}
			}

			info, err := e.oidc.UserInfo(t.Context(), oauth2.StaticTokenSource(tok))
			if err != nil {
				t.Fatal(err)
			}
			var ic claims
			if err := info.Claims(&ic); err != nil {
				t.Fatal(err)
			}
			if info.Subject != u.Subject || info.Email != u.Email || ic.Name != u.Name ||
				!slices.Equal(ic.Roles, []string{u.Role}) || ic.Merchant != u.MerchantAccount {
				t.Errorf("userinfo: got %s %s %q %q %q, want %s %s %q [%s] %q",
					info.Subject, info.Email, ic.Name, ic.Roles, ic.Merchant,
					u.Subject, u.Email, u.Name, u.Role, u.MerchantAccount)
			}
		})
	}

	// The contract the API is written against, spelled out once.
	t.Run("manager of Hôtel Refundus Maximus", func(t *testing.T) {
		tok, _ := e.signIn(t, "marc.responsable@refundus.example")
		_, at := e.verifyAccess(t, tok.AccessToken)
		if got, want := at.Roles, []string{"MANAGER"}; !slices.Equal(got, want) {
			t.Errorf("roles: got %q, want %q", got, want)
		}
		if got, want := at.Merchant, "M-100001"; got != want {
			t.Errorf("merchant: got %q, want %q", got, want)
		}
	})

	t.Run("userinfo refuses an ID token", func(t *testing.T) {
		tok, _ := e.signIn(t, "alice.admin@refundus.example")
		idOnly := &oauth2.Token{AccessToken: tok.Extra("id_token").(string), TokenType: "Bearer"}
		if _, err := e.oidc.UserInfo(t.Context(), oauth2.StaticTokenSource(idOnly)); err == nil {
			t.Error("got userinfo, want an error")
		}
	})
}

func TestClientAuthentication(t *testing.T) {
	e := newEnv(t, nil)
	cases := []struct {
		name   string
		style  oauth2.AuthStyle
		secret string
		want   string // OAuth error code, "" for success
	}{
		{"client_secret_basic", oauth2.AuthStyleInHeader, webSecret, ""},
		{"client_secret_post", oauth2.AuthStyleInParams, webSecret, ""},
		{"wrong secret in header", oauth2.AuthStyleInHeader, "nope", "invalid_client"},
		{"wrong secret in body", oauth2.AuthStyleInParams, "nope", "invalid_client"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			web := e.web
			web.ClientSecret = c.secret
			web.Endpoint = withAuthStyle(web.Endpoint, c.style)
			l := newLogin()
			_, err := web.Exchange(t.Context(), e.code(t, l, "valerie.lecteur@refundus.example"), oauth2.VerifierOption(l.verifier))
			if got := errorCode(err); got != c.want || (c.want == "" && err != nil) {
				t.Errorf("got %q (%v), want %q", got, err, c.want)
			}
		})
	}
}

func TestPKCE(t *testing.T) {
	e := newEnv(t, nil)
	const user = "olivier.operateur@refundus.example"

	authorizeCases := []struct {
		name string
		opts []oauth2.AuthCodeOption
	}{
		{"authorize without code_challenge", nil},
		{"authorize with the plain method", []oauth2.AuthCodeOption{
			oauth2.SetAuthURLParam("code_challenge", "abc"), oauth2.SetAuthURLParam("code_challenge_method", "plain"),
		}},
	}
	for _, c := range authorizeCases {
		t.Run(c.name, func(t *testing.T) {
			back := e.browse(t, e.web.AuthCodeURL("s", c.opts...), user)
			if got, want := back.Query().Get("error"), "invalid_request"; got != want {
				t.Errorf("got error %q, want %q (redirect %s)", got, want, back)
			}
			if back.Query().Has("code") {
				t.Errorf("got a code in %s", back)
			}
		})
	}

	tokenCases := []struct {
		name     string
		verifier string
		want     string
	}{
		{"token request without verifier", "", "invalid_request"},
		{"token request with a wrong verifier", oauth2.GenerateVerifier(), "invalid_grant"},
	}
	for _, c := range tokenCases {
		t.Run(c.name, func(t *testing.T) {
			l := newLogin()
			code := e.code(t, l, user)
			var opts []oauth2.AuthCodeOption
			if c.verifier != "" {
				opts = append(opts, oauth2.VerifierOption(c.verifier))
			}
			_, err := e.web.Exchange(t.Context(), code, opts...)
			if got := errorCode(err); got != c.want {
				t.Errorf("got %q (%v), want %q", got, err, c.want)
			}
		})
	}

	t.Run("code used twice", func(t *testing.T) {
		l := newLogin()
		code := e.code(t, l, user)
		if _, err := e.web.Exchange(t.Context(), code, oauth2.VerifierOption(l.verifier)); err != nil {
			t.Fatal(err)
		}
		_, err := e.web.Exchange(t.Context(), code, oauth2.VerifierOption(l.verifier))
		if got, want := errorCode(err), "invalid_grant"; got != want {
			t.Errorf("got %q (%v), want %q", got, err, want)
		}
	})
}

func TestRefresh(t *testing.T) {
	e := newEnv(t, nil)
	u := userByEmail(t, "octave.operateur@alibaba.example")
	first, _ := e.signIn(t, u.Email)
	if first.RefreshToken == "" {
		t.Fatal("no refresh token for offline_access")
	}
	_, before := e.verifyAccess(t, first.AccessToken)

	t.Run("wrong client secret", func(t *testing.T) {
		web := e.web
		web.ClientSecret = "nope"
		_, err := web.TokenSource(t.Context(), &oauth2.Token{RefreshToken: first.RefreshToken}).Token()
		if got, want := errorCode(err), "invalid_client"; got != want {
			t.Errorf("got %q (%v), want %q", got, err, want)
		}
	})
	second, err := e.refresh(t, first.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("rotates the refresh token", func(t *testing.T) {
		if second.RefreshToken == "" || second.RefreshToken == first.RefreshToken {
			t.Errorf("got refresh token %q, want a new one", second.RefreshToken)
		}
	})
	t.Run("same claims as at login", func(t *testing.T) {
		access, after := e.verifyAccess(t, second.AccessToken)
		if access.Subject != u.Subject {
			t.Errorf("sub: got %q, want %q", access.Subject, u.Subject)
		}
		if after.JTI == before.JTI {
			t.Errorf("jti: got the login's %q again", after.JTI)
		}
		after.JTI, after.IssuedAt, after.NotBefore = before.JTI, before.IssuedAt, before.NotBefore
		if got, want := after, before; !equalClaims(got, want) {
			t.Errorf("got %+v, want %+v", got, want)
		}
		rawID, _ := second.Extra("id_token").(string)
		idToken, id := e.verify(t, rawID, webID)
		if idToken.Subject != u.Subject || id.Merchant != u.MerchantAccount || !slices.Equal(id.Roles, []string{u.Role}) {
			t.Errorf("refreshed ID token: got %s %q %q", idToken.Subject, id.Merchant, id.Roles)
		}
	})
	t.Run("old refresh token refused", func(t *testing.T) {
		_, err := e.refresh(t, first.RefreshToken)
		if got, want := errorCode(err), "invalid_grant"; got != want {
			t.Errorf("got %q (%v), want %q", got, err, want)
		}
	})
	t.Run("reuse revoked the rotated token too", func(t *testing.T) {
		_, err := e.refresh(t, second.RefreshToken)
		if got, want := errorCode(err), "invalid_grant"; got != want {
			t.Errorf("got %q (%v), want %q", got, err, want)
		}
	})
	t.Run("concurrent refreshes: one wins", func(t *testing.T) {
		tok, _ := e.signIn(t, u.Email)
		var wg sync.WaitGroup
		var ok atomic.Int32
		for range 4 {
			wg.Go(func() {
				if _, err := e.refresh(t, tok.RefreshToken); err == nil {
					ok.Add(1)
				}
			})
		}
		wg.Wait()
		if got, want := ok.Load(), int32(1); got != want {
			t.Errorf("got %d successful refreshes, want %d", got, want)
		}
	})
}

func equalClaims(a, b claims) bool {
	return slices.Equal(a.Audience, b.Audience) && a.ClientID == b.ClientID && a.Scope == b.Scope &&
		slices.Equal(a.Roles, b.Roles) && a.Merchant == b.Merchant && a.Name == b.Name && a.Email == b.Email
}

func TestRefreshTokenExpires(t *testing.T) {
	var offset atomic.Int64
	e := newEnv(t, func(c *devidp.Config) {
		c.RefreshTokenTTL = time.Hour
		c.Now = func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	})
	tok, _ := e.signIn(t, "manon.responsable@alibaba.example")
	offset.Store(int64(time.Hour + time.Minute))
	_, err := e.refresh(t, tok.RefreshToken)
	if got, want := errorCode(err), "invalid_grant"; got != want {
		t.Errorf("got %q (%v), want %q", got, err, want)
	}
}

func TestClientCredentials(t *testing.T) {
	e := newEnv(t, nil)
	for _, m := range devidp.MachineClients {
		if m.Disabled {
			continue
		}
		t.Run(m.ID, func(t *testing.T) {
			tok, err := e.machineToken(t, m.ID, m.Secret)
			if err != nil {
				t.Fatal(err)
			}
			access, c := e.verifyAccess(t, tok.AccessToken)
			if got, want := c.Audience, []string{apiAudience}; !slices.Equal(got, want) {
				t.Errorf("aud: got %q, want %q", got, want)
			}
			if access.Subject != m.ID || c.ClientID != m.ID {
				t.Errorf("sub, client_id: got %q, %q, want %q", access.Subject, c.ClientID, m.ID)
			}
			if got, want := c.Roles, []string{"PARTNER"}; !slices.Equal(got, want) {
				t.Errorf("roles: got %q, want %q", got, want)
			}
			if got, want := c.Merchant, m.MerchantAccount; got != want {
				t.Errorf("merchant: got %q, want %q", got, want)
			}
			if got, want := c.Scope, strings.Join(m.Scopes, " "); got != want {
				t.Errorf("scope: got %q, want %q", got, want)
			}
			if c.Name != "" || c.Email != "" || c.JTI == "" {
				t.Errorf("got name %q email %q jti %q, want no person and a jti", c.Name, c.Email, c.JTI)
			}
			if got, want := tok.Extra("refresh_token"), any(nil); got != want {
				t.Errorf("refresh_token: got %v, want none", got)
			}
		})
	}

	t.Run("refund scope for partner-refunds only", func(t *testing.T) {
		got := map[string]string{}
		for _, id := range []string{"partner-demo", "partner-other", "partner-refunds"} {
			tok, err := e.machineToken(t, id, id+"-secret")
			if err != nil {
				t.Fatal(err)
			}
			_, c := e.verifyAccess(t, tok.AccessToken)
			got[id] = c.Scope
		}
		want := map[string]string{"partner-demo": "", "partner-other": "", "partner-refunds": "refund"}
		for id := range want {
			if got[id] != want[id] {
				t.Errorf("%s scope: got %q, want %q", id, got[id], want[id])
			}
		}
	})

	refused := []struct {
		name, id, secret string
		scopes           []string
		want             string
	}{
		{"partner-disabled", "partner-disabled", "partner-disabled-secret", nil, "invalid_client"},
		{"wrong secret", "partner-demo", "partner-refunds-secret", nil, "invalid_client"},
		{"unknown client", "partner-nobody", "x", nil, "invalid_client"},
		{"refund scope for partner-demo", "partner-demo", "partner-demo-secret", []string{"refund"}, "invalid_scope"},
		{"web client", webID, webSecret, nil, "unauthorized_client"},
	}
	for _, c := range refused {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.machineToken(t, c.id, c.secret, c.scopes...)
			if got := errorCode(err); got != c.want {
				t.Errorf("got %q (%v), want %q", got, err, c.want)
			}
		})
	}
}

func TestEndSession(t *testing.T) {
	e := newEnv(t, nil)
	endSession := func(t *testing.T, params url.Values) *http.Response {
		t.Helper()
		return e.get(t, e.endpoint(t, "end_session_endpoint")+"?"+params.Encode())
	}

	t.Run("redirects to the post-logout URI", func(t *testing.T) {
		tok, _ := e.signIn(t, "ali.admin@alibaba.example")
		resp := endSession(t, url.Values{
			"id_token_hint":            {tok.Extra("id_token").(string)},
			"post_logout_redirect_uri": {e.logoutURI},
			"state":                    {"bye"},
		})
		loc, err := resp.Location()
		if err != nil {
			t.Fatalf("status %d: %s", resp.StatusCode, body(t, resp))
		}
		if got, want := loc.String(), e.logoutURI+"?state=bye"; got != want {
			t.Errorf("got %s, want %s", got, want)
		}
		_, err = e.refresh(t, tok.RefreshToken)
		if got, want := errorCode(err), "invalid_grant"; got != want {
			t.Errorf("refresh after logout: got %q (%v), want %q", got, err, want)
		}
	})
	t.Run("unregistered post-logout URI", func(t *testing.T) {
		tok, _ := e.signIn(t, "ali.admin@alibaba.example")
		resp := endSession(t, url.Values{
			"id_token_hint":            {tok.Extra("id_token").(string)},
			"post_logout_redirect_uri": {"http://evil.example/"},
		})
		if got, want := resp.StatusCode, http.StatusBadRequest; got != want {
			t.Errorf("got status %d, want %d", got, want)
		}
	})
	t.Run("no hint: the provider's own page", func(t *testing.T) {
		resp := endSession(t, url.Values{})
		loc, err := resp.Location()
		if err != nil {
			t.Fatalf("status %d: %s", resp.StatusCode, body(t, resp))
		}
		if got, want := loc.String(), e.issuer+"/logged-out"; got != want {
			t.Errorf("got %s, want %s", got, want)
		}
		page := e.get(t, loc.String())
		if got, want := page.StatusCode, http.StatusOK; got != want {
			t.Errorf("logged-out page: got status %d, want %d", got, want)
		}
		if got, want := body(t, page), "Vous êtes déconnecté"; !strings.Contains(got, want) {
			t.Errorf("logged-out page: got %q, want it to contain %q", got, want)
		}
	})
}

func TestRevocation(t *testing.T) {
	e := newEnv(t, nil)
	t.Run("RevokeAll", func(t *testing.T) {
		u := userByEmail(t, "veronique.lecteur@alibaba.example")
		tok, _ := e.signIn(t, u.Email)
		e.p.RevokeAll(u.Subject)
		if _, err := e.refresh(t, tok.RefreshToken); errorCode(err) != "invalid_grant" {
			t.Errorf("refresh: got %v, want invalid_grant", err)
		}
		if _, err := e.oidc.UserInfo(t.Context(), oauth2.StaticTokenSource(tok)); err == nil {
			t.Error("userinfo: got claims, want an error")
		}
	})
	t.Run("revocation endpoint", func(t *testing.T) {
		tok, _ := e.signIn(t, "veronique.lecteur@alibaba.example")
		resp := e.postAsWebClient(t, "revocation_endpoint", url.Values{"token": {tok.RefreshToken}})
		if got, want := resp.StatusCode, http.StatusOK; got != want {
			t.Fatalf("got status %d, want %d", got, want)
		}
		if _, err := e.refresh(t, tok.RefreshToken); errorCode(err) != "invalid_grant" {
			t.Errorf("refresh: got %v, want invalid_grant", err)
		}
	})
	t.Run("introspection", func(t *testing.T) {
		u := userByEmail(t, "marc.responsable@refundus.example")
		tok, _ := e.signIn(t, u.Email)
		introspect := func() map[string]any {
			resp := e.postAsWebClient(t, "introspection_endpoint", url.Values{"token": {tok.AccessToken}})
			var got map[string]any
			if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
				t.Fatal(err)
			}
			return got
		}
		got := introspect()
		if got["active"] != true || got["sub"] != u.Subject || got[devidp.ClaimMerchant] != u.MerchantAccount {
			t.Errorf("got %v, want active for %s of %s", got, u.Subject, u.MerchantAccount)
		}
		e.p.RevokeAll(u.Subject)
		if got := introspect(); got["active"] != false {
			t.Errorf("after RevokeAll: got %v, want inactive", got)
		}
	})
}

func TestLoginPage(t *testing.T) {
	e := newEnv(t, nil)
	start := func(t *testing.T, opts ...oauth2.AuthCodeOption) (loginURL, id string) {
		t.Helper()
		loc, err := e.get(t, newLogin().authURL(e, opts...)).Location()
		if err != nil {
			t.Fatal(err)
		}
		return loc.String(), loc.Query().Get("authRequestID")
	}

	t.Run("lists users by merchant", func(t *testing.T) {
		loginURL, _ := start(t)
		page := body(t, e.get(t, loginURL))
		for _, want := range []string{`lang="fr"`, "Connexion à Guichet", "aucun mot de passe"} {
			if !strings.Contains(page, want) {
				t.Errorf("page does not contain %q", want)
			}
		}
		// Each merchant's heading comes before its own users and after the
		// previous merchant's.
		last := 0
		for _, m := range devidp.Merchants {
			at := strings.Index(page, m.Account)
			if at < last {
				t.Errorf("merchant %s at %d, want after %d", m.Account, at, last)
			}
			last = at
			for _, u := range devidp.Users {
				if u.MerchantAccount != m.Account {
					continue
				}
				at := strings.Index(page, `value="`+u.Email+`"`)
				if at < last {
					t.Errorf("user %s at %d, want after %d", u.Email, at, last)
				}
				last = at
			}
		}
	})
	t.Run("login_hint preselects", func(t *testing.T) {
		const hint = "olivier.operateur@refundus.example"
		loginURL, _ := start(t, oauth2.SetAuthURLParam("login_hint", hint))
		page := body(t, e.get(t, loginURL))
		if got, want := strings.Count(page, "autofocus"), 1; got != want {
			t.Errorf("got %d preselected users, want %d", got, want)
		}
		if want := `value="` + hint + `" class="hinted" autofocus`; !strings.Contains(page, want) {
			t.Errorf("page does not contain %q", want)
		}
	})
	t.Run("user by subject", func(t *testing.T) {
		_, id := start(t)
		if got, want := e.postLogin(t, id, "u-100002-manager").StatusCode, http.StatusSeeOther; got != want {
			t.Errorf("got status %d, want %d", got, want)
		}
	})
	t.Run("unknown user", func(t *testing.T) {
		_, id := start(t)
		resp := e.postLogin(t, id, "mallory@example.com")
		if got, want := resp.StatusCode, http.StatusBadRequest; got != want {
			t.Errorf("got status %d, want %d", got, want)
		}
		if got, want := body(t, resp), "Utilisateur inconnu"; !strings.Contains(got, want) {
			t.Errorf("got %q, want it to contain %q", got, want)
		}
	})
	t.Run("unknown auth request", func(t *testing.T) {
		if got, want := e.postLogin(t, "nope", "alice.admin@refundus.example").StatusCode, http.StatusBadRequest; got != want {
			t.Errorf("post: got status %d, want %d", got, want)
		}
		if got, want := e.get(t, e.issuer+"/login?authRequestID=nope").StatusCode, http.StatusBadRequest; got != want {
			t.Errorf("page: got status %d, want %d", got, want)
		}
	})
	t.Run("second login on one request", func(t *testing.T) {
		_, id := start(t)
		e.postLogin(t, id, "alice.admin@refundus.example")
		if got, want := e.postLogin(t, id, "ali.admin@alibaba.example").StatusCode, http.StatusBadRequest; got != want {
			t.Errorf("got status %d, want %d", got, want)
		}
	})
	t.Run("prompt=none", func(t *testing.T) {
		back := e.browse(t, newLogin().authURL(e, oauth2.SetAuthURLParam("prompt", "none")), "")
		if got, want := back.Query().Get("error"), "login_required"; got != want {
			t.Errorf("got error %q, want %q", got, want)
		}
	})
}

func TestKeyFile(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "state", "dev-idp-key.pem")
	// One server whose provider is replaced, as a restarted process would.
	var current atomic.Pointer[http.Handler]
	mux := http.NewServeMux()
	mux.HandleFunc("/dev-idp/", func(w http.ResponseWriter, r *http.Request) { (*current.Load()).ServeHTTP(w, r) })
	srv := newLoopback(t, mux)
	cfg := devidp.Config{
		Issuer: srv + "/dev-idp", Audience: apiAudience, WebClientID: webID, WebClientSecret: webSecret,
		WebRedirectURIs: []string{srv + "/auth/callback"}, PostLogoutRedirectURIs: []string{srv + "/"},
		KeyFile: keyFile,
	}
	start := func() *env {
		p, err := devidp.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		h := p.Handler()
		current.Store(&h)
		return newEnvFor(t, cfg, p)
	}

	before := start()
	info, err := os.Stat(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := info.Mode().Perm(), os.FileMode(0o600); got != want {
		t.Errorf("key file mode: got %v, want %v", got, want)
	}
	tok, err := before.machineToken(t, "partner-demo", "partner-demo-secret")
	if err != nil {
		t.Fatal(err)
	}

	after := start()
	if got, want := after.jwks(t), before.jwks(t); !slices.Equal(got, want) {
		t.Errorf("key IDs after restart: got %q, want %q", got, want)
	}
	// A fresh verifier fetches the restarted provider's JWKS.
	after.verifyAccess(t, tok.AccessToken)
}

func TestNewRefusesBadConfig(t *testing.T) {
	good := devidp.Config{
		Issuer: "http://localhost:8080/dev-idp", Audience: apiAudience, WebClientID: webID,
		WebClientSecret: webSecret, WebRedirectURIs: []string{"http://localhost:8080/auth/callback"},
	}
	cases := []struct {
		name string
		edit func(*devidp.Config)
	}{
		{"no issuer", func(c *devidp.Config) { c.Issuer = "" }},
		{"issuer with trailing slash", func(c *devidp.Config) { c.Issuer += "/" }},
		{"issuer not a URL", func(c *devidp.Config) { c.Issuer = "dev-idp" }},
		{"no audience", func(c *devidp.Config) { c.Audience = "" }},
		{"no web client secret", func(c *devidp.Config) { c.WebClientSecret = "" }},
		{"no redirect URI", func(c *devidp.Config) { c.WebRedirectURIs = nil }},
		{"web client ID of a partner", func(c *devidp.Config) { c.WebClientID = "partner-demo" }},
	}
	t.Run("good config", func(t *testing.T) {
		if _, err := devidp.New(good); err != nil {
			t.Errorf("got %v, want a provider", err)
		}
	})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := good
			c.edit(&cfg)
			if _, err := devidp.New(cfg); err == nil {
				t.Error("got a provider, want an error")
			}
		})
	}
}
