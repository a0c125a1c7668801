package graph_test

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/guichet/guichet/ent/transaction"
	"github.com/guichet/guichet/graph"
	"github.com/guichet/guichet/graph/scalar"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

// outcome is what a caller of the other merchant gets.
type outcome int

const (
	// notFound: the field is reached through a node of the first merchant,
	// which must answer exactly like a missing node.
	notFound outcome = iota + 1
	// ownData: the caller gets its own merchant's data, never the first's.
	ownData
	// noResult: null without an error, as for a missing node.
	noResult
)

// access is who may use a field: any viewer of the merchant holding perm
// ("" for a plain read); never anyone without a login.
type access struct {
	perm  viewer.Permission
	other outcome
	// unreachable marks fields of types no query or mutation returns.
	unreachable bool
	// subscribed marks subscription fields, which the matrix cannot reach
	// over HTTP: TestLabelChangedCallers (internal/auth) checks every
	// caller over WebSocket.
	subscribed bool
}

var (
	read        = access{other: notFound}
	pii         = access{perm: viewer.ReadPayerPII, other: notFound}
	manage      = access{perm: viewer.ManageAccess, other: notFound}
	own         = access{other: ownData}
	ownManage   = access{perm: viewer.ManageAccess, other: ownData}
	unreachable = access{unreachable: true}
	subscribed  = access{other: ownData, subscribed: true}
)

func mutation(p viewer.Permission, other outcome) access { return access{perm: p, other: other} }

