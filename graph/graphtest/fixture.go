package graphtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/billingprofile"
	"github.com/guichet/guichet/ent/label"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/ent/transactionlabel"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/money"
)

// Fixture builds data with chosen values, as Guichet itself so that no
// merchant scoping gets in the way.
type Fixture struct {
	t      testing.TB
	ctx    context.Context
	Client *ent.Client
	n      int
}

// NewFixture builds into client and fails t on any error.
func NewFixture(t testing.TB, client *ent.Client) *Fixture {
	return &Fixture{t: t, ctx: System(), Client: client}
}

func (f *Fixture) check(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatalf("fixture: %v", err)
	}
}

// Joined is when fixtures' merchants joined Guichet: long before any
// test's clock, so that their Account Updater runs are all scheduled.
var Joined = time.Date(2020, time.January, 1, 0, 0, 0, 0, time.UTC)

// Merchant makes a merchant in the IANA time zone tz.
func (f *Fixture) Merchant(name, tz string) *ent.Merchant {
	f.t.Helper()
	f.n++
	m, err := f.Client.Merchant.Create().
		SetName(name).
		SetAccountNumber(fmt.Sprintf("T-%06d", f.n)).
		SetTimeZone(tz).
		SetCreatedAt(Joined).
		Save(f.ctx)
	f.check(err)
	return m
}

// Shop makes a shop of m.
func (f *Fixture) Shop(m *ent.Merchant, name string) *ent.Shop {
	f.t.Helper()
	s, err := f.Client.Shop.Create().SetMerchantID(m.ID).SetName(name).Save(f.ctx)
	f.check(err)
	return s
}

// Payer makes a payer of m; email may be empty.
func (f *Fixture) Payer(m *ent.Merchant, reference, email string) *ent.Payer {
	f.t.Helper()
	c := f.Client.Payer.Create().SetMerchantID(m.ID).SetReference(reference)
	if email != "" {
		c.SetEmail(email)
	}
	p, err := c.Save(f.ctx)
	f.check(err)
	return p
}

// Label makes a label of m.
func (f *Fixture) Label(m *ent.Merchant, name string) *ent.Label {
	f.t.Helper()
	l, err := f.Client.Label.Create().SetMerchantID(m.ID).SetName(name).Save(f.ctx)
	f.check(err)
	return l
}

// Tx describes a transaction to make. Shop is required (it gives the
// merchant); other zero values get defaults: CAPTURED, 1000 CHF, VISA,
// ECOMMERCE, created on 2025-01-15 at noon UTC.
type Tx struct {
	Shop           *ent.Shop
	Payer          *ent.Payer
	Labels         []*ent.Label
	Status         transaction.Status
	Amount         int64
	Currency       money.Currency
	Method         transaction.PaymentMethod
	Channel        transaction.Channel
	CreatedAt      time.Time
	OrderReference string
	CardLast4      string
	FailureCode    transaction.FailureCode
}

// Row is a transaction of a fixture with what filters look at: its payer
// and its labels.
type Row struct {
	*ent.Transaction
	Payer  *ent.Payer
	Labels []*ent.Label
}

// HasLabel reports whether r carries the label id.
func (r *Row) HasLabel(id int) bool {
	for _, l := range r.Labels {
		if l.ID == id {
			return true
		}
	}
	return false
}

// Transactions makes every tx and their labels, and returns them in order.
func (f *Fixture) Transactions(txs ...Tx) []*Row {
	f.t.Helper()
	rows := make([]*Row, 0, len(txs))
	const batch = 200
	for start := 0; start < len(txs); start += batch {
		part := txs[start:min(len(txs), start+batch)]
		creates := make([]*ent.TransactionCreate, len(part))
		for i, tx := range part {
			creates[i] = f.create(tx)
		}
		made, err := f.Client.Transaction.CreateBulk(creates...).Save(f.ctx)
		f.check(err)
		var links []*ent.TransactionLabelCreate
		for i, t := range made {
			rows = append(rows, &Row{Transaction: t, Payer: part[i].Payer, Labels: part[i].Labels})
			for _, l := range part[i].Labels {
				links = append(links, f.Client.TransactionLabel.Create().
					SetTransactionID(t.ID).
					SetLabelID(l.ID).
					SetMerchantID(t.MerchantID).
					SetTransactionCreatedAt(t.CreatedAt).
					SetAddedBy("fixture"))
			}
		}
		if len(links) > 0 {
			f.check(f.Client.TransactionLabel.CreateBulk(links...).Exec(f.ctx))
		}
	}
	return rows
}

// Transaction makes one transaction.
func (f *Fixture) Transaction(tx Tx) *Row {
	f.t.Helper()
	return f.Transactions(tx)[0]
}

