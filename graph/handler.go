package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"database/sql/driver"
	"entgo.io/contrib/entgql"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/internal/payments"
	"github.com/guichet/guichet/internal/processor"
	"github.com/guichet/guichet/internal/reports"
	"github.com/guichet/guichet/internal/requestid"
)

// Guards against expensive or abusive documents.
const (
	MaxBodyBytes     = 1 << 20
	MaxParserTokens  = 15000
	MaxComplexity    = 20000
	MaxDepth         = 12
	queryCacheLength = 1000
)

// Option adds to the handler.
type Option func(*handlerConfig)

type handlerConfig struct {
	transports  []graphql.Transport
	payments    payments.Config
	reports     reports.Config
	updaterHour int
	production  bool
}

// Reports configures report schedules (the outbound folder).
func Reports(cfg reports.Config) Option {
	return func(c *handlerConfig) { c.reports = cfg }
}

// UpdaterHour is the hour of the 1st of each month at which Account
// Updater runs start, as the API tells it.
func UpdaterHour(hour int) Option {
	return func(c *handlerConfig) { c.updaterHour = hour }
}

// Payments configures payment links and the payment page's URLs.
func Payments(cfg payments.Config) Option {
	return func(c *handlerConfig) { c.payments = cfg }
}

// Production refuses the development views, such as the e-mail outbox.
func Production() Option {
	return func(c *handlerConfig) { c.production = true }
}

// NewHandler serves the GraphQL API over HTTP on top of client, moving
// money through p.
func NewHandler(client *ent.Client, p processor.Processor, log *slog.Logger, opts ...Option) http.Handler {
	var cfg handlerConfig
	for _, o := range opts {
		o(&cfg)
	}
	srv := handler.New(withListComplexity{NewSchema(client, p, opts...)})
	for _, t := range cfg.transports {
		srv.AddTransport(t)
	}
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](queryCacheLength))
	srv.SetParserTokenLimit(MaxParserTokens)
	srv.SetDisableSuggestion(true)
	srv.SetValidationRulesFn(rulesWithoutSuggestions)
	srv.Use(extension.Introspection{})
	srv.Use(pageDefaults{}) // before the complexity limit, which counts pages
	srv.Use(extension.FixedComplexityLimit(MaxComplexity))
	srv.Use(depthLimit{max: MaxDepth})
	srv.Use(entgql.Transactioner{TxOpener: quietTxOpener{client: client, log: log}})
	srv.AroundFields(paginate)
	srv.AroundFields(eachError)
	srv.SetErrorPresenter(errorPresenter(log))
	srv.SetRecoverFunc(recoverPanic(log))
	return limitBody(legacyJSONStatus(srv))
}

// legacyJSONStatus answers application/json requests whose document fails
// to parse or validate with 200 rather than gqlgen's 422, as the
// GraphQL-over-HTTP spec asks of servers speaking application/json
// (responses in application/graphql-response+json keep the 4xx).
func legacyJSONStatus(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "" {
			next.ServeHTTP(w, r) // a WebSocket answers in its own protocol
			return
		}
		next.ServeHTTP(unprocessableAsOK{w}, r)
	})
}

type unprocessableAsOK struct{ http.ResponseWriter }

