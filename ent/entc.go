//go:build ignore

// entc.go generates the ent client and, through entgql, the GraphQL schema
// part and the gqlgen glue for it. Run it with `make generate`.
package main

import (
	"bytes"
	"fmt"
	"log"
	"os"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"github.com/vektah/gqlparser/v2/ast"
)

func main() {
	// template/pagination.tmpl overrides part of entgql's pagination
	// template, so it comes after it.
	pagination := gen.MustParse(gen.NewTemplate("guichet_pagination").
		Funcs(entgql.TemplateFuncs).
		ParseFiles("template/pagination.tmpl"))
	ex, err := entgql.NewExtension(
		entgql.WithTemplates(append(entgql.AllTemplates, pagination)...),
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
	// entgql's collectedField finds a connection's fields (edges, node,
	// totalCount, pageInfo) by their alias, so that a client aliasing one
	// got an empty page or a zero count. They are found by name instead.
	if err := replaceOnce("gql_pagination.go", "if f.Alias == name {", "if f.Name == name {"); err != nil {
		log.Fatalf("patching generated code: %v", err)
	}
}

// replaceOnce replaces the one occurrence of old in a generated file, and
// fails when entgql's output no longer has exactly one.
func replaceOnce(file, old, new string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if n := bytes.Count(b, []byte(old)); n != 1 {
		return fmt.Errorf("%s: %d occurrences of %q, want 1", file, n, old)
	}
	return os.WriteFile(file, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644)
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
