// Package seed makes Guichet's demo data: two merchants with shops, payers,
// labels and a realistic journal over the last 90 days. The same options
// always give the same data, so tests and benchmarks can rely on it.
package seed

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/billingprofile"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/internal/money"
	"github.com/guichet/guichet/internal/viewer"
)

// Options say how much to make.
type Options struct {
	// Transactions across both merchants (the first gets about two thirds).
	Transactions int
	// Payers across both merchants; zero means one per ten transactions,
	// at least 50.
	Payers int
	// Now is the end of the 90 days of history.
	Now time.Time
	// Seed varies the data; the same seed gives the same data.
	Seed uint64
	// BatchSize rows are inserted per statement.
	BatchSize int
	// PublicURL is where the demo's payment-link e-mails send buyers;
	// empty means DefaultPublicURL.
	PublicURL string
}

// Days of history the journal spans.
const Days = 90

// Merchant is what the seed made for one merchant.
type Merchant struct {
	ID     int
	Name   string
	Shops  []int
	Labels map[string]int
	Payers []int
}

// Result lists what was made.
type Result struct {
	Merchants []Merchant
}

type merchantSpec struct {
	name, account, tz string
	shops             []string
	share             float64
	currencies        []weighted[money.Currency]
	domain            string
	// operator is the name the demo's payment links are made by: the
	// development identity provider's operator of the merchant.
	operator string
}

var merchants = []merchantSpec{
	{
		name: "Hôtel Refundus Maximus", account: "M-100001", tz: "Europe/Zurich",
		shops: []string{"Réservations en ligne", "Spa & bien-être", "Boutique cadeaux"},
		share: 2.0 / 3, domain: "example.ch", operator: "Olivier Opérateur",
		currencies: []weighted[money.Currency]{{"CHF", 50}, {"EUR", 25}, {"USD", 8}, {"GBP", 7}, {"CNY", 6}, {"JPY", 4}},
	},
	{
		name: "Comptoir de l'Or Alibaba", account: "M-100002", tz: "Europe/Paris",
		shops: []string{"Boutique en ligne", "Vente par téléphone"},
		share: 1.0 / 3, domain: "example.fr", operator: "Octave Opérateur",
		currencies: []weighted[money.Currency]{{"EUR", 60}, {"CHF", 15}, {"USD", 10}, {"GBP", 5}, {"CNY", 6}, {"JPY", 4}},
	},
}

// Labels every merchant starts with: name, colour, description.
var Labels = [][3]string{
	{"💸 Remboursement", "#D97706", "À rembourser par un responsable après vérification."},
	{"🚩 Suspect", "#DC2626", "À examiner : possible tentative de fraude."},
	{"✅ Vérifié", "#16A34A", "Contrôlé, rien à signaler."},
	{"📦 Expédié", "#2563EB", "Commande expédiée."},
	{"⭐ Client VIP", "#7C3AED", ""},
}

type weighted[T any] struct {
	v T
	w int
}

func pick[T any](r *rand.Rand, items []weighted[T]) T {
	total := 0
	for _, it := range items {
		total += it.w
	}
	n := r.IntN(total)
	for _, it := range items {
		if n < it.w {
			return it.v
		}
		n -= it.w
	}
	return items[len(items)-1].v
}

