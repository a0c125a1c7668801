package graph

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/lesismal/nbio"
	"github.com/lesismal/nbio/logging"
	"github.com/lesismal/nbio/nbhttp"
	"github.com/lesismal/nbio/nbhttp/websocket"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/guichet/guichet/internal/apperr"
)

// Close codes of graphql-transport-ws.
const (
	// CloseBadRequest ends a connection that sent a message the protocol
	// does not know.
	CloseBadRequest = 4400
	// CloseUnauthorized ends a connection that subscribed before its
	// connection_init was acknowledged.
	CloseUnauthorized = 4401
	// CloseForbidden ends a connection whose credentials are refused,
	// expired or revoked.
	CloseForbidden = 4403
	// CloseSubprotocol ends a connection that did not ask for
	// graphql-transport-ws.
	CloseSubprotocol = 4406
	// CloseInitTimeout ends a connection that sent no connection_init in
	// time.
	CloseInitTimeout = 4408
	// CloseDuplicateID ends a connection that reused the ID of an operation
	// still running.
	CloseDuplicateID = 4409
	// CloseTooManyInits ends a connection that sent connection_init twice.
	CloseTooManyInits = 4429
)

// Subprotocol is the one WebSocket subprotocol served.
const Subprotocol = "graphql-transport-ws"

// InitTimeout is how long a new connection has to send connection_init; a
// variable so that tests may shorten it.
var InitTimeout = 10 * time.Second

// Limits of a WebSocket connection.
const (
	// PingInterval is how often the server pings; a connection from which
	// nothing came for two intervals is dropped.
	PingInterval        = 20 * time.Second
	MaxSubscriptions    = 20
	maxWebsocketPayload = 64 << 10
	// maxWriteBacklog bytes may wait for a slow client to read them; over
	// that, its subscriptions stop taking events, and the ones that then
	// fall too far behind the log are dropped (labelevents.SubscriberBuffer)
	// rather than growing the server's memory.
	maxWriteBacklog = 256 << 10
	// closeGrace is how long a closing connection waits for the client's
	// close frame before the socket is closed anyway.
	closeGrace = 5 * time.Second
)

// WebsocketAuth authenticates a WebSocket connection at connection_init. It
// returns the connection's context, carrying its viewer, and calls end
// when the credentials expire or are revoked, until ctx ends. It starts no
// goroutine that waits as long as the connection lives: an idle
// connection must cost no stack.
type WebsocketAuth func(ctx context.Context, payload transport.InitPayload, end func()) (context.Context, error)

// Websocket serves subscriptions over graphql-transport-ws on the same path
// as queries. Browsers may open one from Guichet's own origin or from
// origins (full origins such as https://dashboard.example).
//
// An idle connection keeps no goroutine and no buffer: the socket is handed
// from net/http to nbio's event loop, which handles its messages, and a
// subscription is a registration with its source (labelevents), whose events
// are executed one at a time through gqlgen's executor on a delivery worker.
func Websocket(auth WebsocketAuth, origins []string) Option {
	var patterns []string
	for _, o := range origins {
		if u, err := url.Parse(o); err == nil && u.Host != "" {
			patterns = append(patterns, strings.ToLower(u.Host))
		}
	}
	return func(c *handlerConfig) {
		c.transports = append(c.transports, &wsTransport{auth: auth, origins: patterns, conns: map[*wsConn]struct{}{}})
	}
}

// wsTransport is gqlgen's transport for WebSocket upgrades: gqlgen hands it
// the executor with the handler's extensions, presenter and limits.
type wsTransport struct {
	auth    WebsocketAuth
	origins []string

	mu      sync.Mutex
	servers map[*http.Server]bool // whose Shutdown closes conns
	conns   map[*wsConn]struct{}  // open, for pings and Shutdown
	pinger  *time.Timer           // while conns has some
}

func (t *wsTransport) Supports(r *http.Request) bool { return r.Header.Get("Upgrade") != "" }

