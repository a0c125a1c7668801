package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"time"

	"entgo.io/contrib/entgql"
	coderws "github.com/coder/websocket"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/guichet/guichet/graph/scalar"
	"github.com/guichet/guichet/internal/auth"
)

// The development provider's partner client and operator (internal/devidp).
const (
	partnerID     = "partner-demo"
	partnerSecret = "partner-demo-secret"
	operatorEmail = "olivier.operateur@refundus.example"
)

// subscription is what the subscribers ask for: what a dashboard shows of
// each change, the transaction's own fields included.
const subscription = `subscription Live($after: Cursor) {
  labelChanged(after: $after) {
    cursor kind at
    label { id name color }
    actor { name clientId }
    transaction { id orderReference amount currency status createdAt }
  }
}`

// partnerToken gets a client-credentials access token from the provider.
func partnerToken(ctx context.Context, issuer string) (string, error) {
	cfg := clientcredentials.Config{
		ClientID: partnerID, ClientSecret: partnerSecret,
		TokenURL: issuer + "/oauth/token", AuthStyle: oauth2.AuthStyleInHeader,
	}
	tok, err := cfg.Token(ctx)
	if err != nil {
		return "", fmt.Errorf("token of %s: %w", partnerID, err)
	}
	return tok.AccessToken, nil
}

// caller posts GraphQL requests to one replica.
type caller struct {
	base   string
	client *http.Client
	header http.Header
}

// operator signs the operator in on the replica at base through its
// development provider, as a browser does (the provider's test path: post
// the login form's id and user), and returns a caller with its session.
func operator(ctx context.Context, base string) (*caller, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/auth/login", nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	page := resp.Request.URL
	if !strings.HasSuffix(page.Path, "/dev-idp/login") {
		return nil, fmt.Errorf("/auth/login led to %s (status %d), not the provider's login page", page, resp.StatusCode)
	}
	form := url.Values{"id": {page.Query().Get("authRequestID")}, "user": {operatorEmail}}
	req, err = http.NewRequestWithContext(ctx, http.MethodPost, base+"/dev-idp/login", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if resp, err = c.Do(req); err != nil {
		return nil, err
	}
	resp.Body.Close()
	u, _ := url.Parse(base)
	for _, ck := range jar.Cookies(u) {
		if strings.HasSuffix(ck.Name, "guichet_session") {
			return &caller{base: base, client: c, header: http.Header{auth.CSRFHeader: {"1"}, "Origin": {base}}}, nil
		}
	}
	return nil, fmt.Errorf("the login of %s ended at %s without a session cookie", operatorEmail, resp.Request.URL)
}

// partner is a caller with a partner's bearer token.
func partner(base, token string) *caller {
	return &caller{base: base, client: &http.Client{Timeout: 30 * time.Second}, header: http.Header{"Authorization": {"Bearer " + token}}}
}

// query posts a GraphQL request and decodes its data into out.
func (c *caller) query(ctx context.Context, query string, vars map[string]any, out any) error {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/graphql", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header = c.header.Clone()
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var r struct {
		Data   json.RawMessage
		Errors []json.RawMessage
	}
	if err := json.Unmarshal(b, &r); err != nil || resp.StatusCode != http.StatusOK || len(r.Errors) > 0 {
		return fmt.Errorf("%s answered %s: %s", c.base, resp.Status, b)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(r.Data, out)
}

// gid is the API's global ID of an ent ID.
func gid(id int) string {
	var b strings.Builder
	scalar.MarshalID(id).MarshalGQL(&b)
	return strings.Trim(b.String(), `"`)
}

// seqOf is the log position in a label event's cursor.
func seqOf(cursor string) (int64, error) {
	var c entgql.Cursor[int]
	if err := c.UnmarshalGQL(cursor); err != nil {
		return 0, err
	}
	v := reflect.ValueOf(c.Value)
	switch {
	case v.CanInt():
		return v.Int(), nil
	case v.CanUint():
		return int64(v.Uint()), nil
	}
	return 0, fmt.Errorf("cursor %s holds %T, not a log position", cursor, c.Value)
}

// delivery is one event as a subscriber received it.
type delivery struct {
	seq  int64
	kind string
	tx   string
	// at is the event's own time: when the replica that made the change
	// wrote it to the log, inside the change's database transaction.
	at time.Time
	// recv is when the subscriber read the message off its socket, before
	// decoding it.
	recv time.Time
}

// subscriber is one graphql-transport-ws connection with one labelChanged
// subscription.
type subscriber struct {
	conn  *coderws.Conn
	first chan struct{} // closed at the first event
	ended chan struct{} // closed when the connection ends

	mu   sync.Mutex
	got  []delivery
	err  error // why the connection ended, or a protocol error
	once sync.Once
}

// wsMessage is a graphql-transport-ws message.
type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// subscribe connects to the replica at base with a partner token,
// subscribes to labelChanged after the cursor after, and waits for the
// first event, so that the subscription is known to be live on the server.
// Passing the cursor of the event before the log's last one replays just
// that one.
func subscribe(ctx context.Context, base, token, after string, wait time.Duration) (*subscriber, error) {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	conn, _, err := coderws.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/graphql", &coderws.DialOptions{
		Subprotocols: []string{"graphql-transport-ws"},
	})
	if err != nil {
		return nil, err
	}
	conn.SetReadLimit(1 << 20)
	s := &subscriber{conn: conn, first: make(chan struct{}), ended: make(chan struct{})}
	fail := func(err error) (*subscriber, error) {
		conn.CloseNow()
		return nil, err
	}
	init, _ := json.Marshal(map[string]string{"Authorization": "Bearer " + token})
	if err := s.send(ctx, wsMessage{Type: "connection_init", Payload: init}); err != nil {
		return fail(err)
	}
	for {
		_, b, err := conn.Read(ctx)
		if err != nil {
			return fail(fmt.Errorf("before connection_ack: %w", err))
		}
		var m wsMessage
		if err := json.Unmarshal(b, &m); err != nil {
			return fail(err)
		}
		if m.Type == "connection_ack" {
			break
		}
		if m.Type != "ping" && m.Type != "pong" {
			return fail(fmt.Errorf("got %s before connection_ack", b))
		}
	}
	payload, _ := json.Marshal(map[string]any{"query": subscription, "variables": map[string]any{"after": after}})
	if err := s.send(ctx, wsMessage{ID: "1", Type: "subscribe", Payload: payload}); err != nil {
		return fail(err)
	}
	go s.read()
	select {
	case <-s.first:
		return s, nil
	case <-s.ended:
		return fail(fmt.Errorf("the connection ended before the first event: %w", s.error()))
	case <-ctx.Done():
		return fail(fmt.Errorf("no first event: %w", ctx.Err()))
	}
}