var (
	methods = []weighted[transaction.PaymentMethod]{
		{transaction.PaymentMethodVISA, 35}, {transaction.PaymentMethodMASTERCARD, 28}, {transaction.PaymentMethodAMEX, 7},
		{transaction.PaymentMethodTWINT, 10}, {transaction.PaymentMethodALIPAY_PLUS, 5}, {transaction.PaymentMethodWECHAT_PAY, 3},
		{transaction.PaymentMethodPAYPAL, 8}, {transaction.PaymentMethodSEPA_DEBIT, 4},
	}
	statuses = []weighted[transaction.Status]{
		{transaction.StatusCAPTURED, 55}, {transaction.StatusAUTHORIZED, 8}, {transaction.StatusPENDING, 4},
		{transaction.StatusPARTIALLY_REFUNDED, 3}, {transaction.StatusREFUNDED, 4}, {transaction.StatusCANCELED, 4},
		{transaction.StatusFAILED, 12},
	}
	channels = []weighted[transaction.Channel]{
		{transaction.ChannelECOMMERCE, 80}, {transaction.ChannelMOTO, 8}, {transaction.ChannelPAYMENT_LINK, 12},
	}
	failures = []weighted[[2]string]{
		{[2]string{"INSUFFICIENT_FUNDS", "Fonds insuffisants"}, 30},
		{[2]string{"THREE_DS_FAILED", "Échec de l'authentification 3-D Secure"}, 20},
		{[2]string{"EXPIRED_CARD", "Carte expirée"}, 12},
		{[2]string{"SUSPECTED_FRAUD", "Suspicion de fraude"}, 8},
		{[2]string{"DO_NOT_HONOR", "Refusé par l'émetteur"}, 14},
		{[2]string{"INVALID_CARD", "Numéro de carte invalide"}, 6},
		{[2]string{"LIMIT_EXCEEDED", "Plafond dépassé"}, 5},
		{[2]string{"PROCESSOR_ERROR", "Erreur du processeur"}, 3},
		{[2]string{"TIMEOUT", "Délai dépassé"}, 2},
	}
	firstNames = []string{"Camille", "Léa", "Lucas", "Hugo", "Chloé", "Louis", "Manon", "Jules", "Inès", "Noah",
		"Zoé", "Arthur", "Élodie", "Mathis", "Sarah", "Yanis", "Anaïs", "Théo", "Julie", "Nathan", "Wei", "Yuki", "Luca", "Sofia"}
	lastNames = []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
		"Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Müller", "Rossi", "Favre", "Zhang", "Tanaka", "Bianchi", "Gerber"}
	products = []string{"Chambre double", "Suite junior", "Massage 60 min", "Petit-déjeuner", "Bon cadeau", "Lingot 10 g",
		"Pièce Vreneli", "Bracelet or", "Séjour week-end", "Soin visage", "Pièce Napoléon", "Coffret cadeau"}
)

// Run makes the demo data in one database transaction, as Guichet itself
// (it bypasses the merchant scoping of privacy rules): a crash leaves no
// half-seeded database behind.
func Run(ctx context.Context, client *ent.Client, o Options) (*Result, error) {
	ctx = viewer.SystemContext(ctx)
	tx, err := client.Tx(ctx)
	if err != nil {
		return nil, err
	}
	// The workflows the demo's payment links go through run in it too.
	res, err := run(ent.NewTxContext(ctx, tx), tx.Client(), o)
	if err != nil {
		return nil, errors.Join(err, tx.Rollback())
	}
	return res, tx.Commit()
}

