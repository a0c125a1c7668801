// Package db opens Guichet's database, SQLite (the embedded default) or
// PostgreSQL, and brings its schema up to date.
package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/lib/pq" // PostgreSQL driver
	"modernc.org/sqlite"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/internal/journal"
)

// DB is an open database.
type DB struct {
	Client *ent.Client
	// SQL is the pool underneath Client, for health checks and raw reads.
	SQL *sql.DB
	// Dialect is dialect.SQLite or dialect.Postgres.
	Dialect string
}

// Close closes the pool.
func (d *DB) Close() error { return d.Client.Close() }

// Open connects to url: a postgres:// or postgresql:// URL, or a SQLite
// file path (optionally prefixed with sqlite:// or file:). opts are passed
// to the ent client, for example ent.Debug() or a driver wrapper.
func Open(ctx context.Context, rawURL string, opts ...ent.Option) (*DB, error) {
	var (
		sqlDB *sql.DB
		name  string
		err   error
	)
	switch {
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		name = dialect.Postgres
		sqlDB, err = sql.Open("postgres", rawURL)
		if err == nil {
			sqlDB.SetMaxOpenConns(20)
			sqlDB.SetMaxIdleConns(20)
			sqlDB.SetConnMaxIdleTime(5 * time.Minute)
		}
	default:
		name = dialect.SQLite
		sqlDB, err = openSQLite(rawURL)
	}
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("reach database: %w", err)
	}
	drv := entsql.OpenDB(name, sqlDB)
	client := ent.NewClient(append([]ent.Option{ent.Driver(drv)}, opts...)...)
	client.Transaction.Intercept(journal.CountFromLabels(client))
	return &DB{Client: client, SQL: sqlDB, Dialect: name}, nil
}

// Migrate creates or updates the schema; it only ever adds.
func (d *DB) Migrate(ctx context.Context) error {
	if err := d.Client.Schema.Create(ctx); err != nil {
		return fmt.Errorf("migrate schema: %w", err)
	}
	return nil
}

// openSQLite opens a SQLite file with the settings Guichet relies on:
// foreign keys, WAL for concurrent readers, a busy timeout instead of
// "database is locked" errors, write transactions that take the write lock
// up front (so that two of them never deadlock upgrading a read lock),
// timestamps written in UTC in one sortable format, and a LIKE that
// respects case as PostgreSQL's does (ent's HasPrefix and Contains filters
// use LIKE; its Fold variants lower both sides themselves).
func openSQLite(rawURL string) (*sql.DB, error) {
	registerFunctions()
	path := strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite://"), "file:")
	if path == "" {
		return nil, fmt.Errorf("no SQLite file given")
	}
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}
	q := url.Values{}
	for _, p := range []string{"foreign_keys(1)", "journal_mode(WAL)", "busy_timeout(10000)", "synchronous(NORMAL)", "case_sensitive_like(1)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	q.Set("_time_format", "sqlite")
	q.Set("_timezone", "UTC")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	// One writer at a time is SQLite's rule; a few connections let reads
	// proceed beside it.
	db.SetMaxOpenConns(8)
	return db, nil
}

var registerOnce sync.Once

// registerFunctions gives SQLite what PostgreSQL has built in.
func registerFunctions() {
	registerOnce.Do(func() {
		err := sqlite.RegisterDeterministicScalarFunction(journal.LocalDayFunc, 2,
			func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
				t, err := asTime(args[0])
				if err != nil {
					return nil, err
				}
				tz, _ := args[1].(string)
				loc, err := time.LoadLocation(tz)
				if err != nil {
					return nil, err
				}
				return t.In(loc).Format(time.DateOnly), nil
			})
		if err != nil {
			panic(err)
		}
		// pg_notify stands in for PostgreSQL's: with SQLite the process is
		// the only replica, and label events reach its subscribers at commit.
		err = sqlite.RegisterScalarFunction("pg_notify", 2,
			func(*sqlite.FunctionContext, []driver.Value) (driver.Value, error) { return nil, nil })
		if err != nil {
			panic(err)
		}
	})
}

func asTime(v driver.Value) (time.Time, error) {
	switch v := v.(type) {
	case time.Time:
		return v, nil
	case string:
		return time.Parse("2006-01-02 15:04:05.999999999-07:00", v)
	case []byte:
		return time.Parse("2006-01-02 15:04:05.999999999-07:00", string(v))
	default:
		return time.Time{}, fmt.Errorf("not a timestamp: %T", v)
	}
}

// ForUpdate locks the rows a query reads until the end of its transaction
// on PostgreSQL. SQLite has no row locks and needs none: Guichet's write
// transactions take its single write lock when they begin.
func ForUpdate(s *entsql.Selector) {
	if s.Dialect() != dialect.SQLite {
		s.ForUpdate()
	}
}