// rules is the authorization matrix: every query, object field and
// mutation of the schema, keyed by "Type.field". A field missing here fails
// the test, so that a new one cannot ship without a rule.
var rules = map[string]access{
	"Query.node": read, "Query.nodes": read, "Query.payer": {other: noResult},
	"Query.viewer": own, "Query.transactions": own, "Query.transactionStats": own,
	"Query.auditEvents": own, "Query.labels": own, "Query.payers": own, "Query.shops": own,
	"Query.sessions": ownManage, "Query.partnerClients": ownManage, "Query.labelEvents": own,
	"Query.paymentLinks": own, "Query.emailPlaceholders": own,
	"Query.outbox":                  {perm: viewer.ManageShops, other: ownData},
	"Query.paymentLinkEmailPreview": mutation(viewer.CreateLink, notFound),

	"Subscription.labelChanged": subscribed,

	"Mutation.createLabel":              mutation(viewer.ManageLabels, ownData),
	"Mutation.updateLabel":              mutation(viewer.ManageLabels, notFound),
	"Mutation.deleteLabel":              mutation(viewer.ManageLabels, notFound),
	"Mutation.addLabels":                mutation(viewer.LabelTransaction, notFound),
	"Mutation.removeLabels":             mutation(viewer.LabelTransaction, notFound),
	"Mutation.captureTransaction":       mutation(viewer.Capture, notFound),
	"Mutation.refundTransaction":        mutation(viewer.Refund, notFound),
	"Mutation.cancelTransaction":        mutation(viewer.Cancel, notFound),
	"Mutation.revokeSession":            mutation(viewer.ManageAccess, notFound),
	"Mutation.setPartnerClientDisabled": mutation(viewer.ManageAccess, notFound),
	"Mutation.updateShop":               mutation(viewer.ManageShops, notFound),
	"Mutation.createPaymentLinks":       mutation(viewer.CreateLink, notFound),
	"Mutation.cancelPaymentLink":        mutation(viewer.CreateLink, notFound),
	"Mutation.resendPaymentLink":        mutation(viewer.CreateLink, notFound),
	"Mutation.enterMotoPayment":         mutation(viewer.EnterMOTO, notFound),
	"Mutation.initializePayment":        mutation(viewer.CreatePayment, notFound),
	"Mutation.authorizeDirect":          mutation(viewer.CreatePayment, notFound),

	"CreatePaymentLinksPayload.links":      mutation(viewer.CreateLink, notFound),
	"CreatePaymentLinksPayload.batch":      mutation(viewer.CreateLink, notFound),
	"InitializePaymentPayload.paymentLink": mutation(viewer.CreatePayment, notFound),
	"InitializePaymentPayload.redirectURL": mutation(viewer.CreatePayment, notFound),
	"InitializePaymentPayload.replayed":    mutation(viewer.CreatePayment, notFound),
	"PaymentPayload.transaction":           mutation(viewer.EnterMOTO, notFound),
	"PaymentPayload.replayed":              mutation(viewer.EnterMOTO, notFound),
	"EmailPreview.subject":                 mutation(viewer.CreateLink, notFound),
	"EmailPreview.text":                    mutation(viewer.CreateLink, notFound),
	"EmailPreview.html":                    mutation(viewer.CreateLink, notFound),
	"EmailPlaceholder.name":                own, "EmailPlaceholder.description": own, "EmailPlaceholder.example": own,
	"EmailTemplate.language": read, "EmailTemplate.subject": read, "EmailTemplate.body": read, "EmailTemplate.custom": read,

	"MoneyOperationPayload.transaction": mutation(viewer.Capture, notFound),
	"MoneyOperationPayload.operation":   mutation(viewer.Capture, notFound),
	"MoneyOperationPayload.replayed":    mutation(viewer.Capture, notFound),

	"Viewer.name": own, "Viewer.role": own, "Viewer.permissions": own, "Viewer.merchant": own, "Viewer.email": own,

	"TransactionStats.totalCount": own, "TransactionStats.volume": own, "TransactionStats.buckets": own,
	"TransactionStatsBucket.paymentMethod": own, "TransactionStatsBucket.currency": own,
	"TransactionStatsBucket.status": own, "TransactionStatsBucket.failureCode": own,
	"TransactionStatsBucket.day": own, "TransactionStatsBucket.count": own, "TransactionStatsBucket.volume": own,
	"Money.amount": own, "Money.currency": own,

	"PageInfo.hasNextPage": own, "PageInfo.hasPreviousPage": own, "PageInfo.startCursor": own, "PageInfo.endCursor": own,
	"AuditEventConnection.edges": own, "AuditEventConnection.pageInfo": own, "AuditEventConnection.totalCount": own,
	"AuditEventEdge.node": own, "AuditEventEdge.cursor": own,
	"LabelConnection.edges": own, "LabelConnection.pageInfo": own, "LabelConnection.totalCount": own,
	"LabelEdge.node": own, "LabelEdge.cursor": own,
	"PayerConnection.edges": own, "PayerConnection.pageInfo": own, "PayerConnection.totalCount": own,
	"PayerEdge.node": own, "PayerEdge.cursor": own,
	"ShopConnection.edges": own, "ShopConnection.pageInfo": own, "ShopConnection.totalCount": own,
	"ShopEdge.node": own, "ShopEdge.cursor": own,
	"TransactionConnection.edges": own, "TransactionConnection.pageInfo": own, "TransactionConnection.totalCount": own,
	"TransactionEdge.node": own, "TransactionEdge.cursor": own,
	"SessionConnection.edges": ownManage, "SessionConnection.pageInfo": ownManage, "SessionConnection.totalCount": ownManage,
	"SessionEdge.node": ownManage, "SessionEdge.cursor": ownManage,
	"PartnerClientConnection.edges": ownManage, "PartnerClientConnection.pageInfo": ownManage,
	"PartnerClientConnection.totalCount": ownManage,
	"PartnerClientEdge.node":             ownManage, "PartnerClientEdge.cursor": ownManage,
	"LabelEventConnection.edges": own, "LabelEventConnection.pageInfo": own, "LabelEventConnection.totalCount": own,
	"LabelEventEdge.node": own, "LabelEventEdge.cursor": own,

	"BillingProfileConnection.edges": unreachable, "BillingProfileConnection.pageInfo": unreachable,
	"BillingProfileConnection.totalCount": unreachable,
	"BillingProfileEdge.node":             unreachable, "BillingProfileEdge.cursor": unreachable,
	"OperationConnection.edges": unreachable, "OperationConnection.pageInfo": unreachable,
	"OperationConnection.totalCount": unreachable,
	"OperationEdge.node":             unreachable, "OperationEdge.cursor": unreachable,
	"PaymentLinkConnection.edges": own, "PaymentLinkConnection.pageInfo": own, "PaymentLinkConnection.totalCount": own,
	"PaymentLinkEdge.node": own, "PaymentLinkEdge.cursor": own,
	"EmailMessageConnection.edges":      {perm: viewer.ManageShops, other: ownData},
	"EmailMessageConnection.pageInfo":   {perm: viewer.ManageShops, other: ownData},
	"EmailMessageConnection.totalCount": {perm: viewer.ManageShops, other: ownData},
	"EmailMessageEdge.node":             {perm: viewer.ManageShops, other: ownData},
	"EmailMessageEdge.cursor":           {perm: viewer.ManageShops, other: ownData},

	"AuditEvent.id": read, "AuditEvent.createdAt": read, "AuditEvent.action": read, "AuditEvent.actorName": read,
	"AuditEvent.actorSubject": read, "AuditEvent.clientID": read, "AuditEvent.target": read,
	"AuditEvent.before": read, "AuditEvent.after": read, "AuditEvent.transaction": read,

	"BillingProfile.id": read, "BillingProfile.createdAt": read, "BillingProfile.updatedAt": read,
	"BillingProfile.cardBrand": read, "BillingProfile.cardLast4": read, "BillingProfile.expiryMonth": read,
	"BillingProfile.expiryYear": read, "BillingProfile.paymentMethodRef": read, "BillingProfile.billingRef": read,
	"BillingProfile.status": read, "BillingProfile.cardUpdatedAt": read, "BillingProfile.payer": read,

	"LabelEvent.id": read, "LabelEvent.kind": read, "LabelEvent.at": read, "LabelEvent.transaction": read,
	"LabelEvent.cursor": read, "LabelEvent.label": read, "LabelEvent.actor": read,
	"LabelRef.id": read, "LabelRef.name": read, "LabelRef.color": read,
	"Actor.name": read, "Actor.clientId": read,

	"Label.id": read, "Label.createdAt": read, "Label.updatedAt": read, "Label.name": read,
	"Label.color": read, "Label.description": read,

	"Merchant.id": read, "Merchant.createdAt": read, "Merchant.updatedAt": read, "Merchant.name": read,
	"Merchant.accountNumber": read, "Merchant.timeZone": read,

	"Operation.id": read, "Operation.createdAt": read, "Operation.updatedAt": read, "Operation.kind": read,
	"Operation.amount": read, "Operation.currency": read, "Operation.result": read, "Operation.reason": read,
	"Operation.idempotencyKey": read, "Operation.processorReference": read, "Operation.failureMessage": read,
	"Operation.actorName": read, "Operation.actorSubject": read, "Operation.clientID": read,
	"Operation.transaction": read,

	"PartnerClient.id": manage, "PartnerClient.createdAt": manage, "PartnerClient.updatedAt": manage,
	"PartnerClient.clientID": manage, "PartnerClient.name": manage, "PartnerClient.disabled": manage,
	"PartnerClient.lastSeenAt": manage,

	"Payer.id": read, "Payer.createdAt": read, "Payer.updatedAt": read, "Payer.reference": read,
	"Payer.email": pii, "Payer.name": pii, "Payer.transactions": read,

	"PaymentLink.id": read, "PaymentLink.createdAt": read, "PaymentLink.updatedAt": read, "PaymentLink.mode": read,
	"PaymentLink.status": read, "PaymentLink.amount": read, "PaymentLink.currency": read,
	"PaymentLink.orderReference": read, "PaymentLink.payerReference": read, "PaymentLink.kind": read,
	"PaymentLink.successURL": read, "PaymentLink.failureURL": read, "PaymentLink.cancelURL": read,
	"PaymentLink.batch": read, "PaymentLink.canceledAt": read, "PaymentLink.emails": read,
	"PaymentLink.url":            {perm: viewer.CreateLink, other: notFound},
	"PaymentLink.buyerFirstName": pii, "PaymentLink.buyerLastName": pii, "PaymentLink.recipientEmail": pii,
	"PaymentLink.description": read, "PaymentLink.language": read, "PaymentLink.reconciliation": read,
	"PaymentLink.subject": read, "PaymentLink.message": read, "PaymentLink.createdBy": read,
	"PaymentLink.expiresAt": read, "PaymentLink.sentAt": read, "PaymentLink.openedAt": read,
	"PaymentLink.paidAt": read, "PaymentLink.shop": read, "PaymentLink.transaction": read,

	"Session.id": manage, "Session.createdAt": manage, "Session.updatedAt": manage, "Session.subject": manage,
	"Session.name": manage, "Session.email": manage, "Session.role": manage, "Session.lastSeenAt": manage,
	"Session.expiresAt": manage, "Session.endedAt": manage, "Session.userAgent": manage,

	"Shop.id": read, "Shop.createdAt": read, "Shop.updatedAt": read, "Shop.name": read,
	"Shop.defaultLanguage": read, "Shop.managerEmail": read, "Shop.senderName": read, "Shop.successURL": read,
	"Shop.failureURL": read, "Shop.cancelURL": read, "Shop.orderReferenceRequired": read,
	"Shop.linkValidityDays": read, "Shop.confirmationEmailEnabled": read, "Shop.logoURL": read,
	"Shop.accentColor": read, "Shop.emailTemplates": read, "Shop.missingLinkSettings": read,

	"EmailMessage.id": read, "EmailMessage.createdAt": read, "EmailMessage.updatedAt": read, "EmailMessage.kind": read,
	"EmailMessage.status": read, "EmailMessage.messageID": read, "EmailMessage.fromName": read, "EmailMessage.replyTo": read,
	"EmailMessage.to": pii, "EmailMessage.bcc": pii, "EmailMessage.language": read, "EmailMessage.subject": read,
	"EmailMessage.textBody": {perm: viewer.ManageShops, other: notFound}, "EmailMessage.htmlBody": {perm: viewer.ManageShops, other: notFound},
	"EmailMessage.attempts": read, "EmailMessage.lastError": read, "EmailMessage.relay": read, "EmailMessage.sentAt": read,
	"EmailMessage.paymentLink": read,

	"Transaction.id": read, "Transaction.createdAt": read, "Transaction.updatedAt": read, "Transaction.mode": read,
	"Transaction.status": read, "Transaction.amount": read, "Transaction.currency": read,
	"Transaction.capturedAmount": read, "Transaction.refundedAmount": read, "Transaction.paymentMethod": read,
	"Transaction.channel": read, "Transaction.orderReference": read, "Transaction.description": read,
	"Transaction.cardLast4": read, "Transaction.failureCode": read, "Transaction.failureReason": read,
	"Transaction.reconciliation": read, "Transaction.processorReference": read, "Transaction.authorizedAt": read,
	"Transaction.capturedAt": read, "Transaction.shop": read, "Transaction.payer": read, "Transaction.labels": read,
	"Transaction.paymentLink": read, "Transaction.operations": read, "Transaction.auditEvents": read,
	"Transaction.eci": read, "Transaction.refundableAmount": read, "Transaction.viewerCanCapture": read,
	"Transaction.viewerCanRefund": read, "Transaction.viewerCanCancel": read,
}

