package mail_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/emailmessage"
	"github.com/guichet/guichet/ent/paymentlink"
	_ "github.com/guichet/guichet/ent/runtime"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/i18n"
	gmail "github.com/guichet/guichet/internal/mail"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testdb.Cleanup()
	os.Exit(code)
}

// received is one message as the SMTP server got it.
type received struct {
	From string
	To   []string
	Data []byte
}

// smtpServer is a real SMTP server (github.com/emersion/go-smtp) on
// loopback that keeps what it receives, and refuses while told to.
type smtpServer struct {
	addr string
	srv  *smtp.Server

	mu       sync.Mutex
	got      []received
	refusing int // refuse the next n messages with a temporary error
	rejectTo string
}

func startSMTP(t *testing.T) *smtpServer {
	t.Helper()
	s := &smtpServer{}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	s.srv.Domain = "localhost"
	s.srv.ErrorLog = nopLogger{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	go s.srv.Serve(ln) //nolint:errcheck // ends with Close
	t.Cleanup(func() { s.srv.Close() })
	return s
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...any) {}
func (nopLogger) Println(...any)        {}

func (s *smtpServer) messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.got)
}

func (s *smtpServer) refuse(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refusing = n
}

type session struct {
	s    *smtpServer
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if x.s.refusing > 0 {
		x.s.refusing--
		return &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 3, 2}, Message: "try again later"}
	}
	x.from = from
	return nil
}
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if x.s.rejectTo != "" && to == x.s.rejectTo {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}
	x.to = append(x.to, to)
	return nil
}
func (x *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	x.s.got = append(x.s.got, received{From: x.from, To: slices.Clone(x.to), Data: b})
	return nil
}

// env is a database with a merchant, a shop and its links' e-mails, and a
// sender to the test's SMTP server.
type env struct {
	d        *db.DB
	smtp     *smtpServer
	merchant int
	link     int
	now      time.Time
	clockMu  sync.Mutex
}

var sys = viewer.SystemContext(context.Background())

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	e := &env{d: d, smtp: startSMTP(t), now: time.Now().UTC().Add(time.Second)}
	m := must(d.Client.Merchant.Create().SetName("Hôtel").SetAccountNumber("M-1").Save(sys))(t)
	s := must(d.Client.Shop.Create().SetMerchantID(m.ID).SetName("Hôtel").Save(sys))(t)
	l := must(d.Client.PaymentLink.Create().SetMerchantID(m.ID).SetShopID(s.ID).SetToken("tok-mail-test-0000000000").
		SetMode(paymentlink.ModeTEST).SetAmount(1250).SetCurrency("CHF").SetRecipientEmail("camille@example.ch").
		SetLanguage(i18n.DE).SetBatch("b").SetCreatedBy("test").SetExpiresAt(time.Now().Add(time.Hour)).Save(sys))(t)
	e.merchant, e.link = m.ID, l.ID
	return e
}

func (e *env) clock() time.Time {
	e.clockMu.Lock()
	defer e.clockMu.Unlock()
	return e.now
}

func (e *env) advance(d time.Duration) {
	e.clockMu.Lock()
	defer e.clockMu.Unlock()
	e.now = e.now.Add(d)
}

func (e *env) sender(t *testing.T) *gmail.Sender {
	t.Helper()
	tr, err := gmail.NewSMTP("smtp://"+e.smtp.addr+"?tls=none", "guichet@example.ch")
	if err != nil {
		t.Fatal(err)
	}
	return &gmail.Sender{Client: e.d.Client, Dialect: e.d.Dialect, Transport: tr, Now: e.clock,
		Backoff: time.Minute, MaxBackoff: time.Hour, MaxAttempts: 4, Batch: 5, Poll: 20 * time.Millisecond}
}

