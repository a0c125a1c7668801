package graph

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	coderws "github.com/coder/websocket"

	"github.com/guichet/guichet/internal/apperr"
)

// Close codes of graphql-transport-ws.
const (
	// CloseForbidden ends a connection whose credentials are refused,
	// expired or revoked.
	CloseForbidden = 4403
	// CloseInitTimeout ends a connection that sent no connection_init in
	// time.
	CloseInitTimeout = 4408
)

// InitTimeout is how long a new connection has to send connection_init; a
// variable so that tests may shorten it.
var InitTimeout = 10 * time.Second

// Limits of a WebSocket connection.
const (
	PingInterval        = 20 * time.Second
	MaxSubscriptions    = 20
	maxWebsocketPayload = 64 << 10
)

// WebsocketAuth authenticates a WebSocket connection at connection_init. It
// returns the connection's context, carrying its viewer, and calls end
// when the credentials expire or are revoked, until ctx ends. It starts no
// goroutine that waits as long as the connection lives: an idle
// connection's memory is mostly its goroutines' stacks.
type WebsocketAuth func(ctx context.Context, payload transport.InitPayload, end func()) (context.Context, error)

// Websocket serves subscriptions over graphql-transport-ws on the same path
// as queries. Browsers may open one from Guichet's own origin or from
// origins (full origins such as https://dashboard.example).
func Websocket(auth WebsocketAuth, origins []string) Option {
	var patterns []string
	for _, o := range origins {
		if u, err := url.Parse(o); err == nil && u.Host != "" {
			patterns = append(patterns, u.Host)
		}
	}
	limit := int64(maxWebsocketPayload)
	return func(c *handlerConfig) {
		c.transports = append(c.transports, transport.Websocket{
			// The init timeout is the implementation's: gqlgen's own closes
			// with 1002 where the protocol asks for 4408.
			Implementation:   closableImplementation{transport.CoderWebsocketImplementation{AcceptOptions: coderws.AcceptOptions{OriginPatterns: patterns}}},
			PingPongInterval: PingInterval,
			PayloadReadLimit: &limit,
			InitFunc: func(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
				initialised(ctx)
				conn := ctx
				ctx, err := auth(ctx, payload, func() {
					closeConnection(conn, CloseForbidden, "credentials expired or revoked")
				})
				if err != nil {
					return transport.WithWebsocketCloseCode(ctx, CloseForbidden), nil, err
				}
				ctx = context.WithValue(ctx, subscriptionsKey{}, &subscriptionCount{})
				return ctx, nil, nil
			},
		})
	}
}

// closableImplementation remembers each connection in its request's
// context, so that it can be closed with a code of Guichet's choosing when
// the credentials end (gqlgen closes with 1000 when a context ends) or
// when connection_init does not come in time.
type closableImplementation struct {
	transport.WebsocketImplementation
}

type connKey struct{}

type connHolder struct {
	mu      sync.Mutex
	conn    transport.WebsocketConn
	waiting *time.Timer // until connection_init
}

func (i closableImplementation) Accept(w http.ResponseWriter, r *http.Request, o transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	c, err := i.WebsocketImplementation.Accept(w, r, o)
	if h, ok := r.Context().Value(connKey{}).(*connHolder); ok && err == nil {
		ctx := r.Context()
		h.mu.Lock()
		h.conn = c
		h.waiting = time.AfterFunc(InitTimeout, func() {
			closeConnection(ctx, CloseInitTimeout, "connection initialisation timeout")
		})
		h.mu.Unlock()
		context.AfterFunc(ctx, func() { initialised(ctx) })
	}
	return c, err
}

// initialised stops the init timeout of the connection of ctx.
func initialised(ctx context.Context) {
	if h, ok := ctx.Value(connKey{}).(*connHolder); ok {
		h.mu.Lock()
		if h.waiting != nil {
			h.waiting.Stop()
		}
		h.mu.Unlock()
	}
}

// holdConnection gives a WebSocket request a place for its connection.
func holdConnection(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "" {
			r = r.WithContext(context.WithValue(r.Context(), connKey{}, &connHolder{}))
		}
		next.ServeHTTP(w, r)
	})
}

func closeConnection(ctx context.Context, code int, reason string) {
	h, ok := ctx.Value(connKey{}).(*connHolder)
	if !ok {
		return
	}
	h.mu.Lock()
	c := h.conn
	h.mu.Unlock()
	if c != nil {
		_ = c.WriteClose(code, reason)
		_ = c.Close()
	}
}

// subscriptionCount caps the subscriptions of one connection.
type subscriptionCount struct {
	mu sync.Mutex
	n  int
}

type subscriptionsKey struct{}

// startSubscription counts one more subscription on the caller's
// connection, refusing one over MaxSubscriptions; call done when it ends.
func startSubscription(ctx context.Context) (done func(), err error) {
	c, ok := ctx.Value(subscriptionsKey{}).(*subscriptionCount)
	if !ok {
		return func() {}, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n >= MaxSubscriptions {
		return nil, apperr.Errorf(apperr.Invalid, "at most %d subscriptions per connection", MaxSubscriptions)
	}
	c.n++
	return func() {
		c.mu.Lock()
		c.n--
		c.mu.Unlock()
	}, nil
}
