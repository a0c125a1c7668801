// Package journal answers the transaction journal's questions: which
// transactions match a filter, what they add up to, and which labels they
// carry. It knows nothing of GraphQL; graph/ calls it.
package journal

import (
	"regexp"
	"strings"

	"entgo.io/ent/dialect/sql"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/payer"
	"github.com/guichet/guichet/ent/predicate"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/ent/transactionlabel"
)

var fourDigits = regexp.MustCompile(`^[0-9]{4}$`)

// Search matches the start of the order reference or of the Payer ID
// (case-insensitively), the payer's e-mail without regard to case when byEmail (callers
// who may not read payers' personal data cannot probe e-mail addresses),
// or the card's last four digits. A blank text matches everything.
func Search(text string, byEmail bool) predicate.Transaction {
	text = strings.TrimSpace(text)
	if text == "" {
		return matchAll
	}
	payerMatch := predicate.Payer(hasPrefixFold(payer.FieldReference, text))
	if byEmail {
		payerMatch = payer.Or(payerMatch, predicate.Payer(equalFold(payer.FieldEmail, text)))
	}
	anyOf := []predicate.Transaction{
		predicate.Transaction(hasPrefixFold(transaction.FieldOrderReference, text)),
		transaction.HasPayerWith(payerMatch),
	}
	if fourDigits.MatchString(text) {
		anyOf = append(anyOf, transaction.CardLast4(text))
	}
	return transaction.Or(anyOf...)
}

// hasPrefixFold matches rows whose column starts with prefix, ignoring case.
// The database lowers both sides, so that they fold alike: a text typed as
// stored always matches, even where the database folds ASCII only (SQLite,
// PostgreSQL's C locale) and Go would fold more.
func hasPrefixFold(column, prefix string) func(*sql.Selector) {
	escaped := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(prefix)
	return func(s *sql.Selector) {
		s.Where(sql.P(func(b *sql.Builder) {
			b.WriteString("LOWER(").Ident(s.C(column)).WriteString(") LIKE LOWER(").Arg(escaped + "%").WriteString(`) ESCAPE '\'`)
		}))
	}
}

// equalFold matches rows whose column equals text, ignoring case as
// hasPrefixFold does.
func equalFold(column, text string) func(*sql.Selector) {
	return func(s *sql.Selector) {
		s.Where(sql.P(func(b *sql.Builder) {
			b.WriteString("LOWER(").Ident(s.C(column)).WriteString(") = LOWER(").Arg(text).WriteString(")")
		}))
	}
}

// HasLabelsAnyOf matches transactions that carry at least one of labelIDs.
// It reads the date range of w when the query is built, so that the label
// lookup is answered from the join table's (merchant, label, date) index
// without visiting transactions outside the range.
func HasLabelsAnyOf(merchantID int, labelIDs []int, w *ent.TransactionWhereInput) predicate.Transaction {
	return labelFilter{merchantID, unique(labelIDs), w, false}.predicate()
}

// HasLabelsAllOf matches transactions that carry every one of labelIDs.
func HasLabelsAllOf(merchantID int, labelIDs []int, w *ent.TransactionWhereInput) predicate.Transaction {
	return labelFilter{merchantID, unique(labelIDs), w, true}.predicate()
}

// labelFilter is a hasLabelsAnyOf or hasLabelsAllOf filter.
type labelFilter struct {
	merchantID int
	labelIDs   []int
	// w is the where input the filter belongs to, for its date range.
	w   *ent.TransactionWhereInput
	all bool
}

// predicate matches the transactions whose (created_at, id) the label
// index lists. Matching both columns, rather than the ID alone, tells
// PostgreSQL that a transaction's creation time is its label's copy of it:
// a page ordered by creation time is then read from the label index in
// order, stopping after one page, and each labeled transaction is found by
// (merchant, created_at, id) in the covering index of transactions.
func (f labelFilter) predicate() predicate.Transaction {
	return func(s *sql.Selector) {
		if p, ok := s.Context().Value(probeKey{}).(*probe); ok {
			p.filters = append(p.filters, f)
		}
		switch {
		case len(f.labelIDs) == 0 && f.all:
			matchAll(s) // every transaction has all of no labels
			return
		case len(f.labelIDs) == 0:
			s.Where(sql.False())
			return
		}
		sub := f.transactions()
		s.Where(sql.P(func(b *sql.Builder) {
			b.WriteByte('(').Ident(s.C(transaction.FieldCreatedAt)).Comma().Ident(s.C(transaction.FieldID)).
				WriteString(") IN ").Wrap(func(b *sql.Builder) { b.Join(sub) })
		}))
	}
}

// transactions selects the (transaction_created_at, transaction_id) of the
// transactions the filter matches from the label table alone. With several
// labels, anyOf lists a transaction once per matching label.
func (f labelFilter) transactions() *sql.Selector {
	t := sql.Table(transactionlabel.Table)
	created, id := t.C(transactionlabel.FieldTransactionCreatedAt), t.C(transactionlabel.FieldTransactionID)
	sub := sql.Select(created, id).From(t).Where(f.where(t.C))
	if f.all && len(f.labelIDs) > 1 {
		sub.GroupBy(id, created).Having(sql.EQ(sql.Count("*"), len(f.labelIDs)))
	}
	return sub
}

// where is the condition on the label table's rows, whose columns c names.
func (f labelFilter) where(c func(string) string) *sql.Predicate {
	created := c(transactionlabel.FieldTransactionCreatedAt)
	preds := []*sql.Predicate{sql.InInts(c(transactionlabel.FieldLabelID), f.labelIDs...)}
	if f.merchantID != 0 {
		preds = append(preds, sql.EQ(c(transactionlabel.FieldMerchantID), f.merchantID))
	}
	if w := f.w; w != nil {
		if w.CreatedAtGTE != nil {
			preds = append(preds, sql.GTE(created, *w.CreatedAtGTE))
		}
		if w.CreatedAtGT != nil {
			preds = append(preds, sql.GT(created, *w.CreatedAtGT))
		}
		if w.CreatedAtLTE != nil {
			preds = append(preds, sql.LTE(created, *w.CreatedAtLTE))
		}
		if w.CreatedAtLT != nil {
			preds = append(preds, sql.LT(created, *w.CreatedAtLT))
		}
	}
	return sql.And(preds...)
}

// matchAll is the condition every row meets. A predicate must always add a
// condition: one that adds none vanishes inside or and not, so that
// not(everything) would match everything and or(everything, x) only x.
func matchAll(s *sql.Selector) { s.Where(sql.Not(sql.False())) }

func unique(ids []int) []int {
	seen := make(map[int]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