// permissions is what each caller may do, as issue #3 defines the roles:
// the matrix expects allow or deny from this table, not from the code under
// test, and TestRolePermissions checks that the two agree.
var permissions = func() map[string][]viewer.Permission {
	operator := []viewer.Permission{viewer.ReadJournal, viewer.ReadPayerPII, viewer.LabelTransaction, viewer.CreateLink, viewer.EnterMOTO}
	manager := append(slices.Clone(operator), viewer.Capture, viewer.Refund, viewer.Cancel)
	admin := append(slices.Clone(manager), viewer.ManageLabels, viewer.ManageShops, viewer.ManageReports, viewer.ManageUpdater, viewer.ManageAccess)
	partner := []viewer.Permission{viewer.ReadJournal, viewer.ReadPayerPII, viewer.CreatePayment, viewer.CreateLink}
	return map[string][]viewer.Permission{
		"VIEWER": {viewer.ReadJournal}, "OPERATOR": operator, "MANAGER": manager, "ADMIN": admin,
		"PARTNER": partner, "PARTNER+refund": append(slices.Clone(partner), viewer.Refund),
		"other merchant": admin,
	}
}()

// probe is the alias every tested field gets, so that its value can be
// found in any response.
const probe = "probe"

// request is one query of the matrix.
type request struct {
	query string
	vars  map[string]any
}

