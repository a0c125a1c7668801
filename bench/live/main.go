// Command live benchmarks live label changes (issue #4) as they run in
// production: two replicas of the real server binary share one PostgreSQL
// database, 1,000 partner subscribers hold labelChanged subscriptions over
// graphql-transport-ws on both, and an operator labels transactions
// through the first replica at a steady rate. It reports the delivery
// latency (p50, p95, p99 over every delivery), the replicas' memory per
// idle subscriber, and their goroutines before and after 1,000
// connect/disconnect cycles, as a Markdown table. See bench/README.md.
//
//	go run ./bench/live [-subscribers 1000] [-rate 10] [-duration 60s] [-cycles 1000]
//
// PostgreSQL is GUICHET_BENCH_POSTGRES_URL's server (its user must be able
// to create databases) or a throwaway cluster started with the machine's
// PostgreSQL binaries. It exits with status 1 when a target is missed.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	"github.com/guichet/guichet/bench/internal/benchkit"
	"github.com/guichet/guichet/ent/label"
	"github.com/guichet/guichet/ent/merchant"
	_ "github.com/guichet/guichet/ent/runtime" // hooks and privacy policies
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/devidp"
	"github.com/guichet/guichet/internal/seed"
	"github.com/guichet/guichet/internal/viewer"
)

// Targets of issue #4 on a 2-core machine.
const (
	targetP99        = 250 * time.Millisecond
	targetIdleMemory = 20 << 10 // bytes per idle subscriber
)

func main() { benchkit.Main(run) }

// options are the benchmark's flags.
type options struct {
	subscribers  int
	rate         float64
	duration     time.Duration
	cycles       int
	transactions int
	concurrency  int
	profiles     string
	keep         bool
	trace        string
	server       string
}

