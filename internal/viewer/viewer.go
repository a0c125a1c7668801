// Package viewer says who is calling: a person of a merchant's back office, a
// partner's machine client, or Guichet itself. Every data access is scoped by
// the viewer found in the request context.
package viewer

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"
)

// Role is what a caller may do for its merchant.
type Role string

// Roles, from the least to the most powerful person, then machine clients.
const (
	RoleViewer   Role = "VIEWER"
	RoleOperator Role = "OPERATOR"
	RoleManager  Role = "MANAGER"
	RoleAdmin    Role = "ADMIN"
	RolePartner  Role = "PARTNER"
)

// AllRoles lists every role.
var AllRoles = []Role{RoleViewer, RoleOperator, RoleManager, RoleAdmin, RolePartner}

// Values lists the roles; ent uses it to type role columns.
func (Role) Values() []string {
	out := make([]string, len(AllRoles))
	for i, r := range AllRoles {
		out[i] = string(r)
	}
	return out
}

// Permission names one thing a caller may do.
type Permission string

// Permissions. Roles map to sets of them in rolePermissions, the one table
// that decides who may do what.
const (
	ReadJournal      Permission = "READ_JOURNAL"
	ReadPayerPII     Permission = "READ_PAYER_PII"
	LabelTransaction Permission = "LABEL_TRANSACTION"
	ManageLabels     Permission = "MANAGE_LABELS"
	CreatePayment    Permission = "CREATE_PAYMENT"
	CreateLink       Permission = "CREATE_PAYMENT_LINK"
	EnterMOTO        Permission = "MOTO"
	Capture          Permission = "CAPTURE"
	Refund           Permission = "REFUND"
	Cancel           Permission = "CANCEL"
	ManageShops      Permission = "MANAGE_SHOPS"
	ManageReports    Permission = "MANAGE_REPORTS"
	ManageUpdater    Permission = "MANAGE_ACCOUNT_UPDATER"
	ManageAccess     Permission = "MANAGE_ACCESS"
)

// AllPermissions lists every permission, in the order they are declared.
var AllPermissions = []Permission{
	ReadJournal, ReadPayerPII, LabelTransaction, ManageLabels, CreatePayment, CreateLink,
	EnterMOTO, Capture, Refund, Cancel, ManageShops, ManageReports, ManageUpdater, ManageAccess,
}

var rolePermissions = map[Role][]Permission{
	RoleViewer:   {ReadJournal},
	RoleOperator: {ReadJournal, ReadPayerPII, LabelTransaction, CreateLink, EnterMOTO},
	RoleManager:  {ReadJournal, ReadPayerPII, LabelTransaction, CreateLink, EnterMOTO, Capture, Refund, Cancel},
	RoleAdmin: {ReadJournal, ReadPayerPII, LabelTransaction, CreateLink, EnterMOTO, Capture, Refund, Cancel,
		ManageLabels, ManageShops, ManageReports, ManageUpdater, ManageAccess},
	RolePartner: {ReadJournal, ReadPayerPII, CreatePayment, CreateLink},
}

// Viewer is the authenticated caller of one merchant.
type Viewer struct {
	// MerchantID scopes every query and mutation; zero only for the system.
	MerchantID int
	// Subject is the identity provider's stable identifier of the caller.
	Subject string
	// Name is how the caller is shown in labels and audit trails.
	Name string
	// Email is the person's e-mail address from the identity provider's
	// email claim; empty for partners and when the provider gives none.
	Email string
	Role  Role
	// Extra holds permissions granted beyond the role, such as a partner's
	// refund scope.
	Extra []Permission
	// ClientID is the OAuth client the caller came through: the back
	// office's own, or a partner's system.
	ClientID string
	// SessionID is the back-office session of a person, zero for a bearer
	// token.
	SessionID int
	// Expiry is when the caller's credentials end: the token's expiry or
	// the session's end.
	Expiry time.Time
	// system marks Guichet's own jobs (migrations, seeding), which see all
	// merchants.
	system bool
}

// Can reports whether v holds permission p.
func (v *Viewer) Can(p Permission) bool {
	if v == nil {
		return false
	}
	if v.system {
		return true
	}
	return slices.Contains(rolePermissions[v.Role], p) || slices.Contains(v.Extra, p)
}

// Permissions lists what v may do, role first then extras.
func (v *Viewer) Permissions() []Permission {
	if v == nil {
		return nil
	}
	out := slices.Clone(rolePermissions[v.Role])
	for _, p := range v.Extra {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// IsSystem reports whether v is Guichet itself rather than a merchant's caller.
func (v *Viewer) IsSystem() bool { return v != nil && v.system }

type ctxKey struct{}

// NewContext returns ctx carrying v.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, ctxKey{}, v)
}

// FromContext returns the viewer in ctx, or nil when there is none.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(ctxKey{}).(*Viewer)
	return v
}

// SystemContext returns ctx acting as Guichet itself, for jobs that are not
// done on behalf of a merchant's caller.
func SystemContext(ctx context.Context) context.Context {
	return NewContext(ctx, &Viewer{Name: "Guichet", system: true})
}

// MarshalGQL writes r as a GraphQL enum value.
func (r Role) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(r))) }

// UnmarshalGQL reads a GraphQL enum value into r.
func (r *Role) UnmarshalGQL(v any) error {
	s, _ := v.(string)
	if !slices.Contains(AllRoles, Role(s)) {
		return fmt.Errorf("%v is not a role", v)
	}
	*r = Role(s)
	return nil
}
