package reports

import (
	"context"
	"io"
	"strings"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/internal/money"
)

// JournalOptions say what the journal export shows.
type JournalOptions struct {
	Format Format
	// PayerData adds the payer's e-mail and name, for callers who may read
	// payers' personal data.
	PayerData bool
	// ID writes a transaction's ID as the API shows it.
	ID func(int) string
	// Title and Period go above the HTML table.
	Title, Period string
	// At is when the export is made, as its HTML says.
	At time.Time
}

// WriteJournal writes the transactions q matches, newest first as the
// journal shows them, and returns how many. q is read a page at a time,
// each page after the last row of the previous one (keyset pagination on
// creation time and ID), so that memory stays the same whatever the number
// of rows, and rows created meanwhile never shift a page.
func WriteJournal(ctx context.Context, q *ent.TransactionQuery, w io.Writer, m Merchant, o JournalOptions) (int, error) {
	f := o.Format.withDefaults()
	title := o.Title
	if title == "" {
		title = f.tr("Journal des transactions", "Transaction journal")
	}
	s := newSheet(w, f, Meta{Title: title, Merchant: m.Name, Account: m.Account, Period: o.Period,
		TimeZone: m.Location.String(), GeneratedAt: o.At.In(m.Location)})
	cols := []string{
		f.tr("Date", "Date"), "ID", f.tr("Référence de commande", "Order reference"), f.tr("ID du payeur", "Payer ID"),
	}
	if o.PayerData {
		cols = append(cols, f.tr("E-mail du payeur", "Payer e-mail"), f.tr("Nom du payeur", "Payer name"))
	}
	cols = append(cols,
		f.tr("Boutique", "Shop"), f.tr("Mode", "Mode"), f.tr("Canal", "Channel"), f.tr("Statut", "Status"),
		f.tr("Moyen de paiement", "Payment method"), f.tr("Quatre derniers chiffres", "Last 4 digits"),
		f.tr("Montant", "Amount"), f.tr("Devise", "Currency"), f.tr("Montant capturé", "Captured amount"),
		f.tr("Montant remboursé", "Refunded amount"), f.tr("Code d'échec", "Failure code"),
		f.tr("Rapprochement", "Reconciliation"), f.tr("Étiquettes", "Labels"),
	)
	if err := s.header(cols); err != nil {
		return 0, err
	}
	rows := 0
	var last *ent.Transaction
	for {
		page := q.Clone()
		if last != nil {
			page.Where(after(transaction.FieldCreatedAt, last.CreatedAt, last.ID, "<"))
		}
		txs, err := page.
			Order(ent.Desc(transaction.FieldCreatedAt), ent.Desc(transaction.FieldID)).
			Limit(pageSize).
			WithPayer().
			WithShop().
			WithLabels().
			All(ctx)
		if err != nil {
			return rows, err
		}
		for _, t := range txs {
			if err := s.row(journalRow(t, m, f, o)); err != nil {
				return rows, err
			}
			rows++
		}
		if len(txs) < pageSize {
			break
		}
		last = txs[len(txs)-1]
	}
	return rows, s.close(rows)
}

func journalRow(t *ent.Transaction, m Merchant, f Format, o JournalOptions) []string {
	payer := t.Edges.Payer
	row := []string{t.CreatedAt.In(m.Location).Format(timeLayout), o.ID(t.ID), t.OrderReference, ""}
	if payer != nil {
		row[3] = payer.Reference
	}
	if o.PayerData {
		if payer != nil {
			row = append(row, payer.Email, payer.Name)
		} else {
			row = append(row, "", "")
		}
	}
	shop := ""
	if t.Edges.Shop != nil {
		shop = t.Edges.Shop.Name
	}
	failure := ""
	if t.FailureCode != nil {
		failure = string(*t.FailureCode)
	}
	labels := make([]string, len(t.Edges.Labels))
	for i, l := range t.Edges.Labels {
		labels[i] = l.Name
	}
	return append(row,
		shop, string(t.Mode), string(t.Channel), string(t.Status), string(t.PaymentMethod), t.CardLast4,
		f.amount(t.Amount, t.Currency), string(t.Currency), f.amount(t.CapturedAmount, t.Currency),
		f.amount(t.RefundedAmount, t.Currency), failure, t.Reconciliation, strings.Join(labels, ", "),
	)
}

// amount writes minor units as a decimal number of the currency, with
// the format's decimal mark and no grouping: 1234.50, or 1234,50.
func (f Format) amount(minor int64, c money.Currency) string {
	return strings.Replace(money.Format(minor, c), ".", f.decimalMark(), 1)
}