// route says how to reach a field of a type: it returns the request
// selecting sel (the field with its alias and sub-selection) as caller.
type route func(t *testing.T, sel string) request

func TestAuthorizationMatrix(t *testing.T) {
	a := newAPI(t, testdb.Open(t, dialect.SQLite))
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	routes := a.routes(t)
	reachable := reachableTypes(schema)

	// Every field has a rule, every rule a field.
	var fields []string
	for _, name := range sortedKeys(schema.Types) {
		def := schema.Types[name]
		if def.Kind != ast.Object || strings.HasPrefix(name, "__") {
			continue
		}
		for _, f := range def.Fields {
			if !strings.HasPrefix(f.Name, "__") {
				fields = append(fields, name+"."+f.Name)
			}
		}
	}
	for _, f := range fields {
		if _, ok := rules[f]; !ok {
			t.Errorf("%s has no rule in the authorization matrix", f)
		}
	}
	for k := range rules {
		if !slices.Contains(fields, k) {
			t.Errorf("the matrix has a rule for %s, which the schema does not have", k)
		}
	}

	cs := callers(a)
	names := append([]string{"anonymous"}, sortedKeys(cs)...)
	// The IDs of each merchant's fixtures: a response to one merchant's
	// caller never shows the other's.
	ids := [2][]string{}
	for i, m := range a.m {
		for _, id := range m.nodes {
			ids[i] = append(ids[i], gid(id))
		}
	}
	for _, field := range fields {
		typ, name, _ := strings.Cut(field, ".")
		rule := rules[field]
		t.Run(field, func(t *testing.T) {
			if rule.unreachable {
				if reachable[typ] {
					t.Fatalf("%s is reachable: give its fields rules", typ)
				}
				return
			}
			if rule.subscribed {
				if typ != schema.Subscription.Name {
					t.Fatalf("%s is not a subscription: give it a rule the matrix checks", field)
				}
				return
			}
			r, ok := routes[typ]
			if !ok {
				t.Fatalf("no route reaches %s", typ)
			}
			// entgql skips what a connection's aliased fields ask for, so
			// those keep their name as alias.
			key := probe
			if strings.HasSuffix(typ, "Connection") {
				key = name
			}
			sel := key + ": " + name + subSelection(schema, schema.Types[typ].Fields.ForName(name))
			for _, who := range names {
				t.Run(who, func(t *testing.T) {
					v := cs[who]
					req := r(t, sel)
					got := a.do(t, v, req.query, req.vars)
					if got.Status != 200 {
						t.Fatalf("status %d: %s", got.Status, got.Raw)
					}
					mine := 0
					if v != nil && v.MerchantID == a.m[1].ID {
						mine = 1
					}
					for _, id := range ids[1-mine] {
						if strings.Contains(got.Raw, id) {
							t.Fatalf("the response shows the other merchant's %s: %s", id, got.Raw)
						}
					}
					switch {
					case v == nil:
						denied(t, got, key, "UNAUTHENTICATED")
					case rule.perm != "" && !slices.Contains(permissions[who], rule.perm):
						denied(t, got, key, "FORBIDDEN")
					case mine == 1 && rule.other == notFound:
						denied(t, got, key, "NOT_FOUND")
						missing := a.do(t, v, req.query, missingIDs(req.vars))
						if got.Raw != missing.Raw {
							t.Errorf("another merchant's node answers\n%s\nnot as a missing one:\n%s", got.Raw, missing.Raw)
						}
					case mine == 1 && rule.other == noResult:
						if got.Errors != nil || !hasNull(got.Data, key) {
							t.Errorf("got %s, want a null result without error", got.Raw)
						}
					default:
						if got.Errors != nil {
							t.Fatalf("got errors %v: %s", got.codes(), got.Raw)
						}
						if !hasKey(got.Data, key) {
							t.Errorf("the response does not reach the field: %s", got.Raw)
						}
					}
				})
			}
		})
	}
}

