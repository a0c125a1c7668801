package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/merchant"
	"github.com/guichet/guichet/ent/partnerclient"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/viewer"
)

// RefundScope is the OAuth scope that lets a partner refund.
const RefundScope = "refund"

// Viewers turns verified identities into viewers: the one code path from
// claims to permissions, for people and partners alike.
type Viewers struct {
	client *ent.Client
	now    func() time.Time

	merchants sync.Map // account number → merchant ID; account numbers never change
}

// NewViewers returns Viewers reading merchants and partner clients from
// client.
func NewViewers(client *ent.Client, now func() time.Time) *Viewers {
	if now == nil {
		now = time.Now
	}
	return &Viewers{client: client, now: now}
}

// Viewer maps id to a viewer of its merchant.
//
// Errors: UNAUTHENTICATED when the merchant is missing or unknown or the
// partner client is disabled; FORBIDDEN when the identity has no Guichet
// role.
func (vs *Viewers) Viewer(ctx context.Context, id *Identity) (*viewer.Viewer, error) {
	role, ok := roleOf(id.Roles)
	if !ok {
		return nil, apperr.Errorf(apperr.Forbidden, "this identity has no Guichet role")
	}
	merchantID, err := vs.merchantID(ctx, id.MerchantAccount)
	if err != nil {
		return nil, err
	}
	v := &viewer.Viewer{
		MerchantID: merchantID,
		Subject:    id.Subject,
		Name:       id.Name,
		Email:      id.Email,
		Role:       role,
		ClientID:   id.ClientID,
		Expiry:     id.Expiry,
	}
	if role == viewer.RolePartner {
		if err := vs.checkPartner(ctx, id, merchantID); err != nil {
			return nil, err
		}
		if slices.Contains(id.Scopes, RefundScope) {
			v.Extra = append(v.Extra, viewer.Refund)
		}
	}
	return v, nil
}

// roleOf picks the caller's role: PARTNER for a machine client, otherwise
// the most powerful person role named. Roles compare without case, since
// providers differ in how they write them.
func roleOf(names []string) (viewer.Role, bool) {
	best, found := -1, false
	for _, n := range names {
		for i, r := range viewer.AllRoles {
			if strings.EqualFold(n, string(r)) {
				if r == viewer.RolePartner {
					return r, true
				}
				best, found = max(best, i), true
			}
		}
	}
	if !found {
		return "", false
	}
	return viewer.AllRoles[best], true
}

func (vs *Viewers) merchantID(ctx context.Context, account string) (int, error) {
	if account == "" {
		return 0, apperr.Errorf(apperr.Unauthenticated, "the token names no merchant")
	}
	if id, ok := vs.merchants.Load(account); ok {
		return id.(int), nil
	}
	m, err := vs.client.Merchant.Query().Where(merchant.AccountNumber(account)).Only(viewer.SystemContext(ctx))
	if ent.IsNotFound(err) {
		return 0, apperr.Errorf(apperr.Unauthenticated, "the token names an unknown merchant")
	} else if err != nil {
		return 0, err
	}
	vs.merchants.Store(account, m.ID)
	return m.ID, nil
}

// checkPartner registers a partner client on its first call and refuses a
// disabled one, or one presenting itself for another merchant.
func (vs *Viewers) checkPartner(ctx context.Context, id *Identity, merchantID int) error {
	if id.ClientID == "" {
		return apperr.Errorf(apperr.Unauthenticated, "a partner token names its client")
	}
	ctx = viewer.SystemContext(ctx)
	pc, err := vs.client.PartnerClient.Query().Where(partnerclient.ClientID(id.ClientID)).Only(ctx)
	if ent.IsNotFound(err) {
		err = vs.client.PartnerClient.Create().
			SetMerchantID(merchantID).
			SetClientID(id.ClientID).
			SetName(id.ClientID).
			SetLastSeenAt(vs.now()).
			OnConflictColumns(partnerclient.FieldClientID).
			DoNothing().
			Exec(ctx)
		switch {
		case err == nil:
			return nil
		case !ent.IsNotFound(err) && !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("register partner client: %w", err)
		}
		// DoNothing reports no row on a conflict: a concurrent call
		// registered the client meanwhile, and that registration decides.
		pc, err = vs.client.PartnerClient.Query().Where(partnerclient.ClientID(id.ClientID)).Only(ctx)
	}
	switch {
	case err != nil:
		return err
	case pc.Disabled:
		return apperr.Errorf(apperr.Unauthenticated, "this partner client is disabled")
	case pc.MerchantID != merchantID:
		return apperr.Errorf(apperr.Unauthenticated, "this partner client belongs to another merchant")
	}
	if pc.LastSeenAt == nil || vs.now().Sub(*pc.LastSeenAt) > time.Minute {
		_ = vs.client.PartnerClient.UpdateOne(pc).SetLastSeenAt(vs.now()).Exec(ctx)
	}
	return nil
}
