package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/guichet/guichet/graph"
	"github.com/guichet/guichet/graph/scalar"
	"github.com/guichet/guichet/internal/auth"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/devidp"
	"github.com/guichet/guichet/internal/processor"
	"github.com/guichet/guichet/internal/seed"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

func TestMain(m *testing.M) {
	// Live connections notice ended credentials quickly.
	auth.WebsocketCheckEvery = 50 * time.Millisecond
	code := m.Run()
	testdb.Cleanup()
	os.Exit(code)
}

const (
	audience   = "guichet-api"
	webClient  = "guichet-web"
	rolesClaim = devidp.ClaimRoles
	// merchantClaim is where tokens name the merchant.
	merchantClaim = devidp.ClaimMerchant
)

// clock is the tests' time: it moves only when told.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

// newClock starts at the present, in microseconds as the databases keep
// time, so that limits compare the same before and after storage.
func newClock() *clock { return &clock{now: time.Now().UTC().Truncate(time.Microsecond)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// seeded fills d with the demo merchants M-100001 and M-100002.
func seeded(t *testing.T, d *db.DB) *db.DB {
	t.Helper()
	if _, err := seed.Run(t.Context(), d.Client, seed.Options{Transactions: 30, Payers: 10, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	return d
}

// guichet is Guichet's HTTP stack as the server wires it: the BFF's
// routes, and the GraphQL API behind Authenticate, here with a clock the
// test moves.
type guichet struct {
	URL   string
	srv   *httptest.Server
	db    *db.DB
	bff   *auth.BFF
	clock *clock
	// idp is the development provider mounted at /dev-idp, when there is one.
	idp *devidp.Provider
	// outage makes the provider's token endpoint answer 503.
	outage atomic.Bool
}

// stackConfig describes a stack.
type stackConfig struct {
	tls bool
	// issuer is an external provider's URL; "" mounts the development
	// provider at /dev-idp.
	issuer     string
	httpClient *http.Client
	sessions   auth.SessionConfig
	// accessTTL is the life of the development provider's access tokens.
	accessTTL time.Duration
	// slowTokens delays the provider's token endpoint, so that requests
	// arrive while a renewal is in flight.
	slowTokens time.Duration
}

func newGuichet(t *testing.T, d *db.DB, cfg stackConfig) *guichet {
	t.Helper()
	mux := http.NewServeMux()
	var srv *httptest.Server
	if cfg.tls {
		srv = httptest.NewTLSServer(mux)
	} else {
		srv = httptest.NewServer(mux)
	}
	t.Cleanup(srv.Close)
	g := &guichet{URL: srv.URL, srv: srv, db: d, clock: newClock()}
	public, _ := url.Parse(srv.URL)
	log := slog.New(slog.DiscardHandler)
	if cfg.httpClient == nil {
		cfg.httpClient = srv.Client()
	}
	if cfg.sessions == (auth.SessionConfig{}) {
		cfg.sessions = auth.SessionConfig{Idle: 10 * time.Minute, Max: 30 * time.Minute}
	}
	secret := "web-secret"
	if cfg.issuer == "" {
		cfg.issuer = srv.URL + "/dev-idp"
		idp, err := devidp.New(devidp.Config{
			Issuer:                 cfg.issuer,
			Audience:               audience,
			WebClientID:            webClient,
			WebClientSecret:        secret,
			WebRedirectURIs:        []string{srv.URL + "/auth/callback"},
			PostLogoutRedirectURIs: []string{srv.URL + "/login"},
			Now:                    g.clock.Now,
			AccessTokenTTL:         cfg.accessTTL,
		})
		if err != nil {
			t.Fatal(err)
		}
		g.idp = idp
		h := idp.Handler()
		mux.HandleFunc("/dev-idp/", func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/oauth/token") {
				if g.outage.Load() {
					http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
					return
				}
				time.Sleep(cfg.slowTokens)
			}
			h.ServeHTTP(w, r)
		})
	}
	provider := auth.NewProvider(auth.ProviderConfig{
		Issuer:        cfg.issuer,
		Audience:      audience,
		ClientID:      webClient,
		ClientSecret:  secret,
		RolesClaim:    rolesClaim,
		MerchantClaim: merchantClaim,
		HTTPClient:    cfg.httpClient,
		Now:           g.clock.Now,
	})
	viewers := auth.NewViewers(d.Client, g.clock.Now)
	g.bff = &auth.BFF{
		Provider:  provider,
		Sessions:  auth.NewSessions(d.Client, provider, viewers, cfg.sessions, log),
		Viewers:   viewers,
		PublicURL: public,
		Log:       log,
	}
	g.bff.Routes(mux)
	mux.Handle("/graphql", g.bff.Authenticate(graph.NewHandler(d.Client, processor.Sandbox{}, log,
		graph.Websocket(g.bff.Websocket, nil))))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "SPA") })
	return g
}

