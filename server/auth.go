package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/guichet/guichet/internal/auth"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/devidp"
)

// authentication is who-is-calling, wired: the backend-for-frontend of
// people's logins, and the development identity provider when no real one
// is configured.
type authentication struct {
	bff    *auth.BFF
	devIdP *devidp.Provider // nil with a real provider
}

// newAuthentication wires the identity provider. Without an issuer it
// starts the development provider, which only ever listens on loopback and
// never in production.
func newAuthentication(log *slog.Logger, cfg *config, store *db.DB, public *url.URL, listen net.Addr) (*authentication, error) {
	o := cfg.OIDC
	a := &authentication{}
	if o.Issuer == "" {
		if cfg.Production {
			return nil, errors.New("the development identity provider never runs in production: set -oidc-issuer")
		}
		if !loopback(listen) {
			return nil, errors.New("the development identity provider only listens on loopback: set -addr to localhost:PORT, or configure -oidc-issuer")
		}
		o.Issuer = public.JoinPath("/dev-idp").String()
		o.ClientSecret = randomSecret()
		idp, err := devidp.New(devidp.Config{
			Issuer:                 o.Issuer,
			Audience:               o.Audience,
			WebClientID:            o.ClientID,
			WebClientSecret:        o.ClientSecret,
			WebRedirectURIs:        []string{public.JoinPath("/auth/callback").String()},
			PostLogoutRedirectURIs: []string{public.JoinPath("/login").String()},
			KeyFile:                filepath.Join(dataDir(cfg.DatabaseURL), "dev-idp-key.pem"),
		})
		if err != nil {
			return nil, err
		}
		a.devIdP = idp
		log.Warn("DEVELOPMENT IDENTITY PROVIDER: anyone reaching this machine's loopback can log in as any demo user; "+
			"configure -oidc-issuer for real use", "issuer", o.Issuer)
	}
	provider := auth.NewProvider(auth.ProviderConfig{
		Issuer:        o.Issuer,
		Audience:      o.Audience,
		ClientID:      o.ClientID,
		ClientSecret:  o.ClientSecret,
		RolesClaim:    o.RolesClaim,
		MerchantClaim: o.MerchantClaim,
		AllowAZP:      o.AllowAZP,
	})
	viewers := auth.NewViewers(store.Client, nil)
	a.bff = &auth.BFF{
		Provider:       provider,
		Sessions:       auth.NewSessions(store.Client, provider, viewers, cfg.Session, log),
		Viewers:        viewers,
		PublicURL:      public,
		AllowedOrigins: cfg.CORSOrigins,
		Log:            log,
	}
	return a, nil
}

// dataDir is where Guichet keeps local files: beside the SQLite database,
// or data/ with PostgreSQL.
func dataDir(databaseURL string) string {
	if strings.HasPrefix(databaseURL, "postgres://") || strings.HasPrefix(databaseURL, "postgresql://") {
		return "data"
	}
	return filepath.Dir(strings.TrimPrefix(strings.TrimPrefix(databaseURL, "sqlite://"), "file:"))
}

func loopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

func randomSecret() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