func (t *wsTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	engine, err := wsEngine()
	if err != nil {
		http.Error(w, "WebSocket unavailable", http.StatusServiceUnavailable)
		return
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(r.Context()))
	c := &wsConn{t: t, exec: exec, ctx: ctx, cancel: cancel, fd: -1}
	// An upgrader per connection, so that its handlers know their
	// connection from the first message on (nbio may read one before
	// Upgrade returns).
	u := websocket.NewUpgrader()
	u.Engine = engine
	u.Subprotocols = []string{Subprotocol}
	u.CheckOrigin = t.allowed
	u.KeepaliveTime = 2 * PingInterval
	u.MessageLengthLimit = maxWebsocketPayload
	u.OnOpen(c.open)
	u.OnMessage(c.receive)
	u.SetPingHandler(func(_ *websocket.Conn, data string) { c.write(websocket.PongMessage, []byte(data)) })
	u.OnClose(func(*websocket.Conn, error) { c.ended() })
	if _, err := u.UpgradeAndTransferConnToPoller(hijacker{w}, r, http.Header{}); err != nil {
		cancel() // nbio answered the request
		return
	}
	t.track(r, c)
}

// allowed reports whether the upgrade may proceed from its Origin: none (not
// a browser), Guichet's own, or one of the configured ones.
func (t *wsTransport) allowed(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	if strings.EqualFold(r.Host, u.Host) {
		return true
	}
	for _, p := range t.origins {
		if ok, _ := path.Match(p, strings.ToLower(u.Host)); ok {
			return true
		}
	}
	return false
}

// track remembers c until it ends, so that the HTTP server's Shutdown
// closes it as going away: net/http forgets a connection once it is
// hijacked.
func (t *wsTransport) track(r *http.Request, c *wsConn) {
	srv, _ := r.Context().Value(http.ServerContextKey).(*http.Server)
	t.mu.Lock()
	defer t.mu.Unlock()
	if srv != nil && !t.servers[srv] {
		if t.servers == nil {
			t.servers = map[*http.Server]bool{}
		}
		t.servers[srv] = true
		srv.RegisterOnShutdown(t.shutdown)
	}
	c.mu.Lock()
	open := c.state != wsClosed
	c.mu.Unlock()
	if open {
		t.conns[c] = struct{}{}
		if t.pinger == nil {
			t.pinger = time.AfterFunc(PingInterval, t.ping)
		}
	}
}

// ping pings every acknowledged connection, every PingInterval while there
// are some: one timer for all, rather than one per connection.
func (t *wsTransport) ping() {
	t.mu.Lock()
	conns := make([]*wsConn, 0, len(t.conns))
	for c := range t.conns {
		conns = append(conns, c)
	}
	if len(conns) == 0 {
		t.pinger = nil
	} else {
		t.pinger.Reset(PingInterval)
	}
	t.mu.Unlock()
	for _, c := range conns {
		c.ping()
	}
}

func (t *wsTransport) forget(c *wsConn) {
	t.mu.Lock()
	delete(t.conns, c)
	t.mu.Unlock()
}

func (t *wsTransport) shutdown() {
	t.mu.Lock()
	conns := make([]*wsConn, 0, len(t.conns))
	for c := range t.conns {
		conns = append(conns, c)
	}
	t.mu.Unlock()
	for _, c := range conns {
		c.close(1001, "server shutting down") // going away
	}
}

// hijacker lets nbio take the connection from behind the middlewares'
// response writers, which unwrap but do not hijack themselves.
type hijacker struct{ http.ResponseWriter }

func (h hijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(h.ResponseWriter).Hijack()
}

var (
	engineOnce sync.Once
	engine     *nbhttp.Engine
	engineErr  error
)

