package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"golang.org/x/oauth2"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/session"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/viewer"
)

// SessionConfig bounds the life of back-office sessions.
type SessionConfig struct {
	// Idle ends a session nobody used for that long.
	Idle time.Duration
	// Max ends a session that long after login, however active.
	Max time.Duration
}

// refreshMargin is how long before its expiry an access token is renewed.
const refreshMargin = time.Minute

// touchEvery limits writes of a session's last use to one per interval.
const touchEvery = time.Minute

// Sessions keeps people's logins in the database: the browser holds only a
// random value whose hash finds the row, so any replica serves the session
// and ending it (logout, an admin) takes effect everywhere at once.
type Sessions struct {
	client   *ent.Client
	provider *Provider
	viewers  *Viewers
	cfg      SessionConfig
	now      func() time.Time
	log      *slog.Logger
}

// NewSessions returns the session store.
func NewSessions(client *ent.Client, provider *Provider, viewers *Viewers, cfg SessionConfig, log *slog.Logger) *Sessions {
	return &Sessions{client: client, provider: provider, viewers: viewers, cfg: cfg, now: provider.cfg.Now, log: log}
}

// login is what a successful OpenID Connect login gives a new session.
type login struct {
	viewer    *viewer.Viewer
	identity  *Identity
	token     *oauth2.Token
	idToken   string
	userAgent string
}

// create stores a new session and returns the cookie value that opens it.
func (s *Sessions) create(ctx context.Context, l login) (string, error) {
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	value := base64.RawURLEncoding.EncodeToString(raw[:])
	now := s.now()
	ua := l.userAgent
	if len(ua) > 500 {
		ua = ua[:500]
	}
	err := s.client.Session.Create().
		SetMerchantID(l.viewer.MerchantID).
		SetTokenHash(hash(value)).
		SetSubject(l.identity.Subject).
		SetName(l.identity.Name).
		SetEmail(l.identity.Email).
		SetRole(l.viewer.Role).
		SetExtraPermissions(permissionNames(l.viewer.Extra)).
		SetAccessToken(l.token.AccessToken).
		SetRefreshToken(l.token.RefreshToken).
		SetIDToken(l.idToken).
		SetAccessTokenExpiresAt(l.identity.Expiry).
		SetLastSeenAt(now).
		SetExpiresAt(now.Add(s.cfg.Max)).
		SetUserAgent(ua).
		Exec(viewer.SystemContext(ctx))
	if err != nil {
		return "", fmt.Errorf("create session: %w", err)
	}
	return value, nil
}

// Lookup returns the viewer of the session the cookie value opens, or nil
// when there is none or it has ended. It renews the access token when it is
// about to expire; a refusal by the provider ends the session.
func (s *Sessions) Lookup(ctx context.Context, value string) (*viewer.Viewer, error) {
	ctx = viewer.SystemContext(ctx)
	sess, err := s.client.Session.Query().
		Where(session.TokenHash(hash(value)), session.EndedAtIsNil()).
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	now := s.now()
	switch {
	case !now.Before(sess.ExpiresAt):
		return nil, s.end(ctx, sess.ID, "absolute lifetime reached")
	case now.Sub(sess.LastSeenAt) >= s.cfg.Idle:
		return nil, s.end(ctx, sess.ID, "idle timeout")
	}
	if sess.AccessTokenExpiresAt.Sub(now) < refreshMargin {
		if sess, err = s.refresh(ctx, sess.ID); err != nil || sess == nil {
			return nil, err
		}
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		if err := s.client.Session.UpdateOneID(sess.ID).SetLastSeenAt(now).Exec(ctx); err != nil {
			return nil, err
		}
	}
	return sessionViewer(sess, s.provider.cfg.ClientID), nil
}

// refresh renews the session's access token with its refresh token, under
// a row lock so that concurrent requests renew it once (refresh tokens
// rotate: the second use of one is refused). It returns nil when the
// provider refuses, having ended the session; when the provider does not
// answer, the session as it is while its access token lasts, an error after.
func (s *Sessions) refresh(ctx context.Context, id int) (*ent.Session, error) {
	tx, err := s.client.Tx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	sess, err := tx.Session.Query().Where(session.ID(id)).Modify(db.ForUpdate).Only(ctx)
	if err != nil {
		return nil, err
	}
	if sess.EndedAt != nil {
		return nil, nil
	}
	if sess.AccessTokenExpiresAt.Sub(s.now()) >= refreshMargin {
		return sess, tx.Commit() // another request renewed it meanwhile
	}
	v, tok, identity, err := s.renew(ctx, sess)
	if err != nil && unavailable(err) {
		// The provider did not answer: the session lives on, on its
		// current token while that lasts, and renews once it answers.
		s.log.WarnContext(ctx, "token renewal failed", "session", id, "error", err)
		if s.now().Before(sess.AccessTokenExpiresAt) {
			return sess, tx.Commit()
		}
		return nil, err
	}
	if err != nil {
		s.log.InfoContext(ctx, "session ended: token renewal refused", "session", id, "error", err)
		if err := tx.Session.UpdateOneID(id).SetEndedAt(s.now()).Exec(ctx); err != nil {
			return nil, err
		}
		return nil, tx.Commit()
	}
	upd := tx.Session.UpdateOneID(id).
		SetRole(v.Role).
		SetName(identity.Name).
		SetEmail(identity.Email).
		SetExtraPermissions(permissionNames(v.Extra)).
		SetAccessToken(tok.AccessToken).
		SetAccessTokenExpiresAt(identity.Expiry)
	if tok.RefreshToken != "" {
		upd.SetRefreshToken(tok.RefreshToken)
	}
	if idt, ok := tok.Extra("id_token").(string); ok && idt != "" {
		upd.SetIDToken(idt)
	}
	if sess, err = upd.Save(ctx); err != nil {
		return nil, err
	}
	return sess, tx.Commit()
}

