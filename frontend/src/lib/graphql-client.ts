import {
  Client,
  CombinedError,
  cacheExchange,
  fetchExchange,
  mapExchange,
  subscriptionExchange,
  type Exchange,
  type OperationResult,
} from "@urql/core";
import type { GraphQLError } from "graphql";
import { browser, CSRF_HEADER, CSRF_VALUE, currentPath, loginPagePath } from "./auth";
import { appErrors, isGlobal, type AppError } from "./errors";
import type { LiveConnection } from "./live";

export interface ClientOptions {
  url?: string;
  /** Shows an error that concerns the whole app (see isGlobal). */
  notify: (error: AppError) => void;
  /**
   * Called once when the server says nobody is logged in; by default the
   * browser goes to the login page, which brings the person back here.
   */
  onUnauthenticated?: () => void;
  fetch?: typeof fetch;
  /** The live connection subscriptions go through; without it, none can start. */
  live?: LiveConnection;
}

/**
 * Sends the browser to the login page, to come back to where it is, unless
 * it is already leaving (a logout ends the session under requests in flight).
 */
export function goToLogin(): void {
  if (!browser.leaving) browser.go(loginPagePath(currentPath()));
}

/**
 * Whether an error denies one field inside data that was otherwise
 * answered, such as a payer's e-mail for a role without READ_PAYER_PII: the
 * server nulls that field and says FORBIDDEN for it. Screens show such
 * fields as hidden from the viewer's permissions; it is not a failure.
 */
function isMaskedField(e: GraphQLError, data: unknown): boolean {
  return e.extensions?.code === "FORBIDDEN" && data != null && (e.path?.length ?? 0) >= 2;
}

/** The result without its masked-field errors (see isMaskedField). */
function withoutMaskedFields(result: OperationResult): OperationResult {
  const error = result.error;
  if (!error || error.networkError) return result;
  const kept = error.graphQLErrors.filter((e) => !isMaskedField(e, result.data));
  if (kept.length === error.graphQLErrors.length) return result;
  return {
    ...result,
    error: kept.length > 0 ? new CombinedError({ graphQLErrors: kept, response: error.response }) : undefined,
  };
}

/**
 * The operation context of a request whose FORBIDDEN, INTERNAL and network
 * errors its screen handles itself, such as a probe of whether a feature
 * is available: they stay on the result and are not notified.
 */
export const QUIET = { quiet: true } as const;

/**
 * The app's one GraphQL client. Requests carry the session cookie and the
 * CSRF header. Every operation's errors pass here: UNAUTHENTICATED sends the
 * browser to the login page; FORBIDDEN, INTERNAL and network failures are
 * reported through notify once, for every screen (unless the operation is
 * QUIET); a field masked for the viewer's role is no error at all;
 * NOT_FOUND, BAD_USER_INPUT and CONFLICT stay on the result for the screen
 * or form to show where they belong. Subscriptions go over the live
 * connection, whose losses the shell shows as its state rather than as errors.
 */
export function createGraphQLClient({
  url = "/graphql",
  notify,
  onUnauthenticated = goToLogin,
  fetch,
  live,
}: ClientOptions): Client {
  // Many requests fail at once when a session ends: leave only once.
  let leaving = false;
  const liveExchanges: Exchange[] = live
    ? [
        subscriptionExchange({
          forwardSubscription: (request) => ({
            subscribe: (sink) => ({
              unsubscribe: live.subscribe({ query: request.query ?? "", variables: request.variables }, sink),
            }),
          }),
        }),
      ]
    : [];
  return new Client({
    url,
    fetch,
    preferGetMethod: false,
    fetchOptions: { credentials: "same-origin", headers: { [CSRF_HEADER]: CSRF_VALUE } },
    exchanges: [
      cacheExchange,
      mapExchange({
        onResult(raw) {
          const result = withoutMaskedFields(raw);
          const subscription = result.operation.kind === "subscription";
          for (const e of appErrors(result.error)) {
            if (e.code === "UNAUTHENTICATED") {
              if (!leaving) {
                leaving = true;
                onUnauthenticated();
              }
            } else if (isGlobal(e.code) && !result.operation.context.quiet && !(subscription && e.code === "NETWORK")) {
              notify(e);
            }
          }
          return result;
        },
      }),
      ...liveExchanges,
      fetchExchange,
    ],
  });
}
