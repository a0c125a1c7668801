import { expect, test, type Page } from "@playwright/test";
import { loginAs, pick } from "./helpers";

// Every run has its own references and addresses: the test does not depend
// on what earlier runs left in the database.
const run = Date.now().toString(36).toUpperCase();
const REFERENCE = `E2E${run}`;
const PAYER = `CUST-E2E-${run}`;
const BUYERS = [`lea.${run}@example.ch`.toLowerCase(), `marc.${run}@example.fr`.toLowerCase()];

const rowsOf = (page: Page, table: string) =>
  page.getByRole("table", { name: table }).getByRole("row").filter({ has: page.getByRole("cell") });

// The reference workflow of payment links by e-mail: an operator sends one
// order to two buyers, the e-mails land in the outbox, one buyer pays on
// the hosted page and lands on the shop's success page, and the payment is
// in the journal under the link's reference and the buyer's Payer ID.
test("an operator sends a payment link to two buyers; one pays by card on the payment page", async ({ browser }) => {
  test.setTimeout(90_000);
  const operatorContext = await browser.newContext();
  const adminContext = await browser.newContext();
  const buyerContext = await browser.newContext();
  try {
    const operator = await operatorContext.newPage();
    await loginAs(operator, "Olivier Opérateur", "/payment-links");
    await expect(operator.getByRole("heading", { name: "Paiements par e-mail, passés et en cours" })).toBeVisible();
    await operator.getByRole("link", { name: "Nouveau lien de paiement" }).click();

    // 1. Paramètres du lien
    await pick(operator, operator.getByRole("combobox", { name: "Boutique" }), "Réservations en ligne");
    await operator.getByLabel("Montant de la transaction").fill("42.50");
    await operator.getByLabel("Référence de la commande").fill(REFERENCE);
    await operator.getByLabel("E-mail de l'acheteur").fill(BUYERS.join(" ; "));
    const created = operator.getByRole("list", { name: "Liens qui seront créés" }).getByRole("listitem");
    await expect(created).toHaveText([`${BUYERS[0]} → ${REFERENCE}-001`, `${BUYERS[1]} → ${REFERENCE}-002`]);
    await operator.getByLabel("Référence de l'acheteur (ID Payeur)").fill(PAYER);
    await operator.getByLabel("Prénom").fill("Léa");
    await operator.getByLabel("Nom", { exact: true }).fill("Moreau");
    await operator.getByRole("button", { name: "Suivant" }).click();

    // 2. Paramètres avancés, the shop's defaults filled in
    await expect(operator.getByRole("heading", { name: "Étape 2 : Paramètres avancés" })).toBeVisible();
    await expect(operator.getByLabel("Validité du lien (jours)")).toHaveValue("7");
    await operator.getByLabel("Champ personnalisé pour les reversements").fill(`FACT-${run}`);
    await operator.getByRole("button", { name: "Suivant" }).click();

    // 3. Message, with the e-mail as it will be sent
    await expect(operator.getByRole("heading", { name: "Étape 3 : Message" })).toBeVisible();
    const preview = operator.getByRole("region", { name: "Aperçu de l'e-mail" });
    await expect(preview).toContainText(`${REFERENCE}-001`);
    await expect(preview.frameLocator("iframe").getByText("Bonjour Léa Moreau,")).toBeVisible();
    await operator.getByRole("button", { name: "Envoyer" }).click();

    await expect(operator).toHaveURL(/\/payment-links\?batch=/);
    const sent = rowsOf(operator, "Paiements par e-mail, passés et en cours");
    await expect(sent).toHaveCount(2);
    await sent.filter({ hasText: `${REFERENCE}-001` }).getByRole("link").click();
    await expect(operator.getByRole("heading", { level: 1 })).toHaveText(`Lien de paiement ${REFERENCE}-001`);
    const payUrl = await operator.getByRole("textbox", { name: "Adresse de la page de paiement" }).inputValue();
    expect(payUrl).toMatch(/\/pay\/[A-Za-z0-9_-]{16,}$/);

    // The outbox, for an administrator in development: one e-mail per buyer.
    const admin = await adminContext.newPage();
    await loginAs(admin, "Alice Admin", "/outbox");
    const mails = rowsOf(admin, "E-mails produits").filter({ hasText: run.toLowerCase() });
    await expect(mails).toHaveCount(2);
    await expect(mails.filter({ hasText: BUYERS[0]! })).toContainText(`${REFERENCE}-001`);
    await expect(mails.filter({ hasText: BUYERS[1]! })).toContainText(`${REFERENCE}-002`);

    // The buyer pays on the hosted payment page and goes back to the shop.
    const buyer = await buyerContext.newPage();
    // The seed's shops live at shop.example.ch, which the test cannot load.
    await buyer.route("https://shop.example.ch/**", (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: "<h1>Boutique</h1>" }),
    );
    await buyer.goto(payUrl);
    await expect(buyer.getByRole("heading", { level: 1 })).toContainText("Paiement");
    await expect(buyer.getByText(`${REFERENCE}-001`)).toBeVisible();
    await buyer.getByLabel("Numéro de carte").fill("4242 4242 4242 4242");
    await buyer.getByLabel("Mois (MM)").fill("12");
    await buyer.getByLabel("Année (AAAA)").fill(String(new Date().getFullYear() + 2));
    await buyer.getByLabel("Code de sécurité").fill("123");
    await buyer.getByRole("button", { name: /^Payer 42[,.]50/ }).click();
    await buyer.waitForURL(/^https:\/\/shop\.example\.ch\//);
    const landed = new URL(buyer.url());
    expect(landed.pathname).toBe("/paiement/succes");
    expect(landed.searchParams.get("reference")).toBe(`${REFERENCE}-001`);
    expect(landed.searchParams.get("status")).toBe("success");

    // The journal has the payment under the link's reference and the Payer ID.
    await operator.goto(`/journal?q=${REFERENCE}-001`);
    const payments = rowsOf(operator, "Journal des transactions");
    await expect(payments).toHaveCount(1);
    await expect(payments).toContainText(`${REFERENCE}-001`);
    await expect(payments).toContainText(PAYER);
    await expect(payments).toContainText("Capturée");

    // The list: one link paid, the other sent.
    await operator.goto(`/payment-links?reference=${REFERENCE}`);
    const links = rowsOf(operator, "Paiements par e-mail, passés et en cours");
    await expect(links).toHaveCount(2);
    await expect(links.filter({ hasText: `${REFERENCE}-001` })).toContainText("Payé");
    await expect(links.filter({ hasText: `${REFERENCE}-002` })).toContainText("Envoyé");

    // The paid link leads to its transaction.
    await links.filter({ hasText: `${REFERENCE}-001` }).getByRole("link").click();
    await operator.getByRole("link", { name: `Transaction ${REFERENCE}-001` }).click();
    await expect(operator).toHaveURL(/\/transactions\//);
    await expect(operator.getByRole("main")).toContainText(PAYER);
  } finally {
    await operatorContext.close();
    await adminContext.close();
    await buyerContext.close();
  }
});

test("the E-Terminal takes a card read out on the phone and forgets it", async ({ page }) => {
  await loginAs(page, "Olivier Opérateur", "/e-terminal");
  await pick(page, page.getByRole("combobox", { name: "Boutique" }), "Boutique cadeaux");
  await page.getByLabel("Montant", { exact: true }).fill("80");
  await page.getByLabel("Référence de la commande").fill(`TEL${run}`);
  await page.getByLabel("Numéro de carte").fill("4242424242424241");
  await page.getByLabel("Expiration (MM/AA)").fill("1230");
  await page.getByLabel("Code de sécurité").fill("123");
  await page.getByRole("button", { name: "Valider le paiement" }).click();
  await expect(page.getByText("Numéro mal saisi : le chiffre de contrôle ne correspond pas.")).toBeVisible();

  await page.getByLabel("Numéro de carte").fill("4242424242424242");
  await expect(page.getByLabel("Numéro de carte")).toHaveValue("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Valider le paiement" }).click();
  await expect(page.getByText("Paiement de 80.00 CHF accepté")).toBeVisible();
  await expect(page.getByText(/Visa •••• 4242/)).toBeVisible();
  expect(page.url()).not.toContain("4242");
  await expect(page.locator("body")).not.toContainText("4242 4242");
  await page.getByRole("link", { name: "Voir la transaction" }).click();
  await expect(page.getByRole("main")).toContainText("MOTO (courrier/téléphone) · ECI 1");
});