// denied checks that every error of r has code and that the field (at
// key) is nowhere in the data but null.
func denied(t *testing.T, r response, key, code string) {
	t.Helper()
	if len(r.Errors) == 0 {
		t.Fatalf("got no error, want %s: %s", code, r.Raw)
	}
	for _, c := range r.codes() {
		if c != code {
			t.Fatalf("got error codes %v, want %s: %s", r.codes(), code, r.Raw)
		}
	}
	if hasValue(r.Data, key) {
		t.Errorf("the field has a value despite %s: %s", code, r.Raw)
	}
}

// hasKey reports whether key occurs anywhere in v.
func hasKey(v any, key string) bool {
	return walk(v, key, func(any) bool { return true })
}

// hasValue reports whether key occurs anywhere in v with a non-null value.
func hasValue(v any, key string) bool {
	return walk(v, key, func(x any) bool { return x != nil })
}

// hasNull reports whether key occurs in v with a null value.
func hasNull(v any, key string) bool {
	return walk(v, key, func(x any) bool { return x == nil })
}

func walk(v any, key string, match func(any) bool) bool {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if (k == key && match(x)) || walk(x, key, match) {
				return true
			}
		}
	case []any:
		for _, x := range v {
			if walk(x, key, match) {
				return true
			}
		}
	}
	return false
}

// subSelection selects enough of a field's type to see whose data it is:
// node IDs where there are some.
func subSelection(s *ast.Schema, f *ast.FieldDefinition) string {
	def := s.Types[f.Type.Name()]
	switch {
	case def.Kind != ast.Object && def.Kind != ast.Interface:
		return ""
	case strings.HasSuffix(def.Name, "Connection"):
		return " { totalCount edges { node { id } } }"
	case strings.HasSuffix(def.Name, "Edge"):
		return " { node { id } }"
	case def.Fields.ForName("id") != nil:
		return " { id }"
	}
	return " { __typename }"
}

