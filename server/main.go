// Command guichet is Guichet's server: the GraphQL API, the single-page
// app, and the jobs behind them.
//
//	guichet [serve] [flags]        run the server (the default)
//	guichet seed [flags]           fill an empty database with demo data
//	guichet migrate [flags]        bring the database schema up to date
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // merchants' time zones work on hosts without tzdata

	"github.com/guichet/guichet/ent/merchant"
	_ "github.com/guichet/guichet/ent/runtime" // hooks and privacy policies
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/seed"
	"github.com/guichet/guichet/internal/viewer"
)

func main() {
	if err := run(context.Background(), os.Args[1:]); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "guichet:", err)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	cmd := "serve"
	if len(args) > 0 && (args[0] == "serve" || args[0] == "seed" || args[0] == "migrate") {
		cmd, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	readConfig := configFlags(fs)
	// seed takes the count as --transactions; serve seeds an empty database
	// with -seed-transactions.
	transactions := fs.Int("transactions", 60000, "demo transactions to create (seed only)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := readConfig()
	if err != nil {
		return err
	}
	log := newLogger(cfg)
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	store, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.Migrate(ctx); err != nil {
		return err
	}
	switch cmd {
	case "migrate":
		log.Info("schema up to date", "dialect", store.Dialect)
		return nil
	case "seed":
		return seedEmpty(ctx, log, store, seed.Options{Transactions: *transactions, PublicURL: cfg.PublicURL}, true)
	}
	if cfg.SeedTransactions > 0 {
		if err := seedEmpty(ctx, log, store, seed.Options{Transactions: cfg.SeedTransactions, PublicURL: cfg.PublicURL}, false); err != nil {
			return err
		}
	}
	return serve(ctx, log, cfg, store)
}

// seedEmpty fills the database with demo data when it has no merchant yet.
// strict makes a non-empty database an error rather than a no-op.
func seedEmpty(ctx context.Context, log *slog.Logger, store *db.DB, o seed.Options, strict bool) error {
	n, err := store.Client.Merchant.Query().Where(merchant.IDGT(0)).Count(viewer.SystemContext(ctx))
	if err != nil {
		return err
	}
	if n > 0 {
		if strict {
			return fmt.Errorf("the database already has data: seed only fills an empty one")
		}
		return nil
	}
	start := time.Now()
	log.Info("seeding demo data", "transactions", o.Transactions)
	o.Now = time.Now()
	if _, err := seed.Run(ctx, store.Client, o); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	log.Info("demo data ready", "transactions", o.Transactions, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

func newLogger(cfg *config) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(os.Stderr, opts)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(os.Stderr, opts)
	}
	return slog.New(h)
}
