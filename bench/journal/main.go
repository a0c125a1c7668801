// Command journal benchmarks the transaction journal of issue #2: it loads
// a million demo transactions into PostgreSQL, then times the journal's
// first pages and its statistics through the GraphQL endpoint and through
// the best plain SQL for the same rows, and prints the figures as a
// Markdown table. See bench/README.md.
//
//	go run ./bench/journal [-transactions 1000000] [-iterations 200] [-warmup 30] [-db NAME]
//
// PostgreSQL is GUICHET_BENCH_POSTGRES_URL's server (its user must be able
// to create databases) or a throwaway cluster started with the machine's
// PostgreSQL binaries. It exits with status 1 when a target is missed.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/guichet/guichet/bench/internal/benchkit"
	"github.com/guichet/guichet/ent/label"
	"github.com/guichet/guichet/ent/merchant"
	_ "github.com/guichet/guichet/ent/runtime" // hooks and privacy policies
	"github.com/guichet/guichet/graph"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/processor"
	"github.com/guichet/guichet/internal/seed"
	"github.com/guichet/guichet/internal/viewer"
)

// now is the end of the seeded history: fixed, so that every run measures
// the same rows.
var now = time.Date(2026, time.March, 2, 12, 0, 0, 0, time.UTC)

func main() { benchkit.Main(run) }

// run benchmarks and reports whether every target is met.
func run() (bool, error) {
	transactions := flag.Int("transactions", 1_000_000, "transactions to load")
	iterations := flag.Int("iterations", 200, "timed runs of each query")
	warmup := flag.Int("warmup", 30, "untimed runs of each query first")
	dbName := flag.String("db", "", "database to use and keep: loaded when empty, reused as it is otherwise (default: a new database, dropped at the end)")
	only := flag.String("run", "", "run only the queries whose name contains this text")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the timed runs (API and client alike) to this file")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	store, _, done, err := benchkit.Open(ctx, *dbName)
	if err != nil {
		return false, err
	}
	defer done()
	env, err := describe(ctx, store.SQL)
	if err != nil {
		return false, err
	}
	env.loadTime, err = load(ctx, store, *transactions)
	if err != nil {
		return false, err
	}
	fx, err := fixtures(ctx, store)
	if err != nil {
		return false, err
	}
	if env.rows, err = count(ctx, store.SQL, "transactions"); err != nil {
		return false, err
	}
	if env.labelRows, err = count(ctx, store.SQL, "transaction_labels"); err != nil {
		return false, err
	}
	if env.allVisible, err = allVisible(ctx, store.SQL); err != nil {
		return false, err
	}

	api, closeAPI, err := serveAPI(store, fx.viewer)
	if err != nil {
		return false, err
	}
	defer closeAPI()
	if fx.after, err = firstPageEnd(api, fx); err != nil {
		return false, err
	}

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return false, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return false, err
		}
		defer pprof.StopCPUProfile()
	}
	env.loadAvg[0] = benchkit.LoadAverage()
	var results []result
	for _, sc := range scenarios(fx) {
		if !strings.Contains(sc.name, *only) {
			continue
		}
		fmt.Fprintf(os.Stderr, "%s…\n", sc.name)
		r, err := measure(ctx, sc, api, store.SQL, *warmup, *iterations)
		if err != nil {
			return false, fmt.Errorf("%s: %w", sc.name, err)
		}
		results = append(results, r)
	}
	env.loadAvg[1] = benchkit.LoadAverage()
	return report(os.Stdout, env, *iterations, *warmup, results), nil
}

