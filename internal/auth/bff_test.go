package auth_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/ent/session"
	"github.com/guichet/guichet/internal/auth"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

const whoAmI = `{ viewer { name role permissions merchant { accountNumber } } }`

// TestLogin logs people in through the development provider with plain
// HTTP, over http and https.
func TestLogin(t *testing.T) {
	d := seeded(t, testdb.Open(t, "sqlite3"))
	for _, tls := range []bool{false, true} {
		t.Run(map[bool]string{false: "http", true: "https"}[tls], func(t *testing.T) {
			g := newGuichet(t, d, stackConfig{tls: tls})
			b := g.browser(t)
			callback := g.login(t, b, "marc.responsable@refundus.example")

			c := sessionCookie(t, callback)
			wantName := "guichet_session"
			if tls {
				wantName = "__Host-guichet_session"
			}
			if c.Name != wantName || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Secure != tls || c.Path != "/" || c.Domain != "" {
				t.Errorf("session cookie: got %s, want %s HttpOnly SameSite=Strict Path=/ without Domain, Secure %v", callback.Header["Set-Cookie"], wantName, tls)
			}

			got := g.post(t, b.Client, g.csrf(), whoAmI, nil)
			if got.Errors != nil {
				t.Fatal(got.Raw)
			}
			for path, want := range map[string]any{
				"viewer.name": "Marc Responsable", "viewer.role": "MANAGER", "viewer.merchant.accountNumber": "M-100001",
			} {
				if got := got.at(path); got != want {
					t.Errorf("%s: got %v, want %v", path, got, want)
				}
			}

			t.Run("session stored as a hash", func(t *testing.T) {
				sess, err := d.Client.Session.Query().Where(session.TokenHash(sha256Hex(c.Value))).Only(viewer.SystemContext(t.Context()))
				if err != nil {
					t.Fatalf("no session row with the cookie's hash: %v", err)
				}
				if got, want := sess.Subject, "u-100001-manager"; got != want {
					t.Errorf("subject: got %q, want %q", got, want)
				}
				if n := rowsContaining(t, d, "sessions", c.Value); n != 0 {
					t.Errorf("the cookie value is in clear in %d session rows", n)
				}
				if n := rowsContaining(t, d, "sessions", sha256Hex(c.Value)); n != 1 {
					t.Errorf("the cookie's hash is in %d session rows, want 1", n)
				}
			})
		})
	}
}

// TestCallbackRefusals checks that a callback the browser did not start,
// or whose state does not match, logs nobody in (login CSRF).
func TestCallbackRefusals(t *testing.T) {
	g := newGuichet(t, seeded(t, testdb.Open(t, "sqlite3")), stackConfig{})
	noFollow := func(b *browser) *browser {
		b.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		return b
	}
	// A real code for the attacker's own login, stopped before the callback.
	attacker := g.browser(t)
	attacker.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
		if req.URL.Path == "/auth/callback" {
			return http.ErrUseLastResponse
		}
		return nil
	}
	resp, err := attacker.Get(g.URL + "/auth/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = attacker.PostForm(g.URL+"/dev-idp/login", url.Values{"id": {resp.Request.URL.Query().Get("authRequestID")}, "user": {"alice.admin@refundus.example"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	callback, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || callback.Query().Get("code") == "" {
		t.Fatalf("no callback with a code: %q", resp.Header.Get("Location"))
	}
	wrongState := *callback
	q := wrongState.Query()
	q.Set("state", "forged")
	wrongState.RawQuery = q.Encode()

	for _, c := range []struct {
		name string
		// started says whether the victim's browser started a login.
		started  bool
		callback string
		want     string
	}{
		{"the attacker's callback in a fresh browser", false, callback.String(), "/login?error=expired"},
		{"the attacker's callback after the victim started a login", true, callback.String(), "/login?error=state"},
		{"a forged state", true, wrongState.String(), "/login?error=state"},
	} {
		t.Run(c.name, func(t *testing.T) {
			victim := noFollow(g.browser(t))
			if c.started {
				resp, err := victim.Get(g.URL + "/auth/login")
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
			}
			resp, err := victim.Get(c.callback)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Get("Location"); got != c.want {
				t.Errorf("got Location %q, want %q", got, c.want)
			}
			for _, ck := range resp.Cookies() {
				if strings.HasSuffix(ck.Name, "guichet_session") && ck.Value != "" {
					t.Errorf("a session cookie was set: %v", ck)
				}
			}
			if got := g.post(t, victim.Client, g.csrf(), whoAmI, nil); got.code() != "UNAUTHENTICATED" {
				t.Errorf("the victim's browser: got %s, want UNAUTHENTICATED", got.Raw)
			}
		})
	}
}