// wsEngine is the process's event loop for WebSocket connections, started
// once and kept for the process's life.
func wsEngine() (*nbhttp.Engine, error) {
	engineOnce.Do(func() {
		logging.SetLevel(logging.LevelError)
		// nbio keeps a slot per possible file descriptor: as many as the
		// process may open, not its default of two million.
		var lim syscall.Rlimit
		if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim) == nil && lim.Cur > 0 && lim.Cur < uint64(nbio.MaxOpenFiles) {
			nbio.MaxOpenFiles = int(lim.Cur)
		}
		e := nbhttp.NewEngine(nbhttp.Config{
			Name:                    "guichet-websocket",
			ReleaseWebsocketPayload: true,
			// Messages are handled in the event loop itself, in order:
			// handling never waits (what may, runs in a goroutine of
			// its own). A goroutine per message would wait for the Go
			// scheduler to notice that the loop sleeps in epoll_wait,
			// up to milliseconds, so that a client's complete could
			// come after events it sent it before.
			ServerExecutor: func(f func()) { f() },
		})
		e.OnWrittenSize(func(c *nbio.Conn, _ []byte, n int) {
			if wc := connOf(c); wc != nil {
				wc.written.Add(int64(n))
				wc.wake()
			}
		})
		// The loop's reads are bracketed, so that a delivery knows when
		// the client's messages are being read and handled.
		e.OnReadBufferAlloc(func(c *nbio.Conn) *[]byte {
			if wc := connOf(c); wc != nil {
				wc.reading.Store(true)
			}
			return e.PollerBufferPtr(c)
		})
		e.OnReadBufferFree(func(c *nbio.Conn, _ *[]byte) {
			if wc := connOf(c); wc != nil {
				wc.reading.Store(false)
				wc.wake()
			}
		})
		engineErr = e.Start()
		engine = e
	})
	return engine, engineErr
}

// connOf is the connection of an nbio socket, once open. nbio's sessions
// are plain fields: live, stored before the connection becomes the
// socket's session, orders its setup before the event loop's use.
func connOf(c *nbio.Conn) *wsConn {
	if ws, ok := c.Session().(*websocket.Conn); ok {
		if wc, _ := ws.Session().(*wsConn); wc != nil && wc.live.Load() {
			return wc
		}
	}
	return nil
}

// frameBytes is what nbio writes for a message of n bytes: frames of at
// most the engine's payload size, each with its header.
func frameBytes(n int) int64 {
	size := engine.MaxWebsocketFramePayloadSize
	var total int64
	for {
		k := min(n, size)
		switch {
		case k < 126:
			total += 2
		case k <= 65535:
			total += 4
		default:
			total += 10
		}
		total += int64(k)
		if n -= k; n <= 0 {
			return total
		}
	}
}

// States of a connection.
const (
	wsWaiting      = iota // for connection_init
	wsInitialising        // checking its credentials
	wsReady               // acknowledged
	wsClosed
)

// wsConn is one graphql-transport-ws connection.
type wsConn struct {
	t      *wsTransport
	exec   graphql.GraphExecutor
	ctx    context.Context // until the connection ends
	cancel context.CancelFunc

	// queued and written count the bytes handed to the socket and those
	// the kernel took: the difference waits in nbio for a slow reader.
	queued, written atomic.Int64
	// reading says the event loop is reading the client's messages and
	// handling them.
	reading atomic.Bool
	live    atomic.Bool // set up for the event loop (connOf)
	blocked atomic.Bool // operations wait in waiting
	fd      int         // the socket's, for its unread bytes; -1 when unknown

	mu            sync.Mutex
	ws            *websocket.Conn
	state         int
	viewerCtx     context.Context // after connection_init, with the viewer
	ops           []*wsOperation  // running: at most MaxSubscriptions and a few queries
	subscriptions int
	initTimer     *time.Timer    // until connection_init
	waiting       []*wsOperation // for wake
}

// open runs once the upgrade is answered.
func (c *wsConn) open(ws *websocket.Conn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ws = ws
	if nbc, ok := ws.Conn.(*nbio.Conn); ok {
		c.fd = nbc.Hash()
	}
	c.live.Store(true)
	ws.SetSession(c)
	if ws.Subprotocol() != Subprotocol {
		go c.close(CloseSubprotocol, "Subprotocol not acceptable")
		return
	}
	if c.state == wsWaiting && c.initTimer == nil {
		c.initTimer = time.AfterFunc(InitTimeout, func() {
			c.mu.Lock()
			late := c.state == wsWaiting
			c.mu.Unlock()
			if late {
				c.close(CloseInitTimeout, "Connection initialisation timeout")
			}
		})
	}
}

// wsMessage is a message of graphql-transport-ws.
type wsMessage struct {
	ID      string `json:"id,omitempty"`
	Type    string `json:"type"`
	Payload any    `json:"payload,omitempty"`
}

