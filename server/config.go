package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/auth"
)

// config is the server's configuration. Every setting is a flag and an
// environment variable; the flag wins.
type config struct {
	Addr             string
	DatabaseURL      string
	SeedTransactions int
	CORSOrigins      []string
	LogFormat        string
	LogLevel         string
	// PublicURL is where browsers reach Guichet; empty means
	// http://localhost:<port>.
	PublicURL  string
	Production bool
	// DebugAddr serves net/http/pprof when set; loopback only.
	DebugAddr string
	OIDC      oidcConfig
	Session   auth.SessionConfig
	// SMTPURL is the mail server; empty keeps e-mails in the local outbox.
	SMTPURL  string
	MailFrom string
}

// oidcConfig is the identity provider's; an empty Issuer starts the
// development provider.
type oidcConfig struct {
	Issuer, ClientID, ClientSecret, Audience string
	RolesClaim, MerchantClaim                string
	AllowAZP                                 bool
}

// settings documents each setting once: the README's table is made from it.
var settings = []struct {
	flag, env, def, usage string
}{
	{"addr", "GUICHET_ADDR", "localhost:8080", "address to listen on"},
	{"database", "DATABASE_URL", "data/guichet.db", "a postgres:// URL, or the path of the embedded SQLite database"},
	{"seed-transactions", "GUICHET_SEED_TRANSACTIONS", "60000", "demo transactions to create when the database is empty (0: none)"},
	{"cors-origins", "GUICHET_CORS_ORIGINS", "", "comma-separated origins allowed to call the API from a browser (the SPA itself is same-origin)"},
	{"log-format", "GUICHET_LOG_FORMAT", "text", "text or json"},
	{"log-level", "GUICHET_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"public-url", "GUICHET_PUBLIC_URL", "", "the URL browsers use to reach Guichet (default http://localhost:<port>); https makes cookies Secure and __Host-"},
	{"production", "GUICHET_PRODUCTION", "false", "true in production: refuses the development identity provider and the local e-mail outbox"},
	{"oidc-issuer", "GUICHET_OIDC_ISSUER", "", "the OpenID Connect issuer URL; empty starts the development provider at <public-url>/dev-idp"},
	{"oidc-client-id", "GUICHET_OIDC_CLIENT_ID", "guichet-web", "the back office's client ID at the provider"},
	{"oidc-client-secret", "GUICHET_OIDC_CLIENT_SECRET", "", "the back office's client secret"},
	{"oidc-audience", "GUICHET_OIDC_AUDIENCE", "guichet-api", "the API's audience: access tokens must carry it in aud"},
	{"oidc-roles-claim", "GUICHET_OIDC_ROLES_CLAIM", "guichet_roles", "the claim holding the caller's roles (dotted for nested claims, e.g. realm_access.roles)"},
	{"oidc-merchant-claim", "GUICHET_OIDC_MERCHANT_CLAIM", "guichet_merchant", "the claim holding the caller's merchant account number"},
	{"oidc-allow-azp", "GUICHET_OIDC_ALLOW_AZP", "false", "accept access tokens carrying azp (Keycloak puts it there); otherwise azp marks an ID token"},
	{"session-idle", "GUICHET_SESSION_IDLE", "30m", "a back-office session unused for this long ends"},
	{"session-max", "GUICHET_SESSION_MAX", "12h", "a back-office session ends this long after login, however active"},
	{"smtp-url", "GUICHET_SMTP_URL", "", "the SMTP server for e-mails: smtp://user:pass@host:587 (STARTTLS required), smtps://…:465 (TLS), ?tls=opportunistic or ?tls=none for a local relay; empty keeps e-mails in the local outbox the back office shows (development only)"},
	{"mail-from", "GUICHET_MAIL_FROM", "", "the sender address of e-mails (the shop's sender name goes with it; replies go to the shop manager); required with -smtp-url"},
	{"debug-addr", "GUICHET_DEBUG_ADDR", "", "loopback address (such as localhost:6060) serving Go's profiles at /debug/pprof/ for diagnosis and benchmarks; empty: off"},
}

// configFlags registers the settings on fs, with defaults taken from the
// environment, and returns what reads them once fs is parsed.
func configFlags(fs *flag.FlagSet) func() (*config, error) {
	values := map[string]*string{}
	for _, s := range settings {
		def := s.def
		if v, ok := os.LookupEnv(s.env); ok {
			def = v
		}
		values[s.flag] = fs.String(s.flag, def, fmt.Sprintf("%s (env %s)", s.usage, s.env))
	}
	return func() (*config, error) {
		seed, err := strconv.Atoi(*values["seed-transactions"])
		if err != nil || seed < 0 {
			return nil, fmt.Errorf("seed-transactions: %q is not a count", *values["seed-transactions"])
		}
		c := &config{
			Addr:             *values["addr"],
			DatabaseURL:      *values["database"],
			SeedTransactions: seed,
			LogFormat:        *values["log-format"],
			LogLevel:         *values["log-level"],
			PublicURL:        strings.TrimRight(*values["public-url"], "/"),
			SMTPURL:          *values["smtp-url"],
			MailFrom:         *values["mail-from"],
			DebugAddr:        *values["debug-addr"],
			OIDC: oidcConfig{
				Issuer:        strings.TrimRight(*values["oidc-issuer"], "/"),
				ClientID:      *values["oidc-client-id"],
				ClientSecret:  *values["oidc-client-secret"],
				Audience:      *values["oidc-audience"],
				RolesClaim:    *values["oidc-roles-claim"],
				MerchantClaim: *values["oidc-merchant-claim"],
			},
		}
		bools := map[string]*bool{"production": &c.Production, "oidc-allow-azp": &c.OIDC.AllowAZP}
		for name, dst := range bools {
			if *dst, err = strconv.ParseBool(*values[name]); err != nil {
				return nil, fmt.Errorf("%s: %q is not true or false", name, *values[name])
			}
		}
		durations := map[string]*time.Duration{"session-idle": &c.Session.Idle, "session-max": &c.Session.Max}
		for name, dst := range durations {
			if *dst, err = time.ParseDuration(*values[name]); err != nil || *dst <= 0 {
				return nil, fmt.Errorf("%s: %q is not a duration such as 30m", name, *values[name])
			}
		}
		switch {
		case c.SMTPURL != "" && c.MailFrom == "":
			return nil, fmt.Errorf("mail-from: the sender address is required with smtp-url")
		case c.SMTPURL == "" && c.Production:
			return nil, fmt.Errorf("smtp-url: production needs an SMTP server (the local outbox is for development)")
		}
		for _, o := range strings.Split(*values["cors-origins"], ",") {
			if o = strings.TrimSpace(o); o != "" {
				c.CORSOrigins = append(c.CORSOrigins, o)
			}
		}
		return c, nil
	}
}
