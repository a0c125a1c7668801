import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CombinedError } from "@urql/core";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { mockClient, renderWithApp } from "@/test/render";
import NewPaymentLinkPage from "./NewPaymentLinkPage";

const viewer = (role = "OPERATOR", extra: string[] = []) => ({
  data: {
    viewer: {
      __typename: "Viewer",
      name: "Olivier Opérateur",
      role,
      permissions: ["READ_JOURNAL", "READ_PAYER_PII", "CREATE_PAYMENT_LINK", "MOTO", ...extra],
      merchant: { __typename: "Merchant", id: "M1", name: "Hôtel Refundus Maximus", timeZone: "Europe/Zurich" },
    },
  },
});

const SHOPS = [
  { id: "S1", name: "Réservations en ligne" },
  { id: "S2", name: "Spa & bien-être" },
  { id: "S3", name: "Boutique cadeaux" },
];

const shopOptions = {
  data: {
    shops: {
      __typename: "ShopConnection",
      edges: SHOPS.map((s) => ({ __typename: "ShopEdge", node: { __typename: "Shop", ...s } })),
    },
  },
};

const template = (language: string, subject: string, body: string) => ({ __typename: "EmailTemplate", language, subject, body, custom: false });

/** The shops' settings: S2 lacks what sending needs, S3 requires an order reference. */
const linkShop = ({ id }: Record<string, unknown>) => ({
  data: {
    node: {
      __typename: "Shop",
      id,
      name: SHOPS.find((s) => s.id === id)!.name,
      defaultLanguage: "FR",
      managerEmail: "gestion@example.ch",
      orderReferenceRequired: id === "S3",
      linkValidityDays: 10,
      missingLinkSettings: id === "S2" ? ["successURL", "senderName"] : [],
      emailTemplates: [
        template("FR", "Demande de paiement {{reference}}", "Bonjour {{firstName}}, payez {{amount}} : {{link}}"),
        template("EN", "Payment request {{reference}}", "Hello {{firstName}}, pay {{amount}}: {{link}}"),
      ],
    },
  },
});

/** The preview as the server renders it: the placeholders of the subject filled in. */
const preview = ({ input }: Record<string, unknown>) => {
  const i = input as { subject?: string; orderReference?: string };
  const subject = (i.subject ?? "Demande de paiement {{reference}}").replace("{{reference}}", i.orderReference ?? "");
  return {
    data: {
      paymentLinkEmailPreview: { __typename: "EmailPreview", subject, text: `Texte : ${subject}`, html: `<p>${subject}</p>` },
    },
  };
};

const created = {
  data: { createPaymentLinks: { __typename: "CreatePaymentLinksPayload", batch: "b42", links: [] } },
};