func (f *Fixture) create(tx Tx) *ent.TransactionCreate {
	if tx.Shop == nil {
		f.t.Fatal("fixture: a transaction needs a shop")
	}
	if tx.Status == "" {
		tx.Status = transaction.StatusCAPTURED
	}
	if tx.Amount == 0 {
		tx.Amount = 1000
	}
	if tx.Currency == "" {
		tx.Currency = "CHF"
	}
	if tx.Method == "" {
		tx.Method = transaction.PaymentMethodVISA
	}
	if tx.Channel == "" {
		tx.Channel = transaction.ChannelECOMMERCE
	}
	if tx.CreatedAt.IsZero() {
		tx.CreatedAt = time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC)
	}
	created := tx.CreatedAt.UTC().Truncate(time.Microsecond)
	c := f.Client.Transaction.Create().
		SetMerchantID(tx.Shop.MerchantID).
		SetShopID(tx.Shop.ID).
		SetMode(transaction.ModePRODUCTION).
		SetStatus(tx.Status).
		SetAmount(tx.Amount).
		SetCurrency(tx.Currency).
		SetPaymentMethod(tx.Method).
		SetChannel(tx.Channel).
		SetCreatedAt(created).
		SetUpdatedAt(created)
	if tx.Payer != nil {
		c.SetPayerID(tx.Payer.ID)
	}
	if tx.OrderReference != "" {
		c.SetOrderReference(tx.OrderReference)
	}
	if tx.CardLast4 != "" {
		c.SetCardLast4(tx.CardLast4)
	}
	if tx.FailureCode != "" {
		c.SetFailureCode(tx.FailureCode)
	}
	return c
}

// Journal is one merchant's varied journal.
type Journal struct {
	Merchant *ent.Merchant
	Shops    []*ent.Shop
	Payers   []*ent.Payer
	Labels   []*ent.Label
	Rows     []*Row
}

// Journal values: few distinct ones, so that filters, orders and groups
// meet ties, LIKE wildcards, big amounts and the days around daylight
// saving time changes (Europe switches on 2025-03-30 at 01:00 UTC).
var (
	JournalStart = time.Date(2025, 3, 28, 20, 30, 0, 0, time.UTC)
	journalStep  = 97 * time.Minute

	journalStatuses = []transaction.Status{"PENDING", "AUTHORIZED", "CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED", "CANCELED", "FAILED"}
	journalMethods  = []transaction.PaymentMethod{"VISA", "MASTERCARD", "AMEX", "TWINT", "ALIPAY_PLUS", "WECHAT_PAY", "PAYPAL", "SEPA_DEBIT"}
	journalFailures = []transaction.FailureCode{"INSUFFICIENT_FUNDS", "THREE_DS_FAILED", "SUSPECTED_FRAUD", "TIMEOUT"}

	journalCurrencies = []money.Currency{"CHF", "EUR", "JPY", "KWD"}
	journalAmounts    = []int64{100, 250, 999, 1000, 1000, 5000, 123456, 1<<53 + 1}
	journalLast4      = []string{"4242", "0000", "1234"}
	journalPayers     = [][2]string{
		{"alice@example.ch", "alice@example.ch"},
		{"CUST-000123", "bob.smith@example.com"},
		{"CUST_1%x", "carol@example.org"},
		{"cust-9", ""},
		{"Dora.Muller@Example.com", "Dora.Muller@Example.com"},
		{"CUSTX1ax", "eve@example.net"},
		{"Élodie.Ferré", "Élodie.Ferré@example.ch"},
	}
	journalOrders = []string{"", "CMD-2503-%04d", "ORD_1%%-%d", "ORD%%2-%d", "ORDX1-%d", "ord_x-%d"}
	// JournalLabels are the label names of every journal, emoji included.
	JournalLabels = []string{"💸 Remboursement", "🚩 Suspect", "✅ Vérifié"}
)

// Journal makes a merchant in time zone tz with shops, payers, labels and n
// transactions whose values come from a generator seeded with seed.
func (f *Fixture) Journal(name, tz string, n int, seed uint64) *Journal {
	f.t.Helper()
	r := rand.New(rand.NewPCG(seed, 42))
	j := &Journal{Merchant: f.Merchant(name, tz)}
	j.Shops = []*ent.Shop{f.Shop(j.Merchant, "En ligne"), f.Shop(j.Merchant, "Téléphone")}
	for _, p := range journalPayers {
		j.Payers = append(j.Payers, f.Payer(j.Merchant, p[0], p[1]))
	}
	for _, l := range JournalLabels {
		j.Labels = append(j.Labels, f.Label(j.Merchant, l))
	}
	txs := make([]Tx, n)
	for i := range txs {
		tx := Tx{
			Shop:      j.Shops[r.IntN(len(j.Shops))],
			Status:    journalStatuses[r.IntN(len(journalStatuses))],
			Amount:    journalAmounts[r.IntN(len(journalAmounts))],
			Currency:  journalCurrencies[r.IntN(len(journalCurrencies))],
			Method:    journalMethods[r.IntN(len(journalMethods))],
			CreatedAt: JournalStart.Add(time.Duration(i/3) * journalStep),
		}
		if r.IntN(4) > 0 {
			tx.Payer = j.Payers[r.IntN(len(j.Payers))]
		}
		if o := journalOrders[r.IntN(len(journalOrders))]; o != "" {
			tx.OrderReference = fmt.Sprintf(o, i)
		}
		switch tx.Method {
		case transaction.PaymentMethodVISA, transaction.PaymentMethodMASTERCARD, transaction.PaymentMethodAMEX:
			tx.CardLast4 = journalLast4[r.IntN(len(journalLast4))]
		}
		if tx.Status == transaction.StatusFAILED {
			tx.FailureCode = journalFailures[r.IntN(len(journalFailures))]
		}
		for _, l := range j.Labels {
			if r.IntN(3) == 0 {
				tx.Labels = append(tx.Labels, l)
			}
		}
		txs[i] = tx
	}
	j.Rows = f.Transactions(txs...)
	return j
}

