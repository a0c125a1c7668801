package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/guichet/guichet/ent"
)

// SMTP delivers over an SMTP server with github.com/wneessen/go-mail.
type SMTP struct {
	host string
	from string
	opts []gomail.Option
}

// NewSMTP reads the server from rawURL and the sender address from from.
//
//	smtp://user:pass@host:587   STARTTLS, required (the default for smtp://)
//	smtps://user:pass@host:465  TLS from the first byte
//	smtp://host:25?tls=none     no encryption (a local relay)
//	smtp://host:25?tls=opportunistic  STARTTLS when the server offers it
//
// Credentials, when present, are sent with the best mechanism the server
// offers. ?insecure_skip_verify=true accepts any certificate (tests only).
func NewSMTP(rawURL, from string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || (u.Scheme != "smtp" && u.Scheme != "smtps") {
		return nil, fmt.Errorf("smtp-url: %q is not an smtp:// or smtps:// URL", redact(rawURL))
	}
	addr, err := mail.ParseAddress(from)
	if err != nil || from == "" {
		return nil, fmt.Errorf("mail-from: %q is not an e-mail address", from)
	}
	host, portText, err := net.SplitHostPort(u.Host)
	if err != nil {
		host, portText = u.Host, ""
	}
	port := 587
	if u.Scheme == "smtps" {
		port = 465
	}
	if portText != "" {
		if port, err = strconv.Atoi(portText); err != nil {
			return nil, fmt.Errorf("smtp-url: bad port %q", portText)
		}
	}
	opts := []gomail.Option{gomail.WithPort(port), gomail.WithTimeout(DefaultDialTimeout)}
	q := u.Query()
	switch tls := q.Get("tls"); {
	case u.Scheme == "smtps":
		opts = append(opts, gomail.WithSSL())
	case tls == "" || tls == "starttls":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case tls == "opportunistic":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case tls == "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		return nil, fmt.Errorf("smtp-url: tls=%q is not starttls, opportunistic or none", tls)
	}
	if q.Get("insecure_skip_verify") == "true" {
		opts = append(opts, gomail.WithTLSConfig(insecureTLS(host)))
	}
	if u.User != nil {
		pass, _ := u.User.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(u.User.Username()), gomail.WithPassword(pass))
	}
	return &SMTP{host: host, from: addr.Address, opts: opts}, nil
}

// DefaultDialTimeout bounds connecting and each SMTP command.
const DefaultDialTimeout = 20 * time.Second

// Relay implements Transport.
func (s *SMTP) Relay() string { return s.host }

// Send implements Transport: one connection for the batch.
func (s *SMTP) Send(ctx context.Context, msgs []*ent.EmailMessage) []error {
	errs := make([]error, len(msgs))
	var built []*gomail.Msg
	var index []int
	for i, m := range msgs {
		gm, err := s.build(m)
		if err != nil {
			errs[i] = Permanent{err}
			continue
		}
		built = append(built, gm)
		index = append(index, i)
	}
	if len(built) == 0 {
		return errs
	}
	client, err := gomail.NewClient(s.host, s.opts...)
	if err == nil {
		err = s.sendAll(ctx, client, built)
	}
	anyOwn := false
	for _, gm := range built {
		anyOwn = anyOwn || gm.HasSendError()
	}
	for j, gm := range built {
		i := index[j]
		switch {
		case gm.HasSendError():
			errs[i] = gm.SendError()
			if !gm.SendErrorIsTemp() && isRejection(errs[i]) {
				errs[i] = Permanent{errs[i]}
			}
		case err != nil && !anyOwn:
			// Dialling, or the connection, failed before any message.
			errs[i] = err
		}
	}
	return errs
}

// sendAll sends msgs over one connection. Each message that fails carries
// its own error; an error for none of them means the connection failed.
func (s *SMTP) sendAll(ctx context.Context, client *gomail.Client, msgs []*gomail.Msg) error {
	conn, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return fmt.Errorf("dial %s: %w", s.host, err)
	}
	// After the messages went through, a failed QUIT changes nothing.
	defer client.CloseWithSMTPClient(conn) //nolint:errcheck
	return client.SendWithSMTPClient(conn, msgs...)
}

// isRejection reports whether the server refused the message for good
// (a 5xx reply), as opposed to a failure of the connection.
func isRejection(err error) bool {
	var se *gomail.SendError
	return errors.As(err, &se) && se.ErrorCode() >= 500
}

// build writes m as a MIME message: multipart/alternative with the plain
// text first and the HTML second, Bcc only in the envelope.
func (s *SMTP) build(m *ent.EmailMessage) (*gomail.Msg, error) {
	gm := gomail.NewMsg()
	if err := gm.FromFormat(m.FromName, s.from); err != nil {
		return nil, err
	}
	if err := gm.To(m.To); err != nil {
		return nil, err
	}
	if len(m.Bcc) > 0 {
		if err := gm.Bcc(m.Bcc...); err != nil {
			return nil, err
		}
	}
	if m.ReplyTo != "" {
		if err := gm.ReplyTo(m.ReplyTo); err != nil {
			return nil, err
		}
	}
	gm.Subject(m.Subject)
	gm.SetMessageIDWithValue(m.MessageID)
	gm.SetDateWithValue(m.CreatedAt)
	gm.SetGenHeader(gomail.HeaderContentLang, m.Language.Tag())
	gm.SetGenHeader("Auto-Submitted", "auto-generated")
	gm.SetBodyString(gomail.TypeTextPlain, m.TextBody)
	gm.AddAlternativeString(gomail.TypeTextHTML, m.HTMLBody)
	return gm, nil
}

// redact hides a URL's password from error messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return strings.SplitN(raw, "@", 2)[len(strings.SplitN(raw, "@", 2))-1]
	}
	return u.Redacted()
}

func insecureTLS(host string) *tls.Config {
	return &tls.Config{ServerName: host, InsecureSkipVerify: true} //nolint:gosec // asked for by configuration, for tests
}
