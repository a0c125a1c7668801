// Package testdb gives tests a fresh, migrated database of each dialect:
// SQLite in a temporary folder, and PostgreSQL from GUICHET_TEST_POSTGRES_URL
// or, when that is not set, from a throwaway cluster that the test process
// starts itself with the machine's PostgreSQL binaries.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/guichet/guichet/ent"
	_ "github.com/guichet/guichet/ent/runtime" // hooks and privacy policies
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/pgcluster"
)

// EnvPostgresURL names the variable that points tests at a PostgreSQL
// server instead of a throwaway cluster. Its user must be able to create
// databases.
const EnvPostgresURL = "GUICHET_TEST_POSTGRES_URL"

// Dialects are the databases every storage test runs against.
var Dialects = []string{dialect.SQLite, dialect.Postgres}

// Open returns a new empty database of the dialect, migrated, closed and
// dropped when t ends. opts go to the ent client.
func Open(t testing.TB, dialectName string, opts ...ent.Option) *db.DB {
	t.Helper()
	ctx := context.Background()
	var rawURL string
	switch dialectName {
	case dialect.SQLite:
		rawURL = filepath.Join(t.TempDir(), "guichet.db")
	case dialect.Postgres:
		rawURL = createPostgresDatabase(t)
	default:
		t.Fatalf("unknown dialect %q", dialectName)
	}
	d, err := db.Open(ctx, rawURL, opts...)
	if err != nil {
		t.Fatalf("open %s: %v", dialectName, err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", dialectName, err)
	}
	return d
}

// Each runs f as a subtest per dialect, each with its own database.
func Each(t *testing.T, f func(t *testing.T, d *db.DB), opts ...ent.Option) {
	t.Helper()
	for _, name := range Dialects {
		t.Run(name, func(t *testing.T) {
			f(t, Open(t, name, opts...))
		})
	}
}

var (
	serverOnce sync.Once
	serverURL  string
	serverErr  error
)

// PostgresServerURL returns the URL of the PostgreSQL server tests use,
// starting a throwaway cluster on first use when EnvPostgresURL is unset.
// The cluster lives as long as the test process.
func PostgresServerURL(t testing.TB) string {
	t.Helper()
	serverOnce.Do(func() {
		if u := os.Getenv(EnvPostgresURL); u != "" {
			serverURL = u
			return
		}
		c, err := pgcluster.Start("set " + EnvPostgresURL)
		if err != nil {
			serverErr = err
			return
		}
		stopOnExit(c.Stop)
		serverURL = c.URL
	})
	if serverErr != nil {
		t.Fatalf("PostgreSQL for tests: %v", serverErr)
	}
	return serverURL
}

func createPostgresDatabase(t testing.TB) string {
	t.Helper()
	admin := PostgresServerURL(t)
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "guichet_test_" + hex.EncodeToString(b[:])
	conn, err := sql.Open("postgres", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		c, err := sql.Open("postgres", admin)
		if err != nil {
			return
		}
		defer c.Close()
		_, _ = c.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// Must is for test set-up: it fails t on err.
func Must[T any](t testing.TB, v T, err error) T {
	t.Helper()
	if err != nil {
		t.Fatal(fmt.Errorf("set-up: %w", err))
	}
	return v
}
