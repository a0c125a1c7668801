import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CombinedError } from "@urql/core";
import { GraphQLError } from "graphql";
import { describe, expect, it, vi } from "vitest";
import { browser } from "@/lib/auth";
import { LiveContext, type LiveConnection, type LiveState } from "@/lib/live";
import { mockClient, renderWithApp } from "@/test/render";
import { Shell } from "./Shell";

const viewer = (role: string, permissions: string[]) => ({
  data: {
    viewer: {
      name: "Alice Admin",
      role,
      permissions,
      merchant: { id: "M1", name: "Hôtel Refundus Maximus", timeZone: "Europe/Zurich" },
    },
  },
});

const show = (role: string, permissions: string[], answers: Record<string, unknown> = {}) =>
  renderWithApp(<Shell />, { client: mockClient({ Viewer: viewer(role, permissions), ...answers }), url: "/journal" });

describe("Shell", () => {
  it("shows who is logged in, their role and their merchant", async () => {
    show("MANAGER", ["READ_JOURNAL"]);
    expect(await screen.findByText("Alice Admin")).toBeInTheDocument();
    expect(screen.getByText("Responsable")).toBeInTheDocument();
    expect(screen.getByText("Hôtel Refundus Maximus")).toBeInTheDocument();
  });

  it("offers the Access page to those who manage access only", async () => {
    const { unmount } = show("ADMIN", ["READ_JOURNAL", "MANAGE_ACCESS"]);
    const nav = await screen.findByRole("navigation", { name: "Navigation principale" });
    expect(await screen.findByRole("link", { name: "Accès" })).toHaveAttribute("href", "/access");
    expect(nav).toContainElement(screen.getByRole("link", { name: "Accès" }));
    unmount();
    show("MANAGER", ["READ_JOURNAL", "REFUND"]);
    await screen.findByText("Alice Admin");
    expect(screen.queryByRole("link", { name: "Accès" })).not.toBeInTheDocument();
  });

  it("offers payment links, the E-Terminal and shops to those who hold their permissions", async () => {
    const { unmount } = show("ADMIN", ["READ_JOURNAL", "CREATE_PAYMENT_LINK", "MOTO", "MANAGE_SHOPS"]);
    expect(await screen.findByRole("link", { name: "Liens de paiement" })).toHaveAttribute("href", "/payment-links");
    expect(screen.getByRole("link", { name: "E-Terminal (MOTO)" })).toHaveAttribute("href", "/e-terminal");
    expect(screen.getByRole("link", { name: "Boutiques" })).toHaveAttribute("href", "/shops");
    unmount();
    show("VIEWER", ["READ_JOURNAL"]);
    await screen.findByText("Alice Admin");
    for (const name of ["Liens de paiement", "E-Terminal (MOTO)", "Boutiques"]) {
      expect(screen.queryByRole("link", { name })).not.toBeInTheDocument();
    }
  });

  it("offers the outbox only when the server keeps one", async () => {
    const admin = ["READ_JOURNAL", "MANAGE_SHOPS"];
    const dev = { OutboxProbe: { data: { outbox: { __typename: "EmailMessageConnection", edges: [] } } } };
    const { unmount } = show("ADMIN", admin, dev);
    expect(await screen.findByRole("link", { name: "Boîte d'envoi" })).toHaveAttribute("href", "/outbox");
    unmount();
    const production = {
      OutboxProbe: {
        error: new CombinedError({ graphQLErrors: [new GraphQLError("development view", { extensions: { code: "FORBIDDEN" } })] }),
      },
    };
    show("ADMIN", admin, production);
    expect(await screen.findByRole("link", { name: "Boutiques" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Boîte d'envoi" })).not.toBeInTheDocument();
  });

  it("logs out on the server, then leaves for the provider's logout", async () => {
    const go = vi.spyOn(browser, "go").mockImplementation(() => {});
    const fetch = vi.fn(async () => new Response(JSON.stringify({ logoutUrl: "http://idp.example/logout" })));
    vi.stubGlobal("fetch", fetch);
    show("VIEWER", ["READ_JOURNAL"]);
    await userEvent.setup().click(await screen.findByRole("button", { name: "Se déconnecter" }));
    await waitFor(() => expect(go).toHaveBeenCalledExactlyOnceWith("http://idp.example/logout"));
    expect(fetch).toHaveBeenCalledWith("/auth/logout", expect.objectContaining({ method: "POST" }));
    vi.unstubAllGlobals();
    browser.leaving = false;
  });

  it("shows the state of the live connection while a screen follows live changes", async () => {
    let state: LiveState = "live";
    const listeners = new Set<() => void>();
    const live = {
      state: () => state,
      listen: (l: () => void) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    } as unknown as LiveConnection;
    renderWithApp(
      <LiveContext value={live}>
        <Shell />
      </LiveContext>,
      { client: mockClient({ Viewer: viewer("OPERATOR", ["READ_JOURNAL"]) }), url: "/dashboard" },
    );
    const status = await screen.findByRole("status", { name: "Connexion en direct" });
    expect(status).toHaveTextContent("En direct");
    for (const [next, text] of [
      ["reconnecting", "Reconnexion…"],
      ["offline", "Hors ligne"],
      ["idle", ""],
    ] as const) {
      state = next;
      act(() => listeners.forEach((l) => l()));
      expect(status).toHaveTextContent(text === "" ? /^$/ : text);
    }
  });
});
