import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { loginAs } from "./helpers";

const HEADER =
  "Numéro de compte marchand;Identifiant du mode de paiement;Identifiant de facturation;Quatre derniers chiffres;" +
  "Date d'expiration;Code de décision;Signification;État de facturation;Date de la mise à jour";

// The demo data stores cards that expire this month and have not changed
// for more than six months: the month's Account Updater run selects them.
// The demo merchants joined as the database was made, so that the month's
// run is not automatic (a merchant's first is the first 1st after it
// joined): the admin starts it.
test("an admin previews the month's selection, starts the run, sees the answers by decision code and downloads the report", async ({ page }) => {
  await loginAs(page, "Alice Admin", "/account-updater");
  await expect(page.getByRole("heading", { level: 1, name: "Account Updater" })).toBeVisible();
  await expect(page.getByText("Prochaine exécution")).toBeVisible();

  // The preview: the cards the three conditions select, and why.
  const preview = page.getByRole("table", { name: /^Cartes sélectionnées pour \p{L}+ \d{4}$/u });
  const cards = preview.getByRole("row").filter({ has: page.getByRole("cell") });
  await expect(cards.first()).toBeVisible();
  await expect(cards.first()).toContainText("Actif");
  await expect(page.getByText(/dont le statut de facturation est actif, qui expirent en/)).toBeVisible();

  // Starting the run asks for confirmation first.
  await page.getByRole("button", { name: /^Lancer l'exécution de / }).click();
  const confirm = page.getByRole("tooltip");
  await expect(confirm).toContainText("Lancer maintenant l'exécution de");
  await confirm.getByRole("button", { name: "Lancer", exact: true }).click();
  await expect(page.getByText(/^Exécution de .* lancée/)).toBeVisible();

  // The month's run answers: the counts per decision code show in the list of runs.
  const runs = page.getByRole("table", { name: "Exécutions" });
  const run = runs.getByRole("row").nth(1);
  await expect(run).toContainText(/Nouveau numéro de compte : \d+/, { timeout: 30_000 });
  await expect(run).toContainText(/Compte fermé : \d+/);
  await run.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/account-updater\/runs\/\d{4}-\d{2}$/);

  // The run's page: every decision code with its meaning and effect, and the results of one.
  const counts = page.getByRole("table", { name: "Réponses par code de décision" });
  await expect(counts.getByRole("row").filter({ hasText: "Compte fermé" })).toContainText("Désactive le profil");
  await expect(counts.getByRole("row").filter({ hasText: "Nouvelle date d'expiration" })).toContainText("Met à jour la carte");
  await counts.getByRole("link", { name: "Voir les résultats « Nouveau numéro de compte »" }).click();
  await expect(page).toHaveURL(/decision=NEW_ACCOUNT_NUMBER/);
  const results = page.getByRole("table", { name: "Résultats" }).getByRole("row").filter({ has: page.getByRole("cell") });
  await expect(results.first()).toContainText("Nouveau numéro de compte");
  await expect(results.filter({ hasNotText: "Nouveau numéro de compte" })).toHaveCount(0);
  const ids = results.first().getByRole("cell").nth(1).locator("code");
  const pm = (await ids.nth(0).textContent())!.trim();
  const billing = (await ids.nth(1).textContent())!.trim();

  // The report, with semicolons for French spreadsheets.
  const link = page.getByRole("link", { name: /^Télécharger en CSV : rapport de / });
  await expect(link).toHaveAttribute("href", /separator=SEMICOLON/);
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^account-updates_M-\d+_\d{4}-\d{2}\.csv$/);
  const text = await readFile((await download.path())!, "utf8");
  expect(text.startsWith("\ufeff")).toBe(true);
  const lines = text.slice(1).split("\r\n");
  expect(lines[0]).toBe(HEADER);
  const row = lines.find((l) => l.includes(`;${pm};`));
  expect(row).toMatch(
    new RegExp(
      `^M-\\d+;${pm};${billing};\\d{4};\\d{2}/\\d{4};NEW_ACCOUNT_NUMBER;Nouveau numéro de carte[^;]*;Actif;\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$`,
    ),
  );
});
