package schema

import (
	"entgo.io/contrib/entgql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/guichet/guichet/internal/viewer"
)

// requires guards a GraphQL field with the @hasPermission directive.
func requires(p viewer.Permission) entgql.Directive {
	return entgql.NewDirective("hasPermission", &ast.Argument{
		Name:  "permission",
		Value: &ast.Value{Raw: string(p), Kind: ast.EnumValue},
	})
}
