import { afterEach, describe, expect, it, vi } from "vitest";
import { authLoginUrl, browser, forgetLogout, justLoggedOut, loginPagePath, logout, safeReturnTo } from "./auth";

afterEach(() => {
  sessionStorage.clear();
  browser.leaving = false;
});

describe("safeReturnTo", () => {
  it("keeps paths of this site, with their query", () => {
    expect(safeReturnTo("/journal?status=FAILED")).toBe("/journal?status=FAILED");
  });

  for (const [name, path] of [
    ["nothing", null],
    ["an absolute URL", "https://evil.example/"],
    ["a scheme-relative URL", "//evil.example/"],
    ["a backslash that browsers read as a slash", "/\\evil.example"],
    ["a tab that browsers drop", "/\t/evil.example"],
    ["a relative path", "journal"],
  ] as const) {
    it(`goes home for ${name}`, () => {
      expect(safeReturnTo(path)).toBe("/");
    });
  }
});

it("builds the login page's and the server's login URLs", () => {
  expect(loginPagePath("/transactions/VDox?x=1")).toBe("/login?returnTo=%2Ftransactions%2FVDox%3Fx%3D1");
  expect(authLoginUrl("/journal")).toBe("/auth/login?returnTo=%2Fjournal");
  expect(authLoginUrl("https://evil.example")).toBe("/auth/login?returnTo=%2F");
});

describe("logout", () => {
  const answering = (body: unknown, status = 200) =>
    vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => new Response(JSON.stringify(body), { status }));

  it("posts with the CSRF header and goes to the provider's logout", async () => {
    const fetch = answering({ logoutUrl: "http://localhost/dev-idp/end_session?x=1" });
    expect(await logout(fetch)).toBe("http://localhost/dev-idp/end_session?x=1");
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe("/auth/logout");
    expect(init?.method).toBe("POST");
    expect(new Headers(init?.headers).get("X-Guichet-CSRF")).toBe("1");
    expect(justLoggedOut()).toBe(true);
    // Requests in flight now find no session: the app is leaving anyway.
    expect(browser.leaving).toBe(true);
    forgetLogout();
    expect(justLoggedOut()).toBe(false);
  });

  it("goes to the login page when the provider has no logout", async () => {
    expect(await logout(answering({}))).toBe("/login");
  });

  it("fails when the server refuses", async () => {
    await expect(logout(answering({ errors: [] }, 403))).rejects.toThrow("HTTP 403");
    expect(justLoggedOut()).toBe(false);
    expect(browser.leaving).toBe(false);
  });
});
