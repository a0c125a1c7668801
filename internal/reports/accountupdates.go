package reports

import (
	"context"
	"fmt"
	"io"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/billingprofile"
	"github.com/guichet/guichet/ent/updaterresult"
	"github.com/guichet/guichet/internal/updater/decision"
)

// Period is the span a report covers, in the merchant's time zone:
// [Start, End).
type Period struct {
	// Name is the day (YYYY-MM-DD) or the month (YYYY-MM).
	Name       string
	Start, End time.Time
}

// Merchant is whose report it is.
type Merchant struct {
	ID       int
	Name     string
	Account  string
	Location *time.Location
}

// Request asks for the account-update status report of a merchant's
// period.
type Request struct {
	Merchant Merchant
	Period   Period
	Format   Format
	// At is when the report is made, as its HTML says.
	At time.Time
}

// pageSize is how many rows one query reads: the memory a report holds.
const pageSize = 1000

// timeLayout writes instants in the merchant's time zone, as spreadsheets
// read them.
const timeLayout = "2006-01-02 15:04:05"

// WriteAccountUpdates writes the account-update status report of period:
// each card the Account Updater answered about during the period with a
// decision the report lists (decision.Code.Reported), oldest answer first,
// with the merchant account number, the payment method and billing IDs,
// the last four digits and expiry date, the decision code and its meaning,
// and the billing status, as the answer left them. It returns the number
// of rows. The rows are read a page at a time.
func WriteAccountUpdates(ctx context.Context, client *ent.Client, w io.Writer, r Request) (int, error) {
	f, m, period := r.Format.withDefaults(), r.Merchant, r.Period
	s := newSheet(w, f, Meta{
		Title:    f.tr("Rapport mensuel sur l'état de la mise à jour des comptes", "Monthly account update status report"),
		Merchant: m.Name, Account: m.Account, Period: period.Name, TimeZone: m.Location.String(), GeneratedAt: r.At.In(m.Location),
	})
	err := s.header([]string{
		f.tr("Numéro de compte marchand", "Merchant account number"),
		f.tr("Identifiant du mode de paiement", "Payment method ID"),
		f.tr("Identifiant de facturation", "Billing ID"),
		f.tr("Quatre derniers chiffres", "Last 4 digits"),
		f.tr("Date d'expiration", "Expiry date"),
		f.tr("Code de décision", "Decision code"),
		f.tr("Signification", "Meaning"),
		f.tr("État de facturation", "Billing status"),
		f.tr("Date de la mise à jour", "Updated at"),
	})
	if err != nil {
		return 0, err
	}
	base := client.UpdaterResult.Query().Where(
		updaterresult.MerchantID(m.ID),
		updaterresult.AnsweredAtGTE(period.Start.UTC()),
		updaterresult.AnsweredAtLT(period.End.UTC()),
		updaterresult.DecisionIn(decision.Reported()...),
	)
	rows := 0
	var last *ent.UpdaterResult
	for {
		q := base.Clone()
		if last != nil {
			q.Where(after(updaterresult.FieldAnsweredAt, *last.AnsweredAt, last.ID, ">"))
		}
		page, err := q.Order(ent.Asc(updaterresult.FieldAnsweredAt), ent.Asc(updaterresult.FieldID)).Limit(pageSize).All(ctx)
		if err != nil {
			return rows, err
		}
		for _, r := range page {
			if err := s.row(accountUpdateRow(r, m, f)); err != nil {
				return rows, err
			}
			rows++
		}
		if len(page) < pageSize {
			break
		}
		last = page[len(page)-1]
	}
	return rows, s.close(rows)
}

func accountUpdateRow(r *ent.UpdaterResult, m Merchant, f Format) []string {
	last4, month, year := r.Last4After, deref(r.ExpiryMonthAfter), deref(r.ExpiryYearAfter)
	status := f.tr("Actif", "Active")
	if r.StatusAfter != nil && *r.StatusAfter == updaterresult.StatusAfter(billingprofile.StatusDISABLED) {
		status = f.tr("Désactivé", "Disabled")
	}
	code := decision.Code("")
	if r.Decision != nil {
		code = *r.Decision
	}
	return []string{
		m.Account,
		r.PaymentMethodRef,
		r.BillingRef,
		last4,
		fmt.Sprintf("%02d/%04d", month, year),
		string(code),
		code.Meaning(f.Language),
		status,
		r.AnsweredAt.In(m.Location).Format(timeLayout),
	}
}

// after matches the rows that come after (at, id) in the order of the
// column and the ID (op ">"), or before it (op "<"): a row comparison,
// which reads an index on (..., column, id) from that point on, however
// many rows share a time.
func after(column string, at time.Time, id int, op string) func(*sql.Selector) {
	return func(s *sql.Selector) {
		s.Where(sql.P(func(b *sql.Builder) {
			b.WriteByte('(').Ident(s.C(column)).Comma().Ident(s.C("id")).WriteString(") " + op + " (").
				Arg(at).Comma().Arg(id).WriteByte(')')
		}))
	}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
