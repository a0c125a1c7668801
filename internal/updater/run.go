package updater

import (
	"context"
	"crypto/rand"
	stdsql "database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/auditevent"
	"github.com/guichet/guichet/ent/billingprofile"
	"github.com/guichet/guichet/ent/updaterbatch"
	"github.com/guichet/guichet/ent/updaterresult"
	"github.com/guichet/guichet/ent/updaterrun"
	"github.com/guichet/guichet/internal/audit"
	"github.com/guichet/guichet/internal/calendar"
	"github.com/guichet/guichet/internal/i18n"
	"github.com/guichet/guichet/internal/payments"
	"github.com/guichet/guichet/internal/updater/decision"
	"github.com/guichet/guichet/internal/viewer"
)

// The name and subject the Account Updater's audit events carry.
const (
	JobName    = "Account Updater"
	JobSubject = "guichet:account-updater"
)

// Service runs the Account Updater in the background: it starts each
// merchant's run of the month at the configured hour of the 1st, sends the
// selected cards in batches, collects the answers as they arrive, and
// applies them. Any number of replicas may run a Service against one
// database (see the package documentation).
type Service struct {
	Client  *ent.Client
	Dialect string
	Updater CardUpdater
	// Hour is the hour of the 1st of each month, in each merchant's time
	// zone, at which its run starts (0 to 23).
	Hour int
	// BatchSize is how many cards one batch holds (default 5,000).
	BatchSize int
	// CollectEvery is how often a batch's pending answers are asked for
	// (default one hour).
	CollectEvery time.Duration
	// RetryAfter is the wait after the service failed (default 5 minutes).
	RetryAfter time.Duration
	// Lease is how long a run is this replica's without a step committing
	// (default 5 minutes).
	Lease time.Duration
	// ApplyChunk is how many answers one database transaction applies
	// (default 500).
	ApplyChunk int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	Log *slog.Logger

	owner string
}

func (s *Service) defaults() {
	if s.BatchSize <= 0 {
		s.BatchSize = 5000
	}
	if s.CollectEvery <= 0 {
		s.CollectEvery = time.Hour
	}
	if s.RetryAfter <= 0 {
		s.RetryAfter = 5 * time.Minute
	}
	if s.Lease <= 0 {
		s.Lease = 5 * time.Minute
	}
	if s.ApplyChunk <= 0 {
		s.ApplyChunk = 500
	}
	if s.Log == nil {
		s.Log = slog.New(slog.DiscardHandler)
	}
	if s.owner == "" {
		s.owner = rand.Text()
	}
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC().Truncate(time.Microsecond)
	}
	return time.Now().UTC().Truncate(time.Microsecond)
}

// Run does Tick every minute, and at once when a run is started by hand in
// this process, until ctx ends.
func (s *Service) Run(ctx context.Context) {
	s.defaults()
	s.Log.Info("account updater started", "hour", s.Hour)
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		if err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.Log.Warn("account updater", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-wake:
		}
	}
}

// Tick starts the runs that are due and drives every run that has work due
// now, until none is left.
func (s *Service) Tick(ctx context.Context) error {
	s.defaults()
	ctx = viewer.JobContext(ctx, JobName, JobSubject)
	if err := s.startDue(ctx); err != nil {
		return fmt.Errorf("start due runs: %w", err)
	}
	for range 1000 {
		run, err := s.claim(ctx)
		if err != nil || run == nil {
			return err
		}
		if err := s.drive(ctx, run); err != nil {
			if !errors.Is(err, errLeaseLost) {
				s.release(context.WithoutCancel(ctx), run)
			}
			return fmt.Errorf("run %d (%s): %w", run.ID, run.Month, err)
		}
	}
	return nil
}

