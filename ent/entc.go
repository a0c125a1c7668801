//go:build ignore

// entc.go generates the ent client and, through entgql, the GraphQL schema
// part and the gqlgen glue for it. Run it with `make generate`.
package main

import (
	"log"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
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