// TestCSRF checks that a state-changing request carried by the session
// cookie needs the custom header and an allowed origin.
func TestCSRF(t *testing.T) {
	g := newGuichet(t, seeded(t, testdb.Open(t, "sqlite3")), stackConfig{})
	b := g.browser(t)
	g.login(t, b, "alice.admin@refundus.example")
	for _, c := range []struct {
		name   string
		header http.Header
		want   int
	}{
		{"header and own origin", http.Header{auth.CSRFHeader: {"1"}, "Origin": {g.URL}}, http.StatusOK},
		{"header without origin", http.Header{auth.CSRFHeader: {"1"}}, http.StatusOK},
		{"no header", http.Header{"Origin": {g.URL}}, http.StatusForbidden},
		{"no header nor origin", http.Header{}, http.StatusForbidden},
		{"another origin", http.Header{auth.CSRFHeader: {"1"}, "Origin": {"https://evil.example"}}, http.StatusForbidden},
		{"a sibling port", http.Header{auth.CSRFHeader: {"1"}, "Origin": {strings.Replace(g.URL, "127.0.0.1", "localhost", 1)}}, http.StatusForbidden},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := g.post(t, b.Client, c.header, `mutation { createLabel(input: {name: "`+c.name+`"}) { id } }`, nil)
			if got.Status != c.want {
				t.Fatalf("got status %d, want %d: %s", got.Status, c.want, got.Raw)
			}
			if c.want == http.StatusForbidden && got.code() != "FORBIDDEN" {
				t.Errorf("got %s, want FORBIDDEN", got.Raw)
			}
			if c.want == http.StatusOK && got.Errors != nil {
				t.Errorf("got %s", got.Raw)
			}
		})
	}
	t.Run("GET runs no mutation", func(t *testing.T) {
		q := url.Values{"query": {`mutation { createLabel(input: {name: "par GET"}) { id } }`}}
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, g.URL+"/graphql?"+q.Encode(), nil)
		got := g.send(t, b.Client, req)
		if got.Errors == nil || got.at("createLabel") != nil {
			t.Errorf("got %s, want the mutation refused", got.Raw)
		}
	})
	t.Run("GET reads", func(t *testing.T) {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, g.URL+"/graphql?"+url.Values{"query": {whoAmI}}.Encode(), nil)
		if got := g.send(t, b.Client, req); got.at("viewer.role") != "ADMIN" {
			t.Errorf("got %s, want the admin's viewer", got.Raw)
		}
	})
}

