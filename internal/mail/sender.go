package mail

import (
	"context"
	"crypto/rand"
	"log/slog"
	"math"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/emailmessage"
	"github.com/guichet/guichet/ent/paymentlink"
	"github.com/guichet/guichet/internal/viewer"
)

// Transport delivers messages: over SMTP, or nowhere (the development
// outbox). It returns one error per message, nil for each delivered.
type Transport interface {
	Send(ctx context.Context, msgs []*ent.EmailMessage) []error
	// Relay names where messages go, for the record.
	Relay() string
}

// Permanent marks a delivery error that retrying cannot fix, such as a
// mailbox the server says does not exist.
type Permanent struct{ Err error }

func (p Permanent) Error() string { return p.Err.Error() }
func (p Permanent) Unwrap() error { return p.Err }

// Sender delivers the outbox in the background. Any number of senders, in
// any number of replicas, may run against one database: each message is
// claimed by one of them for a lease (PostgreSQL: SELECT ... FOR UPDATE
// SKIP LOCKED; SQLite has one writer, which is the same), sent, and its
// outcome recorded.
//
// A message recorded SENT is never sent again. A sender that dies between
// the SMTP server's acceptance and the record leaves the message to be
// sent again once its lease ends: that duplicate carries the same
// Message-ID, which receivers use to drop it.
type Sender struct {
	Client    *ent.Client
	Dialect   string
	Transport Transport
	Log       *slog.Logger
	// Poll is how often the outbox is read when nothing wakes the sender.
	Poll time.Duration
	// Lease is how long a claimed message is the sender's alone; it must
	// outlast SendTimeout.
	Lease       time.Duration
	SendTimeout time.Duration
	// Batch is how many messages one claim takes.
	Batch int
	// MaxAttempts is how many attempts end in FAILED.
	MaxAttempts int
	// Backoff is the delay after the first failure; it doubles with each
	// attempt up to MaxBackoff.
	Backoff, MaxBackoff time.Duration
	Now                 func() time.Time

	owner string
}

func (s *Sender) defaults() {
	if s.Poll <= 0 {
		s.Poll = 2 * time.Second
	}
	if s.SendTimeout <= 0 {
		s.SendTimeout = 30 * time.Second
	}
	if s.Lease <= 0 {
		s.Lease = 4 * s.SendTimeout
	}
	if s.Batch <= 0 {
		s.Batch = 25
	}
	if s.MaxAttempts <= 0 {
		s.MaxAttempts = 8
	}
	if s.Backoff <= 0 {
		s.Backoff = 15 * time.Second
	}
	if s.MaxBackoff <= 0 {
		s.MaxBackoff = time.Hour
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Log == nil {
		s.Log = slog.New(slog.DiscardHandler)
	}
	if s.owner == "" {
		s.owner = rand.Text()
	}
}

// Run delivers until ctx ends. The message being sent when it ends is
// finished and recorded first.
func (s *Sender) Run(ctx context.Context) {
	s.defaults()
	s.Log.Info("e-mail sender started", "relay", s.Transport.Relay())
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-wake:
		}
		for ctx.Err() == nil {
			n, err := s.RunOnce(ctx)
			if err != nil && ctx.Err() == nil {
				s.Log.Warn("e-mail outbox", "error", err)
			}
			if n < s.Batch || err != nil {
				break
			}
		}
		timer.Reset(s.Poll)
	}
}

// RunOnce claims a batch of due messages, sends them and records the
// outcome. It returns how many it claimed.
func (s *Sender) RunOnce(ctx context.Context) (int, error) {
	s.defaults()
	ctx = viewer.SystemContext(ctx)
	msgs, err := s.claim(ctx)
	if err != nil || len(msgs) == 0 {
		return 0, err
	}
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.SendTimeout)
	errs := s.Transport.Send(sendCtx, msgs)
	cancel()
	for i, m := range msgs {
		if err := s.record(context.WithoutCancel(ctx), m, errs[i]); err != nil {
			return len(msgs), err
		}
	}
	return len(msgs), nil
}

