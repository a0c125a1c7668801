package auth

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/guichet/guichet/internal/requestid"
	"github.com/guichet/guichet/internal/viewer"
)

// WebsocketCheckEvery is how often an open WebSocket connection checks
// that its credentials still stand.
var WebsocketCheckEvery = 15 * time.Second

// Websocket authenticates a GraphQL WebSocket connection at
// connection_init: by the session cookie of its upgrade request (Authenticate
// has put its viewer in ctx), or, for partners, by a bearer access token in
// the init payload, {"Authorization": "Bearer <token>"}. It calls end when
// the credentials end: the token expires, the session ends (logout,
// revocation, lifetime), or the partner client is disabled. Timers, not a
// goroutine, watch them: an idle connection costs no stack for it.
func (b *BFF) Websocket(ctx context.Context, payload transport.InitPayload, end func()) (context.Context, error) {
	v := viewer.FromContext(ctx)
	var recheck func(context.Context) bool
	if h := payload.Authorization(); h != "" {
		scheme, raw, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") || raw == "" {
			return ctx, errors.New("the Authorization of connection_init is not a bearer token")
		}
		raw = strings.TrimSpace(raw)
		var err error
		if v, err = b.bearerViewer(ctx, raw); err != nil {
			b.Log.InfoContext(ctx, "websocket credentials refused", "request_id", requestid.FromContext(ctx), "error", err)
			return ctx, errors.New("invalid or expired credentials")
		}
		recheck = func(ctx context.Context) bool {
			_, err := b.bearerViewer(ctx, raw)
			return err == nil
		}
	} else if v != nil && v.SessionID != 0 {
		id := v.SessionID
		recheck = func(ctx context.Context) bool {
			ok, err := b.Sessions.Active(ctx, id)
			if err != nil {
				b.Log.ErrorContext(ctx, "websocket session check", "error", err)
				return true // a database hiccup is not a revocation
			}
			return ok
		}
	}
	if v == nil || recheck == nil {
		return ctx, errors.New("authentication required")
	}
	ctx = viewer.NewContext(ctx, v)
	watchCredentials(ctx, v.Expiry, recheck, end)
	return ctx, nil
}

// watchCredentials calls end once, at expiry (unless zero) or when recheck,
// run every WebsocketCheckEvery, fails, until ctx ends.
func watchCredentials(ctx context.Context, expiry time.Time, recheck func(context.Context) bool, end func()) {
	var (
		mu     sync.Mutex
		over   bool
		timers []*time.Timer
	)
	finish := func(ended bool) {
		mu.Lock()
		first := !over
		over = true
		for _, t := range timers {
			t.Stop()
		}
		mu.Unlock()
		if first && ended {
			end()
		}
	}
	every := WebsocketCheckEvery
	mu.Lock()
	defer mu.Unlock()
	var check *time.Timer
	check = time.AfterFunc(every, func() {
		if ctx.Err() != nil {
			return
		}
		if !recheck(ctx) {
			finish(true)
			return
		}
		mu.Lock()
		if !over {
			check.Reset(every)
		}
		mu.Unlock()
	})
	timers = append(timers, check)
	if !expiry.IsZero() {
		timers = append(timers, time.AfterFunc(time.Until(expiry), func() { finish(true) }))
	}
	context.AfterFunc(ctx, func() { finish(false) })
}

// bearerViewer verifies a bearer access token and maps it to its viewer.
func (b *BFF) bearerViewer(ctx context.Context, raw string) (*viewer.Viewer, error) {
	identity, err := b.Provider.VerifyAccessToken(ctx, raw)
	if err != nil {
		return nil, err
	}
	return b.Viewers.Viewer(ctx, identity)
}