// run benchmarks and reports whether every target is met.
func run() (bool, error) {
	var o options
	flag.IntVar(&o.subscribers, "subscribers", 1000, "subscribers, half on each replica")
	flag.Float64Var(&o.rate, "rate", 10, "label changes a second, through replica A")
	flag.DurationVar(&o.duration, "duration", time.Minute, "how long the changes go on")
	flag.IntVar(&o.cycles, "cycles", 1000, "connect/disconnect cycles counted for goroutines")
	flag.IntVar(&o.transactions, "transactions", 5000, "demo transactions to seed")
	flag.IntVar(&o.concurrency, "concurrency", 25, "subscribers connecting at once")
	flag.StringVar(&o.profiles, "profiles", "", "write the replicas' heap and goroutine profiles (idle subscribers connected) and CPU profiles (changes) to this folder")
	flag.StringVar(&o.server, "server", "", "benchmark this server binary instead of building ./server (to compare two versions)")
	flag.StringVar(&o.trace, "trace", "", "write each change's time and delivery latencies (p50, max) to this CSV file")
	flag.BoolVar(&o.keep, "keep", false, "keep the work folder (server binary, replica logs) and print its path")
	flag.Parse()
	if o.subscribers < 2 || o.rate <= 0 || o.cycles < 1 || o.concurrency < 1 {
		return false, fmt.Errorf("-subscribers must be at least 2, -rate positive, -cycles and -concurrency at least 1")
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	serverURL, stopServer, err := benchkit.Postgres()
	if err != nil {
		return false, err
	}
	defer stopServer()
	dbURL, drop, err := benchkit.Database(ctx, serverURL, "")
	if err != nil {
		return false, err
	}
	defer drop()
	dir, err := os.MkdirTemp("", "guichet-live-bench-")
	if err != nil {
		return false, err
	}
	if o.keep {
		defer fmt.Fprintln(os.Stderr, "work folder kept:", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	if o.profiles != "" {
		if err := os.MkdirAll(o.profiles, 0o755); err != nil {
			return false, err
		}
	}

	bin := o.server
	if bin == "" {
		fmt.Fprintln(os.Stderr, "building the server…")
		if bin, err = build(ctx, dir); err != nil {
			return false, err
		}
	} else if bin, err = filepath.Abs(bin); err != nil {
		return false, err
	}
	fmt.Fprintf(os.Stderr, "seeding %d transactions…\n", o.transactions)
	if err := seedDatabase(ctx, bin, dir, dbURL, o.transactions); err != nil {
		return false, err
	}
	e, fx, err := prepare(ctx, dbURL, o)
	if err != nil {
		return false, err
	}

	// Replica B trusts replica A's development provider, as every replica
	// of a deployment trusts the one identity provider: a token A's
	// provider issued works on both.
	a, err := startReplica(ctx, bin, dir, "A", "-database", dbURL)
	if err != nil {
		return false, err
	}
	defer a.stop()
	b, err := startReplica(ctx, bin, dir, "B", "-database", dbURL, "-oidc-issuer", a.url+"/dev-idp")
	if err != nil {
		return false, err
	}
	defer b.stop()
	op, err := operator(ctx, a.url)
	if err != nil {
		return false, err
	}

	bn := &bench{options: o, replicas: []*replica{a, b}, issuer: a.url + "/dev-idp", op: op, fx: fx}
	e.loadAvg[0] = benchkit.LoadAverage()
	r, err := bn.run(ctx)
	if err != nil {
		return false, err
	}
	e.loadAvg[1] = benchkit.LoadAverage()
	if o.trace != "" {
		if err := writeTrace(o.trace, bn.changes[len(bn.changes)-r.changes:], r.byChange); err != nil {
			return false, err
		}
	}
	return report(os.Stdout, e, o, r), nil
}

// fixture is what the changes are about: the partner's merchant, one of
// its labels, and transactions that do not have it.
type fixture struct {
	label        int
	labelName    string
	transactions []string // global IDs
}

// env describes where the figures come from.
type env struct {
	date, server string
	cores        int
	transactions int
	loadAvg      [2]string
}

// prepare reads the fixture and the environment from the seeded database.
func prepare(ctx context.Context, dbURL string, o options) (*env, *fixture, error) {
	store, err := db.Open(ctx, dbURL)
	if err != nil {
		return nil, nil, err
	}
	defer store.Close()
	e := &env{date: time.Now().UTC().Format(time.DateOnly), cores: runtime.NumCPU()}
	if err := store.SQL.QueryRowContext(ctx, "SHOW server_version").Scan(&e.server); err != nil {
		return nil, nil, err
	}
	if err := store.SQL.QueryRowContext(ctx, "SELECT count(*) FROM transactions").Scan(&e.transactions); err != nil {
		return nil, nil, err
	}
	sys := viewer.SystemContext(ctx)
	account := ""
	for _, c := range devidp.MachineClients {
		if c.ID == partnerID {
			account = c.MerchantAccount
		}
	}
	m, err := store.Client.Merchant.Query().Where(merchant.AccountNumber(account)).Only(sys)
	if err != nil {
		return nil, nil, fmt.Errorf("merchant %s of %s: %w", account, partnerID, err)
	}
	name := seed.Labels[0][0]
	l, err := store.Client.Label.Query().Where(label.MerchantID(m.ID), label.Name(name)).Only(sys)
	if err != nil {
		return nil, nil, fmt.Errorf("label %s: %w", name, err)
	}
	// Each transaction is labelled, then unlabelled: two changes, two
	// events. Two more for the warm-up.
	need := int(o.rate*o.duration.Seconds())/2 + 2
	ids, err := store.Client.Transaction.Query().
		Where(transaction.MerchantID(m.ID), transaction.Not(transaction.HasLabelsWith(label.ID(l.ID)))).
		Order(transaction.ByID()).Limit(need).IDs(sys)
	if err != nil {
		return nil, nil, err
	}
	if len(ids) < need {
		return nil, nil, fmt.Errorf("%d transactions without %s, want %d: seed more (-transactions) or change less (-rate, -duration)", len(ids), name, need)
	}
	fx := &fixture{label: l.ID, labelName: name}
	for _, id := range ids {
		fx.transactions = append(fx.transactions, gid(id))
	}
	return e, fx, nil
}

// saveProfiles writes the profiles of every replica, named after it, when
// -profiles asks for them.
func (bn *bench) saveProfiles(ctx context.Context, suffix string, profiles ...string) error {
	if bn.profiles == "" {
		return nil
	}
	for _, r := range bn.replicas {
		for _, p := range profiles {
			if err := r.save(ctx, p, filepath.Join(bn.profiles, fmt.Sprintf("%s-%s-%s.pprof", p, r.name, suffix))); err != nil {
				return err
			}
		}
	}
	return nil
}
