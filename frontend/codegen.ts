import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed operations from the API's schema. Paths are relative to the repo
// root, where `npm run codegen` runs.
const config: CodegenConfig = {
  schema: ["schema.graphqls", "ent.graphqls"],
  documents: ["frontend/src/**/*.{ts,tsx}", "!frontend/src/gql/**"],
  ignoreNoDocuments: false,
  generates: {
    "frontend/src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        enumType: "const",
        useTypeImports: true,
        skipTypename: false,
        strictScalars: true,
        scalars: {
          ID: "string",
          MinorUnits: "string",
          Date: "string",
          Time: "string",
          Cursor: "string",
          Month: "string",
          // Audit events record values of free shape.
          Map: "Record<string, unknown>",
        },
      },
    },
  },
};

export default config;
