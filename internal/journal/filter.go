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
	return labeled(merchantID, labelIDs, w, false)
}

// HasLabelsAllOf matches transactions that carry every one of labelIDs.
func HasLabelsAllOf(merchantID int, labelIDs []int, w *ent.TransactionWhereInput) predicate.Transaction {
	return labeled(merchantID, labelIDs, w, true)
}

func labeled(merchantID int, labelIDs []int, w *ent.TransactionWhereInput, all bool) predicate.Transaction {
	labelIDs = unique(labelIDs)
	return func(s *sql.Selector) {
		switch {
		case len(labelIDs) == 0 && all:
			matchAll(s) // every transaction has all of no labels
			return
		case len(labelIDs) == 0:
			s.Where(sql.False())
			return
		}
		t := sql.Table(transactionlabel.Table)
		sub := sql.Select(t.C(transactionlabel.FieldTransactionID)).From(t)
		preds := []*sql.Predicate{sql.InInts(t.C(transactionlabel.FieldLabelID), labelIDs...)}
		if merchantID != 0 {
			preds = append(preds, sql.EQ(t.C(transactionlabel.FieldMerchantID), merchantID))
		}
		created := t.C(transactionlabel.FieldTransactionCreatedAt)
		if w != nil {
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
		sub.Where(sql.And(preds...))
		if all && len(labelIDs) > 1 {
			sub.GroupBy(t.C(transactionlabel.FieldTransactionID)).
				Having(sql.EQ(sql.Count("*"), len(labelIDs)))
		}
		s.Where(sql.In(s.C(transaction.FieldID), sub))
	}
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