// gqlResponse is a GraphQL answer as the tests read it.
type gqlResponse struct {
	Status int
	Header http.Header
	Raw    string
	Data   map[string]any `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// code is the code of the first error, "" without errors.
func (r gqlResponse) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	s, _ := r.Errors[0].Extensions["code"].(string)
	return s
}

// at reads the value at a dotted path of the data.
func (r gqlResponse) at(path string) any {
	var v any = r.Data
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// post sends a GraphQL request through client, with header set on it.
func (g *guichet) post(t *testing.T, client *http.Client, header http.Header, query string, vars map[string]any) gqlResponse {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, g.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header.Clone()
	if req.Header == nil {
		req.Header = http.Header{}
	}
	req.Header.Set("Content-Type", "application/json")
	return g.send(t, client, req)
}

func (g *guichet) send(t *testing.T, client *http.Client, req *http.Request) gqlResponse {
	t.Helper()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := gqlResponse{Status: resp.StatusCode, Header: resp.Header, Raw: string(raw)}
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("%s %s: status %d, not JSON: %s", req.Method, req.URL.Path, resp.StatusCode, raw)
	}
	return r
}

// bearer is the header of a bearer token.
func bearer(token string) http.Header {
	return http.Header{"Authorization": {"Bearer " + token}}
}

// machineToken gets a client-credentials access token from the
// development provider.
func (g *guichet) machineToken(t *testing.T, id, secret string) string {
	t.Helper()
	cfg := clientcredentials.Config{
		ClientID: id, ClientSecret: secret, TokenURL: g.URL + "/dev-idp/oauth/token", AuthStyle: oauth2.AuthStyleInHeader,
	}
	tok, err := cfg.Token(context.WithValue(t.Context(), oauth2.HTTPClient, g.srv.Client()))
	if err != nil {
		t.Fatalf("token of %s: %v", id, err)
	}
	return tok.AccessToken
}

// browser is a person's browser: a cookie jar, redirects followed, and
// every redirect response kept.
type browser struct {
	*http.Client
	redirects []*http.Response
}

func (g *guichet) browser(t *testing.T) *browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{}
	c := *g.srv.Client()
	c.Jar = jar
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		b.redirects = append(b.redirects, req.Response)
		if len(via) > 10 {
			return http.ErrUseLastResponse
		}
		return nil
	}
	b.Client = &c
	return b
}

// login signs user in through /auth/login, the provider's login form and
// the callback, as a browser does, and returns the callback's answer.
func (g *guichet) login(t *testing.T, b *browser, user string) *http.Response {
	t.Helper()
	resp, err := b.Get(g.URL + "/auth/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	page := resp.Request.URL
	if resp.StatusCode != http.StatusOK || !strings.HasSuffix(page.Path, "/dev-idp/login") {
		t.Fatalf("/auth/login led to %s (status %d), want the provider's login page", page, resp.StatusCode)
	}
	b.redirects = nil
	resp, err = b.PostForm(g.URL+"/dev-idp/login", url.Values{"id": {page.Query().Get("authRequestID")}, "user": {user}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.String() != g.URL+"/" {
		t.Fatalf("login of %s ended at %s (status %d), want the SPA", user, resp.Request.URL, resp.StatusCode)
	}
	for _, r := range b.redirects {
		if r.Request.URL.Path == "/auth/callback" {
			return r
		}
	}
	t.Fatalf("login of %s: no callback among the redirects", user)
	return nil
}

// csrf is what the SPA sends with every POST.
func (g *guichet) csrf() http.Header {
	return http.Header{auth.CSRFHeader: {"1"}, "Origin": {g.URL}}
}

// sessionCookie is the session cookie the callback set.
func sessionCookie(t *testing.T, callback *http.Response) *http.Cookie {
	t.Helper()
	for _, c := range callback.Cookies() {
		if strings.HasSuffix(c.Name, "guichet_session") && c.Value != "" {
			return c
		}
	}
	t.Fatalf("the callback set no session cookie: %v", callback.Header["Set-Cookie"])
	return nil
}

// merchantIDs are the merchants' IDs by account number.
func merchantIDs(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	ms, err := d.Client.Merchant.Query().All(viewer.SystemContext(t.Context()))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, m := range ms {
		out[m.AccountNumber] = m.ID
	}
	return out
}

// gid is the API's global ID of an ent ID.
func gid(id int) string {
	var b strings.Builder
	scalar.MarshalID(id).MarshalGQL(&b)
	return strings.Trim(b.String(), `"`)
}
