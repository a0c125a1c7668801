package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/lib/pq"

	"github.com/guichet/guichet/bench/internal/benchkit"
	"github.com/guichet/guichet/graph/scalar"
)

// scenario is one question asked both ways: through the API and in plain
// SQL. Both answers are decoded to the same form and compared before the
// timed runs, so that the two really fetch the same rows.
type scenario struct {
	name string
	// target is the p95 the API must stay under. Without one, the scenario
	// is for information: neither it nor its ratio to plain SQL is judged.
	target time.Duration
	// query and variables are the GraphQL request.
	query     string
	variables map[string]any
	// decode turns the API's data into the comparable answer.
	decode func(data json.RawMessage) (any, error)
	// sql answers in plain SQL over the same pool.
	sql func(ctx context.Context, conn *sql.DB) (any, error)
}

// maxRatio is how much slower than its plain SQL the API may be.
const maxRatio = 2.0

// pageQuery is the journal page as the SPA asks for it (its Journal query
// and TransactionRow fragment): 50 rows with their payer and labels, the
// total on the first page only.
const pageQuery = `query Journal($where: TransactionWhereInput, $after: Cursor, $count: Boolean!) {
  transactions(first: 50, after: $after, where: $where) {
    totalCount @include(if: $count)
    edges {
      cursor
      node {
        id createdAt mode status amount currency paymentMethod cardLast4 orderReference
        payer { id reference }
        labels { id name color description }
      }
    }
  }
}`

const statsQuery = `query Stats($where: TransactionWhereInput) {
  transactionStats(where: $where, groupBy: [PAYMENT_METHOD, CURRENCY, STATUS]) {
    totalCount
    volume { amount currency }
    buckets { paymentMethod currency status count volume { amount currency } }
  }
}`

func scenarios(fx *fixture) []scenario {
	labelID := benchkit.GlobalID(fx.labelID)
	since := fx.since.Format(time.RFC3339Nano)
	labeled := map[string]any{"hasLabelsAnyOf": []string{labelID}, "createdAtGTE": since}
	all := map[string]any{"createdAtGTE": since}
	return []scenario{
		{
			name:      "(1) first page, label + 30 days, totalCount",
			target:    10 * time.Millisecond,
			query:     pageQuery,
			variables: map[string]any{"where": labeled, "count": true},
			decode:    decodePage,
			sql:       func(ctx context.Context, c *sql.DB) (any, error) { return labeledPageSQL(ctx, c, fx) },
		},
		{
			name:      "(2) first page, 30 days, totalCount",
			target:    100 * time.Millisecond,
			query:     pageQuery,
			variables: map[string]any{"where": all, "count": true},
			decode:    decodePage,
			sql:       func(ctx context.Context, c *sql.DB) (any, error) { return pageSQL(ctx, c, fx) },
		},
		{
			name:      "(2) next page, 30 days, no totalCount",
			query:     pageQuery,
			variables: map[string]any{"where": all, "count": false, "after": fx.after.cursor},
			decode:    decodePage,
			sql:       func(ctx context.Context, c *sql.DB) (any, error) { return nextPageSQL(ctx, c, fx) },
		},
		{
			name:      "(3) stats by method, currency, status, 30 days",
			target:    200 * time.Millisecond,
			query:     statsQuery,
			variables: map[string]any{"where": all},
			decode:    decodeStats,
			sql:       func(ctx context.Context, c *sql.DB) (any, error) { return statsSQL(ctx, c, fx, false) },
		},
		{
			name:      "(3) stats by method, currency, status, label + 30 days",
			target:    20 * time.Millisecond,
			query:     statsQuery,
			variables: map[string]any{"where": labeled},
			decode:    decodeStats,
			sql:       func(ctx context.Context, c *sql.DB) (any, error) { return statsSQL(ctx, c, fx, true) },
		},
	}
}

// pageEnd is where a journal page ends: the API's cursor and the keyset
// of its last row.
type pageEnd struct {
	cursor    string
	createdAt time.Time
	id        int
}

