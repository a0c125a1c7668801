import { CombinedError } from "@urql/core";
import { GraphQLError } from "graphql";
import { describe, expect, it, vi } from "vitest";
import { appErrors, fieldErrors, isNotFound } from "./errors";
import { createGraphQLClient } from "./graphql-client";

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

describe("the client", () => {
  const answering = (body: unknown) =>
    vi.fn(async () => new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } }));

  const run = async (fetch: typeof globalThis.fetch) => {
    const notify = vi.fn();
    const client = createGraphQLClient({ url: "http://test/graphql", notify, fetch });
    const result = await client.query("{ viewer { name } }", {}).toPromise();
    return { notify, result };
  };

  const failing = (code: string, message = "boom", field?: string) =>
    answering({ data: null, errors: [{ message, path: ["viewer"], extensions: { code, ...(field ? { field } : {}) } }] });

  for (const code of ["UNAUTHENTICATED", "FORBIDDEN"]) {
    it(`reports ${code} for the whole app`, async () => {
      const { notify, result } = await run(failing(code));
      expect(notify).toHaveBeenCalledExactlyOnceWith({ code, message: "boom" });
      expect(result.error?.graphQLErrors[0]?.extensions.code).toBe(code);
    });
  }

  it("reports INTERNAL with its request ID", async () => {
    const { notify } = await run(failing("INTERNAL", "internal error (request abc-123)"));
    expect(notify).toHaveBeenCalledExactlyOnceWith({
      code: "INTERNAL",
      message: "internal error (request abc-123)",
      requestId: "abc-123",
    });
  });

  it("reports a network failure", async () => {
    const { notify } = await run(vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    expect(notify).toHaveBeenCalledExactlyOnceWith({ code: "NETWORK", message: "Failed to fetch" });
  });

  for (const [code, field] of [
    ["NOT_FOUND", undefined],
    ["BAD_USER_INPUT", "first"],
    ["CONFLICT", "name"],
  ] as const) {
    it(`leaves ${code} to the screen`, async () => {
      const { notify, result } = await run(failing(code, "boom", field));
      expect(notify).not.toHaveBeenCalled();
      expect(appErrors(result.error)).toEqual([{ code, message: "boom", ...(field ? { field } : {}) }]);
    });
  }

  it("stays quiet on success", async () => {
    const { notify, result } = await run(answering({ data: { viewer: { name: "Ada" } } }));
    expect(notify).not.toHaveBeenCalled();
    expect(result.data).toEqual({ viewer: { name: "Ada" } });
  });
});