// TestSessionLifetime moves the clock: the access token is renewed before
// it expires, an idle session ends, and so does any session at its
// absolute end; on SQLite and PostgreSQL, since renewal locks the row.
func TestSessionLifetime(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		d = seeded(t, d)
		// Each case has its own provider and clock: the provider stamps
		// ID tokens with the system clock, which the login checks.
		var g *guichet
		fresh := func(t *testing.T) {
			g = newGuichet(t, d, stackConfig{
				accessTTL:  2 * time.Minute,
				sessions:   auth.SessionConfig{Idle: 10 * time.Minute, Max: 30 * time.Minute},
				slowTokens: 50 * time.Millisecond,
			})
		}
		ctx := viewer.SystemContext(t.Context())
		sessionOf := func(t *testing.T, c *http.Cookie) (id int, accessToken string, expires time.Time, ended bool) {
			t.Helper()
			s, err := d.Client.Session.Query().Where(session.TokenHash(sha256Hex(c.Value))).Only(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return s.ID, s.AccessToken, s.AccessTokenExpiresAt, s.EndedAt != nil
		}
		loggedIn := func(t *testing.T, b *browser) bool {
			t.Helper()
			got := g.post(t, b.Client, g.csrf(), whoAmI, nil)
			switch {
			case got.Errors == nil && got.at("viewer.name") == "Olivier Opérateur":
				return true
			case got.code() == "UNAUTHENTICATED":
				return false
			}
			t.Fatalf("got %s", got.Raw)
			return false
		}

		t.Run("access token renewed before it expires", func(t *testing.T) {
			fresh(t)
			b := g.browser(t)
			c := sessionCookie(t, g.login(t, b, "olivier.operateur@refundus.example"))
			_, token, expires, _ := sessionOf(t, c)
			g.clock.Advance(30 * time.Second)
			if !loggedIn(t, b) {
				t.Fatal("logged out")
			}
			if _, got, _, _ := sessionOf(t, c); got != token {
				t.Errorf("renewed two minutes before expiry: too early")
			}
			g.clock.Advance(61 * time.Second) // within a minute of the expiry
			if !loggedIn(t, b) {
				t.Fatal("logged out by the renewal")
			}
			_, renewed, renewedExpiry, _ := sessionOf(t, c)
			if renewed == token || !renewedExpiry.After(expires) {
				t.Errorf("access token not renewed: expiry %v, was %v", renewedExpiry, expires)
			}

			// Many requests at once renew the token once: a second use of
			// the rotated refresh token would end the session.
			g.clock.Advance(90 * time.Second)
			var wg sync.WaitGroup
			results := make([]bool, 10)
			for i := range results {
				wg.Go(func() { results[i] = loggedIn(t, b) })
			}
			wg.Wait()
			for i, ok := range results {
				if !ok {
					t.Errorf("request %d of 10 during the renewal: logged out", i)
				}
			}
			if _, again, _, ended := sessionOf(t, c); again == renewed || ended {
				t.Errorf("concurrent renewal: token renewed %v, session ended %v", again != renewed, ended)
			}
			if !loggedIn(t, b) {
				t.Error("logged out after a concurrent renewal")
			}
		})
		t.Run("provider outage during renewal", func(t *testing.T) {
			fresh(t)
			b := g.browser(t)
			c := sessionCookie(t, g.login(t, b, "olivier.operateur@refundus.example"))
			_, token, _, _ := sessionOf(t, c)
			g.outage.Store(true)
			g.clock.Advance(70 * time.Second) // renewal due, token still valid
			if !loggedIn(t, b) {
				t.Fatal("logged out by a provider outage while the access token is valid")
			}
			g.clock.Advance(time.Minute) // token expired
			if got := g.post(t, b.Client, g.csrf(), whoAmI, nil); got.Status != http.StatusInternalServerError {
				t.Errorf("provider down, token expired: got %d %s, want 500", got.Status, got.Raw)
			}
			if _, _, _, ended := sessionOf(t, c); ended {
				t.Fatal("a provider outage ended the session")
			}
			g.outage.Store(false)
			if !loggedIn(t, b) {
				t.Fatal("logged out once the provider is back")
			}
			if _, renewed, _, _ := sessionOf(t, c); renewed == token {
				t.Error("the access token was not renewed once the provider is back")
			}
		})
		t.Run("idle timeout", func(t *testing.T) {
			fresh(t)
			b := g.browser(t)
			c := sessionCookie(t, g.login(t, b, "olivier.operateur@refundus.example"))
			g.clock.Advance(9 * time.Minute)
			if !loggedIn(t, b) {
				t.Fatal("logged out before the idle timeout")
			}
			g.clock.Advance(10 * time.Minute)
			if loggedIn(t, b) {
				t.Error("still logged in after 10 idle minutes")
			}
			if _, _, _, ended := sessionOf(t, c); !ended {
				t.Error("the idle session is not ended in the database")
			}
		})
		t.Run("absolute lifetime", func(t *testing.T) {
			fresh(t)
			b := g.browser(t)
			c := sessionCookie(t, g.login(t, b, "olivier.operateur@refundus.example"))
			for i := range 3 {
				g.clock.Advance(9 * time.Minute)
				if !loggedIn(t, b) {
					t.Fatalf("logged out after %d active minutes", 9*(i+1))
				}
			}
			g.clock.Advance(3 * time.Minute)
			if loggedIn(t, b) {
				t.Error("still logged in 30 minutes after login")
			}
			if _, _, _, ended := sessionOf(t, c); !ended {
				t.Error("the session is not ended in the database")
			}
		})
	})
}

