package reports_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/emailmessage"
	"github.com/guichet/guichet/ent/reportdelivery"
	"github.com/guichet/guichet/ent/reportschedule"
	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/graph"
	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/db"
	gmail "github.com/guichet/guichet/internal/mail"
	"github.com/guichet/guichet/internal/mail/mailtest"
	"github.com/guichet/guichet/internal/reports"
	"github.com/guichet/guichet/internal/testdb"
)

// delivery is the December answers, a scheduler over them with an
// outbound folder, and the outbox's sender to an SMTP test server.
type delivery struct {
	*updates
	clock  *graphtest.Clock
	dir    string
	smtp   *mailtest.Server
	sender *gmail.Sender
}

func newDelivery(t *testing.T, d *db.DB) *delivery {
	t.Helper()
	x := &delivery{updates: newUpdates(t, d), clock: &graphtest.Clock{}, dir: t.TempDir(), smtp: mailtest.Start(t)}
	tr, err := gmail.NewSMTP(x.smtp.URL(), "rapports@guichet.example")
	if err != nil {
		t.Fatal(err)
	}
	x.sender = &gmail.Sender{Client: d.Client, Dialect: d.Dialect, Transport: tr, Now: x.clock.Now}
	return x
}

func (x *delivery) scheduler() *reports.Scheduler {
	return &reports.Scheduler{Client: x.d.Client, Config: reports.Config{OutboundDir: x.dir, Now: x.clock.Now},
		Journal: graph.NewExports(x.d.Client, slog.New(slog.DiscardHandler))}
}

// schedule makes a schedule created on 1 December 2026 at 00:10.
func (x *delivery) schedule(t *testing.T, set func(*ent.ReportScheduleCreate)) *ent.ReportSchedule {
	t.Helper()
	c := x.d.Client.ReportSchedule.Create().SetMerchantID(x.m.ID).SetName("Mises à jour du jour").SetKind(reportschedule.KindACCOUNT_UPDATES).
		SetCreatedBy("Alice").SetCreatedAt(at("2026-12-01 00:10:00").UTC())
	set(c)
	s, err := c.Save(sys)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (x *delivery) tick(t *testing.T, now string) {
	t.Helper()
	x.clock.Set(at(now))
	if err := x.scheduler().Tick(t.Context()); err != nil {
		t.Fatalf("tick at %s: %v", now, err)
	}
}

func (x *delivery) deliveries(t *testing.T, s *ent.ReportSchedule) []*ent.ReportDelivery {
	t.Helper()
	ds, err := x.d.Client.ReportDelivery.Query().Where(reportdelivery.ScheduleID(s.ID)).Order(ent.Asc(reportdelivery.FieldPeriod)).All(sys)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// sent delivers the outbox and returns what the SMTP server received.
func (x *delivery) sent(t *testing.T) []mailtest.Received {
	t.Helper()
	for {
		n, err := x.sender.RunOnce(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return x.smtp.Messages()
		}
	}
}

// attachment reads a message's attachment: its name and content.
func attachment(t *testing.T, r mailtest.Received) (string, []byte, string) {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(r.Data))
	if err != nil {
		t.Fatal(err)
	}
	media, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(media, "multipart/") {
		t.Fatalf("Content-Type %q", m.Header.Get("Content-Type"))
	}
	var name, text string
	var content []byte
	var walk func(r io.Reader, boundary string)
	walk = func(r io.Reader, boundary string) {
		mr := multipart.NewReader(r, boundary)
		for {
			p, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return
			} else if err != nil {
				t.Fatal(err)
			}
			media, params, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
			body, _ := io.ReadAll(p)
			if p.Header.Get("Content-Transfer-Encoding") == "base64" {
				body, _ = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(body)), ""))
			}
			switch {
			case strings.HasPrefix(media, "multipart/"):
				walk(bytes.NewReader(body), params["boundary"])
			case p.FileName() != "":
				name, content = p.FileName(), body
			case media == "text/plain":
				text = string(body)
			}
		}
	}
	walk(m.Body, params["boundary"])
	return name, content, text
}

