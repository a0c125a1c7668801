package auth

import (
	"context"
	"errors"
	"strings"
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
// the init payload, {"Authorization": "Bearer <token>"}. The channel it
// returns closes when the credentials end: the token expires, the session
// ends (logout, revocation, lifetime), or the partner client is disabled.
func (b *BFF) Websocket(ctx context.Context, payload transport.InitPayload) (context.Context, <-chan struct{}, error) {
	v := viewer.FromContext(ctx)
	var recheck func(context.Context) bool
	if h := payload.Authorization(); h != "" {
		scheme, raw, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") || raw == "" {
			return ctx, nil, errors.New("the Authorization of connection_init is not a bearer token")
		}
		raw = strings.TrimSpace(raw)
		var err error
		if v, err = b.bearerViewer(ctx, raw); err != nil {
			b.Log.InfoContext(ctx, "websocket credentials refused", "request_id", requestid.FromContext(ctx), "error", err)
			return ctx, nil, errors.New("invalid or expired credentials")
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
		return ctx, nil, errors.New("authentication required")
	}
	ctx = viewer.NewContext(ctx, v)
	ended := make(chan struct{})
	go func() {
		tick := time.NewTicker(WebsocketCheckEvery)
		defer tick.Stop()
		var expiry <-chan time.Time
		if !v.Expiry.IsZero() {
			t := time.NewTimer(time.Until(v.Expiry))
			defer t.Stop()
			expiry = t.C
		}
		for {
			select {
			case <-ctx.Done():
				return // the connection ended by itself
			case <-expiry:
				close(ended)
				return
			case <-tick.C:
				if !recheck(ctx) {
					close(ended)
					return
				}
			}
		}
	}()
	return ctx, ended, nil
}

// bearerViewer verifies a bearer access token and maps it to its viewer.
func (b *BFF) bearerViewer(ctx context.Context, raw string) (*viewer.Viewer, error) {
	identity, err := b.Provider.VerifyAccessToken(ctx, raw)
	if err != nil {
		return nil, err
	}
	return b.Viewers.Viewer(ctx, identity)
}
