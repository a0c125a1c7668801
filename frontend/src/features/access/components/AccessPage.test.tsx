import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { mockClient, renderWithApp } from "@/test/render";
import AccessPage from "./AccessPage";

const viewer = (permissions: string[]) => ({
  data: {
    viewer: {
      name: "Alice Admin",
      role: "ADMIN",
      permissions,
      merchant: { id: "M1", name: "Hôtel Refundus Maximus", timeZone: "Europe/Zurich" },
    },
  },
});

const access = {
  data: {
    sessions: {
      __typename: "SessionConnection",
      edges: [
        {
          node: {
            __typename: "Session",
            id: "S1",
            name: "Olivier Opérateur",
            email: "olivier.operateur@refundus.example",
            role: "OPERATOR",
            createdAt: "2026-11-26T08:00:00Z",
            lastSeenAt: "2026-11-26T09:15:00Z",
            expiresAt: "2026-11-26T20:00:00Z",
            userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140",
          },
        },
      ],
    },
    partnerClients: {
      __typename: "PartnerClientConnection",
      edges: [
        {
          node: {
            __typename: "PartnerClient",
            id: "C1",
            clientID: "partner-demo",
            name: "partner-demo",
            disabled: false,
            lastSeenAt: "2026-11-26T07:00:00Z",
          },
        },
      ],
    },
  },
};

function setup(permissions = ["MANAGE_ACCESS"]) {
  const client = mockClient({
    Viewer: viewer(permissions),
    Access: access,
    RevokeSession: { data: { revokeSession: { __typename: "Session", id: "S1", endedAt: "2026-11-26T09:20:00Z" } } },
    SetPartnerClientDisabled: { data: { setPartnerClientDisabled: { __typename: "PartnerClient", id: "C1", disabled: true } } },
  });
  renderWithApp(<AccessPage />, { client, url: "/access" });
  return { client, user: userEvent.setup() };
}

describe("AccessPage", () => {
  it("lists active sessions with role, last activity, expiry and browser", async () => {
    setup();
    const table = await screen.findByRole("table", { name: "Sessions actives" });
    const row = within(table).getAllByRole("row")[1]!;
    expect(row).toHaveTextContent("Olivier Opérateur");
    expect(row).toHaveTextContent("Opérateur");
    expect(row).toHaveTextContent("26.11.2026 10:15");
    expect(row).toHaveTextContent("26.11.2026 21:00");
    expect(row).toHaveTextContent("Chrome 140 · Linux");
  });

  it("revokes a session only once confirmed", async () => {
    const { client, user } = setup();
    await user.click(await screen.findByRole("button", { name: "Révoquer la session de Olivier Opérateur" }));
    expect(await screen.findByText("Révoquer la session de Olivier Opérateur ?")).toBeInTheDocument();
    expect(client.executeMutation).not.toHaveBeenCalled();
    await user.click(screen.getByRole("button", { name: "Révoquer" }));
    await waitFor(() => expect(client.executeMutation).toHaveBeenCalledOnce());
    expect(client.executeMutation.mock.calls[0]![0].variables).toEqual({ id: "S1" });
  });

  it("disables a partner client", async () => {
    const { client, user } = setup();
    const toggle = await screen.findByRole("switch", { name: "Désactiver partner-demo" });
    expect(toggle).not.toBeChecked();
    await user.click(toggle);
    await waitFor(() => expect(client.executeMutation).toHaveBeenCalledOnce());
    expect(client.executeMutation.mock.calls[0]![0].variables).toEqual({ id: "C1", disabled: true });
  });

  it("is closed to those who do not manage access", async () => {
    const { client } = setup(["READ_JOURNAL", "REFUND"]);
    expect(await screen.findByText("Votre rôle ne permet pas de gérer les accès.")).toBeInTheDocument();
    expect(client.executeQuery.mock.calls.map((c) => c[0].query.definitions[0])).not.toContainEqual(
      expect.objectContaining({ name: expect.objectContaining({ value: "Access" }) }),
    );
  });
});
