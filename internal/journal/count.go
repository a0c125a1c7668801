package journal

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	entgo "entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/transactionlabel"
)

// CountFromLabels is an interceptor of client's transaction queries: a
// Count made in a context from WithLabelCount, for a journal filtered by
// labels and creation dates only, is answered from the label index alone.
// The number of transactions carrying a label in a date range is then the
// number of its index entries, read without visiting thousands of
// transactions one by one. Every other query runs as usual.
func CountFromLabels(client *ent.Client) ent.Interceptor {
	return entgo.InterceptFunc(func(next entgo.Querier) entgo.Querier {
		return entgo.QuerierFunc(func(ctx context.Context, q entgo.Query) (entgo.Value, error) {
			f, ok := ctx.Value(labelCountKey{}).(labelFilter)
			if qc := entgo.QueryFromContext(ctx); !ok || qc == nil || qc.Op != entgo.OpQueryCount {
				return next.Query(ctx, q)
			}
			return f.count(ctx, client)
		})
	})
}

// WithLabelCount returns ctx in which CountFromLabels counts the journal
// narrowed by search and where, when it can. Use it for the journal's
// query alone: any transaction query counted in it gets the label count.
func WithLabelCount(ctx context.Context, search *string, where *ent.TransactionWhereInput) context.Context {
	if f, ok := labelsOnly(search, where); ok {
		return context.WithValue(ctx, labelCountKey{}, f)
	}
	return ctx
}

type labelCountKey struct{}

// whereDates are the fields of a where input that a label filter copes
// with on its own, since the label index holds the creation time.
var whereDates = map[string]bool{"CreatedAtGT": true, "CreatedAtGTE": true, "CreatedAtLT": true, "CreatedAtLTE": true}

// labelsOnly returns the label filter of a journal narrowed by it and by
// creation dates only.
func labelsOnly(search *string, w *ent.TransactionWhereInput) (labelFilter, bool) {
	if w == nil || (search != nil && strings.TrimSpace(*search) != "") {
		return labelFilter{}, false
	}
	// Any other field set (including ones added to the schema later) means
	// another filter.
	v := reflect.ValueOf(w).Elem()
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		if name != "Predicates" && !whereDates[name] && !v.Field(i).IsZero() {
			return labelFilter{}, false
		}
	}
	// The where input's own predicates must all be label filters, and
	// exactly one of them.
	p := &probe{}
	s := sql.Select().From(sql.Table("transactions")).WithContext(context.WithValue(context.Background(), probeKey{}, p))
	for _, pred := range w.Predicates {
		pred(s)
	}
	// A transaction carries a label once, but hasLabelsAllOf with several
	// labels counts groups: it is left to the usual count.
	if len(w.Predicates) != 1 || len(p.filters) != 1 {
		return labelFilter{}, false
	}
	if f := p.filters[0]; len(f.labelIDs) == 0 || (f.all && len(f.labelIDs) > 1) {
		return labelFilter{}, false
	}
	return p.filters[0], true
}

// probe collects the label filters among predicates applied to a selector
// whose context carries it.
type probe struct{ filters []labelFilter }

type probeKey struct{}

// count counts the transactions matching f from the label table alone.
// The label table copies each transaction's merchant and creation time, so
// the merchant scoping and the date range apply to it as they are. A
// transaction carrying several of anyOf's labels counts once.
func (f labelFilter) count(ctx context.Context, client *ent.Client) (int, error) {
	var rows []struct {
		N int `sql:"n"`
	}
	err := client.TransactionLabel.Query().Modify(func(s *sql.Selector) {
		n := sql.Count("*")
		if len(f.labelIDs) > 1 {
			n = sql.Count(sql.Distinct(s.C(transactionlabel.FieldTransactionID)))
		}
		s.Select(sql.As(n, "n")).Where(f.where(s.C))
	}).Scan(ctx, &rows)
	if err != nil {
		return 0, fmt.Errorf("journal count: %w", err)
	}
	if len(rows) != 1 {
		return 0, fmt.Errorf("journal count: %d rows", len(rows))
	}
	return rows[0].N, nil
}
