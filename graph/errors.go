package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/privacy"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/requestid"
)

// errorPresenter is the one place where errors meet the wire: every error
// gets an extensions.code, bad input names its field, and internal details
// go to the log under the request ID instead of to the caller.
func errorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		gqlErr.Path = rootedPath(ctx, gqlErr.Path)
		if code, ok := gqlErr.Extensions["code"].(string); ok && code != "" && gqlErr.Err == nil {
			return documentError(gqlErr, apperr.Code(code))
		}
		cause := err
		if gqlErr.Err != nil {
			cause = gqlErr.Err
		}
		e := classify(cause)
		if e.Field == "" && e.Code == apperr.Invalid {
			e = &apperr.Error{Code: e.Code, Message: e.Message, Field: argumentPath(ctx, gqlErr.Path)}
		}
		if e.Code == apperr.Internal {
			id := requestid.FromContext(ctx)
			log.ErrorContext(ctx, "internal error", "request_id", id, "path", gqlErr.Path.String(), "error", cause)
			e.Message = fmt.Sprintf("internal error (request %s)", id)
		}
		gqlErr.Message = e.Message
		gqlErr.Extensions = map[string]any{"code": string(e.Code)}
		if e.Field != "" {
			gqlErr.Extensions["field"] = e.Field
		}
		return gqlErr
	}
}

// rootedPath puts back the subscription field at the head of the path of
// an error in an event: gqlgen resolves an event's fields without the
// subscription field's context, so their paths start below it, where the
// response's data does not.
func rootedPath(ctx context.Context, path ast.Path) ast.Path {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || len(path) == 0 || !graphql.HasOperationContext(ctx) {
		return path
	}
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil || oc.Operation.Operation != ast.Subscription {
		return path
	}
	for fc.Parent != nil {
		fc = fc.Parent
	}
	if fc.Object == "Subscription" {
		return path
	}
	root := graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{"Subscription"})
	if len(root) != 1 {
		return path
	}
	return append(ast.Path{ast.PathName(root[0].Alias)}, path...)
}

// documentError presents an error gqlgen or a guard raised about the request
// itself rather than a resolver's: parse and validation errors, variables
// that do not fit their types, over-complex documents. They are all bad
// input, and a variable's error names it and the offending field within it.
func documentError(gqlErr *gqlerror.Error, code apperr.Code) *gqlerror.Error {
	switch code {
	case apperr.NotFound:
		// entgql's nodes(ids) would show the internal number.
		gqlErr.Message = "no node has this ID"
	case apperr.Invalid, apperr.Unauthenticated, apperr.Forbidden, apperr.Conflict, apperr.Internal:
	default:
		gqlErr.Extensions["code"] = string(apperr.Invalid)
		if len(gqlErr.Path) > 1 && gqlErr.Path[0] == ast.PathName("variable") {
			gqlErr.Extensions["field"] = gqlErr.Path[1:].String()
		}
	}
	return gqlErr
}

// argumentPath names the argument an input error is about: gqlgen reports
// errors of argument values on the field's path followed by the argument's.
func argumentPath(ctx context.Context, path ast.Path) string {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return ""
	}
	field := fc.Path()
	if len(path) <= len(field) {
		return ""
	}
	return ast.Path(path[len(field):]).String()
}

// classify maps an error of any layer to Guichet's error codes.
func classify(err error) *apperr.Error {
	var (
		appErr        *apperr.Error
		validationErr *ent.ValidationError
		notFoundErr   *ent.NotFoundError
	)
	switch {
	case errors.As(err, &appErr):
		return appErr
	case errors.As(err, &validationErr):
		return &apperr.Error{Code: apperr.Invalid, Field: validationErr.Name, Message: fmt.Sprintf("invalid %s: %v", validationErr.Name, errors.Unwrap(validationErr))}
	case isEmptyFilter(err):
		return &apperr.Error{Code: apperr.Invalid, Field: "where", Message: "a filter inside not, and, or or has...With must have at least one condition"}
	case errors.As(err, &notFoundErr):
		return &apperr.Error{Code: apperr.NotFound, Message: "not found"}
	case ent.IsConstraintError(err):
		return &apperr.Error{Code: apperr.Conflict, Message: "this conflicts with existing data"}
	case errors.Is(err, privacy.Deny):
		return &apperr.Error{Code: apperr.Forbidden, Message: "not allowed"}
	default:
		return &apperr.Error{Code: apperr.Internal}
	}
}

// emptyFilters are the errors entgql's where inputs return for a nested
// filter without any condition, such as {not: {}}.
var emptyFilters = []error{
	ent.ErrEmptyBillingProfileWhereInput, ent.ErrEmptyLabelWhereInput, ent.ErrEmptyPayerWhereInput,
	ent.ErrEmptyPaymentLinkWhereInput, ent.ErrEmptyShopWhereInput, ent.ErrEmptyTransactionWhereInput,
}

func isEmptyFilter(err error) bool {
	for _, e := range emptyFilters {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// recoverPanic turns a panic in a resolver into an INTERNAL error; the
// server keeps serving.
func recoverPanic(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic in resolver", "request_id", requestid.FromContext(ctx), "panic", p, "stack", string(debug.Stack()))
		return fmt.Errorf("panic: %v", p)
	}
}

// eachError reports every error of an apperr.List (all the bad recipients
// of a payment link, say) as an error of its own.
func eachError(ctx context.Context, next graphql.Resolver) (any, error) {
	res, err := next(ctx)
	var list apperr.List
	if errors.As(err, &list) && len(list) > 0 {
		for _, e := range list[:len(list)-1] {
			graphql.AddError(ctx, e)
		}
		return res, list[len(list)-1]
	}
	return res, err
}