// routes reaches every reachable type from the roots of the schema, on the
// first merchant's fixtures.
func (a *api) routes(t *testing.T) map[string]route {
	m := a.m[0]
	fixed := func(query string, vars map[string]any) route {
		return func(_ *testing.T, sel string) request {
			return request{query: strings.Replace(query, "SEL", sel, 1), vars: vars}
		}
	}
	r := map[string]route{
		"Query": func(_ *testing.T, sel string) request {
			name := strings.Fields(sel)[1]
			switch name {
			case "node", "nodes", "payer":
				args := map[string]string{"node": "(id: $id)", "nodes": "(ids: [$id])", "payer": "(reference: $ref)"}[name]
				vars := map[string]string{"node": "$id: ID!", "nodes": "$id: ID!", "payer": "$ref: String!"}[name]
				sel = strings.Replace(sel, name, name+args, 1)
				return request{
					query: fmt.Sprintf("query(%s) { %s }", vars, sel),
					vars:  map[string]any{"id": gid(m.Captured), "ref": m.Payer.Reference},
				}
			case "transactionStats":
				sel = strings.Replace(sel, name, name+"(groupBy: [CURRENCY])", 1)
			case "paymentLinkEmailPreview":
				sel = strings.Replace(sel, name, name+`(input: {shopId: $shop, amount: "1250", currency: CHF})`, 1)
				return request{query: "query($shop: ID!) { " + sel + " }", vars: map[string]any{"shop": gid(m.Shop)}}
			}
			return request{query: "{ " + sel + " }"}
		},
		"Mutation":               a.mutations(t),
		"MoneyOperationPayload":  a.capturePayload(),
		"Viewer":                 fixed("{ viewer { SEL } }", nil),
		"TransactionStats":       fixed("{ transactionStats(groupBy: [CURRENCY]) { SEL } }", nil),
		"TransactionStatsBucket": fixed("{ transactionStats(groupBy: [CURRENCY]) { buckets { SEL } } }", nil),
		"Money":                  fixed("{ transactionStats { volume { SEL } } }", nil),
		"PageInfo":               fixed("{ transactions(first: 1) { pageInfo { SEL } } }", nil),
		"EmailPlaceholder":       fixed("{ emailPlaceholders { SEL } }", nil),
		"EmailTemplate": fixed("query($id: ID!) { node(id: $id) { ... on Shop { emailTemplates { SEL } } } }",
			map[string]any{"id": gid(m.Shop)}),
		"EmailPreview": fixed(`query($shop: ID!) { paymentLinkEmailPreview(input: {shopId: $shop, amount: "1250", currency: CHF}) { SEL } }`,
			map[string]any{"shop": gid(m.Shop)}),
		"CreatePaymentLinksPayload": fixed("mutation($shop: ID!) { createPaymentLinks"+linkArgs+" { SEL } }",
			map[string]any{"shop": gid(m.Shop)}),
		"InitializePaymentPayload": fixed("mutation($shop: ID!) { initializePayment"+initArgs+" { SEL } }",
			map[string]any{"shop": gid(m.Shop)}),
		"PaymentPayload": fixed("mutation($shop: ID!) { enterMotoPayment"+motoArgs+" { SEL } }",
			map[string]any{"shop": gid(m.Shop)}),
	}
	for typ, root := range map[string]string{
		"AuditEvent": "auditEvents", "Label": "labels", "LabelEvent": "labelEvents", "PartnerClient": "partnerClients", "Payer": "payers",
		"Session": "sessions", "Shop": "shops", "Transaction": "transactions",
		"PaymentLink": "paymentLinks", "EmailMessage": "outbox",
	} {
		r[typ+"Connection"] = fixed("{ "+root+"(first: 5) { SEL } }", nil)
		r[typ+"Edge"] = fixed("{ "+root+"(first: 5) { edges { SEL } } }", nil)
	}
	for typ, id := range m.nodes {
		r[typ] = fixed(fmt.Sprintf("query($id: ID!) { node(id: $id) { ... on %s { SEL } } }", typ), map[string]any{"id": gid(id)})
	}
	for typ, field := range map[string]string{"LabelRef": "label", "Actor": "actor"} {
		r[typ] = fixed("query($id: ID!) { node(id: $id) { ... on LabelEvent { "+field+" { SEL } } } }", map[string]any{"id": gid(m.nodes["LabelEvent"])})
	}
	return r
}

