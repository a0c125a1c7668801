import { render } from "@testing-library/react";
import type { Client, OperationContext, OperationResult } from "@urql/core";
import { getOperationName } from "@urql/core";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { Provider } from "urql";
import { fromValue, never, type Source } from "wonka";
import { vi } from "vitest";
import { DesignProvider } from "@/app/provider";

type Answer = Partial<OperationResult> | ((variables: Record<string, unknown>) => Partial<OperationResult>);

/**
 * A GraphQL client that answers each operation by name, as urql's testing
 * guide does it; operations without an answer never resolve.
 */
export function mockClient(answers: Record<string, Answer>) {
  const answer = (
    request: { query: Parameters<typeof getOperationName>[0]; variables?: unknown },
    _context?: Partial<OperationContext>,
  ) => {
    const a = answers[getOperationName(request.query) ?? ""];
    if (!a) return never;
    const variables = (request.variables ?? {}) as Record<string, unknown>;
    return fromValue(typeof a === "function" ? a(variables) : a);
  };
  const client = {
    executeQuery: vi.fn(answer),
    executeMutation: vi.fn(answer),
    // Subscriptions stay silent unless a test feeds them (see live-events.ts).
    executeSubscription: vi.fn((_request: Parameters<typeof answer>[0], _context?: Partial<OperationContext>): Source<OperationResult> => never),
  };
  return client as typeof client & Client;
}

/** The answer to the shell's Viewer query: someone of the first demo merchant. */
export function viewerAnswer(name: string, role: string, permissions: string[]) {
  return {
    data: {
      viewer: { name, role, permissions, merchant: { id: "M1", name: "Hôtel Refundus Maximus", timeZone: "Europe/Zurich" } },
    },
  };
}

/** Where the router is, for tests that check the URL a screen wrote. */
export function LocationProbe() {
  const { pathname, search } = useLocation();
  return <output aria-label="location">{pathname + search}</output>;
}

/**
 * Renders a screen with the app's providers, a router at url, and a mocked
 * client; path gives the screen's route pattern when it reads parameters.
 */
export function renderWithApp(
  ui: ReactElement,
  { client, url = "/", path }: { client: Client; url?: string; path?: string },
) {
  return render(
    <DesignProvider>
      <Provider value={client}>
        <MemoryRouter initialEntries={[url]} useTransitions={false}>
          {path ? (
            <Routes>
              <Route path={path} element={ui} />
            </Routes>
          ) : (
            ui
          )}
          <LocationProbe />
        </MemoryRouter>
      </Provider>
    </DesignProvider>,
  );
}