func (w unprocessableAsOK) WriteHeader(code int) {
	if code == http.StatusUnprocessableEntity && w.Header().Get("Content-Type") == "application/json" {
		code = http.StatusOK
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w unprocessableAsOK) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// rulesWithoutSuggestions are GraphQL's validation rules without the "Did
// you mean" hints that spell out the schema to whoever probes it:
// SetDisableSuggestion only silences those about fields.
func rulesWithoutSuggestions() *rules.Rules {
	r := rules.NewDefaultRules()
	for _, rule := range []core.Rule{
		rules.KnownArgumentNamesRuleWithoutSuggestions,
		rules.KnownTypeNamesRuleWithoutSuggestions,
		rules.ValuesOfCorrectTypeRuleWithoutSuggestions,
	} {
		r.ReplaceRule(strings.TrimSuffix(rule.Name, "WithoutSuggestions"), rule.RuleFunc)
	}
	return r
}

// limitBody refuses request bodies over MaxBodyBytes, whether their length
// is announced or not (a chunked body is read up to the limit first).
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tooLarge := r.ContentLength > MaxBodyBytes
		if !tooLarge && r.ContentLength < 0 {
			body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
			if err != nil {
				http.Error(w, "cannot read the request body", http.StatusBadRequest)
				return
			}
			tooLarge = len(body) > MaxBodyBytes
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		if tooLarge {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			_ = json.NewEncoder(w).Encode(graphql.Response{Errors: gqlerror.List{{
				Message:    "request body over 1 MiB",
				Extensions: map[string]any{"code": "BAD_USER_INPUT"},
			}}})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

// withListComplexity counts a connection field as its page size times its
// children (the default page when first and last are not given), and
// nodes(ids) as one node per ID, so that nested lists cannot multiply into
// a huge response unnoticed.
type withListComplexity struct{ graphql.ExecutableSchema }

func (s withListComplexity) Complexity(ctx context.Context, typeName, field string, child int, args map[string]any) (int, bool) {
	if s.isConnection(typeName, field) {
		n := intArg(args["first"])
		if n == 0 {
			n = intArg(args["last"])
		}
		if n == 0 {
			n = DefaultPageSize
		}
		return 1 + n*child, true
	}
	if ids, ok := args["ids"].([]any); ok {
		return 1 + len(ids)*child, true
	}
	return s.ExecutableSchema.Complexity(ctx, typeName, field, child, args)
}

// isConnection reports whether the field is a paginated connection, by the
// same rule as the pagination guard.
func (s withListComplexity) isConnection(typeName, field string) bool {
	t := s.Schema().Types[typeName]
	return t != nil && isConnection(t.Fields.ForName(field))
}

func intArg(v any) int {
	switch v := v.(type) {
	case int:
		return v
	case int64:
		return int(v)
	case json.Number:
		n, _ := v.Int64()
		return int(n)
	}
	return 0
}

// depthLimit refuses documents nested deeper than max. Introspection
// fields do not count: GraphiQL's schema query is deep by nature.
type depthLimit struct{ max int }

func (depthLimit) ExtensionName() string                   { return "DepthLimit" }
func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }
func (d depthLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if depth := selectionDepth(oc.Operation.SelectionSet, map[string]bool{}); depth > d.max {
		return &gqlerror.Error{
			Message:    "the query is nested too deeply",
			Extensions: map[string]any{"code": "BAD_USER_INPUT", "depth": depth, "maxDepth": d.max},
		}
	}
	return nil
}

func selectionDepth(set ast.SelectionSet, visiting map[string]bool) int {
	deepest := 0
	for _, sel := range set {
		var d int
		switch sel := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(sel.Name, "__") {
				continue
			}
			d = 1 + selectionDepth(sel.SelectionSet, visiting)
		case *ast.InlineFragment:
			d = selectionDepth(sel.SelectionSet, visiting)
		case *ast.FragmentSpread:
			if sel.Definition == nil || visiting[sel.Name] {
				continue
			}
			visiting[sel.Name] = true
			d = selectionDepth(sel.Definition.SelectionSet, visiting)
			delete(visiting, sel.Name)
		}
		deepest = max(deepest, d)
	}
	return deepest
}

// quietTxOpener opens the database transaction of a mutation. entgql shows
// the text of a failed commit to the caller; this keeps it in the log.
type quietTxOpener struct {
	client *ent.Client
	log    *slog.Logger
}

func (o quietTxOpener) OpenTx(ctx context.Context) (context.Context, driver.Tx, error) {
	ctx, tx, err := o.client.OpenTx(ctx)
	if err != nil {
		o.log.ErrorContext(ctx, "open transaction", "request_id", requestid.FromContext(ctx), "error", err)
		return nil, nil, errInternal
	}
	return ctx, quietTx{Tx: tx, ctx: ctx, log: o.log}, nil
}

type quietTx struct {
	driver.Tx
	ctx context.Context
	log *slog.Logger
}

func (t quietTx) Commit() error {
	if err := t.Tx.Commit(); err != nil {
		t.log.ErrorContext(t.ctx, "commit transaction", "request_id", requestid.FromContext(t.ctx), "error", err)
		return errInternal
	}
	return nil
}

var errInternal = internalError{}

type internalError struct{}

func (internalError) Error() string { return "internal error" }
