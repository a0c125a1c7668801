package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/guichet/guichet/internal/apperr"
)

// Page sizes of every connection.
const (
	DefaultPageSize = 50
	MaxPageSize     = 100
)

// isConnection reports whether a field is a paginated connection.
func isConnection(def *ast.FieldDefinition) bool {
	return def != nil && strings.HasSuffix(def.Type.Name(), "Connection")
}

// paginate guards every connection field: a page holds at most MaxPageSize
// items (pageDefaults gave those that ask for no size DefaultPageSize); a
// larger page is refused, never silently capped. Cursors must fit the order
// they are used with.
func paginate(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !isConnection(fc.Field.Definition) {
		return next(ctx)
	}
	first, _ := fc.Args["first"].(*int)
	last, _ := fc.Args["last"].(*int)
	for name, n := range map[string]*int{"first": first, "last": last} {
		if n != nil && (*n < 0 || *n > MaxPageSize) {
			return nil, apperr.InvalidField(name, "a page holds 0 to %d items, not %d", MaxPageSize, *n)
		}
	}
	defaultOrder(fc)
	after, _ := fc.Args["after"].(*entgql.Cursor[int])
	before, _ := fc.Args["before"].(*entgql.Cursor[int])
	order := orderFieldName(fc.Args["orderBy"])
	for name, c := range map[string]*entgql.Cursor[int]{"after": after, "before": before} {
		if c != nil && !cursorFits(c.Value, order) {
			return nil, apperr.InvalidField(name, "this cursor belongs to another order of the list")
		}
	}
	return next(ctx)
}

// defaultOrder gives an explicit null orderBy the argument's default.
// GraphQL lets null override a default, but a list must not change order
// because a client sent null rather than nothing.
func defaultOrder(fc *graphql.FieldContext) {
	arg := fc.Field.Definition.Arguments.ForName("orderBy")
	cur := reflect.ValueOf(fc.Args["orderBy"])
	if arg == nil || arg.DefaultValue == nil || cur.Kind() != reflect.Pointer || !cur.IsNil() {
		return
	}
	def, err := arg.DefaultValue.Value(nil)
	fields, _ := def.(map[string]any)
	if err != nil || fields == nil {
		return
	}
	order := reflect.New(cur.Type().Elem())
	for name, raw := range fields {
		f := order.Elem().FieldByNameFunc(func(n string) bool { return strings.EqualFold(n, name) })
		switch {
		case !f.IsValid():
			return
		case f.Kind() == reflect.Pointer:
			f.Set(reflect.New(f.Type().Elem()))
		default:
			f = f.Addr()
		}
		if u, ok := f.Interface().(graphql.Unmarshaler); !ok || u.UnmarshalGQL(raw) != nil {
			return
		}
	}
	fc.Args["orderBy"] = order.Interface()
}

// orderFieldName returns the name of the order field of an entgql order
// argument (such as CREATED_AT), or "" when the list is ordered by ID.
func orderFieldName(orderBy any) string {
	v := reflect.ValueOf(orderBy)
	if !v.IsValid() || v.Kind() != reflect.Pointer || v.IsNil() {
		return ""
	}
	f := v.Elem().FieldByName("Field")
	if !f.IsValid() || f.IsNil() {
		return ""
	}
	if s, ok := f.Interface().(fmt.Stringer); ok {
		return s.String()
	}
	return ""
}

// cursorFits reports whether a cursor's order value has the type the order
// field compares it with.
func cursorFits(value any, order string) bool {
	switch order {
	case "":
		return value == nil
	case "CREATED_AT", "AT":
		_, ok := value.(time.Time)
		return ok
	case "AMOUNT", "SEQ":
		switch value.(type) {
		case int8, int16, int32, int64, int, uint8, uint16, uint32, uint64, json.Number:
			return true
		}
		return false
	default:
		_, ok := value.(string)
		return ok
	}
}

// pageDefaults writes the default page size into the request's document:
// every connection field that asks for neither first nor last gets first
// (or last, after a before cursor alone) of DefaultPageSize. Every layer
// then sees the same page size: the complexity limit, the resolvers, and
// entgql's eager loading of nested connections (such as a payer's
// transactions), which reads the document and would otherwise load the
// whole list. The cached document is shared between requests: the parts
// that change are copied, never changed in place.
type pageDefaults struct{}