func run(ctx context.Context, client *ent.Client, o Options) (*Result, error) {
	if o.BatchSize <= 0 {
		o.BatchSize = 1000
	}
	if o.Payers <= 0 {
		o.Payers = max(50, o.Transactions/10)
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	o.Now = o.Now.UTC().Truncate(time.Microsecond)
	r := rand.New(rand.NewPCG(o.Seed, 0x6775696368657421))
	res := &Result{}
	txLeft, payersLeft := o.Transactions, o.Payers
	for i, spec := range merchants {
		nTx, nPayers := txLeft, payersLeft
		if i < len(merchants)-1 {
			nTx = int(float64(o.Transactions) * spec.share)
			nPayers = int(float64(o.Payers) * spec.share)
		}
		txLeft -= nTx
		payersLeft -= nPayers
		m, err := seedMerchant(ctx, client, r, spec, nTx, nPayers, o)
		if err != nil {
			return nil, fmt.Errorf("seed %s: %w", spec.name, err)
		}
		res.Merchants = append(res.Merchants, *m)
	}
	return res, nil
}

func seedMerchant(ctx context.Context, client *ent.Client, r *rand.Rand, spec merchantSpec, nTx, nPayers int, o Options) (*Merchant, error) {
	mer, err := client.Merchant.Create().
		SetName(spec.name).
		SetAccountNumber(spec.account).
		SetTimeZone(spec.tz).
		Save(ctx)
	if err != nil {
		return nil, err
	}
	out := &Merchant{ID: mer.ID, Name: mer.Name, Labels: map[string]int{}}
	for _, name := range spec.shops {
		s, err := client.Shop.Create().
			SetMerchantID(mer.ID).
			SetName(name).
			SetManagerEmail("gestion@" + spec.domain).
			SetSenderName(spec.name).
			SetSuccessURL("https://shop." + spec.domain + "/paiement/succes").
			SetFailureURL("https://shop." + spec.domain + "/paiement/echec").
			SetCancelURL("https://shop." + spec.domain + "/paiement/annulation").
			Save(ctx)
		if err != nil {
			return nil, err
		}
		out.Shops = append(out.Shops, s.ID)
	}
	for _, l := range Labels {
		c := client.Label.Create().SetMerchantID(mer.ID).SetName(l[0]).SetColor(l[1])
		if l[2] != "" {
			c.SetDescription(l[2])
		}
		lb, err := c.Save(ctx)
		if err != nil {
			return nil, err
		}
		out.Labels[l[0]] = lb.ID
	}
	if out.Payers, err = seedPayers(ctx, client, r, spec, mer.ID, nPayers, o.BatchSize); err != nil {
		return nil, err
	}
	// The demo's paid links make payments of their own, counted in nTx.
	links := nTx >= demoPayments && len(out.Payers) > 0
	if links {
		nTx -= demoPayments
	}
	if err := seedTransactions(ctx, client, r, spec, out, nTx, o); err != nil {
		return nil, err
	}
	if err := seedBillingProfiles(ctx, client, spec, mer, out.Payers, o); err != nil {
		return nil, err
	}
	if links {
		if err := seedLinks(ctx, client, spec, out, o); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// profileCards are the last four digits of the demo's stored cards: the
// sandbox Account Updater's test cards (each answers with its own decision
// code), and approved cards that answer "no match".
var profileCards = []string{"0101", "0202", "0303", "0404", "0505", "0606", "0707", "0808", "0909", "4242", "4444", "0005"}

// seedBillingProfiles stores a card for one payer in four: a third of them
// expire in the current month and have not changed for more than six
// months, so that the Account Updater has cards to select. They have a
// random source of their own, so that the journal stays as it was.
func seedBillingProfiles(ctx context.Context, client *ent.Client, spec merchantSpec, mer *ent.Merchant, payers []int, o Options) error {
	loc, err := time.LoadLocation(spec.tz)
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(o.Seed, uint64(mer.ID)+0x62696c6c696e67))
	local := o.Now.In(loc)
	var creates []*ent.BillingProfileCreate
	for i, payer := range payers {
		if i%4 != 0 {
			continue
		}
		n := len(creates)
		last4 := profileCards[r.IntN(len(profileCards))]
		brand := billingprofile.CardBrandVISA
		switch {
		case last4 == "4444" || (last4 != "4242" && last4 != "0005" && r.IntN(3) == 0):
			brand = billingprofile.CardBrandMASTERCARD
		case last4 == "0005":
			brand = billingprofile.CardBrandAMEX
		}
		expiry := time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, loc)
		updated := o.Now.AddDate(0, -7-r.IntN(24), -r.IntN(28))
		if n%3 != 0 {
			expiry = expiry.AddDate(0, 1+r.IntN(36), 0)
			updated = o.Now.Add(-time.Duration(r.Int64N(int64(3 * 365 * 24 * time.Hour))))
		}
		status := billingprofile.StatusACTIVE
		if r.IntN(20) == 0 {
			status = billingprofile.StatusDISABLED
		}
		ref := fmt.Sprintf("PM-%s-%05d", spec.account[2:], n+1)
		creates = append(creates, client.BillingProfile.Create().
			SetMerchantID(mer.ID).
			SetPayerID(payer).
			SetProcessorToken(fmt.Sprintf("sbxtok_%s_seed%s%05d", last4, spec.account[2:], n+1)).
			SetCardBrand(brand).
			SetCardLast4(last4).
			SetExpiryMonth(int(expiry.Month())).
			SetExpiryYear(expiry.Year()).
			SetPaymentMethodRef(ref).
			SetBillingRef(fmt.Sprintf("FACT-%s-%05d", spec.account[2:], n+1)).
			SetStatus(status).
			SetCardUpdatedAt(updated.UTC().Truncate(time.Microsecond)).
			SetCreatedAt(updated.UTC().Truncate(time.Microsecond)).
			SetUpdatedAt(updated.UTC().Truncate(time.Microsecond)))
	}
	for start := 0; start < len(creates); start += o.BatchSize {
		if err := client.BillingProfile.CreateBulk(creates[start:min(len(creates), start+o.BatchSize)]...).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

func seedPayers(ctx context.Context, client *ent.Client, r *rand.Rand, spec merchantSpec, merchantID, n, batch int) ([]int, error) {
	ids := make([]int, 0, n)
	for start := 0; start < n; start += batch {
		var creates []*ent.PayerCreate
		for i := start; i < min(n, start+batch); i++ {
			first, last := firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
			email := fmt.Sprintf("%s.%s%d@%s", ascii(first), ascii(last), i, spec.domain)
			ref := email
			if i%3 == 1 {
				ref = fmt.Sprintf("CUST-%06d", 100000+i) // a shop customer number rather than an e-mail
			}
			creates = append(creates, client.Payer.Create().
				SetMerchantID(merchantID).
				SetReference(ref).
				SetEmail(email).
				SetName(first+" "+last))
		}
		payers, err := client.Payer.CreateBulk(creates...).Save(ctx)
		if err != nil {
			return nil, err
		}
		for _, p := range payers {
			ids = append(ids, p.ID)
		}
	}
	return ids, nil
}

func seedTransactions(ctx context.Context, client *ent.Client, r *rand.Rand, spec merchantSpec, m *Merchant, n int, o Options) error {
	if n == 0 {
		return nil
	}
	start := o.Now.Add(-Days * 24 * time.Hour)
	step := o.Now.Sub(start) / time.Duration(n)
	refunds, suspects, checked := m.Labels[Labels[0][0]], m.Labels[Labels[1][0]], m.Labels[Labels[2][0]]
	for first := 0; first < n; first += o.BatchSize {
		var (
			creates []*ent.TransactionCreate
			wanted  [][]int
		)
		for i := first; i < min(n, first+o.BatchSize); i++ {
			created := start.Add(time.Duration(i)*step + time.Duration(r.Int64N(int64(step)+1))).Truncate(time.Microsecond)
			c, labels := transactionAt(client, r, spec, m, created, o.Now, i, refunds, suspects, checked)
			creates = append(creates, c)
			wanted = append(wanted, labels)
		}
		txs, err := client.Transaction.CreateBulk(creates...).Save(ctx)
		if err != nil {
			return err
		}
		var links []*ent.TransactionLabelCreate
		for i, t := range txs {
			for _, l := range wanted[i] {
				links = append(links, client.TransactionLabel.Create().
					SetTransactionID(t.ID).
					SetLabelID(l).
					SetMerchantID(m.ID).
					SetTransactionCreatedAt(t.CreatedAt).
					SetCreatedAt(t.CreatedAt.Add(time.Duration(1+r.IntN(48))*time.Hour)).
					SetAddedBy(firstNames[r.IntN(len(firstNames))]))
			}
		}
		if len(links) > 0 {
			if err := client.TransactionLabel.CreateBulk(links...).Exec(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// transactionAt builds the i-th transaction of a merchant and the labels
// it should carry.
func transactionAt(client *ent.Client, r *rand.Rand, spec merchantSpec, m *Merchant, created, now time.Time, i, refunds, suspects, checked int) (*ent.TransactionCreate, []int) {
	cur := pick(r, spec.currencies)
	method := pick(r, methods)
	status := pick(r, statuses)
	channel := pick(r, channels)
	amount := amountFor(r, cur)
	c := client.Transaction.Create().
		SetMerchantID(m.ID).
		SetShopID(m.Shops[r.IntN(len(m.Shops))]).
		SetMode(transaction.ModePRODUCTION).
		SetStatus(status).
		SetAmount(amount).
		SetCurrency(cur).
		SetPaymentMethod(method).
		SetChannel(channel).
		SetOrderReference(fmt.Sprintf("CMD-%s-%06d", created.Format("0601"), i)).
		SetDescription(products[r.IntN(len(products))]).
		SetCreatedAt(created).
		SetUpdatedAt(created)
	if r.IntN(50) == 0 {
		c.SetMode(transaction.ModeTEST)
	}
	if r.IntN(10) < 7 {
		c.SetPayerID(m.Payers[r.IntN(len(m.Payers))])
	}
	if isCard(method) {
		c.SetCardLast4(fmt.Sprintf("%04d", r.IntN(10000)))
	}
	if r.IntN(5) == 0 {
		c.SetReconciliation(fmt.Sprintf("FACT-%d-%05d", created.Year(), r.IntN(100000)))
	}
	authorized := created.Add(time.Duration(1+r.IntN(30)) * time.Second)
	captured := authorized.Add(time.Duration(1+r.IntN(72)) * time.Hour)
	if captured.After(now) { // the last days' captures happened before now
		captured = authorized
		if now.After(authorized) {
			captured = authorized.Add(time.Duration(r.Int64N(int64(now.Sub(authorized)))))
		}
	}
	var labels []int
	switch status {
	case transaction.StatusFAILED:
		f := pick(r, failures)
		c.SetFailureCode(transaction.FailureCode(f[0])).SetFailureReason(f[1])
		if f[0] == "SUSPECTED_FRAUD" && r.IntN(2) == 0 {
			labels = append(labels, suspects)
		}
	case transaction.StatusAUTHORIZED:
		c.SetAuthorizedAt(authorized)
		if r.IntN(8) == 0 {
			labels = append(labels, suspects)
		}
	case transaction.StatusCANCELED:
		c.SetAuthorizedAt(authorized)
	case transaction.StatusCAPTURED:
		c.SetAuthorizedAt(authorized).SetCapturedAt(captured).SetCapturedAmount(amount).SetUpdatedAt(captured)
		switch r.IntN(40) {
		case 0:
			labels = append(labels, refunds)
		case 1:
			labels = append(labels, checked)
		case 2:
			labels = append(labels, refunds, suspects)
		}
	case transaction.StatusPARTIALLY_REFUNDED:
		c.SetAuthorizedAt(authorized).SetCapturedAt(captured).SetCapturedAmount(amount).SetUpdatedAt(captured).
			SetRefundedAmount(max(1, amount/(2+int64(r.IntN(4)))))
	case transaction.StatusREFUNDED:
		c.SetAuthorizedAt(authorized).SetCapturedAt(captured).SetCapturedAmount(amount).SetUpdatedAt(captured).SetRefundedAmount(amount)
		if r.IntN(4) == 0 {
			labels = append(labels, checked)
		}
	}
	return c, labels
}

// amountFor draws a realistic amount in minor units of cur: most between
// 10 and 500 units of the currency, a few larger.
func amountFor(r *rand.Rand, cur money.Currency) int64 {
	major := int64(10 + r.IntN(490))
	if r.IntN(20) == 0 {
		major = int64(500 + r.IntN(9500))
	}
	switch cur {
	case "JPY":
		major *= 150
	case "CNY":
		major *= 7
	}
	unit := int64(1)
	for range cur.Exponent() {
		unit *= 10
	}
	cents := int64(0)
	if unit > 1 && r.IntN(3) > 0 {
		cents = int64(r.IntN(int(unit)))
	}
	return major*unit + cents
}

func isCard(m transaction.PaymentMethod) bool {
	return m == transaction.PaymentMethodVISA || m == transaction.PaymentMethodMASTERCARD || m == transaction.PaymentMethodAMEX
}

// ascii lowercases a name and drops its accents, for e-mail addresses.
func ascii(s string) string {
	out := make([]rune, 0, len(s))
	for _, c := range s {
		switch c {
		case 'é', 'è', 'ê', 'É':
			c = 'e'
		case 'ï', 'î':
			c = 'i'
		case 'ü':
			c = 'u'
		case 'ë':
			c = 'e'
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		out = append(out, c)
	}
	return string(out)
}
