package auth

import (
	"context"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/auditevent"
	"github.com/guichet/guichet/ent/partnerclient"
	"github.com/guichet/guichet/ent/session"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/audit"
)

// RevokeSession ends a person's session at once, on every replica.
//
// Errors: NOT_FOUND (field id) when the caller cannot see the session.
func RevokeSession(ctx context.Context, client *ent.Client, id int) (*ent.Session, error) {
	s, err := client.Session.Query().Where(session.ID(id)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "id", Message: "no such session"}
	} else if err != nil {
		return nil, err
	}
	if s.EndedAt != nil {
		return s, nil
	}
	if s, err = client.Session.UpdateOne(s).SetEndedAt(time.Now()).Save(ctx); err != nil {
		return nil, err
	}
	return s, audit.Record(ctx, client, audit.Event{
		Action: auditevent.ActionSESSION_REVOKED,
		Target: s.Name,
		After:  map[string]any{"subject": s.Subject, "role": string(s.Role)},
	})
}

// SetPartnerClientDisabled disables or enables a partner's system.
//
// Errors: NOT_FOUND (field id) when the caller cannot see the client.
func SetPartnerClientDisabled(ctx context.Context, client *ent.Client, id int, disabled bool) (*ent.PartnerClient, error) {
	pc, err := client.PartnerClient.Query().Where(partnerclient.ID(id)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "id", Message: "no such partner client"}
	} else if err != nil {
		return nil, err
	}
	if pc.Disabled == disabled {
		return pc, nil
	}
	before := map[string]any{"disabled": pc.Disabled}
	if pc, err = client.PartnerClient.UpdateOne(pc).SetDisabled(disabled).Save(ctx); err != nil {
		return nil, err
	}
	return pc, audit.Record(ctx, client, audit.Event{
		Action: auditevent.ActionPARTNER_CLIENT_UPDATED,
		Target: pc.ClientID,
		Before: before,
		After:  map[string]any{"disabled": disabled},
	})
}