// queue writes n link e-mails to the outbox, the first with blind copies.
func (e *env) queue(t *testing.T, n int) []*ent.EmailMessage {
	t.Helper()
	var out []gmail.Outgoing
	for i := range n {
		o := gmail.Outgoing{
			MerchantID: e.merchant, PaymentLinkID: e.link, Kind: emailmessage.KindPAYMENT_LINK,
			FromName: "Hôtel Refundus", ReplyTo: "gestion@example.ch", To: fmt.Sprintf("acheteur%d@example.ch", i),
			Language: i18n.DE,
			Rendered: gmail.Rendered{Subject: fmt.Sprintf("Zahlungsaufforderung %d – Hôtel", i), Text: "Guten Tag\n\nhttps://pay.example/x", HTML: "<p>Guten Tag</p>"},
		}
		if i == 0 {
			o.Bcc = []string{"gestion@example.ch", "copie@example.ch"}
		}
		out = append(out, o)
	}
	msgs, err := gmail.Queue(sys, e.d.Client, out...)
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

func (e *env) message(t *testing.T, id int) *ent.EmailMessage {
	t.Helper()
	return must(e.d.Client.EmailMessage.Get(sys, id))(t)
}

func TestDelivery(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		msg := e.queue(t, 1)[0]
		if n, err := e.sender(t).RunOnce(t.Context()); err != nil || n != 1 {
			t.Fatalf("RunOnce: %d, %v", n, err)
		}
		got := e.smtp.messages()
		if len(got) != 1 {
			t.Fatalf("the server got %d messages, want 1", len(got))
		}
		r := got[0]
		t.Run("envelope", func(t *testing.T) {
			if r.From != "guichet@example.ch" {
				t.Errorf("MAIL FROM %q", r.From)
			}
			want := []string{"acheteur0@example.ch", "gestion@example.ch", "copie@example.ch"}
			if !slices.Equal(sorted(r.To), sorted(want)) {
				t.Errorf("RCPT TO %v, want %v", r.To, want)
			}
		})
		m, err := mail.ReadMessage(bytes.NewReader(r.Data))
		if err != nil {
			t.Fatal(err)
		}
		t.Run("headers", func(t *testing.T) {
			if bcc := m.Header.Get("Bcc"); bcc != "" || bytes.Contains(bytes.ToLower(r.Data), []byte("copie@example.ch")) {
				t.Errorf("the blind copies show in the message: Bcc %q", bcc)
			}
			to, _ := m.Header.AddressList("To")
			if len(to) != 1 || to[0].Address != "acheteur0@example.ch" {
				t.Errorf("To %v", to)
			}
			from, _ := m.Header.AddressList("From")
			if len(from) != 1 || from[0].Name != "Hôtel Refundus" || from[0].Address != "guichet@example.ch" {
				t.Errorf("From %v", from)
			}
			subject, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
			if subject != "Zahlungsaufforderung 0 – Hôtel" {
				t.Errorf("Subject %q", subject)
			}
			if got := m.Header.Get("Content-Language"); got != "de" {
				t.Errorf("Content-Language %q, want de", got)
			}
			if got := m.Header.Get("Message-Id"); got != "<"+msg.MessageID+">" {
				t.Errorf("Message-ID %q, want <%s>", got, msg.MessageID)
			}
			if got := m.Header.Get("Reply-To"); !strings.Contains(got, "gestion@example.ch") {
				t.Errorf("Reply-To %q", got)
			}
		})
		t.Run("multipart", func(t *testing.T) {
			media, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
			if err != nil || media != "multipart/alternative" {
				t.Fatalf("Content-Type %q", m.Header.Get("Content-Type"))
			}
			mr := multipart.NewReader(m.Body, params["boundary"])
			var types []string
			for {
				p, err := mr.NextPart()
				if errors.Is(err, io.EOF) {
					break
				} else if err != nil {
					t.Fatal(err)
				}
				ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
				types = append(types, ct)
			}
			if !slices.Equal(types, []string{"text/plain", "text/html"}) {
				t.Errorf("parts %v, want text/plain then text/html", types)
			}
		})
		t.Run("record", func(t *testing.T) {
			m := e.message(t, msg.ID)
			if m.Status != emailmessage.StatusSENT || m.Attempts != 1 || m.SentAt == nil || m.Relay == "" {
				t.Errorf("got %s after %d attempts, sent at %v via %q", m.Status, m.Attempts, m.SentAt, m.Relay)
			}
			l := must(d.Client.PaymentLink.Get(sys, e.link))(t)
			if l.Status != paymentlink.StatusSENT || l.SentAt == nil {
				t.Errorf("the link is %s, sent at %v; want SENT", l.Status, l.SentAt)
			}
		})
		t.Run("no second sending", func(t *testing.T) {
			e.advance(24 * time.Hour)
			if n, err := e.sender(t).RunOnce(t.Context()); err != nil || n != 0 {
				t.Fatalf("RunOnce claimed %d, %v", n, err)
			}
			if got := len(e.smtp.messages()); got != 1 {
				t.Errorf("the server got %d messages, want 1", got)
			}
		})
	})
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestRetries(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		msg := e.queue(t, 1)[0]
		s := e.sender(t)
		e.smtp.refuse(2)
		for attempt := 1; attempt <= 2; attempt++ {
			if _, err := s.RunOnce(t.Context()); err != nil {
				t.Fatal(err)
			}
			m := e.message(t, msg.ID)
			if m.Status != emailmessage.StatusPENDING || m.Attempts != attempt || !strings.Contains(m.LastError, "try again later") {
				t.Fatalf("after attempt %d: %s, %d attempts, last error %q", attempt, m.Status, m.Attempts, m.LastError)
			}
			// Not due before its back-off.
			if n, _ := s.RunOnce(t.Context()); n != 0 {
				t.Fatalf("the message was tried again before its back-off")
			}
			wait := time.Duration(1<<(attempt-1)) * time.Minute
			if got := m.NextAttemptAt.Sub(e.clock()); got < wait || got > wait*6/5+time.Second {
				t.Errorf("next attempt in %v, want %v to %v", got, wait, wait*6/5)
			}
			e.advance(2 * wait)
		}
		if _, err := s.RunOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		m := e.message(t, msg.ID)
		if m.Status != emailmessage.StatusSENT || m.Attempts != 3 || m.LastError != "" {
			t.Errorf("got %s after %d attempts (%q), want SENT after 3", m.Status, m.Attempts, m.LastError)
		}
		if got := len(e.smtp.messages()); got != 1 {
			t.Errorf("the server got %d messages, want 1", got)
		}
	})
}