// mutations reaches each mutation with a fresh target of the first
// merchant, so that every caller finds it in the same state.
func (a *api) mutations(t *testing.T) route {
	m := a.m[0]
	c := a.db.Client
	n := 0
	fresh := map[string]func() (string, map[string]any){
		"createLabel": func() (string, map[string]any) {
			n++
			return "($name: String!)", map[string]any{"name": fmt.Sprintf("Étiquette %d", n)}
		},
		"updateLabel": func() (string, map[string]any) {
			n++
			l := made(c.Label.Create().SetMerchantID(m.ID).SetName(fmt.Sprintf("À renommer %d", n)).Save(sys))(t)
			return "($id: ID!)", map[string]any{"id": gid(l.ID)}
		},
		"deleteLabel": func() (string, map[string]any) {
			n++
			l := made(c.Label.Create().SetMerchantID(m.ID).SetName(fmt.Sprintf("À supprimer %d", n)).Save(sys))(t)
			return "($id: ID!)", map[string]any{"id": gid(l.ID)}
		},
		"addLabels": func() (string, map[string]any) {
			return "($tx: ID!, $label: ID!)", map[string]any{"tx": gid(m.Captured), "label": gid(m.Label)}
		},
		"removeLabels": func() (string, map[string]any) {
			return "($tx: ID!, $label: ID!)", map[string]any{"tx": gid(a.tx(t, transaction.StatusCAPTURED, "4242")), "label": gid(m.Label)}
		},
		"captureTransaction": func() (string, map[string]any) {
			return "($id: ID!)", map[string]any{"id": gid(a.tx(t, transaction.StatusAUTHORIZED, "4242"))}
		},
		"refundTransaction": func() (string, map[string]any) {
			return "($id: ID!)", map[string]any{"id": gid(a.tx(t, transaction.StatusCAPTURED, "4242"))}
		},
		"cancelTransaction": func() (string, map[string]any) {
			return "($id: ID!)", map[string]any{"id": gid(a.tx(t, transaction.StatusAUTHORIZED, "4242"))}
		},
		"revokeSession": func() (string, map[string]any) {
			n++
			s := made(c.Session.Create().SetMerchantID(m.ID).SetTokenHash(fmt.Sprintf("revoke-%d", n)).
				SetSubject("u-revoked").SetRole(viewer.RoleOperator).SetAccessToken("at").
				SetAccessTokenExpiresAt(time.Now().Add(time.Hour)).SetExpiresAt(time.Now().Add(time.Hour)).Save(sys))(t)
			return "($id: ID!)", map[string]any{"id": gid(s.ID)}
		},
		"setPartnerClientDisabled": func() (string, map[string]any) {
			return "($id: ID!)", map[string]any{"id": gid(m.nodes["PartnerClient"])}
		},
		"updateShop": func() (string, map[string]any) {
			return "($id: ID!)", map[string]any{"id": gid(m.Shop)}
		},
		"cancelPaymentLink": func() (string, map[string]any) {
			return "($id: ID!)", map[string]any{"id": gid(a.link(t))}
		},
		"resendPaymentLink": func() (string, map[string]any) {
			return "($id: ID!)", map[string]any{"id": gid(a.link(t))}
		},
	}
	for _, name := range []string{"createPaymentLinks", "enterMotoPayment", "initializePayment", "authorizeDirect"} {
		fresh[name] = func() (string, map[string]any) { return "($shop: ID!)", map[string]any{"shop": gid(m.Shop)} }
	}
	args := map[string]string{
		"createLabel":              "(input: {name: $name})",
		"updateLabel":              "(id: $id, input: {description: \"revue\"})",
		"deleteLabel":              "(id: $id)",
		"addLabels":                "(transactionIds: [$tx], labelIds: [$label])",
		"removeLabels":             "(transactionIds: [$tx], labelIds: [$label])",
		"captureTransaction":       "(id: $id)",
		"refundTransaction":        "(id: $id, reason: \"matrice\")",
		"cancelTransaction":        "(id: $id)",
		"revokeSession":            "(id: $id)",
		"setPartnerClientDisabled": "(id: $id, disabled: false)",
		"updateShop":               "(id: $id, input: {senderName: \"Boutique\"})",
		"cancelPaymentLink":        "(id: $id)",
		"resendPaymentLink":        "(id: $id)",
		"createPaymentLinks":       linkArgs,
		"enterMotoPayment":         motoArgs,
		"initializePayment":        initArgs,
		"authorizeDirect":          strings.Replace(motoArgs, "}})", "}, capture: true})", 1),
	}
	return func(t *testing.T, sel string) request {
		name := strings.Fields(sel)[1]
		f, ok := fresh[name]
		if !ok {
			t.Fatalf("no fixture for mutation %s", name)
		}
		decl, vars := f()
		return request{
			query: fmt.Sprintf("mutation%s { %s }", decl, strings.Replace(sel, name, name+args[name], 1)),
			vars:  vars,
		}
	}
}

// Arguments of the payment mutations, on the first merchant's shop ($shop).
const (
	linkArgs = `(input: {shopId: $shop, mode: TEST, amount: "1250", currency: CHF, recipients: ["acheteur@example.ch"]})`
	initArgs = `(input: {shopId: $shop, mode: TEST, amount: "1250", currency: CHF})`
	motoArgs = `(input: {shopId: $shop, mode: TEST, amount: "1250", currency: CHF,
		card: {number: "4242424242424242", expiryMonth: 12, expiryYear: 2040, securityCode: "123"}})`
)

// link makes a fresh payment link of the first merchant.
func (a *api) link(t *testing.T) int {
	t.Helper()
	return newLink(t, a.db.Client, a.m[0].ID, a.m[0].Shop, "")
}

// capturePayload reaches MoneyOperationPayload by capturing a fresh
// authorized transaction.
func (a *api) capturePayload() route {
	return func(t *testing.T, sel string) request {
		return request{
			query: "mutation($id: ID!) { captureTransaction(id: $id) { " + sel + " } }",
			vars:  map[string]any{"id": gid(a.tx(t, transaction.StatusAUTHORIZED, "4242"))},
		}
	}
}

// missingIDs replaces every global ID in vars by one of the same type that
// does not exist.
func missingIDs(vars map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range vars {
		if s, ok := v.(string); ok {
			if id, err := scalar.UnmarshalID(s); err == nil {
				v = gid(id + 1<<24)
			}
		}
		out[k] = v
	}
	return out
}