const refused = (...errors: [string, string][]) => ({
  error: new CombinedError({
    graphQLErrors: errors.map(([field, message]) => new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", field } })),
  }),
});

type Answer = Record<string, unknown>;

function setup({ role = "OPERATOR", extra = [] as string[], create = created as Answer } = {}) {
  const client = mockClient({
    Viewer: viewer(role, extra),
    ShopOptions: shopOptions,
    LinkShop: linkShop,
    ViewerEmail: { data: { viewer: { __typename: "Viewer", email: "olivier.operateur@refundus.example" } } },
    PaymentLinkEmailPreview: preview,
    EmailPlaceholders: { data: { emailPlaceholders: [] } },
    CreatePaymentLinks: create,
  });
  renderWithApp(<NewPaymentLinkPage />, { client, url: "/payment-links/new" });
  const sent = () =>
    client.executeMutation.mock.calls.map((c) => (c[0].variables as { input: Record<string, unknown> }).input);
  return { client, sent, user: userEvent.setup() };
}

type User = ReturnType<typeof userEvent.setup>;

const next = () => screen.getByRole("button", { name: "Suivant" });

async function chooseShop(user: User, name: string) {
  await user.type(await screen.findByRole("combobox", { name: "Boutique" }), `${name.slice(0, 3)}{Enter}`);
}

/** Types text at once, as a paste: long addresses typed key by key make slow tests. */
async function paste(user: User, field: HTMLElement, text: string) {
  await user.click(field);
  await user.paste(text);
}

/** Fills step 1 with what sending needs. */
async function fillLink(user: User, { shop = "Réservations en ligne", recipients = "lea@example.ch; marc@example.fr", reference = "Recouvrement" } = {}) {
  await chooseShop(user, shop);
  await paste(user, screen.getByLabelText("Montant de la transaction"), "125.5");
  if (reference) await paste(user, screen.getByLabelText("Référence de la commande"), reference);
  await paste(user, screen.getByLabelText("E-mail de l'acheteur"), recipients);
}

const recipientItems = () => within(screen.getByRole("list", { name: "Liens qui seront créés" })).getAllByRole("listitem");

describe("the new payment link wizard, step 1", () => {
  it("shows each recipient with the reference its link will get, as it is typed", async () => {
    const { user } = setup();
    await fillLink(user, { recipients: "a@x.ch; b@y.ch;;c@z.fr" });
    expect(recipientItems().map((li) => li.textContent)).toEqual([
      "a@x.ch → Recouvrement-001",
      "b@y.ch → Recouvrement-002",
      "c@z.fr → Recouvrement-003",
    ]);
    expect(screen.getByText("3 destinataires, un lien chacun :")).toBeInTheDocument();
  });

  it("keeps a lone recipient's reference as it is", async () => {
    const { user } = setup();
    await fillLink(user, { recipients: "a@x.ch" });
    expect(recipientItems().map((li) => li.textContent)).toEqual(["a@x.ch → Recouvrement"]);
  });

  it("marks invalid and repeated addresses at their position and does not go on", async () => {
    const { user } = setup();
    await fillLink(user, { recipients: "a@x.ch; pas-une-adresse; A@X.ch" });
    const items = recipientItems();
    expect(items[1]).toHaveTextContent("Adresse e-mail invalide.");
    expect(items[2]).toHaveTextContent("Déjà saisie (destinataire 1).");
    expect(items[0]).not.toHaveAttribute("aria-invalid");
    await user.click(next());
    expect(await screen.findByText("2 adresses à corriger.")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Étape 1 : Paramètres du lien" })).toBeVisible();
  });

  it("says what is missing before going on", async () => {
    const { user } = setup();
    await screen.findByRole("combobox", { name: "Boutique" });
    await user.click(next());
    expect(await screen.findByText("Choisissez une boutique.")).toBeInTheDocument();
    expect(await screen.findByText("Saisissez un montant.")).toBeInTheDocument();
    expect(await screen.findByText("Saisissez au moins une adresse e-mail.")).toBeInTheDocument();
    expect(screen.getByLabelText("Montant de la transaction")).toHaveAccessibleDescription("Saisissez un montant.");
  });

  it("refuses an order reference with anything but letters and digits", async () => {
    const { user } = setup();
    await fillLink(user, { reference: "Recouvrement-1" });
    await user.click(next());
    expect(await screen.findByText(/Lettres et chiffres uniquement/)).toBeInTheDocument();
  });

  it("refuses a reference the -001 suffix pushes over 64 characters", async () => {
    const { user } = setup();
    await fillLink(user, { reference: "A".repeat(61) });
    await user.click(next());
    expect(
      await screen.findByText("Avec 2 destinataires, chaque référence reçoit un suffixe comme -001 : 60 caractères au plus (ici 61)."),
    ).toBeInTheDocument();
  });

  it("requires the order reference when the shop says so", async () => {
    const { user } = setup();
    await fillLink(user, { shop: "Boutique cadeaux", reference: "" });
    await user.click(next());
    expect(await screen.findByText("Cette boutique exige une référence de commande.")).toBeInTheDocument();
  });

  it("says which settings block a shop and sends an operator to an administrator", async () => {
    const { user } = setup();
    await chooseShop(user, "Spa & bien-être");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("« Spa & bien-être » ne peut pas encore envoyer de liens par e-mail");
    expect(alert).toHaveTextContent("Réglages manquants : page de succès, nom de l'expéditeur.");
    expect(alert).toHaveTextContent("Demandez à un administrateur");
    expect(within(alert).queryByRole("link")).not.toBeInTheDocument();
    expect(next()).toBeDisabled();
  });

  it("links an administrator to the shop's settings", async () => {
    const { user } = setup({ role: "ADMIN", extra: ["MANAGE_SHOPS"] });
    await chooseShop(user, "Spa & bien-être");
    const fix = await screen.findByRole("link", { name: "Compléter les réglages de la boutique" });
    expect(fix).toHaveAttribute("href", "/shops/S2");
  });

  it("shows a test-mode banner while the mode is TEST", async () => {
    const { user } = setup();
    await screen.findByRole("combobox", { name: "Boutique" });
    expect(screen.queryByText("Mode TEST : aucun argent ne sera débité")).not.toBeInTheDocument();
    // Ant Design's radio buttons take the click on their label.
    await user.click(screen.getByRole("radio", { name: "Test" }).closest("label")!);
    expect(screen.getByText("Mode TEST : aucun argent ne sera débité")).toBeInTheDocument();
  });
});

describe("the new payment link wizard, steps 2 and 3", () => {
  it("fills the advanced settings with the shop's defaults, prefills the message and sends", async () => {
    const { user, sent } = setup();
    await fillLink(user);
    await paste(user, screen.getByLabelText("Référence de l'acheteur (ID Payeur)"), "CUST-100001");
    await paste(user, screen.getByLabelText("Prénom"), "Léa");
    await user.click(next());

    const step2 = await screen.findByRole("heading", { name: "Étape 2 : Paramètres avancés" });
    await waitFor(() => expect(step2).toHaveFocus());
    expect(screen.getByLabelText("Validité du lien (jours)")).toHaveValue("10");
    expect(screen.getByRole("combobox", { name: "Langue" }).closest(".ant-select")).toHaveTextContent("Français");
    expect(screen.getByRole("switch", { name: "Au gestionnaire de la boutique" })).toHaveAccessibleDescription("gestion@example.ch");
    await user.click(screen.getByRole("switch", { name: "À moi-même" }));
    await paste(user, screen.getByLabelText("Champ personnalisé pour les reversements"), "FACT-2026-001");
    await user.click(next());

    expect(await screen.findByRole("heading", { name: "Étape 3 : Message" })).toBeVisible();
    expect(screen.getByLabelText("Objet")).toHaveValue("Demande de paiement {{reference}}");
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveValue("Bonjour {{firstName}}, payez {{amount}} : {{link}}");
    const region = screen.getByRole("region", { name: "Aperçu de l'e-mail" });
    expect(await within(region).findByText("Demande de paiement Recouvrement-001")).toBeInTheDocument();
    expect(screen.getByText("2 liens de 125.50 CHF seront envoyés.")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Envoyer" }));
    await waitFor(() => expect(sent()).toHaveLength(1));
    expect(sent()[0]).toEqual({
      shopId: "S1",
      mode: "PRODUCTION",
      amount: "12550",
      currency: "CHF",
      recipients: ["lea@example.ch", "marc@example.fr"],
      orderReference: "Recouvrement",
      payerReference: "CUST-100001",
      firstName: "Léa",
      language: "FR",
      validityDays: 10,
      reconciliation: "FACT-2026-001",
      copyToShopManager: false,
      copyToMe: true,
    });
    expect(await screen.findByLabelText("location")).toHaveTextContent("/payment-links?batch=b42");
  });

  it("sends an edited message as the link's own, and previews it", async () => {
    const { user, sent } = setup();
    await fillLink(user, { recipients: "lea@example.ch" });
    await user.click(next());
    await screen.findByRole("heading", { name: "Étape 2 : Paramètres avancés" });
    await user.click(next());
    const subject = await screen.findByLabelText("Objet");
    await user.clear(subject);
    await user.type(subject, "Votre séjour {{{{reference}}");
    const region = screen.getByRole("region", { name: "Aperçu de l'e-mail" });
    expect(await within(region).findByText("Votre séjour Recouvrement", {}, { timeout: 3000 })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Envoyer" }));
    await waitFor(() => expect(sent()).toHaveLength(1));
    expect(sent()[0]!.subject).toBe("Votre séjour {{reference}}");
    expect(sent()[0]!.message).toBeUndefined();
  });

  it("shows the server's refusals on their field and step, each bad recipient at its position", async () => {
    const { user } = setup({
      create: refused(
        ["input.recipients[1]", '"b@y" is not an e-mail address'],
        ["input.recipients[2]", "c@z.fr is already recipient 1"],
        ["input.payerReference", "at most 128 characters"],
      ),
    });
    await fillLink(user, { recipients: "a@x.ch; b@y.ch; c@z.fr" });
    await user.click(next());
    await screen.findByRole("heading", { name: "Étape 2 : Paramètres avancés" });
    await user.click(next());
    await screen.findByRole("heading", { name: "Étape 3 : Message" });
    await user.click(screen.getByRole("button", { name: "Envoyer" }));

    expect(await screen.findByRole("heading", { name: "Étape 1 : Paramètres du lien" })).toBeVisible();
    const items = recipientItems();
    expect(items[0]).not.toHaveAttribute("aria-invalid");
    expect(items[1]).toHaveTextContent('Refusé : "b@y" is not an e-mail address');
    expect(items[2]).toHaveTextContent("Refusé : c@z.fr is already recipient 1");
    expect(await screen.findByText("Le serveur a refusé 2 adresses : voir la liste.")).toBeInTheDocument();
    expect(screen.getByLabelText("Référence de l'acheteur (ID Payeur)")).toHaveAccessibleDescription(
      expect.stringContaining("Refusé : at most 128 characters"),
    );
  });
});
