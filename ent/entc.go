//go:build ignore

// entc.go generates the ent client and, through entgql, the GraphQL schema
// part and the gqlgen glue for it. Run it with `make generate`.
package main

import (
	"log"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"github.com/vektah/gqlparser/v2/ast"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithConfigPath("../gqlgen.yml"),
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("../ent.graphqls"),
		entgql.WithWhereInputs(true),
		entgql.WithSchemaHook(nullableWhenGuarded),
	)
	if err != nil {
		log.Fatalf("creating entgql extension: %v", err)
	}
	err = entc.Generate("./schema", &gen.Config{
		Features: []gen.Feature{
			gen.FeaturePrivacy,
			gen.FeatureEntQL,
			gen.FeatureGlobalID,
			gen.FeatureNamedEdges,
			gen.FeatureModifier,
			gen.FeatureExecQuery,
			gen.FeatureUpsert,
			gen.FeatureLock,
			gen.FeatureIntercept,
		},
	}, entc.Extensions(ex))
	if err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}

// nullableWhenGuarded makes the fields of objects guarded by
// @hasPermission nullable: a caller without the permission then gets null
// and a FORBIDDEN error for the field alone, and still the rest of the
// object (a required field would null the whole object instead).
func nullableWhenGuarded(_ *gen.Graph, s *ast.Schema) error {
	for _, t := range s.Types {
		if t.Kind != ast.Object || t.Name == "Query" {
			continue
		}
		for _, f := range t.Fields {
			if f.Directives.ForName("hasPermission") != nil {
				f.Type.NonNull = false
			}
		}
	}
	return nil
}