// startDue creates the month's run of every merchant whose 1st reached the
// configured hour and that has none yet. Two replicas doing it at the same
// moment create one run: the second insert finds the first's row.
func (s *Service) startDue(ctx context.Context) error {
	now := s.now()
	merchants, err := s.Client.Merchant.Query().All(ctx)
	if err != nil {
		return err
	}
	for _, m := range merchants {
		loc, err := time.LoadLocation(m.TimeZone)
		if err != nil {
			return err
		}
		month := calendar.MonthOf(now, loc)
		if at, ok := scheduled(m, month, loc, s.Hour); !ok || now.Before(at) {
			continue
		}
		exists, err := s.Client.UpdaterRun.Query().Where(updaterrun.MerchantID(m.ID), updaterrun.Month(month)).Exist(ctx)
		if err != nil || exists {
			if err != nil {
				return err
			}
			continue
		}
		err = withTx(ctx, s.Client, func(c *ent.Client) error {
			run, created, err := ensureRun(ctx, c, m.ID, month, loc, now, updaterrun.TriggerSCHEDULED, JobName)
			if err != nil || !created {
				return err
			}
			s.Log.Info("account updater run started", "merchant", m.AccountNumber, "month", month.String())
			return recordStart(ctx, c, run, false)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// ensureRun creates the merchant's run of month unless it exists, and
// returns it and whether it was created here.
func ensureRun(ctx context.Context, client *ent.Client, merchantID int, month calendar.Month, loc *time.Location,
	now time.Time, trigger updaterrun.Trigger, by string) (*ent.UpdaterRun, bool, error) {
	sel := SelectionFor(month, loc)
	err := client.UpdaterRun.Create().
		SetMerchantID(merchantID).
		SetMonth(month).
		SetTrigger(trigger).
		SetStartedBy(by).
		SetAsOf(sel.AsOf.UTC()).
		SetUpdatedBefore(sel.UpdatedBefore.UTC()).
		SetNextCheckAt(now).
		SetCreatedAt(now).
		SetUpdatedAt(now).
		OnConflictColumns(updaterrun.FieldMerchantID, updaterrun.FieldMonth).
		DoNothing().
		Exec(ctx)
	created := err == nil
	if err != nil && !ent.IsNotFound(err) && !errors.Is(err, stdsql.ErrNoRows) {
		return nil, false, err
	}
	run, err := client.UpdaterRun.Query().Where(updaterrun.MerchantID(merchantID), updaterrun.Month(month)).Only(ctx)
	return run, created, err
}

func recordStart(ctx context.Context, client *ent.Client, run *ent.UpdaterRun, again bool) error {
	return audit.Record(ctx, client, audit.Event{
		MerchantID: run.MerchantID,
		Action:     auditevent.ActionUPDATER_RUN_STARTED,
		Target:     "Account Updater " + run.Month.String(),
		After: map[string]any{"month": run.Month.String(), "trigger": string(run.Trigger), "selectAgain": again,
			"updatedBefore": run.UpdatedBefore.UTC().Format(time.RFC3339)},
	})
}

// errLeaseLost means another replica took the run over: this one stops.
var errLeaseLost = errors.New("the run's lease was lost to another replica")

// claim takes the lease of a run with work due, or returns nil.
func (s *Service) claim(ctx context.Context) (*ent.UpdaterRun, error) {
	now := s.now()
	free := updaterrun.Or(updaterrun.LeaseUntilIsNil(), updaterrun.LeaseUntilLT(now))
	ids, err := s.Client.UpdaterRun.Query().
		Where(updaterrun.StateNEQ(updaterrun.StateCOMPLETED), updaterrun.NextCheckAtLTE(now), free).
		Order(ent.Asc(updaterrun.FieldNextCheckAt), ent.Asc(updaterrun.FieldID)).
		Limit(10).
		IDs(ctx)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		n, err := s.Client.UpdaterRun.Update().
			Where(updaterrun.ID(id), free).
			SetLeaseOwner(s.owner).
			SetLeaseUntil(now.Add(s.Lease)).
			Save(ctx)
		if err != nil {
			return nil, err
		}
		if n == 1 {
			return s.Client.UpdaterRun.Get(ctx, id)
		}
	}
	return nil, nil
}

// release gives the run's lease back after a failure, so that the next
// tick retries at once rather than when the lease ends.
func (s *Service) release(ctx context.Context, run *ent.UpdaterRun) {
	err := s.Client.UpdaterRun.Update().
		Where(updaterrun.ID(run.ID), updaterrun.LeaseOwner(s.owner)).
		ClearLeaseUntil().
		SetNextCheckAt(s.now().Add(s.RetryAfter)).
		Exec(ctx)
	if err != nil {
		s.Log.Warn("account updater: release the run", "run", run.ID, "error", err)
	}
}

// step runs f in a database transaction that first renews the run's lease,
// which also locks the run's row on PostgreSQL: a replica that lost the
// lease changes nothing.
func (s *Service) step(ctx context.Context, run *ent.UpdaterRun, f func(c *ent.Client) error) error {
	return withTx(ctx, s.Client, func(c *ent.Client) error {
		n, err := c.UpdaterRun.Update().
			Where(updaterrun.ID(run.ID), updaterrun.LeaseOwner(s.owner)).
			SetLeaseUntil(s.now().Add(s.Lease)).
			Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return errLeaseLost
		}
		return f(c)
	})
}

func withTx(ctx context.Context, client *ent.Client, f func(c *ent.Client) error) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	if err := f(tx.Client()); err != nil {
		return err
	}
	return tx.Commit()
}

// drive does the run's work that is due: the selection, the batches to
// send, the answers to collect, then records where the run stands.
func (s *Service) drive(ctx context.Context, run *ent.UpdaterRun) error {
	if run.State == updaterrun.StateSELECTING {
		if err := s.selectCards(ctx, run); err != nil {
			return fmt.Errorf("select: %w", err)
		}
	}
	m, err := s.Client.Merchant.Get(ctx, run.MerchantID)
	if err != nil {
		return err
	}
	if err := s.submitDue(ctx, run, m.AccountNumber); err != nil {
		return fmt.Errorf("submit: %w", err)
	}
	if err := s.collectDue(ctx, run); err != nil {
		return fmt.Errorf("collect: %w", err)
	}
	return s.settle(ctx, run)
}

// selectCards adds the cards the run selects and has not queried yet, and
// cuts them into batches, in one transaction.
func (s *Service) selectCards(ctx context.Context, run *ent.UpdaterRun) error {
	return s.step(ctx, run, func(c *ent.Client) error {
		now := s.now()
		query, args := s.selectionInsert(run, now)
		if _, err := c.ExecContext(ctx, query, args...); err != nil {
			return err
		}
		// The new cards, cut into batches by ranges of their IDs.
		ids, err := c.UpdaterResult.Query().
			Where(updaterresult.RunID(run.ID), updaterresult.BatchIDIsNil()).
			Order(ent.Asc(updaterresult.FieldID)).
			IDs(ctx)
		if err != nil {
			return err
		}
		number, err := c.UpdaterBatch.Query().Where(updaterbatch.RunID(run.ID)).Count(ctx)
		if err != nil {
			return err
		}
		for start := 0; start < len(ids); start += s.BatchSize {
			part := ids[start:min(len(ids), start+s.BatchSize)]
			number++
			b, err := c.UpdaterBatch.Create().
				SetMerchantID(run.MerchantID).
				SetRunID(run.ID).
				SetNumber(number).
				SetExternalID(fmt.Sprintf("guichet-%d-%s-%d", run.ID, run.Month, number)).
				SetSize(len(part)).
				SetNextAttemptAt(now).
				SetCreatedAt(now).
				SetUpdatedAt(now).
				Save(ctx)
			if err != nil {
				return err
			}
			err = c.UpdaterResult.Update().
				Where(updaterresult.RunID(run.ID), updaterresult.BatchIDIsNil(),
					updaterresult.IDGTE(part[0]), updaterresult.IDLTE(part[len(part)-1])).
				SetBatchID(b.ID).
				SetUpdatedAt(now).
				Exec(ctx)
			if err != nil {
				return err
			}
		}
		return c.UpdaterRun.UpdateOneID(run.ID).
			SetState(updaterrun.StateSUBMITTING).
			AddSelections(1).
			SetSelectedAt(now).
			Exec(ctx)
	})
}

// selectionInsert is the one statement that adds a run's selection,
// whatever its size: INSERT ... SELECT from the billing profiles that
// Selection.Predicate matches, as previews count them; the unique (run,
// profile) index skips the cards queried already.
func (s *Service) selectionInsert(run *ent.UpdaterRun, now time.Time) (string, []any) {
	d := sql.Dialect(s.Dialect)
	t := d.Table(billingprofile.Table)
	// PostgreSQL types the parameters of a SELECT list as text, which it
	// does not assign to timestamps or integers without a cast.
	arg := func(v any, pgType string) sql.Querier {
		return sql.ExprFunc(func(b *sql.Builder) {
			if s.Dialect == dialect.Postgres {
				b.WriteString("CAST(").Arg(v).WriteString(" AS " + pgType + ")")
				return
			}
			b.Arg(v)
		})
	}
	col := func(c string) sql.Querier { return sql.Raw(t.C(c)) }
	sel := d.SelectExpr(
		arg(now, "timestamptz"), arg(now, "timestamptz"), col(billingprofile.FieldMerchantID), arg(run.ID, "bigint"),
		col(billingprofile.FieldID), sql.Raw("'"+string(updaterresult.StatePENDING)+"'"),
		col(billingprofile.FieldPaymentMethodRef), col(billingprofile.FieldBillingRef), col(billingprofile.FieldCardBrand),
		col(billingprofile.FieldProcessorToken), col(billingprofile.FieldCardLast4),
		col(billingprofile.FieldExpiryMonth), col(billingprofile.FieldExpiryYear),
	).From(t)
	sel.Where(sql.EQ(t.C(billingprofile.FieldMerchantID), run.MerchantID))
	Selection{Month: run.Month, AsOf: run.AsOf, UpdatedBefore: run.UpdatedBefore}.Predicate()(sel)
	query, args := sel.Query()
	columns := []string{
		updaterresult.FieldCreatedAt, updaterresult.FieldUpdatedAt, updaterresult.FieldMerchantID, updaterresult.FieldRunID,
		updaterresult.FieldBillingProfileID, updaterresult.FieldState, updaterresult.FieldPaymentMethodRef,
		updaterresult.FieldBillingRef, updaterresult.FieldCardBrand, updaterresult.FieldTokenBefore,
		updaterresult.FieldLast4Before, updaterresult.FieldExpiryMonthBefore, updaterresult.FieldExpiryYearBefore,
	}
	return "INSERT INTO " + updaterresult.Table + " (" + strings.Join(columns, ", ") + ") " + query +
		" ON CONFLICT (" + updaterresult.FieldRunID + ", " + updaterresult.FieldBillingProfileID + ") DO NOTHING", args
}

// submitDue sends the run's batches not sent yet whose attempt is due.
func (s *Service) submitDue(ctx context.Context, run *ent.UpdaterRun, account string) error {
	batches, err := s.Client.UpdaterBatch.Query().
		Where(updaterbatch.RunID(run.ID), updaterbatch.StateEQ(updaterbatch.StatePENDING), updaterbatch.NextAttemptAtLTE(s.now())).
		Order(ent.Asc(updaterbatch.FieldNumber)).
		All(ctx)
	if err != nil {
		return err
	}
	for _, b := range batches {
		items, err := s.Client.UpdaterResult.Query().
			Where(updaterresult.BatchID(b.ID)).
			Order(ent.Asc(updaterresult.FieldID)).
			All(ctx)
		if err != nil {
			return err
		}
		// The attempt counts before it is made: one that dies during it
		// still used it.
		if err := s.step(ctx, run, func(c *ent.Client) error {
			return c.UpdaterBatch.UpdateOne(b).AddAttempts(1).Exec(ctx)
		}); err != nil {
			return err
		}
		ref, sendErr := s.Updater.Submit(ctx, Batch{ID: b.ExternalID, MerchantAccount: account, Inquiries: inquiries(items)})
		if sendErr != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			s.Log.Warn("account updater: batch not sent; will retry", "batch", b.ExternalID, "error", sendErr)
			return s.serviceFailed(ctx, run, b, sendErr)
		}
		err = s.step(ctx, run, func(c *ent.Client) error {
			now := s.now()
			err := c.UpdaterBatch.UpdateOne(b).
				SetState(updaterbatch.StateSUBMITTED).
				SetServiceRef(ref).
				SetSubmittedAt(now).
				SetNextCollectAt(now).
				ClearLastError().
				Exec(ctx)
			if err != nil {
				return err
			}
			return c.UpdaterResult.Update().
				Where(updaterresult.BatchID(b.ID), updaterresult.StateEQ(updaterresult.StatePENDING)).
				SetState(updaterresult.StateSUBMITTED).
				SetUpdatedAt(now).
				Exec(ctx)
		})
		if err != nil {
			return err
		}
		s.Log.Info("account updater batch sent", "batch", b.ExternalID, "cards", len(items), "ref", ref)
	}
	return nil
}

