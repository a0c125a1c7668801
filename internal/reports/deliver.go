package reports

import (
	"context"
	"crypto/rand"
	stdsql "database/sql"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/emailmessage"
	"github.com/guichet/guichet/ent/reportdelivery"
	"github.com/guichet/guichet/ent/reportschedule"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/internal/mail"
	"github.com/guichet/guichet/internal/viewer"
)

// The name and subject scheduled deliveries act under.
const (
	JobName    = "Scheduled reports"
	JobSubject = "guichet:reports"
)

// JournalSource reads the journal as the API does.
type JournalSource interface {
	// Query is the viewer's merchant's transactions that match a journal
	// filter written as the API takes it (TransactionWhereInput's JSON)
	// and a search text, the viewer being in ctx.
	Query(ctx context.Context, where map[string]any, search string) (*ent.TransactionQuery, error)
	// ID writes a transaction's ID as the API shows it.
	ID(id int) string
}

// Scheduler delivers the reports of the schedules whose periods ended.
// Any number of replicas may run one against a database: each period of a
// schedule is delivered once, by the replica whose delivery row claims it
// (unique per schedule and period) and which holds its lease; the e-mail
// is queued in the transaction that records the delivery, so it goes out
// exactly once, and a file is written under a name of its own, replaced
// whole by a retry.
type Scheduler struct {
	Client  *ent.Client
	Config  Config
	Journal JournalSource
	// Lease is how long a delivery is this replica's (default 10 minutes).
	Lease time.Duration
	// RetryAfter is the wait after a failed delivery (default 5 minutes).
	RetryAfter time.Duration
	// MaxAttachment is the largest report attached to an e-mail (default
	// 10 MiB); a larger one is only named in it.
	MaxAttachment int64
	Log           *slog.Logger

	owner string
}

func (s *Scheduler) defaults() {
	if s.Lease <= 0 {
		s.Lease = 10 * time.Minute
	}
	if s.RetryAfter <= 0 {
		s.RetryAfter = 5 * time.Minute
	}
	if s.MaxAttachment <= 0 {
		s.MaxAttachment = 10 << 20
	}
	if s.Log == nil {
		s.Log = slog.New(slog.DiscardHandler)
	}
	if s.owner == "" {
		s.owner = rand.Text()
	}
}