// load seeds an empty database with n transactions and vacuums it, and
// returns how long the seed took; a database already seeded is left as it is.
func load(ctx context.Context, store *db.DB, n int) (time.Duration, error) {
	have, err := store.Client.Merchant.Query().Count(viewer.SystemContext(ctx))
	if err != nil || have > 0 {
		return 0, err
	}
	fmt.Fprintf(os.Stderr, "loading %d transactions…\n", n)
	start := time.Now()
	if _, err := seed.Run(ctx, store.Client, seed.Options{Transactions: n, Now: now}); err != nil {
		return 0, fmt.Errorf("seed: %w", err)
	}
	took := time.Since(start)
	fmt.Fprintf(os.Stderr, "loaded in %s; VACUUM ANALYZE…\n", took.Round(time.Second))
	// Index-only scans rely on pages being marked all-visible, as
	// autovacuum keeps them on a live server. Right after the load a VACUUM
	// may not mark them yet (the rows are not yet old enough for every
	// session, such as an autovacuum worker that started during the load),
	// so it is repeated until they are.
	for i := 0; ; i++ {
		if _, err := store.SQL.ExecContext(ctx, "VACUUM ANALYZE"); err != nil {
			return 0, err
		}
		visible, err := allVisible(ctx, store.SQL)
		if err != nil || visible > 0.99 || i == 60 {
			return took, err
		}
		time.Sleep(time.Second)
	}
}

// allVisible is the share of the journal's pages marked all-visible.
func allVisible(ctx context.Context, conn *sql.DB) (float64, error) {
	var v float64
	err := conn.QueryRowContext(ctx, `SELECT coalesce(sum(relallvisible)::float / nullif(sum(relpages), 0), 0)
		FROM pg_class WHERE relname IN ('transactions', 'transaction_labels', 'payers')`).Scan(&v)
	return v, err
}

// fixture is what the queries are about: the first merchant (the one the
// development server serves), one of its labels, and the 30 days before now.
type fixture struct {
	viewer     *viewer.Viewer
	merchantID int
	labelID    int
	labelName  string
	since      time.Time
	// after is the end of the first 30-day page.
	after pageEnd
}

func fixtures(ctx context.Context, store *db.DB) (*fixture, error) {
	sys := viewer.SystemContext(ctx)
	m, err := store.Client.Merchant.Query().Order(merchant.ByID()).First(sys)
	if err != nil {
		return nil, err
	}
	name := seed.Labels[0][0]
	l, err := store.Client.Label.Query().Where(label.MerchantID(m.ID), label.Name(name)).Only(sys)
	if err != nil {
		return nil, fmt.Errorf("label %s: %w", name, err)
	}
	return &fixture{
		viewer:     &viewer.Viewer{MerchantID: m.ID, Subject: "bench", Name: "Bench", Role: viewer.RoleAdmin},
		merchantID: m.ID,
		labelID:    l.ID,
		labelName:  name,
		since:      now.Add(-30 * 24 * time.Hour),
	}, nil
}

// serveAPI serves the GraphQL handler on a loopback port as the server
// does, every request running as v, and returns its URL.
func serveAPI(store *db.DB, v *viewer.Viewer) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	api := graph.NewHandler(store.Client, processor.Sandbox{}, slog.New(slog.DiscardHandler))
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			api.ServeHTTP(w, r.WithContext(viewer.NewContext(r.Context(), v)))
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "bench: serve:", err)
		}
	}()
	return "http://" + ln.Addr().String() + "/graphql", func() { _ = srv.Close() }, nil
}

// env describes where the figures come from.
type env struct {
	date, server    string
	settings        map[string]string
	cores           int
	rows, labelRows int
	allVisible      float64
	loadTime        time.Duration
	// loadAvg is the machine's load average (1 minute) before and after
	// the timed runs: other work on the machine slows both sides.
	loadAvg [2]string
}

func describe(ctx context.Context, conn *sql.DB) (*env, error) {
	e := &env{date: time.Now().UTC().Format(time.DateOnly), cores: runtime.NumCPU(), settings: map[string]string{}}
	if err := conn.QueryRowContext(ctx, "SHOW server_version").Scan(&e.server); err != nil {
		return nil, err
	}
	for _, s := range []string{"shared_buffers", "effective_cache_size", "random_page_cost", "work_mem", "max_parallel_workers_per_gather"} {
		var v string
		if err := conn.QueryRowContext(ctx, "SHOW "+s).Scan(&v); err != nil {
			return nil, err
		}
		e.settings[s] = v
	}
	return e, nil
}

func count(ctx context.Context, conn *sql.DB, table string) (int, error) {
	var n int
	err := conn.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n)
	return n, err
}
