import { Client, cacheExchange, fetchExchange, mapExchange } from "@urql/core";
import { appErrors, isGlobal, type AppError } from "./errors";

export interface ClientOptions {
  url?: string;
  /** Shows an error that concerns the whole app (see isGlobal). */
  notify: (error: AppError) => void;
  fetch?: typeof fetch;
}

/**
 * The app's one GraphQL client. Every operation's errors pass here:
 * UNAUTHENTICATED, FORBIDDEN, INTERNAL and network failures are reported
 * through notify once, for every screen; NOT_FOUND, BAD_USER_INPUT and
 * CONFLICT stay on the result for the screen or form to show where they
 * belong.
 */
export function createGraphQLClient({ url = "/graphql", notify, fetch }: ClientOptions): Client {
  return new Client({
    url,
    fetch,
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error) {
          for (const e of appErrors(error)) {
            if (isGlobal(e.code)) notify(e);
          }
        },
      }),
      fetchExchange,
    ],
  });
}
