package auth_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/coreos/go-oidc/v3/oidc/oidctest"

	"github.com/guichet/guichet/ent/partnerclient"
	"github.com/guichet/guichet/ent/session"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/devidp"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

// issuer is a hostile test's identity provider: go-oidc's test server,
// whose JWKS requests are counted and whose keys can change.
type issuer struct {
	URL  string
	key  *rsa.PrivateKey
	kid  string
	srv  *oidctest.Server
	mu   sync.Mutex // guards srv.PublicKeys against the server's reads
	jwks atomic.Int64
}

func newIssuer(t *testing.T) *issuer {
	t.Helper()
	iss := &issuer{key: rsaKey(t), kid: "k1"}
	iss.srv = &oidctest.Server{PublicKeys: []oidctest.PublicKey{{PublicKey: iss.key.Public(), KeyID: iss.kid, Algorithm: oidc.RS256}}}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/keys" {
			iss.jwks.Add(1)
		}
		iss.mu.Lock()
		defer iss.mu.Unlock()
		iss.srv.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	iss.srv.SetIssuer(hs.URL)
	iss.URL = hs.URL
	return iss
}

// addKey publishes another signing key.
func (iss *issuer) addKey(pub crypto.PublicKey, kid string) {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	iss.srv.PublicKeys = append(iss.srv.PublicKeys, oidctest.PublicKey{PublicKey: pub, KeyID: kid, Algorithm: oidc.RS256})
}

func rsaKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// claims are a partner's access token of the first merchant, valid now.
func (iss *issuer) claims(now time.Time) map[string]any {
	return map[string]any{
		"iss": iss.URL, "sub": "partner-x", "aud": []string{audience}, "jti": "j-1",
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(),
		"client_id": "partner-x", "scope": "",
		rolesClaim: []string{"PARTNER"}, merchantClaim: "M-100001",
	}
}

// sign signs claims with the issuer's key.
func (iss *issuer) sign(claims map[string]any) string {
	raw, _ := json.Marshal(claims)
	return oidctest.SignIDToken(iss.key, iss.kid, oidc.RS256, string(raw))
}

// compact builds a JWT from a header and claims with the given signature.
func compact(header, claims map[string]any, sign func(input string) []byte) string {
	h, _ := json.Marshal(header)
	c, _ := json.Marshal(claims)
	input := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
	return input + "." + base64.RawURLEncoding.EncodeToString(sign(input))
}

