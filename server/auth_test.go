package main

import (
	"encoding/base64"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/payments"
	"github.com/guichet/guichet/internal/seed"
)

// TestServerAuthentication runs the server's own wiring (config defaults,
// the development provider at /dev-idp, routes) on a loopback port: no data
// without a verified identity, and a partner's client-credentials token
// reads its merchant's journal, as the README's two curl commands do.
func TestServerAuthentication(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "guichet.db")
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	readConfig := configFlags(fs)
	if err := fs.Parse([]string{"-database", dbPath}); err != nil {
		t.Fatal(err)
	}
	cfg, err := readConfig()
	if err != nil {
		t.Fatal(err)
	}
	store, err := db.Open(t.Context(), cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if err := store.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Run(t.Context(), store.Client, seed.Options{Transactions: 30, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(nil)
	public, err := publicURL("", srv.Listener.Addr())
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	authn, err := newAuthentication(log, cfg, store, public, srv.Listener.Addr())
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = routes(log, cfg, store, authn, payments.Config{PublicURL: public})
	srv.Start()
	t.Cleanup(srv.Close)
	base := public.String()

	graphql := func(t *testing.T, header http.Header, query string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, base+"/graphql", strings.NewReader(`{"query": `+quote(query)+`}`))
		req.Header = header
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, out
	}
	const journal = `{ viewer { role merchant { accountNumber } } transactions { totalCount } }`

	t.Run("no credentials, no data", func(t *testing.T) {
		status, out := graphql(t, http.Header{}, journal)
		if got, _ := json.Marshal(out); status != 200 || out["data"] != nil || !strings.Contains(string(got), `"UNAUTHENTICATED"`) {
			t.Errorf("got %d %s, want UNAUTHENTICATED errors only", status, got)
		}
	})
	t.Run("partner token", func(t *testing.T) {
		token := partnerToken(t, base, "partner-demo", "partner-demo-secret")
		status, out := graphql(t, http.Header{"Authorization": {"Bearer " + token}}, journal)
		data, _ := out["data"].(map[string]any)
		got, _ := json.Marshal(data)
		if status != 200 || out["errors"] != nil || !strings.Contains(string(got), `"viewer":{"merchant":{"accountNumber":"M-100001"},"role":"PARTNER"}`) {
			t.Fatalf("got %d %v, want partner-demo's journal of M-100001", status, out)
		}
		if n, _ := data["transactions"].(map[string]any)["totalCount"].(float64); n == 0 {
			t.Errorf("partner-demo sees no transactions")
		}
	})
	t.Run("unsigned token", func(t *testing.T) {
		enc := base64.RawURLEncoding.EncodeToString
		none := enc([]byte(`{"alg":"none"}`)) + "." + enc([]byte(`{"iss":"`+base+`/dev-idp","aud":"guichet-api","sub":"x","exp":9999999999,"guichet_roles":["ADMIN"],"guichet_merchant":"M-100001"}`)) + "."
		if status, out := graphql(t, http.Header{"Authorization": {"Bearer " + none}}, journal); status != 401 || out["data"] != nil {
			t.Errorf("got %d %v, want 401", status, out)
		}
	})
	t.Run("login starts at the development provider", func(t *testing.T) {
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.Get(base + "/auth/login")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, base+"/dev-idp/authorize?") {
			t.Errorf("got %d to %q, want a redirect to %s/dev-idp/authorize", resp.StatusCode, loc, base)
		}
	})
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