// TestLogout ends the session for good and hands back the provider's
// end-session URL.
func TestLogout(t *testing.T) {
	g := newGuichet(t, seeded(t, testdb.Open(t, "sqlite3")), stackConfig{})
	b := g.browser(t)
	c := sessionCookie(t, g.login(t, b, "valerie.lecteur@refundus.example"))

	refused := g.post(t, b.Client, http.Header{}, whoAmI, nil)
	if refused.Status != http.StatusForbidden {
		t.Fatalf("a POST without %s: got %d, want 403", auth.CSRFHeader, refused.Status)
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, g.URL+"/auth/logout", nil)
	if resp, err := b.Do(req); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("logout without %s: got %v %v, want 403", auth.CSRFHeader, resp.StatusCode, err)
	}

	req, _ = http.NewRequestWithContext(t.Context(), http.MethodPost, g.URL+"/auth/logout", nil)
	req.Header = g.csrf()
	resp, err := b.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		LogoutURL string `json:"logoutUrl"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("logout: status %d, %v", resp.StatusCode, err)
	}
	u, err := url.Parse(out.LogoutURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if got, want := u.Scheme+"://"+u.Host+u.Path, g.URL+"/dev-idp/end_session"; got != want {
		t.Errorf("logout URL: got %s, want %s?...", out.LogoutURL, want)
	}
	if q.Get("id_token_hint") == "" || q.Get("client_id") != webClient || q.Get("post_logout_redirect_uri") != g.URL+"/login" {
		t.Errorf("logout URL %s: want id_token_hint, client_id and post_logout_redirect_uri", out.LogoutURL)
	}
	cleared := false
	for _, sc := range resp.Cookies() {
		cleared = cleared || (sc.Name == c.Name && sc.MaxAge < 0)
	}
	if !cleared {
		t.Errorf("logout does not clear the cookie: %v", resp.Header["Set-Cookie"])
	}

	// The provider's end-session URL works for the session's ID token.
	end, err := b.Get(out.LogoutURL)
	if err != nil {
		t.Fatal(err)
	}
	end.Body.Close()
	if got, want := end.Request.URL.String(), g.URL+"/login"; got != want {
		t.Errorf("end session: ended at %s, want %s", got, want)
	}

	// The old cookie replayed no longer opens anything.
	replay := http.Header{"Cookie": {c.Name + "=" + c.Value}}
	for k, v := range g.csrf() {
		replay[k] = v
	}
	got := g.post(t, http.DefaultClient, replay, whoAmI, nil)
	if got.code() != "UNAUTHENTICATED" {
		t.Errorf("replayed cookie: got %s, want UNAUTHENTICATED", got.Raw)
	}
}

// TestRevokeSession lets an ADMIN end another person's session at once.
func TestRevokeSession(t *testing.T) {
	g := newGuichet(t, seeded(t, testdb.Open(t, "sqlite3")), stackConfig{})
	manager, admin := g.browser(t), g.browser(t)
	g.login(t, manager, "marc.responsable@refundus.example")
	g.login(t, admin, "alice.admin@refundus.example")
	g.login(t, g.browser(t), "manon.responsable@alibaba.example") // another merchant's

	list := g.post(t, admin.Client, g.csrf(), `{ sessions { edges { node { id subject } } } }`, nil)
	var id string
	var subjects []string
	for _, e := range list.at("sessions.edges").([]any) {
		n := e.(map[string]any)["node"].(map[string]any)
		subjects = append(subjects, n["subject"].(string))
		if n["subject"] == "u-100001-manager" {
			id = n["id"].(string)
		}
	}
	slices.Sort(subjects)
	if got, want := fmt.Sprint(subjects), "[u-100001-admin u-100001-manager]"; got != want {
		t.Errorf("the admin sees sessions of %s, want %s", got, want)
	}
	if got := g.post(t, manager.Client, g.csrf(), `mutation($id: ID!) { revokeSession(id: $id) { id } }`, map[string]any{"id": id}); got.code() != "FORBIDDEN" {
		t.Errorf("a MANAGER revoking a session: got %s, want FORBIDDEN", got.Raw)
	}
	got := g.post(t, admin.Client, g.csrf(), `mutation($id: ID!) { revokeSession(id: $id) { endedAt } }`, map[string]any{"id": id})
	if got.Errors != nil || got.at("revokeSession.endedAt") == nil {
		t.Fatalf("revokeSession: %s", got.Raw)
	}
	if got := g.post(t, manager.Client, g.csrf(), whoAmI, nil); got.code() != "UNAUTHENTICATED" {
		t.Errorf("the revoked manager: got %s, want UNAUTHENTICATED", got.Raw)
	}
	if got := g.post(t, admin.Client, g.csrf(), whoAmI, nil); got.at("viewer.role") != "ADMIN" {
		t.Errorf("the admin after revoking another session: got %s", got.Raw)
	}
	audit := g.post(t, admin.Client, g.csrf(), `{ auditEvents(where: {action: SESSION_REVOKED}) { edges { node { actorName target } } } }`, nil)
	if got, want := fmt.Sprint(audit.at("auditEvents.edges")), "[map[node:map[actorName:Alice Admin target:Marc Responsable]]]"; got != want {
		t.Errorf("audit trail: got %s, want %s", got, want)
	}
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// rowsContaining counts the rows of table with a column holding value.
func rowsContaining(t *testing.T, d *db.DB, table, value string) int {
	t.Helper()
	rows, err := d.SQL.QueryContext(t.Context(), "SELECT * FROM "+table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	n := 0
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			if strings.Contains(fmt.Sprint(v), value) || strings.Contains(fmt.Sprintf("%s", v), value) {
				n++
				break
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestReturnTo checks where the login sends the browser back: a path of
// Guichet, never another site however the path is disguised.
func TestReturnTo(t *testing.T) {
	g := newGuichet(t, seeded(t, testdb.Open(t, "sqlite3")), stackConfig{})
	for _, c := range []struct{ returnTo, want string }{
		{"/transactions?status=CAPTURED", "/transactions?status=CAPTURED"},
		{"", "/"},
		{"https://evil.example/", "/"},
		{"//evil.example/", "/"},
		{"/\\evil.example/", "/"},
		{"/\t/evil.example/", "/"},
		{"/\n/evil.example/", "/"},
		{"\t//evil.example/", "/"},
		{"javascript:alert(1)", "/"},
	} {
		t.Run(fmt.Sprintf("%q", c.returnTo), func(t *testing.T) {
			b := g.browser(t)
			// Follow redirects up to the callback, then look at where
			// it sends the browser.
			b.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
				if req.URL.Path == "/auth/callback" {
					return http.ErrUseLastResponse
				}
				return nil
			}
			resp, err := b.Get(g.URL + "/auth/login?" + url.Values{"returnTo": {c.returnTo}}.Encode())
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			resp, err = b.PostForm(g.URL+"/dev-idp/login", url.Values{"id": {resp.Request.URL.Query().Get("authRequestID")}, "user": {"valerie.lecteur@refundus.example"}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			callback := resp.Header.Get("Location")
			if !strings.HasPrefix(callback, g.URL+"/auth/callback?") {
				t.Fatalf("the provider sent the browser to %q, want the callback", callback)
			}
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, callback, nil)
			resp, err = b.Transport.RoundTrip(withCookies(b, req))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Get("Location"); got != c.want {
				t.Errorf("after login: got Location %q, want %q", got, c.want)
			}
		})
	}
}

// withCookies adds the browser's cookies for req's URL to req.
func withCookies(b *browser, req *http.Request) *http.Request {
	for _, c := range b.Jar.Cookies(req.URL) {
		req.AddCookie(c)
	}
	return req
}