// firstPageEnd asks the API for the first 30-day page and returns its end,
// from which the next page starts.
func firstPageEnd(api string, fx *fixture) (pageEnd, error) {
	body, err := json.Marshal(map[string]any{"query": pageQuery, "variables": map[string]any{
		"where": map[string]any{"createdAtGTE": fx.since.Format(time.RFC3339Nano)}, "count": false,
	}})
	if err != nil {
		return pageEnd{}, err
	}
	res, err := http.Post(api, "application/json", bytes.NewReader(body))
	if err != nil {
		return pageEnd{}, err
	}
	defer res.Body.Close()
	var d struct {
		Data struct {
			Transactions struct {
				Edges []struct {
					Cursor string
					Node   struct {
						ID        string
						CreatedAt time.Time
					}
				}
			}
		}
	}
	if err := json.NewDecoder(res.Body).Decode(&d); err != nil {
		return pageEnd{}, err
	}
	edges := d.Data.Transactions.Edges
	if len(edges) == 0 {
		return pageEnd{}, fmt.Errorf("the first page is empty")
	}
	last := edges[len(edges)-1]
	return pageEnd{last.Cursor, last.Node.CreatedAt, unID(last.Node.ID)}, nil
}

// page is a journal page reduced to what both answers must agree on.
type page struct {
	TotalCount int
	Rows       []pageRow
}

type pageRow struct {
	ID, PayerID int
	Amount      string
	Labels      []int
}

func decodePage(data json.RawMessage) (any, error) {
	var d struct {
		Transactions struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					ID     string
					Amount string
					Payer  *struct{ ID string }
					Labels []struct{ ID string }
				}
			}
		}
	}
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, err
	}
	p := page{TotalCount: d.Transactions.TotalCount}
	for _, e := range d.Transactions.Edges {
		r := pageRow{ID: unID(e.Node.ID), Amount: e.Node.Amount}
		if e.Node.Payer != nil {
			r.PayerID = unID(e.Node.Payer.ID)
		}
		for _, l := range e.Node.Labels {
			r.Labels = append(r.Labels, unID(l.ID))
		}
		slices.Sort(r.Labels)
		p.Rows = append(p.Rows, r)
	}
	return p, nil
}

// The plain SQL of a page: the count, the 50 rows with their payer, then
// the labels of those rows. (One statement gathering the labels in a
// LATERAL subquery took twice as long to plan and run.) The labeled page is
// read from the label index in its order, so that it stops after 50 rows.
const (
	pageColumns = `t.id, t.created_at, t.mode, t.status, t.amount, t.currency, t.payment_method, t.card_last4, t.order_reference,
  p.id, p.reference`
	labeledCountSQL = `SELECT count(*) FROM transaction_labels
WHERE merchant_id = $1 AND label_id = $2 AND transaction_created_at >= $3`
	labeledPageSQLText = `SELECT ` + pageColumns + `
FROM transaction_labels tl
JOIN transactions t ON t.id = tl.transaction_id
LEFT JOIN payers p ON p.id = t.payer_id
WHERE tl.merchant_id = $1 AND tl.label_id = $2 AND tl.transaction_created_at >= $3
ORDER BY tl.transaction_created_at DESC, tl.transaction_id DESC
LIMIT 51`
	nextPageSQLText = `SELECT ` + pageColumns + `
FROM transactions t
LEFT JOIN payers p ON p.id = t.payer_id
WHERE t.merchant_id = $1 AND t.created_at >= $2 AND (t.created_at, t.id) < ($3, $4)
ORDER BY t.created_at DESC, t.id DESC
LIMIT 51`
	countSQL    = `SELECT count(*) FROM transactions WHERE merchant_id = $1 AND created_at >= $2`
	pageSQLText = `SELECT ` + pageColumns + `
FROM transactions t
LEFT JOIN payers p ON p.id = t.payer_id
WHERE t.merchant_id = $1 AND t.created_at >= $2
ORDER BY t.created_at DESC, t.id DESC
LIMIT 51`
	labelsSQL = `SELECT x.transaction_id, l.id, l.name, l.color, l.description
FROM transaction_labels x JOIN labels l ON l.id = x.label_id
WHERE x.transaction_id = ANY($1)`
)

func labeledPageSQL(ctx context.Context, c *sql.DB, fx *fixture) (any, error) {
	p := page{}
	if err := c.QueryRowContext(ctx, labeledCountSQL, fx.merchantID, fx.labelID, fx.since).Scan(&p.TotalCount); err != nil {
		return nil, err
	}
	return readPage(ctx, c, p, labeledPageSQLText, fx.merchantID, fx.labelID, fx.since)
}

func nextPageSQL(ctx context.Context, c *sql.DB, fx *fixture) (any, error) {
	return readPage(ctx, c, page{}, nextPageSQLText, fx.merchantID, fx.since, fx.after.createdAt, fx.after.id)
}

