import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createGraphQLClient } from "@/lib/graphql-client";
import { renderWithApp } from "@/test/render";
import MotoPage from "./MotoPage";

const CARD = "4242424242424242";

const viewer = {
  data: {
    viewer: {
      __typename: "Viewer",
      name: "Olivier Opérateur",
      role: "OPERATOR",
      permissions: ["READ_JOURNAL", "MOTO"],
      merchant: { __typename: "Merchant", id: "M1", name: "Hôtel Refundus Maximus", timeZone: "Europe/Zurich" },
    },
  },
};

const shops = {
  data: {
    shops: {
      __typename: "ShopConnection",
      edges: [{ __typename: "ShopEdge", node: { __typename: "Shop", id: "S3", name: "Boutique cadeaux" } }],
    },
  },
};

const payment = (status: string, last4: string, failure?: [string, string]) => ({
  data: {
    enterMotoPayment: {
      __typename: "PaymentPayload",
      replayed: false,
      transaction: {
        __typename: "Transaction",
        id: "T9",
        status,
        mode: "PRODUCTION",
        amount: "8000",
        currency: "CHF",
        paymentMethod: "VISA",
        cardLast4: last4,
        orderReference: "TEL42",
        failureCode: failure?.[0] ?? null,
        failureReason: failure?.[1] ?? null,
      },
    },
  },
});

type Body = { operationName: string; variables: { input?: Record<string, unknown> } };

/** The app's real client over a fake server: what leaves the browser can be read. */
function setup(answer: unknown = payment("CAPTURED", "4242")) {
  const bodies: Body[] = [];
  const urls: string[] = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as Body;
    bodies.push(body);
    urls.push(String(url));
    const answers: Record<string, unknown> = { Viewer: viewer, ShopOptions: shops, EnterMotoPayment: answer };
    return new Response(JSON.stringify(answers[body.operationName]), { headers: { "content-type": "application/json" } });
  });
  const client = createGraphQLClient({ url: "http://test/graphql", notify: vi.fn(), fetch: fetch as typeof globalThis.fetch });
  const logged = (["log", "info", "warn", "error", "debug"] as const).map((m) => vi.spyOn(console, m));
  renderWithApp(<MotoPage />, { client, url: "/e-terminal" });
  const payments = () => bodies.filter((b) => b.operationName === "EnterMotoPayment");
  const everythingLogged = () => logged.flatMap((spy) => spy.mock.calls.map((c) => c.map(String).join(" "))).join("\n");
  return { user: userEvent.setup(), payments, urls, everythingLogged };
}

afterEach(() => vi.restoreAllMocks());

type User = ReturnType<typeof userEvent.setup>;

const number = () => screen.getByLabelText("Numéro de carte");
const expiry = () => screen.getByLabelText("Expiration (MM/AA)");
const cvc = () => screen.getByLabelText("Code de sécurité");

async function fillOrder(user: User) {
  await user.type(await screen.findByRole("combobox", { name: "Boutique" }), "Bou{Enter}");
  await user.type(screen.getByLabelText("Montant"), "80");
  await user.type(screen.getByLabelText("Référence de la commande"), "TEL42");
}

async function fillCard(user: User, card = CARD, exp = "1230", code = "123") {
  await user.type(number(), card);
  await user.type(expiry(), exp);
  await user.type(cvc(), code);
}

const submit = (user: User) => user.click(screen.getByRole("button", { name: "Valider le paiement" }));

describe("the E-Terminal's card fields", () => {
  it("groups the card number as printed and refuses a mistyped one (Luhn)", async () => {
    const { user, payments } = setup();
    await fillOrder(user);
    await fillCard(user, "4242424242424241");
    expect(number()).toHaveValue("4242 4242 4242 4241");
    await submit(user);
    expect(await screen.findByText("Numéro mal saisi : le chiffre de contrôle ne correspond pas.")).toBeInTheDocument();
    expect(payments()).toHaveLength(0);
  });

  it("writes the expiry as MM/YY and refuses a past or impossible one", async () => {
    const { user } = setup();
    await user.type(await screen.findByLabelText("Expiration (MM/AA)"), "0120");
    expect(expiry()).toHaveValue("01/20");
    await submit(user);
    expect(await screen.findByText("Cette carte a expiré.")).toBeInTheDocument();
    await user.clear(expiry());
    await user.type(expiry(), "1330");
    expect(await screen.findByText("Le mois va de 01 à 12.")).toBeInTheDocument();
  });

  it("asks four digits of security code for American Express", async () => {
    const { user } = setup();
    await user.type(await screen.findByLabelText("Numéro de carte"), "378282246310005");
    expect(number()).toHaveValue("3782 822463 10005");
    await user.type(cvc(), "123");
    await submit(user);
    expect(await screen.findByText("4 chiffres.")).toBeInTheDocument();
  });
});

describe("submitting the E-Terminal", () => {
  it("sends the card in the request body, then clears it and shows only its last four digits", async () => {
    const { user, payments, urls, everythingLogged } = setup();
    await fillOrder(user);
    await fillCard(user);
    await submit(user);

    expect(await screen.findByText("Paiement de 80.00 CHF accepté")).toBeInTheDocument();
    expect(screen.getByText(/Visa •••• 4242/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Voir la transaction" })).toHaveAttribute("href", "/transactions/T9");
    const [sent] = payments();
    expect(sent!.variables.input).toEqual({
      shopId: "S3",
      mode: "PRODUCTION",
      amount: "8000",
      currency: "CHF",
      orderReference: "TEL42",
      capture: true,
      idempotencyKey: expect.any(String),
      card: { number: CARD, expiryMonth: 12, expiryYear: 2030, securityCode: "123" },
    });
    // Never in a URL, never on the page, never in a log.
    expect(urls.every((u) => u === "http://test/graphql")).toBe(true);
    expect(window.location.href).not.toContain("4242");
    expect(document.body.innerHTML).not.toMatch(/4242\s?4242/);
    expect(everythingLogged()).not.toMatch(/4242\s?4242|securityCode/);

    await user.click(screen.getByRole("button", { name: "Nouveau paiement" }));
    expect(number()).toHaveValue("");
    expect(expiry()).toHaveValue("");
    expect(cvc()).toHaveValue("");
  });

  it("shows the reason of a decline, and offers another card with the order kept", async () => {
    const { user } = setup(payment("FAILED", "9995", ["INSUFFICIENT_FUNDS", "Fonds insuffisants"]));
    await fillOrder(user);
    await fillCard(user, "4000000000009995");
    await submit(user);
    expect(await screen.findByText("Paiement de 80.00 CHF refusé")).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("Fonds insuffisants");
    expect(screen.getByRole("alert")).not.toHaveTextContent("(Fonds insuffisants)");
    await user.click(screen.getByRole("button", { name: "Saisir une autre carte" }));
    expect(screen.getByLabelText("Référence de la commande")).toHaveValue("TEL42");
    expect(number()).toHaveValue("");
    expect(cvc()).toHaveValue("");
  });

  it("clears the card even when the server refuses the request, and shows why on the field", async () => {
    const refusal = {
      data: null,
      errors: [{ message: "only Visa, Mastercard and American Express cards are accepted", path: ["enterMotoPayment"], extensions: { code: "BAD_USER_INPUT", field: "input.card.number" } }],
    };
    const { user } = setup(refusal);
    await fillOrder(user);
    await fillCard(user);
    await submit(user);
    await waitFor(() => expect(number()).toHaveAccessibleDescription(/Refusé : only Visa/));
    expect(number()).toHaveValue("");
    expect(cvc()).toHaveValue("");
  });
});
