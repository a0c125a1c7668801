import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CombinedError } from "@urql/core";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { mockClient, renderWithApp } from "@/test/render";
import { shopSettings } from "../fixtures";
import ShopSettingsPage from "./ShopSettingsPage";

const viewer = (role: string, permissions: string[]) => ({
  data: {
    viewer: {
      __typename: "Viewer",
      name: "Alice Admin",
      role,
      permissions,
      merchant: { __typename: "Merchant", id: "M1", name: "Hôtel Refundus Maximus", timeZone: "Europe/Zurich" },
    },
  },
});

const shop = { __typename: "Shop", ...shopSettings };

function setup({ role = "ADMIN", permissions = ["READ_JOURNAL", "MANAGE_SHOPS"], update = { data: { updateShop: shop } } as Record<string, unknown> } = {}) {
  const client = mockClient({
    Viewer: viewer(role, permissions),
    ShopSettingsPage: { data: { node: shop } },
    UpdateShop: update,
    EmailPlaceholders: {
      data: { emailPlaceholders: [{ __typename: "EmailPlaceholder", name: "firstName", description: "The buyer's first name.", example: "Camille" }] },
    },
  });
  renderWithApp(<ShopSettingsPage />, { client, url: "/shops/S1", path: "/shops/:id" });
  const sent = () => client.executeMutation.mock.calls.map((c) => c[0].variables as Record<string, unknown>);
  return { sent, user: userEvent.setup() };
}

describe("ShopSettingsPage", () => {
  it("shows the settings, and what blocks sending links", async () => {
    setup();
    expect(await screen.findByRole("heading", { level: 1, name: "Réglages de « Réservations en ligne »" })).toBeInTheDocument();
    expect(screen.getByLabelText("Page de succès")).toHaveValue("https://shop.example.ch/paiement/succes");
    expect(screen.getByLabelText("Page d'annulation")).toHaveValue("");
    expect(screen.getByText("Manque : page d'annulation")).toBeInTheDocument();
    expect(screen.getByRole("switch", { name: "Référence de commande obligatoire" })).not.toBeChecked();
    expect(screen.getByRole("figure", { name: "Aperçu de la page de paiement" })).toHaveTextContent("Paiement – Hôtel Refundus Maximus");
    // The placeholders, described in the app's language.
    expect(screen.getByText("Le prénom de l'acheteur.")).toBeInTheDocument();
  });

  it("saves the settings, clears an emptied one, sends a changed template and resets a custom one", async () => {
    const { user, sent } = setup();
    const cancel = await screen.findByLabelText("Page d'annulation");
    await user.type(cancel, "https://shop.example.ch/paiement/annulation");
    await user.clear(screen.getByLabelText("E-mail du gestionnaire"));
    await user.click(screen.getByRole("switch", { name: "Référence de commande obligatoire" }));
    const subject = screen.getAllByLabelText("Objet")[0]!;
    await user.clear(subject);
    await user.type(subject, "Votre réservation {{{{reference}}");
    await user.click(screen.getByRole("tab", { name: /EN/ }));
    await user.click(await screen.findByRole("button", { name: "Rétablir le texte par défaut (Anglais)" }));
    expect(screen.getByText("Le texte par défaut sera rétabli à l'enregistrement.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Enregistrer" }));
    await waitFor(() => expect(sent()).toHaveLength(1));
    const [update] = sent();
    expect(update).toMatchObject({
      id: "S1",
      input: {
        cancelURL: "https://shop.example.ch/paiement/annulation",
        clearManagerEmail: true,
        orderReferenceRequired: true,
        linkValidityDays: 7,
      },
      emailTemplates: [{ language: "FR", subject: "Votre réservation {{reference}}", body: "Bonjour {{firstName}}" }],
      resetEmailTemplates: ["EN"],
    });
    expect((update!.input as Record<string, unknown>).managerEmail).toBeUndefined();
  });

  it("refuses an address that is not a web page before saving", async () => {
    const { user, sent } = setup();
    await user.type(await screen.findByLabelText("Page d'annulation"), "shop.example.ch/annulation");
    await user.click(screen.getByRole("button", { name: "Enregistrer" }));
    expect(await screen.findByText("Une adresse http:// ou https:// complète.")).toBeInTheDocument();
    expect(sent()).toHaveLength(0);
  });

  it("shows the server's refusal of a template on its language's field", async () => {
    const update = {
      error: new CombinedError({
        graphQLErrors: [
          new GraphQLError("{{prenom}} is not a placeholder", { extensions: { code: "BAD_USER_INPUT", field: "emailTemplates[0].body" } }),
        ],
      }),
    };
    const { user } = setup({ update });
    await user.click(await screen.findByRole("tab", { name: /EN/ }));
    const body = screen.getByRole("textbox", { name: "Message" });
    await user.clear(body);
    await user.type(body, "Hello {{{{prenom}}");
    await user.click(screen.getByRole("tab", { name: /FR/ }));
    await user.click(screen.getByRole("button", { name: "Enregistrer" }));
    // The form turns to the template's language and says why there.
    await waitFor(() => expect(screen.getByRole("tab", { name: /EN/ })).toHaveAttribute("aria-selected", "true"));
    const panel = screen.getByRole("tabpanel", { name: /EN/ });
    expect(await within(panel).findByText("Refusé : {{prenom}} is not a placeholder")).toBeInTheDocument();
  });

  it("is not for those who do not manage shops", async () => {
    setup({ role: "OPERATOR", permissions: ["READ_JOURNAL", "CREATE_PAYMENT_LINK"] });
    expect(await screen.findByText("Votre rôle ne permet pas de modifier les boutiques.")).toBeInTheDocument();
  });
});