// serviceFailed records a failure of the card-updater service on a batch;
// it is tried again after RetryAfter.
func (s *Service) serviceFailed(ctx context.Context, run *ent.UpdaterRun, b *ent.UpdaterBatch, cause error) error {
	msg := truncate(cause.Error(), 1000)
	return s.step(ctx, run, func(c *ent.Client) error {
		next := s.now().Add(s.RetryAfter)
		u := c.UpdaterBatch.UpdateOne(b).SetLastError(msg)
		if b.State == updaterbatch.StatePENDING {
			u.SetNextAttemptAt(next)
		} else {
			u.SetNextCollectAt(next)
		}
		if err := u.Exec(ctx); err != nil {
			return err
		}
		return c.UpdaterRun.UpdateOneID(run.ID).SetLastError(msg).Exec(ctx)
	})
}

func inquiries(items []*ent.UpdaterResult) []Inquiry {
	out := make([]Inquiry, len(items))
	for i, r := range items {
		out[i] = Inquiry{ID: strconv.Itoa(r.ID), Token: r.TokenBefore, Brand: string(r.CardBrand), Last4: r.Last4Before,
			ExpiryMonth: r.ExpiryMonthBefore, ExpiryYear: r.ExpiryYearBefore}
	}
	return out
}

// collectDue asks for the answers of the run's sent batches that are due,
// and applies those that arrived.
func (s *Service) collectDue(ctx context.Context, run *ent.UpdaterRun) error {
	batches, err := s.Client.UpdaterBatch.Query().
		Where(updaterbatch.RunID(run.ID), updaterbatch.StateEQ(updaterbatch.StateSUBMITTED), updaterbatch.NextCollectAtLTE(s.now())).
		Order(ent.Asc(updaterbatch.FieldNumber)).
		All(ctx)
	if err != nil {
		return err
	}
	for _, b := range batches {
		pending, err := s.Client.UpdaterResult.Query().
			Where(updaterresult.BatchID(b.ID), updaterresult.StateEQ(updaterresult.StateSUBMITTED)).
			Order(ent.Asc(updaterresult.FieldID)).
			All(ctx)
		if err != nil {
			return err
		}
		var answers []Response
		if len(pending) > 0 {
			answers, err = s.Updater.Collect(ctx, Submitted{ID: b.ExternalID, Ref: b.ServiceRef, SubmittedAt: *b.SubmittedAt, Pending: inquiries(pending)})
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				s.Log.Warn("account updater: answers not collected; will retry", "batch", b.ExternalID, "error", err)
				if err := s.serviceFailed(ctx, run, b, err); err != nil {
					return err
				}
				continue
			}
		}
		byID := make(map[string]*ent.UpdaterResult, len(pending))
		for _, r := range pending {
			byID[strconv.Itoa(r.ID)] = r
		}
		var known []answer
		for _, a := range answers {
			r, ok := byID[a.InquiryID]
			if !ok || !a.Decision.Valid() {
				s.Log.Warn("account updater: an answer to no pending inquiry, or with an unknown decision", "batch", b.ExternalID, "inquiry", a.InquiryID, "decision", a.Decision)
				continue
			}
			delete(byID, a.InquiryID) // an answer given twice is applied once
			known = append(known, answer{r, a})
		}
		for start := 0; start < len(known); start += s.ApplyChunk {
			chunk := known[start:min(len(known), start+s.ApplyChunk)]
			if err := s.step(ctx, run, func(c *ent.Client) error { return s.apply(ctx, c, chunk) }); err != nil {
				return err
			}
		}
		err = s.step(ctx, run, func(c *ent.Client) error {
			now := s.now()
			left := len(pending) - len(known)
			u := c.UpdaterBatch.UpdateOne(b).ClearLastError()
			if left == 0 {
				u.SetState(updaterbatch.StateCOMPLETED).SetCompletedAt(now).ClearNextCollectAt()
			} else {
				u.SetNextCollectAt(now.Add(s.CollectEvery))
			}
			return u.Exec(ctx)
		})
		if err != nil {
			return err
		}
		if len(known) > 0 {
			s.Log.Info("account updater answers applied", "batch", b.ExternalID, "answers", len(known), "pending", len(pending)-len(known))
		}
	}
	return nil
}