// TestDelivery delivers a daily report by e-mail and to the folder, each
// day at the schedule's hour: the report of the day before, once; an empty
// day is skipped without a word (sendEmpty off); missed days are caught up.
func TestDelivery(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		x := newDelivery(t, d)
		s := x.schedule(t, func(c *ent.ReportScheduleCreate) {
			c.SetEmailRecipients([]string{"compta@hotel.example", "direction@hotel.example"}).SetDeliverToFolder(true)
		})
		x.tick(t, "2026-12-02 05:59:59")
		if ds := x.deliveries(t, s); len(ds) != 0 {
			t.Fatalf("%d deliveries before the hour", len(ds))
		}
		x.tick(t, "2026-12-02 06:00:00")
		x.tick(t, "2026-12-02 07:00:00") // no second delivery of the day
		ds := x.deliveries(t, s)
		if len(ds) != 1 || ds[0].Period != "2026-12-01" || ds[0].State != reportdelivery.StateDELIVERED || ds[0].Rows != 2 ||
			ds[0].Filename != "account-updates_T-000001_2026-12-01.csv" || ds[0].EmailMessageID == nil {
			t.Fatalf("deliveries %+v", ds)
		}
		want := strings.Join(strings.SplitAfter(decemberCSV, "\r\n")[:3], "")
		file := filepath.Join(x.dir, "T-000001", fmt.Sprintf("account-updates_2026-12-01_schedule%d.csv", s.ID))
		if got, err := os.ReadFile(file); err != nil || string(got) != want || ds[0].FolderPath != file {
			t.Errorf("the folder's file %s (%v):\n%s\nwant\n%s", ds[0].FolderPath, err, got, want)
		}
		got := x.sent(t)
		if len(got) != 1 {
			t.Fatalf("the SMTP server got %d messages, want 1", len(got))
		}
		if to := slices.Sorted(slices.Values(got[0].To)); !slices.Equal(to, []string{"compta@hotel.example", "direction@hotel.example"}) {
			t.Errorf("recipients %v", to)
		}
		name, content, text := attachment(t, got[0])
		if name != "account-updates_T-000001_2026-12-01.csv" || string(content) != want || !strings.Contains(text, "2 enregistrement(s)") {
			t.Errorf("attachment %q:\n%s\ntext %q", name, content, text)
		}

		// Three days later: the 2nd and 3rd had nothing, the 4th one card.
		x.tick(t, "2026-12-05 06:30:00")
		var periods []string
		for _, d := range x.deliveries(t, s) {
			periods = append(periods, d.Period+" "+string(d.State))
		}
		if strings.Join(periods, ", ") != "2026-12-01 DELIVERED, 2026-12-02 SKIPPED_EMPTY, 2026-12-03 SKIPPED_EMPTY, 2026-12-04 DELIVERED" {
			t.Errorf("deliveries %v", periods)
		}
		if got := x.sent(t); len(got) != 2 {
			t.Errorf("the SMTP server got %d messages, want 2", len(got))
		}
		entries, err := os.ReadDir(filepath.Join(x.dir, "T-000001"))
		if err != nil || len(entries) != 2 {
			t.Errorf("the folder holds %d files (%v), want 2", len(entries), err)
		}
	})
}

// TestSendEmpty delivers the report of an empty period when asked to.
func TestSendEmpty(t *testing.T) {
	x := newDelivery(t, testdb.Open(t, "sqlite3"))
	for _, empty := range []bool{false, true} {
		t.Run(fmt.Sprint(empty), func(t *testing.T) {
			s := x.schedule(t, func(c *ent.ReportScheduleCreate) {
				c.SetEmailRecipients([]string{"compta@hotel.example"}).SetSendEmpty(empty).SetFormat(reportschedule.FormatHTML).
					SetName(fmt.Sprint("vide ", empty))
			})
			before := len(x.sent(t))
			x.tick(t, "2026-12-03 06:00:00") // the 1st has answers, the 2nd none
			ds := x.deliveries(t, s)
			if len(ds) != 2 {
				t.Fatalf("%d deliveries, want 2", len(ds))
			}
			msgs := x.sent(t)[before:]
			wantState, wantMsgs := reportdelivery.StateSKIPPED_EMPTY, 1
			if empty {
				wantState, wantMsgs = reportdelivery.StateDELIVERED, 2
			}
			if ds[1].Period != "2026-12-02" || ds[1].State != wantState || ds[1].Rows != 0 || len(msgs) != wantMsgs {
				t.Fatalf("the empty day: %s with %d rows, %d messages; want %s, %d messages", ds[1].State, ds[1].Rows, len(msgs), wantState, wantMsgs)
			}
			if empty {
				_, content, _ := attachment(t, msgs[1])
				if !strings.Contains(string(content), "0 enregistrement(s)") || strings.Contains(string(content), "<td>T-000001</td>") {
					t.Errorf("the empty report:\n%s", content)
				}
			}
		})
	}
}