// TestHostileTokens sends bearer tokens that must all be refused with
// UNAUTHENTICATED (401) through Authenticate in front of the API, each a
// valid partner token changed in one way.
func TestHostileTokens(t *testing.T) {
	d := seeded(t, testdb.Open(t, "sqlite3"))
	iss := newIssuer(t)
	g := newGuichet(t, d, stackConfig{issuer: iss.URL, httpClient: http.DefaultClient})
	ctx := viewer.SystemContext(t.Context())
	merchants := merchantIDs(t, d)
	for id, account := range map[string]string{"partner-disabled": "M-100001", "partner-of-2": "M-100002"} {
		err := d.Client.PartnerClient.Create().SetClientID(id).SetMerchantID(merchants[account]).
			SetDisabled(id == "partner-disabled").Exec(ctx)
		if err != nil {
			t.Fatal(err)
		}
	}
	now := g.clock.Now()
	with := func(changes map[string]any) string {
		c := iss.claims(now)
		for k, v := range changes {
			if v == nil {
				delete(c, k)
			} else {
				c[k] = v
			}
		}
		return iss.sign(c)
	}
	other := rsaKey(t)
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	pubDER, _ := x509.MarshalPKIXPublicKey(iss.key.Public())
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	hs256 := func(secret []byte) func(string) []byte {
		return func(input string) []byte {
			m := hmac.New(sha256.New, secret)
			m.Write([]byte(input))
			return m.Sum(nil)
		}
	}
	signWith := func(key crypto.Signer, alg, kid string) string {
		raw, _ := json.Marshal(iss.claims(now))
		return oidctest.SignIDToken(key, kid, alg, string(raw))
	}
	valid := iss.sign(iss.claims(now))
	parts := strings.Split(valid, ".")
	admin := iss.claims(now)
	admin[rolesClaim] = []string{"ADMIN"}
	tampered := base64.RawURLEncoding.EncodeToString(mustJSON(admin))

	t.Run("valid", func(t *testing.T) {
		got := g.post(t, http.DefaultClient, bearer(valid), whoAmI, nil)
		if got.Errors != nil || got.at("viewer.role") != "PARTNER" || got.at("viewer.merchant.accountNumber") != "M-100001" {
			t.Fatalf("the valid token: got %d %s", got.Status, got.Raw)
		}
	})

	for _, c := range []struct {
		name, header string
		// want is the HTTP status; 401 unless said.
		want int
	}{
		{"expired", "Bearer " + with(map[string]any{"exp": now.Add(-time.Second).Unix()}), 401},
		{"not yet valid", "Bearer " + with(map[string]any{"nbf": now.Add(10 * time.Minute).Unix()}), 401},
		{"no expiry", "Bearer " + with(map[string]any{"exp": nil}), 401},
		{"wrong issuer", "Bearer " + with(map[string]any{"iss": "https://evil.example"}), 401},
		{"wrong audience", "Bearer " + with(map[string]any{"aud": []string{"another-api"}}), 401},
		{"audience of the web client", "Bearer " + with(map[string]any{"aud": webClient}), 401},
		{"no audience", "Bearer " + with(map[string]any{"aud": nil}), 401},
		{"unsigned (alg none)", "Bearer " + compact(map[string]any{"alg": "none", "typ": "JWT"}, iss.claims(now),
			func(string) []byte { return nil }), 401},
		{"unsigned, signature dropped", "Bearer " + parts[0] + "." + parts[1] + ".", 401},
		{"HS256 with the public key", "Bearer " + compact(map[string]any{"alg": "HS256", "kid": iss.kid}, iss.claims(now), hs256(pubPEM)), 401},
		{"HS256 with the public key, DER", "Bearer " + compact(map[string]any{"alg": "HS256", "kid": iss.kid}, iss.claims(now), hs256(pubDER)), 401},
		{"unknown key ID", "Bearer " + signWith(other, oidc.RS256, "k-unknown"), 401},
		{"the issuer's key ID, another key", "Bearer " + signWith(other, oidc.RS256, iss.kid), 401},
		{"ES256 by another key", "Bearer " + signWith(ec, oidc.ES256, iss.kid), 401},
		{"claims changed after signing", "Bearer " + parts[0] + "." + tampered + "." + parts[2], 401},
		{"ID token: nonce", "Bearer " + with(map[string]any{"nonce": "n"}), 401},
		{"ID token: at_hash", "Bearer " + with(map[string]any{"at_hash": "h"}), 401},
		{"ID token: azp", "Bearer " + with(map[string]any{"azp": webClient}), 401},
		{"disabled partner client", "Bearer " + with(map[string]any{"client_id": "partner-disabled"}), 401},
		{"partner client of another merchant", "Bearer " + with(map[string]any{"client_id": "partner-of-2"}), 401},
		{"partner without a client ID", "Bearer " + with(map[string]any{"client_id": nil}), 401},
		{"unknown merchant", "Bearer " + with(map[string]any{merchantClaim: "M-999999"}), 401},
		{"no merchant", "Bearer " + with(map[string]any{merchantClaim: nil}), 401},
		{"garbage", "Bearer not.a.jwt", 401},
		{"empty bearer", "Bearer ", 401},
		{"basic credentials", "Basic cGFydG5lci1kZW1vOnBhcnRuZXItZGVtby1zZWNyZXQ=", 401},
		{"no Guichet role", "Bearer " + with(map[string]any{rolesClaim: []string{"SUPERUSER"}}), 403},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := g.post(t, http.DefaultClient, http.Header{"Authorization": {c.header}}, whoAmI, nil)
			code := map[int]string{401: "UNAUTHENTICATED", 403: "FORBIDDEN"}[c.want]
			if got.Status != c.want || got.code() != code || got.Data != nil {
				t.Errorf("got %d %s, want %d %s", got.Status, got.Raw, c.want, code)
			}
			if c.want == 401 && !strings.HasPrefix(got.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("WWW-Authenticate: got %q, want a Bearer challenge", got.Header.Get("WWW-Authenticate"))
			}
		})
	}

	t.Run("a disabled client stays refused after its token is accepted", func(t *testing.T) {
		token := with(map[string]any{"client_id": "partner-y"})
		if got := g.post(t, http.DefaultClient, bearer(token), whoAmI, nil); got.Status != 200 {
			t.Fatalf("first call: got %d %s", got.Status, got.Raw)
		}
		n, err := d.Client.PartnerClient.Update().Where(partnerclient.ClientID("partner-y")).SetDisabled(true).Save(ctx)
		if err != nil || n != 1 {
			t.Fatalf("disable the registered client: %d, %v", n, err)
		}
		if got := g.post(t, http.DefaultClient, bearer(token), whoAmI, nil); got.Status != 401 || got.code() != "UNAUTHENTICATED" {
			t.Errorf("after disabling: got %d %s, want 401", got.Status, got.Raw)
		}
	})
}

