// Package graph is Guichet's GraphQL API: gqlgen resolvers on top of ent and
// the domain packages, the permission directive, and the HTTP handler with
// its guards.
package graph

import (
	"context"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/journal"
	"github.com/guichet/guichet/internal/payments"
	"github.com/guichet/guichet/internal/processor"
	"github.com/guichet/guichet/internal/viewer"
)

// Resolver is the root of the resolvers. Queries read through client;
// mutations use the client of their database transaction, ent.FromContext.
type Resolver struct {
	client    *ent.Client
	processor processor.Processor
	payments  payments.Config
	// production refuses the development views (the e-mail outbox).
	production bool
}

// NewSchema returns the executable schema on top of client, moving money
// through p.
func NewSchema(client *ent.Client, p processor.Processor, opts ...Option) graphql.ExecutableSchema {
	var cfg handlerConfig
	for _, o := range opts {
		o(&cfg)
	}
	pay := cfg.payments
	pay.Processor = p
	return NewExecutableSchema(Config{
		Resolvers: &Resolver{client: client, processor: p, payments: pay, production: cfg.production},
		Directives: DirectiveRoot{
			HasPermission: hasPermission,
		},
	})
}

// hasPermission lets through only callers holding permission.
func hasPermission(ctx context.Context, _ any, next graphql.Resolver, permission viewer.Permission) (any, error) {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return nil, apperr.Errorf(apperr.Unauthenticated, "authentication required")
	case !v.Can(permission):
		return nil, apperr.Errorf(apperr.Forbidden, "the %s role does not have the %s permission", v.Role, permission)
	}
	return next(ctx)
}

// caller is the merchant's caller of the request, or UNAUTHENTICATED: the
// resolvers that need the viewer itself, not only through ent's privacy
// rules, must not read a missing one.
func caller(ctx context.Context) (*viewer.Viewer, error) {
	if v := viewer.FromContext(ctx); v != nil && !v.IsSystem() {
		return v, nil
	}
	return nil, apperr.Errorf(apperr.Unauthenticated, "authentication required")
}

// journal starts a journal query: the viewer's transactions, narrowed by the
// free-text search when there is one.
func (r *Resolver) journal(ctx context.Context, search *string) *ent.TransactionQuery {
	q := r.client.Transaction.Query()
	if search != nil {
		q = q.Where(journal.Search(*search, viewer.FromContext(ctx).Can(viewer.ReadPayerPII)))
	}
	return q
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// withSelectedEdges reads txs again, in the same order, together with the
// edges the query selects from them (labels, payer, shop): one statement
// per edge for the whole list instead of one per transaction.
func withSelectedEdges(ctx context.Context, client *ent.Client, txs []*ent.Transaction) ([]*ent.Transaction, error) {
	ids := make([]int, len(txs))
	for i, t := range txs {
		ids[i] = t.ID
	}
	q, err := client.Transaction.Query().Where(transaction.IDIn(ids...)).CollectFields(ctx)
	if err != nil {
		return nil, err
	}
	found, err := q.All(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int]*ent.Transaction, len(found))
	for _, t := range found {
		byID[t.ID] = t
	}
	out := make([]*ent.Transaction, len(txs))
	for i, t := range txs {
		out[i] = byID[t.ID]
	}
	return out, nil
}

// cursorSeq reads the log position of a label event cursor.
func cursorSeq(c *entgql.Cursor[int]) (int64, bool) {
	switch v := c.Value.(type) {
	case int8:
		return int64(v), true
	case int16:
		return int64(v), true
	case int32:
		return int64(v), true
	case int64:
		return v, true
	case uint8:
		return int64(v), true
	case uint16:
		return int64(v), true
	case uint32:
		return int64(v), true
	case uint64:
		return int64(v), v < 1<<63
	}
	return 0, false
}