func TestGivesUp(t *testing.T) {
	e := newEnv(t, testdb.Open(t, "sqlite3"))
	msg := e.queue(t, 1)[0]
	s := e.sender(t)
	e.smtp.refuse(100)
	for range 4 {
		if _, err := s.RunOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		e.advance(2 * time.Hour)
	}
	m := e.message(t, msg.ID)
	if m.Status != emailmessage.StatusFAILED || m.Attempts != 4 || m.LastError == "" {
		t.Errorf("got %s after %d attempts (%q), want FAILED after 4", m.Status, m.Attempts, m.LastError)
	}
	if l := must(e.d.Client.PaymentLink.Get(sys, e.link))(t); l.Status != paymentlink.StatusFAILED {
		t.Errorf("the link is %s, want FAILED", l.Status)
	}
	if n, _ := s.RunOnce(t.Context()); n != 0 {
		t.Errorf("a failed message was tried again")
	}
}

func TestRejectedRecipient(t *testing.T) {
	e := newEnv(t, testdb.Open(t, "sqlite3"))
	e.smtp.rejectTo = "acheteur1@example.ch"
	msgs := e.queue(t, 3)
	if _, err := e.sender(t).RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	want := []emailmessage.Status{emailmessage.StatusSENT, emailmessage.StatusFAILED, emailmessage.StatusSENT}
	for i, msg := range msgs {
		if got := e.message(t, msg.ID); got.Status != want[i] {
			t.Errorf("message %d: %s (%q), want %s", i, got.Status, got.LastError, want[i])
		}
	}
}

// TestRestart stops a running sender midway and starts another, as a
// restart or a second replica would: every message arrives exactly once.
func TestRestart(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		msgs := e.queue(t, 40)
		ctx, stop := context.WithCancel(t.Context())
		done := make(chan struct{})
		go func() { e.sender(t).Run(ctx); close(done) }()
		deadline := time.Now().Add(10 * time.Second)
		for len(e.smtp.messages()) < 10 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		stop()
		<-done
		// Two senders now share what is left, as two replicas would.
		ctx, stop = context.WithCancel(t.Context())
		defer stop()
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() { defer wg.Done(); e.sender(t).Run(ctx) }()
		}
		for len(e.smtp.messages()) < len(msgs) && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(100 * time.Millisecond) // time for a duplicate to show
		stop()
		wg.Wait()
		counts := map[string]int{}
		for _, r := range e.smtp.messages() {
			m, err := mail.ReadMessage(bytes.NewReader(r.Data))
			if err != nil {
				t.Fatal(err)
			}
			counts[m.Header.Get("Message-Id")]++
		}
		for _, msg := range msgs {
			if n := counts["<"+msg.MessageID+">"]; n != 1 {
				t.Errorf("message %d arrived %d times", msg.ID, n)
			}
			if m := e.message(t, msg.ID); m.Status != emailmessage.StatusSENT {
				t.Errorf("message %d is %s", msg.ID, m.Status)
			}
		}
	})
}

// must fails the test on a set-up error: must(client.X.Create()...Save(ctx))(t).
func must[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatalf("set-up: %v", err)
		}
		return v
	}
}