// claim takes due messages for this sender's lease, counting the attempt
// up front: one that dies during the attempt still used it.
func (s *Sender) claim(ctx context.Context) ([]*ent.EmailMessage, error) {
	tx, err := s.Client.Tx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	now := s.Now().UTC().Truncate(time.Microsecond)
	msgs, err := tx.EmailMessage.Query().
		Where(
			emailmessage.StatusEQ(emailmessage.StatusPENDING),
			emailmessage.NextAttemptAtLTE(now),
			emailmessage.Or(emailmessage.LeaseUntilIsNil(), emailmessage.LeaseUntilLT(now)),
		).
		Order(ent.Asc(emailmessage.FieldNextAttemptAt), ent.Asc(emailmessage.FieldID)).
		Limit(s.Batch).
		WithAttachments().
		Modify(func(sel *entsql.Selector) {
			if s.Dialect == dialect.Postgres {
				sel.ForUpdate(entsql.WithLockAction(entsql.SkipLocked))
			}
		}).
		All(ctx)
	if err != nil || len(msgs) == 0 {
		return nil, err
	}
	ids := make([]int, len(msgs))
	for i, m := range msgs {
		ids[i] = m.ID
	}
	until := now.Add(s.Lease)
	err = tx.EmailMessage.Update().
		Where(emailmessage.IDIn(ids...)).
		SetLeaseOwner(s.owner).
		SetLeaseUntil(until).
		AddAttempts(1).
		Exec(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range msgs {
		m.Attempts++
	}
	return msgs, tx.Commit()
}

// record writes the outcome of one attempt, if the lease is still this
// sender's, and moves the message's link along.
func (s *Sender) record(ctx context.Context, m *ent.EmailMessage, sendErr error) error {
	tx, err := s.Client.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	now := s.Now().UTC().Truncate(time.Microsecond)
	u := tx.EmailMessage.Update().
		Where(emailmessage.ID(m.ID), emailmessage.LeaseOwner(s.owner), emailmessage.StatusEQ(emailmessage.StatusPENDING)).
		ClearLeaseUntil().
		SetRelay(s.Transport.Relay())
	var linkStatus paymentlink.Status
	_, permanent := sendErr.(Permanent)
	switch {
	case sendErr == nil:
		u.SetStatus(emailmessage.StatusSENT).SetSentAt(now).ClearLastError()
		linkStatus = paymentlink.StatusSENT
		s.Log.Info("e-mail sent", "message", m.ID, "kind", m.Kind, "attempts", m.Attempts)
	case permanent || m.Attempts >= s.MaxAttempts:
		u.SetStatus(emailmessage.StatusFAILED).SetLastError(truncate(sendErr.Error(), 1000))
		linkStatus = paymentlink.StatusFAILED
		s.Log.Warn("e-mail failed for good", "message", m.ID, "attempts", m.Attempts, "error", sendErr)
	default:
		delay := s.backoff(m.Attempts)
		u.SetNextAttemptAt(now.Add(delay)).SetLastError(truncate(sendErr.Error(), 1000))
		s.Log.Info("e-mail attempt failed; will retry", "message", m.ID, "attempts", m.Attempts, "retry_in", delay, "error", sendErr)
	}
	n, err := u.Save(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		// The lease ran out and another sender took the message over.
		s.Log.Warn("e-mail lease lost before the outcome was recorded", "message", m.ID)
		return tx.Commit()
	}
	if linkStatus != "" && m.Kind == emailmessage.KindPAYMENT_LINK && m.PaymentLinkID != nil {
		u := tx.PaymentLink.Update().Where(paymentlink.ID(*m.PaymentLinkID))
		if linkStatus == paymentlink.StatusSENT {
			u.Where(paymentlink.StatusIn(paymentlink.StatusCREATED, paymentlink.StatusFAILED)).SetStatus(linkStatus).SetSentAt(now)
		} else {
			u.Where(paymentlink.StatusEQ(paymentlink.StatusCREATED)).SetStatus(linkStatus)
		}
		if err := u.Exec(ctx); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// backoff is the delay before attempt n+1: Backoff doubled with each
// failure, capped, with up to a fifth of jitter so that replicas spread.
func (s *Sender) backoff(attempts int) time.Duration {
	d := float64(s.Backoff) * math.Pow(2, float64(attempts-1))
	d = math.Min(d, float64(s.MaxBackoff))
	var b [1]byte
	_, _ = rand.Read(b[:])
	return time.Duration(d * (1 + float64(b[0])/255/5))
}

func truncate(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// LocalOutbox is the transport of development: messages go nowhere but
// stay in the outbox, where the back office's Outbox page shows them.
type LocalOutbox struct{}

// Relay implements Transport.
func (LocalOutbox) Relay() string { return "local outbox" }

// Send implements Transport: every message is kept.
func (LocalOutbox) Send(_ context.Context, msgs []*ent.EmailMessage) []error {
	return make([]error, len(msgs))
}
