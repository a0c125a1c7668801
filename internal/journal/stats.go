package journal

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/internal/money"
)

// Dimension is what statistics can be grouped by.
type Dimension string

// Dimensions.
const (
	ByPaymentMethod Dimension = "PAYMENT_METHOD"
	ByCurrency      Dimension = "CURRENCY"
	ByStatus        Dimension = "STATUS"
	ByFailureCode   Dimension = "FAILURE_CODE"
	// ByDay groups by the day of creation in the merchant's time zone.
	ByDay Dimension = "DAY"
)

// Stats sums up the transactions of a filter.
type Stats struct {
	TotalCount int
	// Volume is the total per currency, sorted by currency.
	Volume []*money.Money
	// Buckets hold one combination of the grouped dimensions each, sorted by
	// those dimensions.
	Buckets []*Bucket
}

// Bucket is the transactions sharing the values of the grouped dimensions;
// the dimensions not grouped by are nil.
type Bucket struct {
	PaymentMethod *transaction.PaymentMethod
	Currency      *money.Currency
	Status        *transaction.Status
	FailureCode   *transaction.FailureCode
	// Day is YYYY-MM-DD in the merchant's time zone.
	Day    *string
	Count  int
	Volume []*money.Money
}

// LocalDayFunc is the SQL function that SQLite is given to turn a stored
// timestamp into the day of a time zone (PostgreSQL has its own).
const LocalDayFunc = "guichet_local_day"

// statsRow is one row of the aggregate query: one combination of the
// grouped dimensions and one currency.
type statsRow struct {
	PaymentMethod sql.NullString `sql:"payment_method"`
	Currency      string         `sql:"currency"`
	Status        sql.NullString `sql:"status"`
	FailureCode   sql.NullString `sql:"failure_code"`
	Day           sql.NullString `sql:"day"`
	Count         int            `sql:"n"`
	Volume        int64          `sql:"volume"`
}

// ComputeStats counts and sums the transactions q selects, grouped by the
// dimensions in by, with days in loc. Volumes are always kept per currency.
func ComputeStats(ctx context.Context, q *ent.TransactionQuery, by []Dimension, loc *time.Location) (*Stats, error) {
	by = uniqueDims(by)
	has := func(d Dimension) bool { return slices.Contains(by, d) }
	var rows []statsRow
	err := q.Modify(func(s *entsql.Selector) {
		// Volumes are never added across currencies: rows are always split
		// by currency, and mergeRows folds them back when not grouped by it.
		cols := []string{s.C(transaction.FieldCurrency)}
		for _, d := range []struct {
			dim   Dimension
			field string
		}{
			{ByPaymentMethod, transaction.FieldPaymentMethod},
			{ByStatus, transaction.FieldStatus},
			{ByFailureCode, transaction.FieldFailureCode},
		} {
			if has(d.dim) {
				cols = append(cols, s.C(d.field))
			}
		}
		groups := slices.Clone(cols)
		s.Select(cols...)
		if has(ByDay) {
			s.AppendSelectExprAs(localDay(s, loc), "day")
			groups = append(groups, "day")
		}
		s.AppendSelectExprAs(entsql.Expr(entsql.Count("*")), "n").
			AppendSelectExprAs(entsql.Expr(entsql.Sum(s.C(transaction.FieldAmount))), "volume").
			GroupBy(groups...)
	}).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("journal stats: %w", err)
	}
	return mergeRows(rows, has(ByCurrency)), nil
}

// localDay is the SQL expression of the creation day in loc.
func localDay(s *entsql.Selector, loc *time.Location) entsql.Querier {
	created := s.C(transaction.FieldCreatedAt)
	if s.Dialect() == dialect.Postgres {
		return entsql.ExprFunc(func(b *entsql.Builder) {
			b.WriteString("to_char(timezone(").Arg(loc.String()).WriteString(", ").Ident(created).WriteString("), 'YYYY-MM-DD')")
		})
	}
	return entsql.ExprFunc(func(b *entsql.Builder) {
		b.WriteString(LocalDayFunc + "(").Ident(created).WriteString(", ").Arg(loc.String()).WriteString(")")
	})
}

func uniqueDims(by []Dimension) []Dimension {
	out := by[:0:0]
	for _, d := range by {
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// mergeRows folds per-currency rows into buckets of the grouped dimensions.
func mergeRows(rows []statsRow, byCurrency bool) *Stats {
	st := &Stats{}
	buckets := map[string]*Bucket{}
	total := map[money.Currency]int64{}
	for _, r := range rows {
		cur := money.Currency(r.Currency)
		total[cur] += r.Volume
		st.TotalCount += r.Count
		key := strings.Join([]string{r.PaymentMethod.String, r.Status.String, r.FailureCode.String, r.Day.String}, "\x00")
		if byCurrency {
			key += "\x00" + r.Currency
		}
		b := buckets[key]
		if b == nil {
			b = &Bucket{
				PaymentMethod: nullEnum[transaction.PaymentMethod](r.PaymentMethod),
				Status:        nullEnum[transaction.Status](r.Status),
				FailureCode:   nullEnum[transaction.FailureCode](r.FailureCode),
				Day:           nullEnum[string](r.Day),
			}
			if byCurrency {
				b.Currency = &cur
			}
			buckets[key] = b
		}
		b.Count += r.Count
		b.Volume = append(b.Volume, &money.Money{Amount: r.Volume, Currency: cur})
	}
	for _, b := range buckets {
		slices.SortFunc(b.Volume, compareCurrency)
		st.Buckets = append(st.Buckets, b)
	}
	for cur, v := range total {
		st.Volume = append(st.Volume, &money.Money{Amount: v, Currency: cur})
	}
	slices.SortFunc(st.Volume, compareCurrency)
	slices.SortFunc(st.Buckets, func(a, b *Bucket) int {
		return cmp.Or(
			cmp.Compare(deref(a.Day), deref(b.Day)),
			cmp.Compare(deref(a.Currency), deref(b.Currency)),
			cmp.Compare(deref(a.PaymentMethod), deref(b.PaymentMethod)),
			cmp.Compare(deref(a.Status), deref(b.Status)),
			cmp.Compare(deref(a.FailureCode), deref(b.FailureCode)),
		)
	})
	return st
}

func compareCurrency(a, b *money.Money) int { return cmp.Compare(a.Currency, b.Currency) }

func nullEnum[T ~string](s sql.NullString) *T {
	if !s.Valid {
		return nil
	}
	v := T(s.String)
	return &v
}

func deref[T ~string](p *T) T {
	if p == nil {
		return ""
	}
	return *p
}
