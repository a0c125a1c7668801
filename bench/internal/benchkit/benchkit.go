// Package benchkit is what Guichet's benchmarks share: a PostgreSQL server
// (the developer's, or a throwaway cluster), a database of their own on it,
// and the figures' arithmetic.
package benchkit

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	_ "github.com/lib/pq" // PostgreSQL driver

	"github.com/guichet/guichet/graph/scalar"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/pgcluster"
)

// Main runs a benchmark and exits with its verdict: 0 when every target is
// met, 1 when one is missed, 2 when the benchmark could not run.
func Main(run func() (bool, error)) {
	ok, err := run()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	if !ok {
		os.Exit(1)
	}
}

// EnvPostgresURL names the variable pointing the benchmarks at a
// PostgreSQL server instead of a throwaway cluster.
const EnvPostgresURL = "GUICHET_BENCH_POSTGRES_URL"

// ClusterSettings make the throwaway cluster look like a production server
// whose data fits in memory on SSDs: a quarter of the data in shared
// buffers, and random reads priced as such (PostgreSQL's default 4 assumes
// spinning disks).
var ClusterSettings = []string{"shared_buffers=1GB", "effective_cache_size=4GB", "random_page_cost=1.1"}

// Postgres returns the URL of a PostgreSQL server whose user may create
// databases: EnvPostgresURL's, or else a throwaway cluster started with
// settings (see pgcluster.Start). Call stop when done.
func Postgres(settings ...string) (serverURL string, stop func(), err error) {
	if u := os.Getenv(EnvPostgresURL); u != "" {
		return u, func() {}, nil
	}
	fmt.Fprintln(os.Stderr, "starting a throwaway PostgreSQL cluster…")
	c, err := pgcluster.Start("set "+EnvPostgresURL, settings...)
	if err != nil {
		return "", nil, err
	}
	return c.URL, c.Stop, nil
}

// Database returns the URL of the database to benchmark on serverURL,
// creating it when missing, and a function dropping it when the run made it
// for itself. An empty name makes a new database with a random name;
// a given name is kept.
func Database(ctx context.Context, serverURL, name string) (string, func(), error) {
	keep := name != ""
	if !keep {
		var b [4]byte
		_, _ = rand.Read(b[:])
		name = "guichet_bench_" + hex.EncodeToString(b[:])
	}
	admin, err := sql.Open("postgres", serverURL)
	if err != nil {
		return "", nil, err
	}
	defer admin.Close()
	var exists bool
	if err := admin.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", nil, fmt.Errorf("reach PostgreSQL: %w", err)
	}
	if !exists {
		if _, err := admin.ExecContext(ctx, `CREATE DATABASE "`+name+`"`); err != nil {
			return "", nil, fmt.Errorf("create database: %w", err)
		}
	}
	u, err := url.Parse(serverURL)
	if err != nil {
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {}
	if !keep {
		dropped := false
		drop = func() {
			if dropped {
				return
			}
			dropped = true
			if c, err := sql.Open("postgres", serverURL); err == nil {
				_, _ = c.Exec(`DROP DATABASE IF EXISTS "` + name + `" WITH (FORCE)`)
				c.Close()
			}
		}
	}
	return u.String(), drop, nil
}

// Open gives a benchmark its migrated database on PostgreSQL (see
// Postgres, with ClusterSettings, and Database for name), and a function
// closing, dropping and stopping all of it.
func Open(ctx context.Context, name string) (store *db.DB, dbURL string, done func(), err error) {
	serverURL, stopServer, err := Postgres(ClusterSettings...)
	if err != nil {
		return nil, "", nil, err
	}
	dbURL, drop, err := Database(ctx, serverURL, name)
	if err != nil {
		stopServer()
		return nil, "", nil, err
	}
	if store, err = db.Open(ctx, dbURL); err == nil {
		if err = store.Migrate(ctx); err != nil {
			store.Close()
		}
	}
	if err != nil {
		drop()
		stopServer()
		return nil, "", nil, err
	}
	return store, dbURL, func() { store.Close(); drop(); stopServer() }, nil
}

// LoadAverage is the 1-minute load average, where the system tells it:
// other work on the machine slows what is measured.
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}

// Percentile is the nearest-rank percentile p (0 < p ≤ 100) of sorted d.
func Percentile(d []time.Duration, p float64) time.Duration {
	i := int(float64(len(d))*p/100+0.999999) - 1
	return d[max(0, min(i, len(d)-1))]
}

// MS writes d in milliseconds.
func MS(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000)
}

// GlobalID is the API's ID of the row id, as clients send it.
func GlobalID(id int) string {
	var b strings.Builder
	scalar.MarshalID(id).MarshalGQL(&b)
	s, _ := strconv.Unquote(b.String())
	return s
}
