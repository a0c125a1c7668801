// People log in through the server (the backend-for-frontend): it runs the
// OpenID Connect login and gives the browser only an HttpOnly session
// cookie, which this app never sees. What the app does is send people to
// /auth/login, prove each request is its own with the CSRF header, and ask
// the server to log out.

/** The header the server requires on every request made with the session cookie. */
export const CSRF_HEADER = "X-Guichet-CSRF";

/** The value of CSRF_HEADER: its presence is the proof. */
export const CSRF_VALUE = "1";

/**
 * A path on this site to come back to after login, or "/" for anything
 * else: an absolute URL, "//host" and "/\host" (which browsers read as
 * another host), or a path with control characters.
 */
export function safeReturnTo(path: string | null | undefined): string {
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return "/";
  if (/[\x00-\x1f\x7f]/.test(path)) return "/";
  return path;
}

/** The app's login page, which will bring the person back to returnTo. */
export function loginPagePath(returnTo: string): string {
  return `/login?${new URLSearchParams({ returnTo: safeReturnTo(returnTo) })}`;
}

/** The server's login endpoint, which sends the browser to the identity provider. */
export function authLoginUrl(returnTo: string): string {
  return `/auth/login?${new URLSearchParams({ returnTo: safeReturnTo(returnTo) })}`;
}

/**
 * Leaves for another page with a full load, which also drops every answer
 * the app cached for the previous session. (An object, so tests can spy on it.)
 */
export const browser = {
  /**
   * Whether the app is on its way elsewhere (logging out, say): requests
   * still in flight then find no session, and must not send the browser to
   * the login page instead.
   */
  leaving: false,
  go(url: string): void {
    browser.leaving = true;
    window.location.assign(url);
  },
};

/** Where the browser is now, as a path to come back to. */
export function currentPath(): string {
  return window.location.pathname + window.location.search;
}

const LOGGED_OUT = "guichet.loggedOut";

/**
 * Ends the session on the server and answers where to send the browser: the
 * identity provider's logout page when it has one (it then comes back to
 * /login), else /login. The login page says the person is logged out.
 * From the start, requests that find no session leave the browser be.
 */
export async function logout(fetchFn: typeof fetch = fetch): Promise<string> {
  browser.leaving = true;
  try {
    const response = await fetchFn("/auth/logout", {
      method: "POST",
      credentials: "same-origin",
      headers: { [CSRF_HEADER]: CSRF_VALUE },
    });
    if (!response.ok) throw new Error(`logout failed: HTTP ${response.status}`);
    const body = (await response.json().catch(() => ({}))) as { logoutUrl?: unknown };
    sessionStorage.setItem(LOGGED_OUT, "1");
    return typeof body.logoutUrl === "string" && body.logoutUrl !== "" ? body.logoutUrl : "/login";
  } catch (e) {
    browser.leaving = false;
    throw e;
  }
}

/** Whether the person just logged out in this tab. */
export function justLoggedOut(): boolean {
  return sessionStorage.getItem(LOGGED_OUT) !== null;
}

/** Forgets the logout, once the login page has said it. */
export function forgetLogout(): void {
  sessionStorage.removeItem(LOGGED_OUT);
}