type answer struct {
	result *ent.UpdaterResult
	Response
}

// apply records answers and changes their profiles, in the transaction of
// c: new card data for a new number or expiry date, DISABLED for a closed
// account, nothing else otherwise; a result row's answer and an audit
// event for each.
func (s *Service) apply(ctx context.Context, c *ent.Client, answers []answer) error {
	now := s.now()
	ids := make([]int, len(answers))
	for i, a := range answers {
		ids[i] = a.result.BillingProfileID
	}
	profiles, err := c.BillingProfile.Query().Where(billingprofile.IDIn(ids...)).All(ctx)
	if err != nil {
		return err
	}
	byID := make(map[int]*ent.BillingProfile, len(profiles))
	for _, p := range profiles {
		byID[p.ID] = p
	}
	type outcome struct {
		decision      decision.Code
		scheme, last4 string
		month, year   int
		status        billingprofile.Status
	}
	groups := map[outcome][]int{}
	var closed []int
	var cards []newCard
	events := make([]audit.Event, 0, len(answers))
	for _, a := range answers {
		p := byID[a.result.BillingProfileID]
		if p == nil {
			continue // the profile is gone; the result row goes with it
		}
		before := map[string]any{"cardLast4": p.CardLast4, "expiryMonth": p.ExpiryMonth, "expiryYear": p.ExpiryYear, "status": string(p.Status)}
		o := outcome{a.Decision, a.SchemeCode, p.CardLast4, p.ExpiryMonth, p.ExpiryYear, p.Status}
		action := auditevent.ActionBILLING_PROFILE_CHECKED
		switch {
		case a.Decision.UpdatesCard():
			if a.Token == "" || len(a.Last4) != 4 || a.ExpiryMonth < 1 || a.ExpiryMonth > 12 || a.ExpiryYear < 2000 || a.ExpiryYear > 2200 {
				return fmt.Errorf("inquiry %s: %s without a new token, last four digits and expiry", a.InquiryID, a.Decision)
			}
			o.last4, o.month, o.year = a.Last4, a.ExpiryMonth, a.ExpiryYear
			cards = append(cards, newCard{p.ID, a.Token, a.Last4, a.ExpiryMonth, a.ExpiryYear})
			action = auditevent.ActionBILLING_PROFILE_UPDATED
		case a.Decision.DisablesProfile():
			o.status = billingprofile.StatusDISABLED
			if p.Status == billingprofile.StatusACTIVE {
				closed = append(closed, p.ID)
			}
			action = auditevent.ActionBILLING_PROFILE_DISABLED
		}
		groups[o] = append(groups[o], a.result.ID)
		after := map[string]any{"cardLast4": o.last4, "expiryMonth": o.month, "expiryYear": o.year, "status": string(o.status),
			"decision": string(a.Decision), "schemeCode": a.SchemeCode, "run": a.result.RunID}
		events = append(events, audit.Event{
			MerchantID: p.MerchantID, BillingProfileID: p.ID, Action: action,
			Target: payments.ProfileTarget(p),
			Before: before, After: after,
		})
	}
	if err := updateCards(ctx, c, now, cards); err != nil {
		return err
	}
	if len(closed) > 0 {
		err := c.BillingProfile.Update().
			Where(billingprofile.IDIn(closed...)).
			SetStatus(billingprofile.StatusDISABLED).
			SetDisabledAt(now).
			SetDisabledReason(decision.AccountClosed.Meaning(i18n.EN)).
			SetUpdatedAt(now).
			Exec(ctx)
		if err != nil {
			return err
		}
	}
	for o, ids := range groups {
		n, err := c.UpdaterResult.Update().
			Where(updaterresult.IDIn(ids...), updaterresult.StateNEQ(updaterresult.StateANSWERED)).
			SetState(updaterresult.StateANSWERED).
			SetDecision(o.decision).
			SetSchemeCode(o.scheme).
			SetLast4After(o.last4).
			SetExpiryMonthAfter(o.month).
			SetExpiryYearAfter(o.year).
			SetStatusAfter(updaterresult.StatusAfter(o.status)).
			SetAnsweredAt(now).
			SetUpdatedAt(now).
			Save(ctx)
		if err != nil {
			return err
		}
		if n != len(ids) {
			return errLeaseLost // someone else applied them: this transaction must not
		}
	}
	return audit.Record(ctx, c, events...)
}