// TestTwoSchedulers ticks two replicas' schedulers at the same moment:
// each period is delivered once.
func TestTwoSchedulers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		x := newDelivery(t, d)
		s := x.schedule(t, func(c *ent.ReportScheduleCreate) {
			c.SetEmailRecipients([]string{"compta@hotel.example"}).SetDeliverToFolder(true)
		})
		x.clock.Set(at("2026-12-05 06:00:00"))
		start := make(chan struct{})
		errs := make(chan error, 2)
		for range 2 {
			sch := x.scheduler()
			go func() {
				<-start
				errs <- sch.Tick(t.Context())
			}()
		}
		close(start)
		for range 2 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		// Whichever replica gave way, the next tick finds nothing left.
		x.tick(t, "2026-12-05 06:01:00")
		ds := x.deliveries(t, s)
		if len(ds) != 4 {
			t.Fatalf("%d deliveries, want 4 (1 to 4 December)", len(ds))
		}
		n, err := d.Client.EmailMessage.Query().Where(emailmessage.KindEQ(emailmessage.KindREPORT)).Count(sys)
		if err != nil || n != 2 {
			t.Errorf("%d report e-mails (%v), want 2", n, err)
		}
		if got := x.sent(t); len(got) != 2 {
			t.Errorf("the SMTP server got %d messages, want 2", len(got))
		}
	})
}

// TestLargeReport names the folder's file in the e-mail of a report too
// large to attach.
func TestLargeReport(t *testing.T) {
	x := newDelivery(t, testdb.Open(t, "sqlite3"))
	x.schedule(t, func(c *ent.ReportScheduleCreate) {
		c.SetEmailRecipients([]string{"compta@hotel.example"}).SetDeliverToFolder(true).SetLanguage("EN")
	})
	x.clock.Set(at("2026-12-02 06:00:00"))
	sch := x.scheduler()
	sch.MaxAttachment = 100
	if err := sch.Tick(t.Context()); err != nil {
		t.Fatal(err)
	}
	got := x.sent(t)
	if len(got) != 1 {
		t.Fatalf("%d messages", len(got))
	}
	name, _, text := attachment(t, got[0])
	if name != "" || !strings.Contains(text, "too large to attach") || !strings.Contains(text, "account-updates_2026-12-01_schedule") {
		t.Errorf("attachment %q, text %q", name, text)
	}
}

// TestJournalSchedule delivers the journal of a month with the schedule's
// filter, read as the API reads the journal's.
func TestJournalSchedule(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		x := newDelivery(t, d)
		shop := x.f.Shop(x.m, "Réception")
		vip := x.f.Label(x.m, "⭐ Client VIP")
		payer := x.f.Payer(x.m, "CUST-1", "camille@hotel.example")
		var txs []graphtest.Tx
		for i := range 30 {
			status := transaction.StatusCAPTURED
			if i%3 == 0 {
				status = transaction.StatusFAILED
			}
			tx := graphtest.Tx{Shop: shop, Status: status, Amount: int64(1000 + i), Currency: "EUR", CreatedAt: at("2026-11-01 00:00:00").Add(time.Duration(i) * 24 * time.Hour),
				OrderReference: fmt.Sprintf("CMD-%02d", i), Payer: payer}
			if i%2 == 0 {
				tx.Labels = []*ent.Label{vip}
			}
			txs = append(txs, tx)
		}
		x.f.Transactions(txs...)
		s := x.schedule(t, func(c *ent.ReportScheduleCreate) {
			c.SetKind(reportschedule.KindJOURNAL).SetFrequency(reportschedule.FrequencyMONTHLY).SetDeliverToFolder(true).
				SetSeparator(reportschedule.SeparatorSEMICOLON).SetCreatedAt(at("2026-11-15 00:00:00").UTC()).
				SetJournalWhere(map[string]any{"status": "CAPTURED", "hasLabelsAnyOf": []any{graphtest.ID(vip.ID)}})
		})
		x.tick(t, "2026-12-01 06:00:00")
		ds := x.deliveries(t, s)
		// November's transactions are 0 to 29; captured and labelled: the
		// even ones not divisible by 3, 10 of them.
		if len(ds) != 1 || ds[0].Period != "2026-11" || ds[0].Rows != 10 {
			t.Fatalf("deliveries %+v", ds)
		}
		content, err := os.ReadFile(ds[0].FolderPath)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(string(content), "\r\n"), "\r\n")
		if len(lines) != 11 || !strings.HasPrefix(lines[1], "2026-11-29 00:00:00;") || !strings.Contains(lines[1], ";CMD-28;CUST-1;Réception;") ||
			!strings.Contains(lines[1], ";10,28;EUR;0,00;0,00;;;⭐ Client VIP") || strings.Contains(string(content), "camille@") {
			t.Errorf("the journal:\n%s", content)
		}
	})
}