// receive handles a message of the client, in nbio's event loop: it must
// not wait.
func (c *wsConn) receive(ws *websocket.Conn, _ websocket.MessageType, data []byte) {
	c.mu.Lock()
	if c.ws == nil {
		c.ws = ws
	}
	closed := c.state == wsClosed
	c.mu.Unlock()
	if closed {
		return
	}
	var m struct {
		ID      string          `json:"id"`
		Type    string          `json:"type"`
		Payload json.RawMessage `json:"payload"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		c.close(CloseBadRequest, "Invalid message received")
		return
	}
	switch m.Type {
	case "connection_init":
		c.init(m.Payload)
	case "ping":
		pong := wsMessage{Type: "pong"}
		if len(m.Payload) > 0 {
			pong.Payload = m.Payload
		}
		c.send(pong)
	case "pong": // nbio's read deadline moved on
	case "subscribe":
		c.subscribe(m.ID, m.Payload)
	case "complete":
		c.mu.Lock()
		op := c.operation(m.ID)
		c.forget(op)
		c.mu.Unlock()
		if op != nil {
			op.stop()
		}
	default:
		c.close(CloseBadRequest, "Invalid message received")
	}
}

// init authenticates the connection, once, off the event loop: the
// credentials' check may wait on the database or the identity provider.
func (c *wsConn) init(raw json.RawMessage) {
	c.mu.Lock()
	if c.state != wsWaiting {
		c.mu.Unlock()
		c.close(CloseTooManyInits, "Too many initialisation requests")
		return
	}
	c.state = wsInitialising
	if c.initTimer != nil {
		c.initTimer.Stop()
		c.initTimer = nil
	}
	c.mu.Unlock()
	var payload transport.InitPayload
	if len(raw) > 0 && !bytes.Equal(raw, []byte("null")) {
		if err := json.Unmarshal(raw, &payload); err != nil {
			c.close(CloseBadRequest, "Invalid connection_init payload")
			return
		}
	}
	requests.Go(func() { c.authenticate(payload) })
}

func (c *wsConn) authenticate(payload transport.InitPayload) {
	ctx, err := c.t.auth(c.ctx, payload, func() { c.close(CloseForbidden, "Forbidden") })
	if err != nil {
		c.close(CloseForbidden, "Forbidden")
		return
	}
	c.mu.Lock()
	if c.state != wsInitialising {
		c.mu.Unlock()
		return
	}
	c.state = wsReady
	c.viewerCtx = ctx
	c.mu.Unlock()
	c.send(wsMessage{Type: "connection_ack"})
}

// ping keeps the connection alive and shows whether the client is: nbio
// drops a connection that sent nothing, not even a pong, for two
// intervals.
func (c *wsConn) ping() {
	c.mu.Lock()
	ready := c.state == wsReady
	c.mu.Unlock()
	if ready {
		c.send(wsMessage{Type: "ping"})
	}
}

// operation is the running operation id, or nil; c.mu is held.
func (c *wsConn) operation(id string) *wsOperation {
	for _, op := range c.ops {
		if op.id == id {
			return op
		}
	}
	return nil
}

// forget takes op off the running operations, and reports whether it was
// there; c.mu is held.
func (c *wsConn) forget(op *wsOperation) bool {
	for i, o := range c.ops {
		if o == op {
			c.ops = slices.Delete(c.ops, i, i+1)
			return true
		}
	}
	return false
}

// subscribe starts operation id: a query, a mutation or a subscription.
func (c *wsConn) subscribe(id string, raw json.RawMessage) {
	var params graphql.RawParams
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // as gqlgen's HTTP transports read variables
	if id == "" || len(raw) == 0 || dec.Decode(&params) != nil {
		c.close(CloseBadRequest, "Invalid subscribe message")
		return
	}
	c.mu.Lock()
	switch {
	case c.state != wsReady:
		c.mu.Unlock()
		c.close(CloseUnauthorized, "Unauthorized")
		return
	case c.operation(id) != nil:
		c.mu.Unlock()
		c.close(CloseDuplicateID, "Subscriber for "+id+" already exists")
		return
	}
	ctx, cancel := context.WithCancel(c.viewerCtx)
	op := &wsOperation{c: c, id: id, ctx: ctx, cancel: cancel}
	c.ops = append(c.ops, op)
	c.mu.Unlock()
	requests.Go(func() { op.start(&params) }) // it may wait on the database; the event loop must not
}

// startSubscription counts one more subscription on c, refusing one over
// MaxSubscriptions; call done when it ends.
func (c *wsConn) startSubscription() (done func(), err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.subscriptions >= MaxSubscriptions {
		return nil, apperr.Errorf(apperr.Invalid, "at most %d subscriptions per connection", MaxSubscriptions)
	}
	c.subscriptions++
	var once sync.Once
	return func() {
		once.Do(func() {
			c.mu.Lock()
			c.subscriptions--
			c.mu.Unlock()
		})
	}, nil
}

// send writes m; a failure means the connection is ending, which its close
// handler takes care of.
func (c *wsConn) send(m wsMessage) {
	data, err := json.Marshal(m)
	if err != nil {
		panic(err) // responses and errors always marshal
	}
	_ = c.write(websocket.TextMessage, data)
}

// write hands a message to the socket, counting its bytes. c.mu must not be
// held: nbio reports what the kernel took (flushed) from within.
func (c *wsConn) write(t websocket.MessageType, data []byte) error {
	c.mu.Lock()
	ws := c.ws
	c.mu.Unlock()
	if ws == nil {
		return net.ErrClosed
	}
	c.queued.Add(frameBytes(len(data)))
	return ws.WriteMessage(t, data)
}

// backlog is how many bytes wait for the client to read them.
func (c *wsConn) backlog() int64 { return c.queued.Load() - c.written.Load() }

// held parks op, and reports whether it did, while a delivery must wait:
// while the client is behind on reading (over maxWriteBacklog), or while
// messages it sent are unread or being handled, so that a complete (or
// anything else) it sent before a change is handled before the change's
// events are sent. The event loop, which reads the socket, is a thread of
// its own that may run later than the goroutines serving the change. wake
// resumes op.
func (c *wsConn) held(op *wsOperation) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state == wsClosed || (c.backlog() <= maxWriteBacklog && !c.unread()) {
		return false
	}
	op.mu.Lock()
	op.scheduled = false
	op.mu.Unlock()
	if !op.blocked {
		op.blocked = true
		c.waiting = append(c.waiting, op)
	}
	c.blocked.Store(true)
	return true
}

// wake resumes the operations held, once the backlog is down to half the
// limit and the client's messages are handled. The event loop calls it
// after it wrote or read.
func (c *wsConn) wake() {
	if !c.blocked.Load() || c.backlog() > maxWriteBacklog/2 || c.unread() {
		return
	}
	c.mu.Lock()
	waiting := c.waiting
	c.waiting = nil
	c.blocked.Store(false)
	for _, op := range waiting {
		op.blocked = false
	}
	c.mu.Unlock()
	for _, op := range waiting {
		op.ready()
	}
}

// unread reports whether messages of the client are being read or handled,
// or wait in the socket.
func (c *wsConn) unread() bool {
	if c.reading.Load() {
		return true
	}
	if c.fd < 0 {
		return false
	}
	return unreadBytes(c.fd) > 0
}

// close ends the connection with code: a close frame, then the socket once
// the client answers or after closeGrace.
func (c *wsConn) close(code int, reason string) {
	if ws, first := c.finish(); first && ws != nil {
		_ = ws.WriteClose(code, reason)
		time.AfterFunc(closeGrace, func() { _ = ws.Close() })
	}
}

// ended runs when the socket is gone, whoever closed it.
func (c *wsConn) ended() { c.finish() }

// finish marks the connection closed, ends its operations and timers, and
// reports its socket and whether it was open until then.
func (c *wsConn) finish() (ws *websocket.Conn, first bool) {
	c.mu.Lock()
	first = c.state != wsClosed
	c.state = wsClosed
	ws = c.ws
	if c.initTimer != nil {
		c.initTimer.Stop()
	}
	c.ops, c.waiting = nil, nil
	c.mu.Unlock()
	c.cancel()
	c.t.forget(c)
	return ws, first
}

// wsOperation is one operation of a connection. A subscription is a source
// of events (set by follow) and a flag saying whether a delivery worker
// drains it: no goroutine waits for its events.
type wsOperation struct {
	c      *wsConn
	id     string
	ctx    context.Context // until the operation ends
	cancel context.CancelFunc
	rc     *graphql.OperationContext

	blocked bool // in c.waiting; c.mu

	mu sync.Mutex
	// next takes the source's next event without waiting: ok when there
	// was one, closed when the source ended.
	next func() (event any, ok, closed bool)
	// scheduled says a drain runs or is queued; woken that events came
	// since it last looked.
	scheduled, woken bool
	// release gives back the operation's place among MaxSubscriptions
	// (once), as soon as it ends: its source ends a little later.
	release func()
}

// stop ends the operation's context and gives back its place.
func (op *wsOperation) stop() {
	op.cancel()
	op.mu.Lock()
	release := op.release
	op.mu.Unlock()
	if release != nil {
		release()
	}
}

type (
	operationKey struct{}
	eventKey     struct{}
)

// start executes the operation. A subscription's first execution runs its
// resolver with the operation in the context, which registers the source
// (follow); each event is then executed on its own (deliver).
func (op *wsOperation) start(params *graphql.RawParams) {
	exec := op.c.exec
	ctx := graphql.StartOperationTrace(op.ctx)
	now := graphql.Now()
	params.ReadTime = graphql.TraceTiming{Start: now, End: now}
	rc, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs)
		op.fail(resp.Errors)
		return
	}
	defer op.recover(ctx, rc)
	if rc.Operation.Operation != ast.Subscription {
		// One result, or more while deferred parts follow: asking for
		// another would run the mutation's interceptors on none.
		responses, ctx := exec.DispatchOperation(ctx, rc)
		for r := responses(ctx); r != nil; r = responses(ctx) {
			op.send(r)
			if r.HasNext == nil || !*r.HasNext {
				break
			}
		}
		op.end(true)
		return
	}
	op.rc = eventOperation(rc)
	responses, rctx := exec.DispatchOperation(context.WithValue(ctx, operationKey{}, op), eventOperation(op.rc))
	op.mu.Lock()
	following := op.next != nil
	op.mu.Unlock()
	if !following {
		// The resolver refused: its errors, then the end, as graphql-ws's
		// own server answers a subscription that fails to start.
		if r := responses(rctx); r != nil {
			op.send(r)
		}
		op.end(true)
		return
	}
	op.ready()
}

// recover turns a panic of the operation into an error message.
func (op *wsOperation) recover(ctx context.Context, rc *graphql.OperationContext) {
	if r := recover(); r != nil {
		err := rc.Recover(ctx, r)
		op.fail(gqlerror.List{gqlerror.WrapIfUnwrapped(err)})
	}
}

// ready schedules a drain of the operation's events, unless one runs; the
// source calls it without waiting, under its own locks.
func (op *wsOperation) ready() {
	op.mu.Lock()
	op.woken = true
	run := !op.scheduled
	op.scheduled = true
	op.mu.Unlock()
	if run {
		deliveries.Go(op.drain)
	}
}

// drain delivers the events the source has, in order, until it has no
// more, the client is behind on reading, or the source ended.
func (op *wsOperation) drain() {
	defer op.recover(op.ctx, op.rc)
	for {
		op.mu.Lock()
		op.woken = false
		next := op.next
		op.mu.Unlock()
		for next != nil {
			if op.c.held(op) {
				return
			}
			e, ok, closed := next()
			if closed {
				op.end(true) // dropped as too slow, or cancelled
				return
			}
			if !ok {
				break
			}
			op.deliver(e)
		}
		op.mu.Lock()
		if !op.woken {
			op.scheduled = false
			op.mu.Unlock()
			return
		}
		op.mu.Unlock()
	}
}

// deliver executes the subscription for one event: the resolver, finding
// the event in the context, returns it alone, and gqlgen resolves its
// fields as for any event, directives and privacy included.
func (op *wsOperation) deliver(e any) {
	ctx := context.WithValue(op.ctx, eventKey{}, e)
	responses, ctx := op.c.exec.DispatchOperation(ctx, eventOperation(op.rc))
	if r := responses(ctx); r != nil {
		op.send(r)
	}
}

// eventOperation is rc for one execution: the same operation with its own
// cache of collected fields, which gqlgen fills as it resolves and would
// otherwise keep for the subscription's life, and without the statistics
// of its validation (which nothing reads after it): together a tenth of
// an idle subscriber's memory.
func eventOperation(rc *graphql.OperationContext) *graphql.OperationContext {
	return &graphql.OperationContext{
		RawQuery:               rc.RawQuery,
		Variables:              rc.Variables,
		OperationName:          rc.OperationName,
		Doc:                    rc.Doc,
		Extensions:             rc.Extensions,
		Headers:                rc.Headers,
		Operation:              rc.Operation,
		DisableIntrospection:   rc.DisableIntrospection,
		RecoverFunc:            rc.RecoverFunc,
		ResolverMiddleware:     rc.ResolverMiddleware,
		RootResolverMiddleware: rc.RootResolverMiddleware,
	}
}

func (op *wsOperation) send(r *graphql.Response) {
	if op.ctx.Err() == nil {
		op.c.send(wsMessage{ID: op.id, Type: "next", Payload: r})
	}
}

// fail ends the operation with an error message.
func (op *wsOperation) fail(errs gqlerror.List) {
	if op.end(false) {
		op.c.send(wsMessage{ID: op.id, Type: "error", Payload: errs})
	}
}

// end forgets the operation, telling the client with complete when it
// still knows it, and reports whether it did.
func (op *wsOperation) end(complete bool) bool {
	c := op.c
	c.mu.Lock()
	current := c.forget(op)
	c.mu.Unlock()
	op.stop()
	if current && complete {
		c.send(wsMessage{ID: op.id, Type: "complete"})
	}
	return current
}

// follow serves a subscription resolver. When delivering, the context holds
// the event: it is the only one on the channel. When subscribing, follow
// counts the subscription against MaxSubscriptions and calls start with
// the operation's context (the connection's viewer, until the operation
// ends), ready, to call without waiting as events come, and done, to call
// once the source ends; the channel start returns is the source, read as
// events come, and the resolver returns no channel of its own.
func follow[T any](ctx context.Context, start func(ctx context.Context, ready, done func()) (<-chan T, error)) (<-chan T, error) {
	if e, ok := ctx.Value(eventKey{}).(T); ok {
		one := make(chan T, 1)
		one <- e
		close(one)
		return one, nil
	}
	op, ok := ctx.Value(operationKey{}).(*wsOperation)
	if !ok {
		return nil, apperr.Errorf(apperr.Invalid, "subscriptions are served over WebSocket (graphql-transport-ws)")
	}
	done, err := op.c.startSubscription()
	if err != nil {
		return nil, err
	}
	op.mu.Lock()
	op.release = done
	op.mu.Unlock()
	if op.ctx.Err() != nil { // completed by the client meanwhile
		done()
	}
	events, err := start(op.ctx, op.ready, done)
	if err != nil {
		done()
		return nil, err
	}
	op.mu.Lock()
	op.next = func() (any, bool, bool) {
		select {
		case e, ok := <-events:
			return e, ok, !ok
		default:
			return nil, false, false
		}
	}
	op.mu.Unlock()
	return nil, nil
}

// deliveries runs subscriptions' deliveries on a few goroutines, started
// as work comes and gone when there is none.
var deliveries = &workers{max: max(4, 2*runtime.GOMAXPROCS(0))}

// requests runs connection_init's checks and operations' starts, which may
// wait on the database or the identity provider: more goroutines, so that
// a slow one holds few others up, but not one per connection when a
// thousand connect at once.
var requests = &workers{max: 64}

type workers struct {
	max int

	mu      sync.Mutex
	queue   []func()
	running int
}

// Go runs f on a worker, without waiting.
func (w *workers) Go(f func()) {
	w.mu.Lock()
	w.queue = append(w.queue, f)
	start := w.running < w.max
	if start {
		w.running++
	}
	w.mu.Unlock()
	if start {
		go w.run()
	}
}

func (w *workers) run() {
	for {
		w.mu.Lock()
		if len(w.queue) == 0 {
			w.running--
			w.queue = nil
			w.mu.Unlock()
			return
		}
		f := w.queue[0]
		w.queue[0] = nil
		w.queue = w.queue[1:]
		w.mu.Unlock()
		f()
	}
}