// reachableTypes are the types some query or mutation can return.
func reachableTypes(s *ast.Schema) map[string]bool {
	seen := map[string]bool{}
	var visit func(name string)
	visit = func(name string) {
		def := s.Types[name]
		if def == nil || seen[name] || strings.HasPrefix(name, "__") {
			return
		}
		seen[name] = true
		for _, p := range s.GetPossibleTypes(def) {
			visit(p.Name)
		}
		for _, f := range def.Fields {
			visit(f.Type.Name())
		}
	}
	visit(s.Query.Name)
	visit(s.Mutation.Name)
	return seen
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestViewerCan checks what the SPA is told it may offer: the caller's
// permission and the transaction's state must both allow the operation.
func TestViewerCan(t *testing.T) {
	a := newAPI(t, testdb.Open(t, dialect.SQLite))
	type ops struct{ capture, refund, cancel bool }
	roles := map[string]ops{
		"VIEWER": {}, "OPERATOR": {}, "PARTNER": {},
		"MANAGER": {true, true, true}, "ADMIN": {true, true, true},
		"PARTNER+refund": {refund: true},
	}
	states := []struct {
		status     transaction.Status
		allows     ops
		refundable string
	}{
		{transaction.StatusAUTHORIZED, ops{capture: true, cancel: true}, "0"},
		{transaction.StatusCAPTURED, ops{refund: true}, "10000"},
		{transaction.StatusPARTIALLY_REFUNDED, ops{refund: true}, "6000"},
		{transaction.StatusREFUNDED, ops{}, "0"},
		{transaction.StatusCANCELED, ops{}, "0"},
		{transaction.StatusFAILED, ops{}, "0"},
	}
	cs := callers(a)
	for _, s := range states {
		id := gid(a.tx(t, s.status, "4242"))
		for who, may := range roles {
			t.Run(string(s.status)+"/"+who, func(t *testing.T) {
				got := a.do(t, cs[who], `query($id: ID!) { node(id: $id) { ... on Transaction {
					viewerCanCapture viewerCanRefund viewerCanCancel refundableAmount } } }`, map[string]any{"id": id})
				if got.Errors != nil {
					t.Fatal(got.Raw)
				}
				for field, want := range map[string]bool{
					"viewerCanCapture": may.capture && s.allows.capture,
					"viewerCanRefund":  may.refund && s.allows.refund,
					"viewerCanCancel":  may.cancel && s.allows.cancel,
				} {
					if got := got.at("node." + field); got != want {
						t.Errorf("%s: got %v, want %v", field, got, want)
					}
				}
				if got, want := got.str("node.refundableAmount"), s.refundable; got != want {
					t.Errorf("refundableAmount: got %s, want %s", got, want)
				}
			})
		}
	}
}

// TestNoLoginArguments checks the arguments that resolvers read the viewer
// for: without a login they answer UNAUTHENTICATED like the rest.
func TestNoLoginArguments(t *testing.T) {
	a := newAPI(t, testdb.Open(t, dialect.SQLite))
	label := map[string]any{"id": gid(a.m[0].Label)}
	for name, query := range map[string]string{
		"hasLabelsAnyOf":   `query($id: ID!) { transactions(where: {hasLabelsAnyOf: [$id]}) { totalCount } }`,
		"hasLabelsAllOf":   `query($id: ID!) { transactions(where: {hasLabelsAllOf: [$id]}) { totalCount } }`,
		"stats with label": `query($id: ID!) { transactionStats(where: {hasLabelsAnyOf: [$id]}) { totalCount } }`,
		"search":           `query($id: ID!) { transactions(search: "payeur0@example.ch") { totalCount } n: node(id: $id) { id } }`,
	} {
		t.Run(name, func(t *testing.T) {
			got := a.do(t, nil, query, label)
			if len(got.Errors) == 0 || slices.ContainsFunc(got.codes(), func(c string) bool { return c != "UNAUTHENTICATED" }) {
				t.Errorf("got %s, want UNAUTHENTICATED only", got.Raw)
			}
		})
	}
}

// TestStatsIsolation checks the one list the matrix cannot check by IDs:
// statistics count the caller's merchant's transactions only.
func TestStatsIsolation(t *testing.T) {
	a := newAPI(t, testdb.Open(t, dialect.SQLite))
	a.tx(t, transaction.StatusAUTHORIZED, "4242") // the first merchant has one more
	for who, m := range map[string]*merchantFixtures{"VIEWER": a.m[0], "other merchant": a.m[1]} {
		t.Run(who, func(t *testing.T) {
			want, err := a.db.Client.Transaction.Query().Where(transaction.MerchantID(m.ID)).Count(sys)
			if err != nil {
				t.Fatal(err)
			}
			got := a.do(t, callers(a)[who], `{ transactionStats(groupBy: [STATUS]) { totalCount buckets { count } } }`, nil)
			if got.at("transactionStats.totalCount") != float64(want) {
				t.Errorf("got %s, want a total of %d", got.Raw, want)
			}
		})
	}
}

// TestRolePermissions checks that the viewer query, and so the code's own
// table, grants each caller what the matrix expects.
func TestRolePermissions(t *testing.T) {
	a := newAPI(t, testdb.Open(t, dialect.SQLite))
	for who, v := range callers(a) {
		t.Run(who, func(t *testing.T) {
			got := a.do(t, v, `{ viewer { permissions } }`, nil)
			var perms []string
			for _, p := range got.at("viewer.permissions").([]any) {
				perms = append(perms, p.(string))
			}
			var want []string
			for _, p := range permissions[who] {
				want = append(want, string(p))
			}
			slices.Sort(perms)
			slices.Sort(want)
			if !slices.Equal(perms, want) {
				t.Errorf("got %v, want %v", perms, want)
			}
		})
	}
}
