import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { createGraphQLClient } from "@/lib/graphql-client";
import { renderWithApp } from "@/test/render";
import PayersPage from "./PayersPage";

const viewer = (role: string, permissions: string[]) => ({
  data: {
    viewer: {
      __typename: "Viewer",
      name: "Valérie Lecteur",
      role,
      permissions,
      merchant: { __typename: "Merchant", id: "M1", name: "Hôtel Refundus Maximus", timeZone: "Europe/Zurich" },
    },
  },
});

const payer = (name: string | null, email: string | null) => ({
  __typename: "Payer",
  id: "P1",
  reference: "CUST-100001",
  name,
  email,
  createdAt: "2026-11-26T07:15:21Z",
});

/** The server's answer for a VIEWER: name and e-mail null, with a FORBIDDEN entry each. */
const masked = {
  data: { payers: { __typename: "PayerConnection", totalCount: 1, edges: [{ __typename: "PayerEdge", cursor: "c1", node: payer(null, null) }] } },
  errors: ["name", "email"].map((field) => ({
    message: "your role may not read payers' personal data",
    path: ["payers", "edges", 0, "node", field],
    extensions: { code: "FORBIDDEN" },
  })),
};

const readable = {
  data: {
    payers: {
      __typename: "PayerConnection",
      totalCount: 1,
      edges: [{ __typename: "PayerEdge", cursor: "c1", node: payer("Léa Moreau", "lea@example.ch") }],
    },
  },
};

/** The app's real client over a fake server answering by operation name. */
function show(answers: Record<string, unknown>) {
  const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    const { operationName } = JSON.parse(String(init?.body)) as { operationName: string };
    return new Response(JSON.stringify(answers[operationName]), { headers: { "content-type": "application/json" } });
  });
  const notify = vi.fn();
  const client = createGraphQLClient({ url: "http://test/graphql", notify, fetch: fetch as typeof globalThis.fetch });
  renderWithApp(<PayersPage />, { client, url: "/payers" });
  return { notify };
}

describe("PayersPage", () => {
  it("shows a viewer's payers with their personal data masked, and no error", async () => {
    const { notify } = show({ Viewer: viewer("VIEWER", ["READ_JOURNAL"]), Payers: masked });
    const row = (await screen.findByRole("link", { name: "CUST-100001" })).closest("tr")!;
    expect(within(row).getAllByText("Masqué")).toHaveLength(2);
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(notify).not.toHaveBeenCalled();
  });

  it("shows personal data to a role that may read it", async () => {
    show({ Viewer: viewer("OPERATOR", ["READ_JOURNAL", "READ_PAYER_PII"]), Payers: readable });
    const row = (await screen.findByRole("link", { name: "CUST-100001" })).closest("tr")!;
    expect(row).toHaveTextContent("Léa Moreau");
    expect(row).toHaveTextContent("lea@example.ch");
    expect(within(row).queryByText("Masqué")).not.toBeInTheDocument();
  });
});