func (s *subscriber) send(ctx context.Context, m wsMessage) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return s.conn.Write(ctx, coderws.MessageText, b)
}

// read records every event until the connection ends, answering the
// server's pings.
func (s *subscriber) read() {
	defer close(s.ended)
	for {
		_, b, err := s.conn.Read(context.Background())
		recv := time.Now()
		if err != nil {
			s.fail(err)
			return
		}
		var m wsMessage
		if err := json.Unmarshal(b, &m); err != nil {
			s.fail(err)
			return
		}
		switch m.Type {
		case "next":
			d, err := decodeEvent(m.Payload, recv)
			if err != nil {
				s.fail(err)
				return
			}
			s.mu.Lock()
			s.got = append(s.got, d)
			n := len(s.got)
			s.mu.Unlock()
			if n == 1 {
				close(s.first)
			}
		case "ping":
			_ = s.send(context.Background(), wsMessage{Type: "pong"})
		case "pong":
		default: // error, complete: the server ended the subscription
			s.fail(fmt.Errorf("the server sent %s", b))
		}
	}
}

func decodeEvent(payload json.RawMessage, recv time.Time) (delivery, error) {
	var p struct {
		Data struct {
			LabelChanged struct {
				Cursor, Kind string
				At           time.Time
				Transaction  *struct{ ID string }
			}
		}
		Errors []json.RawMessage
	}
	if err := json.Unmarshal(payload, &p); err != nil {
		return delivery{}, err
	}
	if len(p.Errors) > 0 {
		return delivery{}, fmt.Errorf("event with errors: %s", payload)
	}
	e := p.Data.LabelChanged
	seq, err := seqOf(e.Cursor)
	if err != nil {
		return delivery{}, err
	}
	d := delivery{seq: seq, kind: e.Kind, at: e.At, recv: recv}
	if e.Transaction != nil {
		d.tx = e.Transaction.ID
	}
	return d, nil
}

// fail keeps the first reason the subscriber stopped.
func (s *subscriber) fail(err error) {
	s.mu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.mu.Unlock()
}

func (s *subscriber) error() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// deliveries is a copy of what the subscriber received so far.
func (s *subscriber) deliveries() []delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]delivery(nil), s.got...)
}

// lastSeq is the position of the last event received, or 0.
func (s *subscriber) lastSeq() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.got) == 0 {
		return 0
	}
	return s.got[len(s.got)-1].seq
}

// How a subscriber leaves: the ways real clients do.
type leaving int

const (
	// completeAndClose ends the subscription, then closes the socket with
	// the close handshake, as a client library does.
	completeAndClose leaving = iota
	// closeOnly closes the socket with the handshake, the subscription
	// still running: a browser tab closed.
	closeOnly
	// drop closes the TCP connection without a close frame: a network loss.
	drop
	leavings
)

func (l leaving) String() string {
	return [...]string{"complete, then close", "close", "drop the TCP connection"}[l]
}

// leave disconnects the subscriber the way l says and waits for its
// reader to stop.
func (s *subscriber) leave(ctx context.Context, l leaving) error {
	var err error
	switch l {
	case completeAndClose:
		if err = s.send(ctx, wsMessage{ID: "1", Type: "complete"}); err == nil {
			err = s.conn.Close(coderws.StatusNormalClosure, "")
		}
	case closeOnly:
		err = s.conn.Close(coderws.StatusNormalClosure, "")
	case drop:
		err = s.conn.CloseNow()
	}
	<-s.ended
	if errors.Is(err, net.ErrClosed) {
		err = nil
	}
	return err
}
