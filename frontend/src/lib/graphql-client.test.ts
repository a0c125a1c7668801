import { afterEach, describe, expect, it, vi } from "vitest";
import { browser } from "./auth";
import { appErrors } from "./errors";
import { createGraphQLClient, QUIET } from "./graphql-client";

const answering = (body: unknown, status = 200) =>
  vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }),
  );

type FetchMock = ReturnType<typeof answering>;

function setup(fetch: FetchMock | typeof globalThis.fetch, onUnauthenticated?: () => void) {
  const notify = vi.fn();
  const client = createGraphQLClient({
    url: "http://test/graphql",
    notify,
    fetch: fetch as typeof globalThis.fetch,
    ...(onUnauthenticated ? { onUnauthenticated } : {}),
  });
  const query = (q = "{ viewer { name } }") => client.query(q, {}, { requestPolicy: "network-only" }).toPromise();
  return { notify, query };
}

const failing = (code: string, message = "boom", field?: string, status = 200) =>
  answering({ data: null, errors: [{ message, path: ["viewer"], extensions: { code, ...(field ? { field } : {}) } }] }, status);

afterEach(() => {
  window.history.replaceState(null, "", "/");
  browser.leaving = false;
});

describe("the client", () => {
  it("sends the session cookie and the CSRF header with every request", async () => {
    const fetch = answering({ data: { viewer: { name: "Ada" } } });
    const { query } = setup(fetch);
    await query();
    const init = fetch.mock.calls[0]![1]!;
    expect(init.method).toBe("POST");
    expect(init.credentials).toBe("same-origin");
    expect(new Headers(init.headers).get("X-Guichet-CSRF")).toBe("1");
  });

  it("sends the browser to the login page, back to the current path, without a notification", async () => {
    const go = vi.spyOn(browser, "go").mockImplementation(() => {});
    window.history.replaceState(null, "", "/journal?status=FAILED&labels=L1");
    const { notify, query } = setup(failing("UNAUTHENTICATED", "no session", undefined, 401));
    const result = await query();
    expect(go).toHaveBeenCalledExactlyOnceWith("/login?returnTo=%2Fjournal%3Fstatus%3DFAILED%26labels%3DL1");
    expect(notify).not.toHaveBeenCalled();
    expect(appErrors(result.error).map((e) => e.code)).toEqual(["UNAUTHENTICATED"]);
  });

  it("leaves the browser be when it is already leaving, as during a logout", async () => {
    const go = vi.spyOn(browser, "go").mockImplementation(() => {});
    browser.leaving = true;
    const { query } = setup(failing("UNAUTHENTICATED"));
    await query();
    expect(go).not.toHaveBeenCalled();
  });

  it("leaves for the login page once, however many requests find no session", async () => {
    const leave = vi.fn();
    const { query } = setup(failing("UNAUTHENTICATED"), leave);
    await Promise.all([query("{ a: viewer { name } }"), query("{ b: viewer { name } }"), query()]);
    expect(leave).toHaveBeenCalledOnce();
  });

  it("reports FORBIDDEN for the whole app when nothing was answered", async () => {
    const { notify, result } = await run(failing("FORBIDDEN"));
    expect(notify).toHaveBeenCalledExactlyOnceWith({ code: "FORBIDDEN", message: "boom" });
    expect(result.error?.graphQLErrors[0]?.extensions.code).toBe("FORBIDDEN");
  });

  it("leaves the errors of a quiet operation to its screen", async () => {
    const notify = vi.fn();
    const client = createGraphQLClient({ url: "http://test/graphql", notify, fetch: failing("FORBIDDEN") as typeof globalThis.fetch });
    const result = await client.query("{ outbox { totalCount } }", {}, { ...QUIET, requestPolicy: "network-only" }).toPromise();
    expect(notify).not.toHaveBeenCalled();
    expect(appErrors(result.error).map((e) => e.code)).toEqual(["FORBIDDEN"]);
  });

  it("keeps fields masked for the viewer's role out of the errors: partial data is the answer", async () => {
    const masked = (field: string) => ({
      message: "not allowed",
      path: ["payers", "edges", 0, "node", field],
      extensions: { code: "FORBIDDEN" },
    });
    const data = { payers: { edges: [{ node: { reference: "CUST-1", name: null, email: null } }] } };
    const { notify, result } = await run(answering({ data, errors: [masked("name"), masked("email")] }));
    expect(notify).not.toHaveBeenCalled();
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual(data);
  });

  it("keeps the other errors of a partly masked answer", async () => {
    const data = { payer: { reference: "CUST-1", email: null } };
    const { notify, result } = await run(
      answering({
        data,
        errors: [
          { message: "not allowed", path: ["payer", "email"], extensions: { code: "FORBIDDEN" } },
          { message: "internal error (request r-1)", path: ["payer", "createdAt"], extensions: { code: "INTERNAL" } },
        ],
      }),
    );
    expect(appErrors(result.error).map((e) => e.code)).toEqual(["INTERNAL"]);
    expect(notify).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ code: "INTERNAL", requestId: "r-1" }));
  });

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

async function run(fetch: FetchMock | typeof globalThis.fetch) {
  const leave = vi.fn();
  const { notify, query } = setup(fetch, leave);
  const result = await query();
  expect(leave).not.toHaveBeenCalled();
  return { notify, result };
}
