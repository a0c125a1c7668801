package graphtest

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/internal/db"
)

// Driver wraps the ent driver of a database: it counts and keeps the SQL
// statements that go through it and, to test failures and races, panics on
// chosen ones or runs a function before one.
type Driver struct {
	dialect.Driver
	mu         sync.Mutex
	statements []string
	panicOn    string
	before     []hook
}

type hook struct {
	match func(query string) bool
	run   func()
}

// NewClient returns an ent client over the pool of d whose statements go
// through the returned Driver.
func NewClient(d *db.DB) (*ent.Client, *Driver) {
	drv := &Driver{Driver: entsql.OpenDB(d.Dialect, d.SQL)}
	return ent.NewClient(ent.Driver(drv)), drv
}

// Count returns the number of statements run since the last Reset.
func (d *Driver) Count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.statements)
}

// Statements returns the statements run since the last Reset.
func (d *Driver) Statements() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.statements)
}

// Reset forgets the statements run so far.
func (d *Driver) Reset() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.statements = nil
}

// PanicOn makes every statement containing substr panic; "" stops it.
func (d *Driver) PanicOn(substr string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.panicOn = substr
}

// Before runs f, once, before the first statement that match accepts,
// so that a test can make something happen at a chosen point of the code
// under test. f runs on the statement's goroutine, holding no connection.
func (d *Driver) Before(match func(query string) bool, f func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.before = append(d.before, hook{match, f})
}

func (d *Driver) statement(query string) {
	d.mu.Lock()
	d.statements = append(d.statements, query)
	if d.panicOn != "" && strings.Contains(query, d.panicOn) {
		d.mu.Unlock()
		panic("graphtest: statement " + query)
	}
	var run []func()
	kept := d.before[:0]
	for _, h := range d.before {
		if h.match(query) {
			run = append(run, h.run)
		} else {
			kept = append(kept, h)
		}
	}
	d.before = kept
	d.mu.Unlock()
	for _, f := range run {
		f()
	}
}

// Exec counts and runs a statement.
func (d *Driver) Exec(ctx context.Context, query string, args, v any) error {
	d.statement(query)
	return d.Driver.Exec(ctx, query, args, v)
}

// Query counts and runs a query.
func (d *Driver) Query(ctx context.Context, query string, args, v any) error {
	d.statement(query)
	return d.Driver.Query(ctx, query, args, v)
}

// ExecContext counts and runs a raw statement (ent's client.ExecContext),
// as the wrapped driver would.
func (d *Driver) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	d.statement(query)
	return execContext(ctx, d.Driver, query, args)
}

// QueryContext counts and runs a raw query (ent's client.QueryContext).
func (d *Driver) QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error) {
	d.statement(query)
	return queryContext(ctx, d.Driver, query, args)
}

// Tx starts a transaction whose statements count too.
func (d *Driver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &countingTx{Tx: tx, d: d}, nil
}

type countingTx struct {
	dialect.Tx
	d *Driver
}

func (t *countingTx) Exec(ctx context.Context, query string, args, v any) error {
	t.d.statement(query)
	return t.Tx.Exec(ctx, query, args, v)
}

func (t *countingTx) Query(ctx context.Context, query string, args, v any) error {
	t.d.statement(query)
	return t.Tx.Query(ctx, query, args, v)
}

func (t *countingTx) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	t.d.statement(query)
	return execContext(ctx, t.Tx, query, args)
}

func (t *countingTx) QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error) {
	t.d.statement(query)
	return queryContext(ctx, t.Tx, query, args)
}

// execContext runs a raw statement on what the wrapper wraps: ent's SQL
// driver and transactions offer it, and code such as the label event log
// relies on it.
func execContext(ctx context.Context, x any, query string, args []any) (stdsql.Result, error) {
	e, ok := x.(interface {
		ExecContext(context.Context, string, ...any) (stdsql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("graphtest: %T has no ExecContext", x)
	}
	return e.ExecContext(ctx, query, args...)
}

func queryContext(ctx context.Context, x any, query string, args []any) (*stdsql.Rows, error) {
	q, ok := x.(interface {
		QueryContext(context.Context, string, ...any) (*stdsql.Rows, error)
	})
	if !ok {
		return nil, fmt.Errorf("graphtest: %T has no QueryContext", x)
	}
	return q.QueryContext(ctx, query, args...)
}