// TestKeyRefetchRateLimit checks that tokens with unknown key IDs make
// Guichet fetch the issuer's keys again at most once a minute, and that a
// new key of the issuer is then found.
func TestKeyRefetchRateLimit(t *testing.T) {
	d := seeded(t, testdb.Open(t, "sqlite3"))
	iss := newIssuer(t)
	g := newGuichet(t, d, stackConfig{issuer: iss.URL, httpClient: http.DefaultClient})
	call := func(t *testing.T, token string) int {
		t.Helper()
		return g.post(t, http.DefaultClient, bearer(token), whoAmI, nil).Status
	}
	if got := call(t, iss.sign(iss.claims(g.clock.Now()))); got != 200 {
		t.Fatalf("valid token: got %d", got)
	}
	if got := iss.jwks.Load(); got != 1 {
		t.Fatalf("JWKS fetched %d times for the first token, want 1", got)
	}
	forged := rsaKey(t)
	burst := func(t *testing.T) {
		t.Helper()
		var wg sync.WaitGroup
		for range 25 {
			wg.Go(func() {
				raw, _ := json.Marshal(iss.claims(g.clock.Now()))
				if got := call(t, oidctest.SignIDToken(forged, rand.Text(), oidc.RS256, string(raw))); got != 401 {
					t.Errorf("forged key ID: got %d, want 401", got)
				}
			})
		}
		wg.Wait()
	}
	for _, step := range []struct {
		name    string
		advance time.Duration
		want    int64
	}{
		{"within the minute", 30 * time.Second, 1},
		{"a minute later", 31 * time.Second, 2},
		{"again within the minute", 59 * time.Second, 2},
		{"another minute later", time.Second, 3},
	} {
		t.Run(step.name, func(t *testing.T) {
			g.clock.Advance(step.advance)
			burst(t)
			if got := iss.jwks.Load(); got != step.want {
				t.Errorf("JWKS fetched %d times in all, want %d", got, step.want)
			}
		})
	}
	t.Run("a rotated key is found a minute later", func(t *testing.T) {
		next := rsaKey(t)
		iss.addKey(next.Public(), "k2")
		raw, _ := json.Marshal(iss.claims(g.clock.Now()))
		token := oidctest.SignIDToken(next, "k2", oidc.RS256, string(raw))
		if got := call(t, token); got != 401 {
			t.Errorf("new key within the minute: got %d, want 401 (no refetch yet)", got)
		}
		g.clock.Advance(time.Minute)
		raw, _ = json.Marshal(iss.claims(g.clock.Now()))
		if got := call(t, oidctest.SignIDToken(next, "k2", oidc.RS256, string(raw))); got != 200 {
			t.Errorf("new key a minute later: got %d, want 200", got)
		}
		if got, want := iss.jwks.Load(), int64(4); got != want {
			t.Errorf("JWKS fetched %d times in all, want %d", got, want)
		}
	})
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprint(err))
	}
	return b
}