test("an administrator's shop settings shape the wizard: reference required, the shop's own subject", async ({ page }) => {
  await loginAs(page, "Alice Admin", "/shops");
  await page.getByRole("link", { name: "Spa & bien-être" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Réglages de « Spa & bien-être »");
  await page.getByRole("switch", { name: "Référence de commande obligatoire" }).click();
  const subject = page.getByRole("tabpanel", { name: "FR" }).getByLabel("Objet");
  await subject.fill(`Votre séjour au spa {{reference}} ${run}`);
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByText("Réglages de « Spa & bien-être » enregistrés.")).toBeVisible();
  await expect(page.getByRole("tabpanel", { name: "FR" }).getByText("Texte de la boutique")).toBeVisible();

  await page.goto("/payment-links/new");
  await pick(page, page.getByRole("combobox", { name: "Boutique" }), "Spa & bien-être");
  await page.getByLabel("Montant de la transaction").fill("90");
  await page.getByLabel("E-mail de l'acheteur").fill(`spa.${run.toLowerCase()}@example.ch`);
  await page.getByRole("button", { name: "Suivant" }).click();
  await expect(page.getByText("Cette boutique exige une référence de commande.")).toBeVisible();
  await page.getByLabel("Référence de la commande").fill(`SPA${run}`);
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByRole("button", { name: "Suivant" }).click();
  await expect(page.getByLabel("Objet")).toHaveValue(`Votre séjour au spa {{reference}} ${run}`);
  await expect(page.getByRole("region", { name: "Aperçu de l'e-mail" })).toContainText(`Votre séjour au spa SPA${run} ${run}`);
});
