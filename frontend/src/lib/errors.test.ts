import { CombinedError } from "@urql/core";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { appErrors, fieldErrors, isNotFound } from "./errors";

const gqlError = (message: string, extensions: Record<string, unknown>) =>
  new GraphQLError(message, { extensions });

describe("appErrors", () => {
  it("reads each code with its field", () => {
    const error = new CombinedError({
      graphQLErrors: [
        gqlError("a label named \"x\" already exists", { code: "CONFLICT", field: "name" }),
        gqlError("a page holds 0 to 100 items, not 101", { code: "BAD_USER_INPUT", field: "first" }),
        gqlError("not allowed", { code: "FORBIDDEN" }),
      ],
    });
    expect(appErrors(error)).toEqual([
      { code: "CONFLICT", message: "a label named \"x\" already exists", field: "name" },
      { code: "BAD_USER_INPUT", message: "a page holds 0 to 100 items, not 101", field: "first" },
      { code: "FORBIDDEN", message: "not allowed" },
    ]);
  });

  it("takes the request ID out of an INTERNAL error", () => {
    const error = new CombinedError({
      graphQLErrors: [gqlError("internal error (request 01JD4Z7Q9X)", { code: "INTERNAL" })],
    });
    expect(appErrors(error)).toEqual([
      { code: "INTERNAL", message: "internal error (request 01JD4Z7Q9X)", requestId: "01JD4Z7Q9X" },
    ]);
  });

  it("counts an unknown code as INTERNAL", () => {
    const error = new CombinedError({
      graphQLErrors: [gqlError("Cannot query field", { code: "GRAPHQL_VALIDATION_FAILED" })],
    });
    expect(appErrors(error).map((e) => e.code)).toEqual(["INTERNAL"]);
  });

  it("reports a failed request as NETWORK", () => {
    const error = new CombinedError({ networkError: new Error("Failed to fetch") });
    expect(appErrors(error)).toEqual([{ code: "NETWORK", message: "Failed to fetch" }]);
  });

  it("has nothing to say without an error", () => {
    expect(appErrors(undefined)).toEqual([]);
  });
});

describe("fieldErrors", () => {
  it("keys errors by the last part of the field's path, for the form's fields only", () => {
    const error = new CombinedError({
      graphQLErrors: [
        gqlError("invalid color", { code: "BAD_USER_INPUT", field: "input.color" }),
        gqlError("taken", { code: "CONFLICT", field: "name" }),
        gqlError("bad cursor", { code: "BAD_USER_INPUT", field: "after" }),
      ],
    });
    const got = fieldErrors(error, ["name", "color", "description"]);
    expect([...got.keys()]).toEqual(["color", "name"]);
    expect(got.get("name")?.code).toBe("CONFLICT");
  });
});

it("isNotFound", () => {
  const error = new CombinedError({ graphQLErrors: [gqlError("no node has this ID", { code: "NOT_FOUND", field: "id" })] });
  expect(isNotFound(error)).toBe(true);
  expect(isNotFound(new CombinedError({ graphQLErrors: [gqlError("no", { code: "FORBIDDEN" })] }))).toBe(false);
});