// TestDevProviderTokens runs the real tokens of the development provider
// through the API: partners see their own merchant only, refund only with
// the refund scope, and an ID token is no access token.
func TestDevProviderTokens(t *testing.T) {
	d := seeded(t, testdb.Open(t, "sqlite3"))
	g := newGuichet(t, d, stackConfig{})
	ctx := viewer.SystemContext(t.Context())
	merchants := merchantIDs(t, d)
	journalOf := func(account string) []string {
		ids, err := d.Client.Transaction.Query().Where(transaction.MerchantID(merchants[account])).IDs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = gid(id)
		}
		slices.Sort(out)
		return out
	}
	captured := func(account string) string {
		tx, err := d.Client.Transaction.Query().
			Where(transaction.MerchantID(merchants[account]), transaction.StatusEQ(transaction.StatusCAPTURED)).First(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return gid(tx.ID)
	}
	tokens := map[string]string{}
	for _, c := range devidp.MachineClients {
		if !c.Disabled {
			tokens[c.ID] = g.machineToken(t, c.ID, c.Secret)
		}
	}

	for client, account := range map[string]string{"partner-demo": "M-100001", "partner-other": "M-100002", "partner-refunds": "M-100001"} {
		t.Run(client+" reads its merchant's journal", func(t *testing.T) {
			got := g.post(t, http.DefaultClient, bearer(tokens[client]), `{ viewer { role merchant { accountNumber } }
				transactions(first: 100) { edges { node { id } } } }`, nil)
			if got.Errors != nil || got.at("viewer.role") != "PARTNER" || got.at("viewer.merchant.accountNumber") != account {
				t.Fatalf("got %s, want a PARTNER of %s", got.Raw, account)
			}
			var ids []string
			for _, e := range got.at("transactions.edges").([]any) {
				ids = append(ids, e.(map[string]any)["node"].(map[string]any)["id"].(string))
			}
			slices.Sort(ids)
			if want := journalOf(account); !slices.Equal(ids, want) {
				t.Errorf("got transactions %v, want %s's %v", ids, account, want)
			}
		})
	}

	refund := `mutation($id: ID!) { refundTransaction(id: $id, amount: "1") { operation { result clientID actorName } } }`
	for _, c := range []struct {
		client, account, want string
	}{
		{"partner-demo", "M-100001", "FORBIDDEN"},
		{"partner-other", "M-100002", "FORBIDDEN"},
		{"partner-refunds", "M-100002", "NOT_FOUND"},
		{"partner-refunds", "M-100001", ""},
	} {
		t.Run(c.client+" refunds for "+c.account, func(t *testing.T) {
			got := g.post(t, http.DefaultClient, bearer(tokens[c.client]), refund, map[string]any{"id": captured(c.account)})
			if got.code() != c.want {
				t.Fatalf("got %s, want %q", got.Raw, c.want)
			}
			if c.want == "" && (got.at("refundTransaction.operation.result") != "SUCCEEDED" ||
				got.at("refundTransaction.operation.clientID") != c.client) {
				t.Errorf("got %s, want a refund recorded for %s", got.Raw, c.client)
			}
		})
	}

	b := g.browser(t)
	g.login(t, b, "alice.admin@refundus.example")
	t.Run("an ID token is no access token", func(t *testing.T) {
		s, err := d.Client.Session.Query().Where(session.Subject("u-100001-admin"), session.EndedAtIsNil()).Only(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := g.post(t, http.DefaultClient, bearer(s.AccessToken), whoAmI, nil); got.at("viewer.role") != "ADMIN" {
			t.Fatalf("the login's access token: got %s, want the admin", got.Raw)
		}
		got := g.post(t, http.DefaultClient, bearer(s.IDToken), whoAmI, nil)
		if got.Status != 401 || got.code() != "UNAUTHENTICATED" {
			t.Errorf("the login's ID token: got %d %s, want 401", got.Status, got.Raw)
		}
	})

	t.Run("an admin disables a partner", func(t *testing.T) {
		list := g.post(t, b.Client, g.csrf(), `{ partnerClients { edges { node { id clientID } } } }`, nil)
		var id string
		for _, e := range list.at("partnerClients.edges").([]any) {
			if n := e.(map[string]any)["node"].(map[string]any); n["clientID"] == "partner-demo" {
				id = n["id"].(string)
			}
		}
		if id == "" {
			t.Fatalf("partner-demo is not among the partner clients: %s", list.Raw)
		}
		set := `mutation($id: ID!, $off: Boolean!) { setPartnerClientDisabled(id: $id, disabled: $off) { disabled } }`
		for _, off := range []bool{true, false} {
			if got := g.post(t, b.Client, g.csrf(), set, map[string]any{"id": id, "off": off}); got.at("setPartnerClientDisabled.disabled") != off {
				t.Fatalf("setPartnerClientDisabled(%v): %s", off, got.Raw)
			}
			got := g.post(t, http.DefaultClient, bearer(tokens["partner-demo"]), whoAmI, nil)
			if want := map[bool]int{true: 401, false: 200}[off]; got.Status != want {
				t.Errorf("partner-demo's token with the client disabled %v: got %d, want %d", off, got.Status, want)
			}
		}
	})
}

// TestPartnerRegistration checks that a partner client is registered once
// on its first calls, however many arrive together, and keeps its merchant.
func TestPartnerRegistration(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		d = seeded(t, d)
		iss := newIssuer(t)
		g := newGuichet(t, d, stackConfig{issuer: iss.URL, httpClient: http.DefaultClient})
		claims := iss.claims(g.clock.Now())
		claims["client_id"] = "partner-new"
		token := iss.sign(claims)
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				if got := g.post(t, http.DefaultClient, bearer(token), whoAmI, nil); got.Status != 200 || got.Errors != nil {
					t.Errorf("first calls: got %d %s", got.Status, got.Raw)
				}
			})
		}
		wg.Wait()
		pcs, err := d.Client.PartnerClient.Query().Where(partnerclient.ClientID("partner-new")).All(viewer.SystemContext(t.Context()))
		if err != nil || len(pcs) != 1 || pcs[0].MerchantID != merchantIDs(t, d)["M-100001"] {
			t.Fatalf("registered partner clients: %v, %v; want one of M-100001", pcs, err)
		}
		claims[merchantClaim] = "M-100002"
		if got := g.post(t, http.DefaultClient, bearer(iss.sign(claims)), whoAmI, nil); got.Status != 401 {
			t.Errorf("the same client for another merchant: got %d %s, want 401", got.Status, got.Raw)
		}
	})
}