// newCard is the card data an answer brings to a profile.
type newCard struct {
	profileID               int
	token, last4            string
	expiryMonth, expiryYear int
}

// updateCards gives profiles their new card data in one statement, rather
// than one per profile (UPDATE ... FROM a list of values, which PostgreSQL
// and SQLite both take; the casts type the values for PostgreSQL).
func updateCards(ctx context.Context, c *ent.Client, now time.Time, cards []newCard) error {
	if len(cards) == 0 {
		return nil
	}
	var b strings.Builder
	args := make([]any, 0, 1+5*len(cards))
	args = append(args, now)
	b.WriteString("WITH v (id, token, last4, expiry_month, expiry_year) AS (VALUES ")
	for i, u := range cards {
		if i > 0 {
			b.WriteString(", ")
		}
		n := len(args)
		fmt.Fprintf(&b, "(CAST($%d AS BIGINT), CAST($%d AS TEXT), CAST($%d AS TEXT), CAST($%d AS INTEGER), CAST($%d AS INTEGER))",
			n+1, n+2, n+3, n+4, n+5)
		args = append(args, u.profileID, u.token, u.last4, u.expiryMonth, u.expiryYear)
	}
	b.WriteString(`) UPDATE billing_profiles SET processor_token = v.token, card_last4 = v.last4,
		expiry_month = v.expiry_month, expiry_year = v.expiry_year, card_updated_at = $1, updated_at = $1
		FROM v WHERE billing_profiles.id = v.id`)
	_, err := c.ExecContext(ctx, b.String(), args...)
	return err
}