func (pageDefaults) ExtensionName() string                   { return "PageDefaults" }
func (pageDefaults) Validate(graphql.ExecutableSchema) error { return nil }
func (pageDefaults) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil || oc.Doc == nil {
		return nil
	}
	p := &pageWriter{vars: oc.Variables, doc: oc.Doc, fragments: map[string]*ast.FragmentDefinition{}}
	set, changed := p.selections(oc.Operation.SelectionSet)
	if !changed {
		return nil
	}
	op := *oc.Operation
	op.SelectionSet = set
	doc := *oc.Doc
	doc.Operations = slices.Clone(doc.Operations)
	for i, o := range doc.Operations {
		if o == oc.Operation {
			doc.Operations[i] = &op
		}
	}
	doc.Fragments = slices.Clone(doc.Fragments)
	for i, f := range doc.Fragments {
		if c := p.fragments[f.Name]; c != nil {
			doc.Fragments[i] = c
		}
	}
	oc.Doc, oc.Operation = &doc, &op
	return nil
}

// pageWriter copies the parts of a document that get a default page size.
type pageWriter struct {
	vars map[string]any
	doc  *ast.QueryDocument
	// fragments holds the fragments visited: their copy, or the original
	// when nothing in them changed.
	fragments map[string]*ast.FragmentDefinition
}

func (p *pageWriter) selections(set ast.SelectionSet) (ast.SelectionSet, bool) {
	var out ast.SelectionSet
	for i, sel := range set {
		next, changed := p.selection(sel)
		if changed && out == nil {
			out = slices.Clone(set)
		}
		if out != nil {
			out[i] = next
		}
	}
	if out == nil {
		return set, false
	}
	return out, true
}

func (p *pageWriter) selection(sel ast.Selection) (ast.Selection, bool) {
	switch sel := sel.(type) {
	case *ast.Field:
		children, changed := p.selections(sel.SelectionSet)
		args, paged := p.arguments(sel)
		if !changed && !paged {
			return sel, false
		}
		f := *sel
		f.SelectionSet, f.Arguments = children, args
		return &f, true
	case *ast.InlineFragment:
		children, changed := p.selections(sel.SelectionSet)
		if !changed {
			return sel, false
		}
		f := *sel
		f.SelectionSet = children
		return &f, true
	case *ast.FragmentSpread:
		def := p.fragment(sel.Name)
		if def == nil || def == sel.Definition {
			return sel, false
		}
		s := *sel
		s.Definition = def
		return &s, true
	}
	return sel, false
}

func (p *pageWriter) fragment(name string) *ast.FragmentDefinition {
	if def, seen := p.fragments[name]; seen {
		return def
	}
	orig := p.doc.Fragments.ForName(name)
	p.fragments[name] = orig // a cycle, refused by validation anyway, ends here
	if orig == nil {
		return nil
	}
	set, changed := p.selections(orig.SelectionSet)
	if changed {
		def := *orig
		def.SelectionSet = set
		p.fragments[name] = &def
	}
	return p.fragments[name]
}

// arguments returns the arguments of a connection field that asks for no
// page size with the default one added.
func (p *pageWriter) arguments(f *ast.Field) (ast.ArgumentList, bool) {
	if !isConnection(f.Definition) || p.given(f.Arguments.ForName("first")) || p.given(f.Arguments.ForName("last")) {
		return f.Arguments, false
	}
	name := "first"
	if p.given(f.Arguments.ForName("before")) && !p.given(f.Arguments.ForName("after")) {
		name = "last"
	}
	args := slices.DeleteFunc(slices.Clone(f.Arguments), func(a *ast.Argument) bool { return a.Name == "first" || a.Name == "last" })
	args = append(args, &ast.Argument{Name: name, Value: &ast.Value{Kind: ast.IntValue, Raw: strconv.Itoa(DefaultPageSize)}})
	return args, true
}

// given reports whether an argument has a value in this request: a literal
// other than null, or a variable set to something other than null.
func (p *pageWriter) given(a *ast.Argument) bool {
	switch {
	case a == nil:
		return false
	case a.Value.Kind == ast.Variable:
		return p.vars[a.Value.Raw] != nil
	default:
		return a.Value.Kind != ast.NullValue
	}
}