func pageSQL(ctx context.Context, c *sql.DB, fx *fixture) (any, error) {
	p := page{}
	if err := c.QueryRowContext(ctx, countSQL, fx.merchantID, fx.since).Scan(&p.TotalCount); err != nil {
		return nil, err
	}
	return readPage(ctx, c, p, pageSQLText, fx.merchantID, fx.since)
}

// readPage runs the page query and the labels query, reading every column
// the API returns so that both sides do the same work. It keeps the first
// 50 rows: the 51st only tells that there is a next page.
func readPage(ctx context.Context, c *sql.DB, p page, query string, args ...any) (any, error) {
	rows, err := c.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			r                              pageRow
			created                        time.Time
			mode, status, currency, method string
			amount                         int64
			last4, orderRef                sql.NullString
			payerID                        sql.NullInt64
			payerRef                       sql.NullString
		)
		if err := rows.Scan(&r.ID, &created, &mode, &status, &amount, &currency, &method, &last4, &orderRef,
			&payerID, &payerRef); err != nil {
			return nil, err
		}
		r.PayerID = int(payerID.Int64)
		r.Amount = strconv.FormatInt(amount, 10)
		p.Rows = append(p.Rows, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(p.Rows) > 50 {
		p.Rows = p.Rows[:50]
	}
	ids := make([]int64, len(p.Rows))
	at := make(map[int]int, len(p.Rows))
	for i, r := range p.Rows {
		ids[i] = int64(r.ID)
		at[r.ID] = i
	}
	labels, err := c.QueryContext(ctx, labelsSQL, pq.Array(ids))
	if err != nil {
		return nil, err
	}
	defer labels.Close()
	for labels.Next() {
		var (
			txID, id    int
			name, color string
			description sql.NullString
		)
		if err := labels.Scan(&txID, &id, &name, &color, &description); err != nil {
			return nil, err
		}
		r := &p.Rows[at[txID]]
		r.Labels = append(r.Labels, id)
	}
	for i := range p.Rows {
		slices.Sort(p.Rows[i].Labels)
	}
	return p, labels.Err()
}

// stats is a statistics answer reduced to its buckets.
type stats map[string]bucket

type bucket struct {
	Count  int
	Volume string
}

func decodeStats(data json.RawMessage) (any, error) {
	var d struct {
		TransactionStats struct {
			Buckets []struct {
				PaymentMethod, Currency, Status string
				Count                           int
				Volume                          []struct{ Amount string }
			}
		}
	}
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, err
	}
	s := stats{}
	for _, b := range d.TransactionStats.Buckets {
		if len(b.Volume) != 1 {
			return nil, fmt.Errorf("bucket %s/%s/%s has %d volumes, want 1", b.PaymentMethod, b.Currency, b.Status, len(b.Volume))
		}
		s[b.PaymentMethod+" "+b.Currency+" "+b.Status] = bucket{b.Count, b.Volume[0].Amount}
	}
	return s, nil
}

// The plain SQL of the statistics. With a label, the label index drives:
// each labeled transaction is found by (merchant, created_at, id) in the
// transactions' covering index, without reading the table.
const (
	statsSQLText = `SELECT payment_method, currency, status, count(*), sum(amount)
FROM transactions
WHERE merchant_id = $1 AND created_at >= $2
GROUP BY payment_method, currency, status`
	labeledStatsSQLText = `SELECT t.payment_method, t.currency, t.status, count(*), sum(t.amount)
FROM transaction_labels tl
JOIN transactions t ON t.merchant_id = tl.merchant_id AND t.created_at = tl.transaction_created_at AND t.id = tl.transaction_id
WHERE tl.merchant_id = $1 AND tl.transaction_created_at >= $2 AND tl.label_id = $3
GROUP BY t.payment_method, t.currency, t.status`
)

func statsSQL(ctx context.Context, c *sql.DB, fx *fixture, labeled bool) (any, error) {
	var (
		rows *sql.Rows
		err  error
	)
	if labeled {
		rows, err = c.QueryContext(ctx, labeledStatsSQLText, fx.merchantID, fx.since, fx.labelID)
	} else {
		rows, err = c.QueryContext(ctx, statsSQLText, fx.merchantID, fx.since)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	s := stats{}
	for rows.Next() {
		var (
			method, currency, status string
			b                        bucket
		)
		if err := rows.Scan(&method, &currency, &status, &b.Count, &b.Volume); err != nil {
			return nil, err
		}
		s[method+" "+currency+" "+status] = b
	}
	return s, rows.Err()
}

func unID(s string) int {
	id, err := scalar.UnmarshalID(s)
	if err != nil {
		return -1
	}
	return id
}
