package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"

	"github.com/guichet/guichet/internal/apperr"
)

// Page sizes of every connection.
const (
	DefaultPageSize = 50
	MaxPageSize     = 100
)

// paginate guards every connection field: a page holds DefaultPageSize
// items unless first or last asks for at most MaxPageSize; a larger page is
// refused, never silently capped, and a connection is never the whole
// table. Cursors must fit the order they are used with.
func paginate(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Definition == nil || !strings.HasSuffix(fc.Field.Definition.Type.Name(), "Connection") {
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
	if first == nil && last == nil {
		size := DefaultPageSize
		if before != nil && after == nil {
			fc.Args["last"] = &size
		} else {
			fc.Args["first"] = &size
		}
	}
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
	case "CREATED_AT":
		_, ok := value.(time.Time)
		return ok
	case "AMOUNT":
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