// Run does Tick every minute until ctx ends.
func (s *Scheduler) Run(ctx context.Context) {
	s.defaults()
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		if err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.Log.Warn("scheduled reports", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Tick delivers every period of every enabled schedule that is due now, in
// order. It returns the first error, after trying the other schedules.
func (s *Scheduler) Tick(ctx context.Context) error {
	s.defaults()
	ctx = viewer.JobContext(ctx, JobName, JobSubject)
	schedules, err := s.Client.ReportSchedule.Query().
		Where(reportschedule.Enabled(true)).
		Order(ent.Asc(reportschedule.FieldID)).
		WithMerchant().
		All(ctx)
	if err != nil {
		return err
	}
	var first error
	for _, sch := range schedules {
		if err := s.catchUp(ctx, sch); err != nil {
			s.Log.Warn("scheduled report not delivered; will retry", "schedule", sch.ID, "error", err)
			if first == nil {
				first = fmt.Errorf("schedule %d: %w", sch.ID, err)
			}
		}
	}
	return first
}

// catchUp delivers the schedule's due periods, oldest first.
func (s *Scheduler) catchUp(ctx context.Context, sch *ent.ReportSchedule) error {
	m := sch.Edges.Merchant
	loc, err := time.LoadLocation(m.TimeZone)
	if err != nil {
		return err
	}
	merchant := Merchant{ID: m.ID, Name: m.Name, Account: m.AccountNumber, Location: loc}
	for {
		p, due := Next(sch, loc)
		if due.After(s.Config.now()) {
			return nil
		}
		done, err := s.deliver(ctx, sch, merchant, p)
		if err != nil || !done {
			return err
		}
		sch.LastPeriod = p.Name
	}
}

// deliver makes and delivers the report of period p, unless another
// replica is at it; done reports whether the period is behind the
// schedule now.
func (s *Scheduler) deliver(ctx context.Context, sch *ent.ReportSchedule, m Merchant, p Period) (done bool, err error) {
	d, mine, err := s.claim(ctx, sch, p)
	if err != nil || d == nil {
		return false, err
	}
	if !mine {
		return d.State == reportdelivery.StateDELIVERED || d.State == reportdelivery.StateSKIPPED_EMPTY, nil
	}
	if err := s.make(ctx, sch, m, p, d); err != nil {
		s.failed(context.WithoutCancel(ctx), d, err)
		return false, err
	}
	return true, nil
}

// claim makes sure the period has its delivery row, and takes its lease
// when it is not delivered and nobody else holds it.
func (s *Scheduler) claim(ctx context.Context, sch *ent.ReportSchedule, p Period) (*ent.ReportDelivery, bool, error) {
	now := s.Config.now()
	err := s.Client.ReportDelivery.Create().
		SetMerchantID(sch.MerchantID).
		SetScheduleID(sch.ID).
		SetPeriod(p.Name).
		SetPeriodStart(p.Start.UTC()).
		SetPeriodEnd(p.End.UTC()).
		SetCreatedAt(now).
		SetUpdatedAt(now).
		OnConflictColumns(reportdelivery.FieldScheduleID, reportdelivery.FieldPeriod).
		DoNothing().
		Exec(ctx)
	if err != nil && !ent.IsNotFound(err) && !errors.Is(err, stdsql.ErrNoRows) {
		return nil, false, err
	}
	d, err := s.Client.ReportDelivery.Query().
		Where(reportdelivery.ScheduleID(sch.ID), reportdelivery.Period(p.Name)).
		Only(ctx)
	if err != nil {
		return nil, false, err
	}
	if d.State == reportdelivery.StateDELIVERED || d.State == reportdelivery.StateSKIPPED_EMPTY {
		// Another replica delivered it since this one read the schedule.
		return d, false, nil
	}
	n, err := s.Client.ReportDelivery.Update().
		Where(reportdelivery.ID(d.ID),
			reportdelivery.StateIn(reportdelivery.StatePENDING, reportdelivery.StateFAILED),
			reportdelivery.Or(reportdelivery.LeaseUntilIsNil(), reportdelivery.LeaseUntilLT(now))).
		SetLeaseOwner(s.owner).
		SetLeaseUntil(now.Add(s.Lease)).
		AddAttempts(1).
		Save(ctx)
	if err != nil {
		return nil, false, err
	}
	return d, n == 1, nil
}

// make writes the report to a temporary file, then delivers it: to the
// outbound folder, then by e-mail in the transaction that records the
// delivery.
func (s *Scheduler) make(ctx context.Context, sch *ent.ReportSchedule, m Merchant, p Period, d *ent.ReportDelivery) error {
	tmp, err := os.CreateTemp("", "guichet-report-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	f := Format{Kind: sch.Format, Separator: sch.Separator, Language: sch.Language}.withDefaults()
	rows, err := s.write(ctx, tmp, sch, m, p, f)
	if err != nil {
		return err
	}
	size, err := tmp.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}
	now := s.Config.now()
	if rows == 0 && !sch.SendEmpty {
		return s.record(ctx, sch, d, p, func(u *ent.ReportDeliveryUpdateOne, _ *ent.Client) error {
			u.SetState(reportdelivery.StateSKIPPED_EMPTY).SetRows(0).SetDeliveredAt(now)
			return nil
		})
	}
	name := fmt.Sprintf("%s_%s_%s.%s", kindSlug(sch.Kind), safeName(m.Account), p.Name, f.Ext())
	var folderPath string
	if sch.DeliverToFolder {
		if folderPath, err = s.toFolder(tmp, m, fmt.Sprintf("%s_%s_schedule%d.%s", kindSlug(sch.Kind), p.Name, sch.ID, f.Ext())); err != nil {
			return err
		}
	}
	var attachment []byte
	if len(sch.EmailRecipients) > 0 && size <= s.MaxAttachment {
		if attachment, err = os.ReadFile(tmp.Name()); err != nil {
			return err
		}
	}
	return s.record(ctx, sch, d, p, func(u *ent.ReportDeliveryUpdateOne, c *ent.Client) error {
		u.SetState(reportdelivery.StateDELIVERED).SetRows(rows).SetBytes(size).SetFilename(name).SetDeliveredAt(now)
		if folderPath != "" {
			u.SetFolderPath(folderPath)
		}
		if len(sch.EmailRecipients) == 0 {
			return nil
		}
		msg := s.email(sch, m, p, f, rows, name, size, attachment, folderPath)
		msgs, err := mail.Queue(ctx, c, msg)
		if err != nil {
			return err
		}
		u.SetEmailMessageID(msgs[0].ID)
		return nil
	})
}

// write writes the schedule's report of p.
func (s *Scheduler) write(ctx context.Context, w io.Writer, sch *ent.ReportSchedule, m Merchant, p Period, f Format) (int, error) {
	if sch.Kind == reportschedule.KindACCOUNT_UPDATES {
		return WriteAccountUpdates(ctx, s.Client, w, Request{Merchant: m, Period: p, Format: f, At: s.Config.now()})
	}
	if s.Journal == nil {
		return 0, errors.New("no journal filter reader configured")
	}
	// The journal is read as a viewer of the merchant without access to
	// payers' personal data: reports leave Guichet by e-mail and SFTP.
	jctx := viewer.NewContext(ctx, &viewer.Viewer{MerchantID: m.ID, Role: viewer.RoleViewer, Name: JobName, Subject: JobSubject})
	q, err := s.Journal.Query(jctx, sch.JournalWhere, sch.JournalSearch)
	if err != nil {
		return 0, fmt.Errorf("the schedule's journal filter: %w", err)
	}
	q.Where(transaction.CreatedAtGTE(p.Start.UTC()), transaction.CreatedAtLT(p.End.UTC()))
	return WriteJournal(jctx, q, w, m, JournalOptions{Format: f, ID: s.Journal.ID, Period: p.Name, At: s.Config.now()})
}

// record ends a delivery this replica holds, with the changes of set, and
// moves the schedule past the period, in one transaction.
func (s *Scheduler) record(ctx context.Context, sch *ent.ReportSchedule, d *ent.ReportDelivery, p Period, set func(*ent.ReportDeliveryUpdateOne, *ent.Client) error) error {
	tx, err := s.Client.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	c := tx.Client()
	n, err := c.ReportDelivery.Update().
		Where(reportdelivery.ID(d.ID), reportdelivery.LeaseOwner(s.owner),
			reportdelivery.StateIn(reportdelivery.StatePENDING, reportdelivery.StateFAILED)).
		SetUpdatedAt(s.Config.now()).
		Save(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("delivery %d was taken over by another replica", d.ID)
	}
	u := c.ReportDelivery.UpdateOneID(d.ID).ClearLeaseUntil().ClearLastError()
	if err := set(u, c); err != nil {
		return err
	}
	if err := u.Exec(ctx); err != nil {
		return err
	}
	if err := c.ReportSchedule.UpdateOneID(sch.ID).SetLastPeriod(p.Name).Exec(ctx); err != nil {
		return err
	}
	return tx.Commit()
}

// failed records why a delivery failed; it is retried after RetryAfter.
func (s *Scheduler) failed(ctx context.Context, d *ent.ReportDelivery, cause error) {
	msg := cause.Error()
	if len(msg) > 1000 {
		msg = msg[:1000]
	}
	err := s.Client.ReportDelivery.Update().
		Where(reportdelivery.ID(d.ID), reportdelivery.LeaseOwner(s.owner),
			reportdelivery.StateIn(reportdelivery.StatePENDING, reportdelivery.StateFAILED)).
		SetState(reportdelivery.StateFAILED).
		SetLastError(msg).
		SetLeaseUntil(s.Config.now().Add(s.RetryAfter)).
		Exec(ctx)
	if err != nil {
		s.Log.Warn("scheduled reports: record a failure", "delivery", d.ID, "error", err)
	}
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// safeName keeps a merchant account number fit for a file or folder name.
func safeName(s string) string {
	s = unsafeChars.ReplaceAllString(s, "_")
	if s == "" || s == "." || s == ".." {
		return "_"
	}
	return s
}

func kindSlug(k reportschedule.Kind) string {
	if k == reportschedule.KindJOURNAL {
		return "journal"
	}
	return "account-updates"
}

// toFolder copies the report to the merchant's outbound folder under name,
// whole or not at all: it is written beside it under a hidden name, synced,
// then renamed, so that a pick-up never reads half a file.
func (s *Scheduler) toFolder(report *os.File, m Merchant, name string) (string, error) {
	dir := filepath.Join(s.Config.OutboundDir, safeName(m.Account))
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", err
	}
	if _, err := report.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(dir, "."+name+".*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name()) // gone once renamed
	if _, err := io.Copy(tmp, report); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Chmod(tmp.Name(), 0o640); err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	return path, os.Rename(tmp.Name(), path)
}

// email is the message that carries a report.
func (s *Scheduler) email(sch *ent.ReportSchedule, m Merchant, p Period, f Format, rows int, name string, size int64, attachment []byte, folderPath string) mail.Outgoing {
	title := f.tr("Rapport mensuel sur l'état de la mise à jour des comptes", "Monthly account update status report")
	if sch.Kind == reportschedule.KindJOURNAL {
		title = f.tr("Journal des transactions", "Transaction journal")
	}
	lines := []string{
		f.tr("Bonjour,", "Hello,"),
		fmt.Sprintf(f.tr("Voici le rapport « %s » de %s (compte %s) pour la période %s : %d enregistrement(s).",
			"Here is the report “%s” of %s (account %s) for the period %s: %d record(s)."), title, m.Name, m.Account, p.Name, rows),
	}
	var attachments []mail.Attachment
	if attachment != nil {
		attachments = []mail.Attachment{{Filename: name, ContentType: f.ContentType(), Content: attachment}}
	} else {
		note := fmt.Sprintf(f.tr("Le rapport (%d Mo) est trop volumineux pour être joint à cet e-mail.",
			"The report (%d MB) is too large to attach to this e-mail."), (size+(1<<20)-1)>>20)
		if folderPath != "" {
			note += " " + fmt.Sprintf(f.tr("Il a été déposé dans votre dossier sortant : %s.", "It is in your outbound folder: %s."), filepath.Base(folderPath))
		} else if sch.Kind == reportschedule.KindACCOUNT_UPDATES && s.Config.PublicURL != "" {
			note += " " + fmt.Sprintf(f.tr("Téléchargez-le dans Guichet : %s", "Download it from Guichet: %s"),
				strings.TrimRight(s.Config.PublicURL, "/")+"/reports/account-updates.csv?month="+p.Name[:7])
		}
		lines = append(lines, note)
	}
	lines = append(lines, fmt.Sprintf(f.tr("— Guichet, rapport programmé « %s »", "— Guichet, scheduled report “%s”"), sch.Name))
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("<p>" + html.EscapeString(l) + "</p>\n")
	}
	return mail.Outgoing{
		MerchantID: m.ID,
		Kind:       emailmessage.KindREPORT,
		FromName:   "Guichet",
		To:         sch.EmailRecipients[0],
		Bcc:        sch.EmailRecipients[1:],
		Language:   f.Language,
		Rendered: mail.Rendered{
			Subject: fmt.Sprintf("%s — %s — %s", title, m.Account, p.Name),
			Text:    strings.Join(lines, "\n\n"),
			HTML:    b.String(),
		},
		Attachments: attachments,
	}
}
