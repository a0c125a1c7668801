package graphtest

import (
	"context"
	"slices"
	"strings"
	"sync"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/internal/db"
)

// Driver wraps the ent driver of a database: it counts and keeps the SQL
// statements that go through it and, to test failures, panics on chosen
// ones.
type Driver struct {
	dialect.Driver
	mu         sync.Mutex
	statements []string
	panicOn    string
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

func (d *Driver) statement(query string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.statements = append(d.statements, query)
	if d.panicOn != "" && strings.Contains(query, d.panicOn) {
		panic("graphtest: statement " + query)
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