// settle records where the run stands once its due work is done, and when
// it next has some; it gives the lease back.
func (s *Service) settle(ctx context.Context, run *ent.UpdaterRun) error {
	return s.step(ctx, run, func(c *ent.Client) error {
		now := s.now()
		batches, err := c.UpdaterBatch.Query().Where(updaterbatch.RunID(run.ID)).All(ctx)
		if err != nil {
			return err
		}
		state := updaterrun.StateCOMPLETED
		var next time.Time
		for _, b := range batches {
			var at time.Time
			switch b.State {
			case updaterbatch.StatePENDING:
				state, at = updaterrun.StateSUBMITTING, b.NextAttemptAt
			case updaterbatch.StateSUBMITTED:
				if state == updaterrun.StateCOMPLETED {
					state = updaterrun.StateAWAITING_RESPONSES
				}
				at = *b.NextCollectAt
			default:
				continue
			}
			if next.IsZero() || at.Before(next) {
				next = at
			}
		}
		if !next.After(now) {
			next = now.Add(s.RetryAfter) // never a busy loop
		}
		cur, err := c.UpdaterRun.Get(ctx, run.ID)
		if err != nil {
			return err
		}
		u := c.UpdaterRun.UpdateOneID(run.ID).SetState(state).SetNextCheckAt(next).ClearLeaseUntil().ClearLeaseOwner()
		if state == updaterrun.StateCOMPLETED && cur.State != updaterrun.StateCOMPLETED {
			u.SetCompletedAt(now).ClearLastError()
			p, err := RunProgress(ctx, c, run.ID)
			if err != nil {
				return err
			}
			counts := map[string]any{"selected": p.Selected}
			for _, d := range p.ByDecision {
				counts[string(d.Decision)] = d.Count
			}
			err = audit.Record(ctx, c, audit.Event{
				MerchantID: run.MerchantID, Action: auditevent.ActionUPDATER_RUN_COMPLETED,
				Target: "Account Updater " + run.Month.String(), After: counts,
			})
			if err != nil {
				return err
			}
			s.Log.Info("account updater run completed", "run", run.ID, "month", run.Month.String(), "cards", p.Selected)
		}
		return u.Exec(ctx)
	})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// wake tells this process's Service that a run was started by hand.
var wake = make(chan struct{}, 1)

// Wake nudges the Service of this process.
func Wake() {
	select {
	case wake <- struct{}{}:
	default:
	}
}