// renew asks the provider for a new access token and maps it again, so
// that a role changed at the provider applies at the next renewal.
func (s *Sessions) renew(ctx context.Context, sess *ent.Session) (*viewer.Viewer, *oauth2.Token, *Identity, error) {
	if sess.RefreshToken == "" {
		return nil, nil, nil, errors.New("no refresh token")
	}
	meta, err := s.provider.discover(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	old := &oauth2.Token{RefreshToken: sess.RefreshToken, Expiry: s.now().Add(-time.Second)}
	tok, err := meta.oauth2.TokenSource(s.provider.clientContext(ctx), old).Token()
	if err != nil {
		return nil, nil, nil, err
	}
	identity, err := s.provider.VerifyAccessToken(ctx, tok.AccessToken)
	if err != nil {
		return nil, nil, nil, err
	}
	v, err := s.viewers.Viewer(ctx, identity)
	if err != nil {
		return nil, nil, nil, err
	}
	if v.MerchantID != sess.MerchantID || identity.Subject != sess.Subject {
		return nil, nil, nil, errors.New("the renewed token is for someone else")
	}
	return v, tok, identity, nil
}

// unavailable reports whether err says that the provider could not answer
// (unreachable, or a 5xx status) rather than that it refused: an outage of
// the provider must not log everyone out.
func unavailable(err error) bool {
	var refused *oauth2.RetrieveError
	if errors.As(err, &refused) {
		return refused.Response != nil && refused.Response.StatusCode >= 500
	}
	var network *url.Error
	return errors.As(err, &network)
}

// End ends the session the cookie value opens, returning its ID token for
// the provider's logout.
func (s *Sessions) End(ctx context.Context, value string) (idToken string, err error) {
	ctx = viewer.SystemContext(ctx)
	sess, err := s.client.Session.Query().Where(session.TokenHash(hash(value)), session.EndedAtIsNil()).Only(ctx)
	if ent.IsNotFound(err) {
		return "", nil
	} else if err != nil {
		return "", err
	}
	return sess.IDToken, s.end(ctx, sess.ID, "logout")
}

func (s *Sessions) end(ctx context.Context, id int, why string) error {
	s.log.InfoContext(ctx, "session ended", "session", id, "why", why)
	return s.client.Session.UpdateOneID(id).SetEndedAt(s.now()).Exec(viewer.SystemContext(ctx))
}

// sessionViewer is the viewer a session stands for.
func sessionViewer(sess *ent.Session, clientID string) *viewer.Viewer {
	v := &viewer.Viewer{
		MerchantID: sess.MerchantID,
		Subject:    sess.Subject,
		Name:       sess.Name,
		Email:      sess.Email,
		Role:       sess.Role,
		ClientID:   clientID,
		SessionID:  sess.ID,
		Expiry:     sess.ExpiresAt,
	}
	for _, p := range sess.ExtraPermissions {
		v.Extra = append(v.Extra, viewer.Permission(p))
	}
	return v
}

func permissionNames(ps []viewer.Permission) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = string(p)
	}
	return out
}

func hash(value string) string {
	sum := sha256.Sum256([]byte(value))
	return hex.EncodeToString(sum[:])
}

// Active reports whether session id still stands: not ended, not past its
// absolute lifetime, its access token renewed when due. An open live
// connection is use of the session, so it keeps the session from going
// idle.
func (s *Sessions) Active(ctx context.Context, id int) (bool, error) {
	ctx = viewer.SystemContext(ctx)
	sess, err := s.client.Session.Query().Where(session.ID(id), session.EndedAtIsNil()).Only(ctx)
	if ent.IsNotFound(err) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	now := s.now()
	if !now.Before(sess.ExpiresAt) {
		return false, s.end(ctx, id, "absolute lifetime reached")
	}
	if sess.AccessTokenExpiresAt.Sub(now) < refreshMargin {
		if sess, err = s.refresh(ctx, id); err != nil || sess == nil {
			return false, err
		}
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		if err := s.client.Session.UpdateOneID(id).SetLastSeenAt(now).Exec(ctx); err != nil {
			return false, err
		}
	}
	return true, nil
}
