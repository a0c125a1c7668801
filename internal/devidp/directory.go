package devidp

// Claim and scope names shared with the API, which reads them from access
// tokens.
const (
	// ClaimRoles holds the caller's roles, a JSON array of strings such as ["MANAGER"].
	ClaimRoles = "guichet_roles"
	// ClaimMerchant holds the caller's merchant account number, such as "M-100001".
	ClaimMerchant = "guichet_merchant"
	// ScopeRefund is the extra scope a partner needs to refund.
	ScopeRefund = "refund"
)

// Merchant is a merchant the development users and machine clients belong to.
type Merchant struct {
	Account string
	Name    string
}

// Merchants are the merchants of the demo data (internal/seed), in the order
// the login page shows them.
var Merchants = []Merchant{
	{Account: "M-100001", Name: "Hôtel Refundus Maximus"},
	{Account: "M-100002", Name: "Comptoir de l'Or Alibaba"},
}

// User is a person who can sign in on the login page, without a password.
type User struct {
	// Subject is the stable "sub" claim.
	Subject         string
	Name            string
	Email           string
	MerchantAccount string
	// Role is one of VIEWER, OPERATOR, MANAGER, ADMIN.
	Role string
}

// Users are one user per role for each merchant.
var Users = []User{
	{Subject: "u-100001-viewer", Name: "Valérie Lecteur", Email: "valerie.lecteur@refundus.example", MerchantAccount: "M-100001", Role: "VIEWER"},
	{Subject: "u-100001-operator", Name: "Olivier Opérateur", Email: "olivier.operateur@refundus.example", MerchantAccount: "M-100001", Role: "OPERATOR"},
	{Subject: "u-100001-manager", Name: "Marc Responsable", Email: "marc.responsable@refundus.example", MerchantAccount: "M-100001", Role: "MANAGER"},
	{Subject: "u-100001-admin", Name: "Alice Admin", Email: "alice.admin@refundus.example", MerchantAccount: "M-100001", Role: "ADMIN"},
	{Subject: "u-100002-viewer", Name: "Véronique Lecteur", Email: "veronique.lecteur@alibaba.example", MerchantAccount: "M-100002", Role: "VIEWER"},
	{Subject: "u-100002-operator", Name: "Octave Opérateur", Email: "octave.operateur@alibaba.example", MerchantAccount: "M-100002", Role: "OPERATOR"},
	{Subject: "u-100002-manager", Name: "Manon Responsable", Email: "manon.responsable@alibaba.example", MerchantAccount: "M-100002", Role: "MANAGER"},
	{Subject: "u-100002-admin", Name: "Ali Admin", Email: "ali.admin@alibaba.example", MerchantAccount: "M-100002", Role: "ADMIN"},
}

// MachineClient is a partner's server using the client credentials grant,
// authenticated with client_secret_basic at the token endpoint. Its access
// tokens have the client ID as subject.
type MachineClient struct {
	ID              string
	Secret          string
	MerchantAccount string
	// Role is PARTNER.
	Role string
	// Scopes are the scopes the client may ask for; it gets them all when it
	// asks for none.
	Scopes []string
	// Disabled clients are refused at the token endpoint, as a revoked partner would be.
	Disabled bool
}

// MachineClients are the fixed partner clients.
var MachineClients = []MachineClient{
	{ID: "partner-demo", Secret: "partner-demo-secret", MerchantAccount: "M-100001", Role: "PARTNER"},
	{ID: "partner-other", Secret: "partner-other-secret", MerchantAccount: "M-100002", Role: "PARTNER"},
	{ID: "partner-refunds", Secret: "partner-refunds-secret", MerchantAccount: "M-100001", Role: "PARTNER", Scopes: []string{ScopeRefund}},
	{ID: "partner-disabled", Secret: "partner-disabled-secret", MerchantAccount: "M-100001", Role: "PARTNER", Disabled: true},
}
