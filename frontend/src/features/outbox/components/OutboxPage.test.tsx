import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { createGraphQLClient } from "@/lib/graphql-client";
import { renderWithApp } from "@/test/render";
import OutboxPage from "./OutboxPage";

const message = (id: string, to: string, createdAt: string, bcc: string[] | null = null) => ({
  __typename: "EmailMessage",
  id,
  createdAt,
  kind: "PAYMENT_LINK",
  status: "SENT",
  to,
  bcc,
  subject: `Demande de paiement pour ${to}`,
  attempts: 1,
  sentAt: createdAt,
});

const outbox = {
  data: {
    outbox: {
      __typename: "EmailMessageConnection",
      totalCount: 2,
      edges: [
        { __typename: "EmailMessageEdge", cursor: "c2", node: message("E2", "marc@example.fr", "2026-11-26T09:31:00Z", ["gestion@example.ch"]) },
        { __typename: "EmailMessageEdge", cursor: "c1", node: message("E1", "lea@example.ch", "2026-11-26T09:30:00Z") },
      ],
    },
  },
};

const detail = {
  data: {
    node: {
      ...message("E2", "marc@example.fr", "2026-11-26T09:31:00Z", ["gestion@example.ch"]),
      messageID: "<e2@guichet>",
      fromName: "Hôtel Refundus Maximus",
      replyTo: "gestion@example.ch",
      language: "FR",
      lastError: null,
      relay: "local outbox",
      textBody: "Bonjour Marc, payez ici : http://localhost/pay/abc",
      htmlBody: "<html><head></head><body><p>Bonjour Marc</p><script>parent.stolen = true</script></body></html>",
      paymentLink: { __typename: "PaymentLink", id: "PL2", orderReference: "Recouvrement-002", mode: "TEST" },
    },
  },
};

const viewer = {
  data: {
    viewer: {
      __typename: "Viewer",
      name: "Alice Admin",
      role: "ADMIN",
      permissions: ["READ_JOURNAL", "MANAGE_SHOPS"],
      merchant: { __typename: "Merchant", id: "M1", name: "Hôtel Refundus Maximus", timeZone: "Europe/Zurich" },
    },
  },
};

function show(screenAnswers: Record<string, unknown>, url = "/outbox") {
  const answers: Record<string, unknown> = { Viewer: viewer, ...screenAnswers };
  const bodies: { operationName: string; query: string; variables: Record<string, unknown> }[] = [];
  const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as (typeof bodies)[number];
    bodies.push(body);
    return new Response(JSON.stringify(answers[body.operationName]), { headers: { "content-type": "application/json" } });
  });
  const notify = vi.fn();
  const client = createGraphQLClient({ url: "http://test/graphql", notify, fetch: fetch as typeof globalThis.fetch });
  renderWithApp(<OutboxPage />, { client, url });
  return { notify, bodies, user: userEvent.setup() };
}

describe("OutboxPage", () => {
  it("lists the e-mails newest first, with their recipients and blind copies", async () => {
    const { bodies } = show({ Outbox: outbox });
    const table = await screen.findByRole("table", { name: "E-mails produits" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("marc@example.fr");
    expect(rows[0]).toHaveTextContent("Cci : gestion@example.ch");
    expect(rows[0]).toHaveTextContent("Demande de paiement pour marc@example.fr");
    expect(rows[1]).toHaveTextContent("lea@example.ch");
    expect(screen.getByText("2 e-mails")).toBeInTheDocument();
    // The server is asked for the newest first.
    expect(bodies.find((b) => b.operationName === "Outbox")!.query).toMatch(/orderBy: \{field: CREATED_AT, direction: DESC\}/);
  });

  it("shows the chosen e-mail's headers, its HTML in a sandboxed frame and its text", async () => {
    const { user } = show({ Outbox: outbox, OutboxMessage: detail });
    const table = await screen.findByRole("table", { name: "E-mails produits" });
    await user.click((await within(table).findAllByRole("link"))[0]!);
    expect(await screen.findByLabelText("location")).toHaveTextContent("/outbox?message=E2");
    const region = await screen.findByRole("region", { name: "E-mail" });
    expect(within(region).getByRole("heading", { name: "Demande de paiement pour marc@example.fr" })).toBeInTheDocument();
    expect(region).toHaveTextContent("Hôtel Refundus Maximus");
    expect(within(region).getByRole("link", { name: "Recouvrement-002" })).toHaveAttribute("href", "/payment-links/PL2");
    const frame = within(region).getByTitle("E-mail « Demande de paiement pour marc@example.fr »");
    expect(frame.tagName).toBe("IFRAME");
    // No script, no access to the app: nothing but opening links elsewhere.
    expect(frame.getAttribute("sandbox")).toBe("allow-popups allow-popups-to-escape-sandbox");
    expect(frame.getAttribute("srcdoc")).toContain("<p>Bonjour Marc</p>");
    await user.click(within(region).getByRole("tab", { name: "Texte" }));
    expect(await within(region).findByText(/Bonjour Marc, payez ici/)).toBeVisible();
  });

  it("says the outbox is for development when the server is in production, without a notification", async () => {
    const forbidden = {
      data: null,
      errors: [{ message: "the outbox is a development view", path: ["outbox"], extensions: { code: "FORBIDDEN" } }],
    };
    const { notify, bodies } = show({ Outbox: forbidden });
    expect(await screen.findByText(/La boîte d'envoi n'existe qu'en développement/)).toBeInTheDocument();
    expect(bodies.map((b) => b.operationName)).toContain("Outbox");
    await waitFor(() => expect(notify).not.toHaveBeenCalled());
  });
});
