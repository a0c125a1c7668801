package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
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
		}
		for _, o := range strings.Split(*values["cors-origins"], ",") {
			if o = strings.TrimSpace(o); o != "" {
				c.CORSOrigins = append(c.CORSOrigins, o)
			}
		}
		return c, nil
	}
}