// LabelState describes every label and every label link of the database,
// so that a test can check that a failed mutation wrote nothing.
func (f *Fixture) LabelState() string {
	f.t.Helper()
	labels, err := f.Client.Label.Query().Order(label.ByID()).All(f.ctx)
	f.check(err)
	links, err := f.Client.TransactionLabel.Query().
		Order(transactionlabel.ByTransactionID(), transactionlabel.ByLabelID()).
		All(f.ctx)
	f.check(err)
	var b strings.Builder
	for _, l := range labels {
		fmt.Fprintf(&b, "label %d m%d %q %q %q %q %s\n", l.ID, l.MerchantID, l.Name, l.NameKey, l.Color, l.Description, l.UpdatedAt.UTC())
	}
	for _, l := range links {
		fmt.Fprintf(&b, "link t%d l%d m%d %s %q %s\n", l.TransactionID, l.LabelID, l.MerchantID, l.CreatedAt.UTC(), l.AddedBy, l.TransactionCreatedAt.UTC())
	}
	return b.String()
}

// Links returns the label links of the transaction txID.
func (f *Fixture) Links(txID int) []*ent.TransactionLabel {
	f.t.Helper()
	links, err := f.Client.TransactionLabel.Query().
		Where(transactionlabel.TransactionID(txID)).
		Order(transactionlabel.ByLabelID()).
		All(f.ctx)
	f.check(err)
	return links
}

// WaitForLock waits until a session of d waits on a lock, such as a second
// transaction blocked by a first one's uncommitted rows. Only PostgreSQL
// shows it; on SQLite, whose transactions wait to begin, it returns at once.
func WaitForLock(t testing.TB, d *db.DB) {
	t.Helper()
	if d.Dialect != dialect.Postgres {
		return
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		err := d.SQL.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("no session ever waited on a lock")
}

// Card describes a billing profile to make. Payer is required; other zero
// values get defaults: a Visa card ending in 4242, expiring in December
// 2030, ACTIVE, its data last changed on 2025-01-15 at noon UTC, with
// payment method and billing IDs PM-n and B-n.
type Card struct {
	Payer            *ent.Payer
	Brand            billingprofile.CardBrand
	Last4            string
	ExpiryMonth      int
	ExpiryYear       int
	UpdatedAt        time.Time
	Status           billingprofile.Status
	PaymentMethodRef string
	BillingRef       string
}

// BillingProfile makes a stored card of its payer's merchant. Its token is
// a sandbox token carrying the last four digits.
func (f *Fixture) BillingProfile(c Card) *ent.BillingProfile {
	f.t.Helper()
	f.n++
	if c.Brand == "" {
		c.Brand = billingprofile.CardBrandVISA
	}
	if c.Last4 == "" {
		c.Last4 = "4242"
	}
	if c.ExpiryMonth == 0 {
		c.ExpiryMonth, c.ExpiryYear = 12, 2030
	}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC)
	}
	if c.Status == "" {
		c.Status = billingprofile.StatusACTIVE
	}
	if c.PaymentMethodRef == "" {
		c.PaymentMethodRef = fmt.Sprintf("PM-%d", f.n)
	}
	if c.BillingRef == "" {
		c.BillingRef = fmt.Sprintf("B-%d", f.n)
	}
	bp, err := f.Client.BillingProfile.Create().
		SetMerchantID(c.Payer.MerchantID).
		SetPayerID(c.Payer.ID).
		SetProcessorToken(fmt.Sprintf("sbxtok_%s_fixture%06d", c.Last4, f.n)).
		SetCardBrand(c.Brand).
		SetCardLast4(c.Last4).
		SetExpiryMonth(c.ExpiryMonth).
		SetExpiryYear(c.ExpiryYear).
		SetCardUpdatedAt(c.UpdatedAt.UTC().Truncate(time.Microsecond)).
		SetStatus(c.Status).
		SetPaymentMethodRef(c.PaymentMethodRef).
		SetBillingRef(c.BillingRef).
		Save(f.ctx)
	f.check(err)
	return bp
}
