import { expect, test } from "@playwright/test";
import { loginAs, pick } from "./helpers";

const REFUND_LABEL = "💸 Remboursement";

// Label changes reach open screens without a reload: the manager's review
// queue and the operator's live dashboard, each in its own browser.
test("a transaction labelled for refund joins the manager's open queue; the refund done there and the label's removal reach the operator's dashboard", async ({
  browser,
}) => {
  const operatorContext = await browser.newContext();
  const managerContext = await browser.newContext();
  try {
    // The manager has the "À rembourser" queue open.
    const manager = await managerContext.newPage();
    await loginAs(manager, "Marc Responsable", "/queues/refunds");
    const queue = manager.getByRole("table", { name: "À rembourser" });
    await expect(queue.getByRole("row").nth(1)).toBeVisible();
    await expect(manager.getByRole("status", { name: "Connexion en direct" })).toHaveText("En direct");

    // The operator has the live dashboard open.
    const dashboard = await operatorContext.newPage();
    await loginAs(dashboard, "Olivier Opérateur", "/dashboard");
    const feed = dashboard.getByRole("list", { name: "Derniers événements" });
    await expect(dashboard.getByRole("status", { name: "Connexion en direct" })).toHaveText("En direct");

    // In another tab, the operator labels a captured transaction not marked yet.
    const operator = await operatorContext.newPage();
    await operator.goto("/journal?status=CAPTURED");
    const rows = operator
      .getByRole("table", { name: "Journal des transactions" })
      .getByRole("row")
      .filter({ has: operator.getByRole("cell") });
    await expect(rows.first()).toBeVisible();
    await rows.filter({ hasNotText: REFUND_LABEL }).first().getByRole("link").first().click();
    await expect(operator).toHaveURL(/\/transactions\//);
    const reference = (await operator.getByRole("heading", { level: 1 }).textContent())!.replace("Transaction ", "").trim();
    await pick(operator, operator.getByRole("combobox", { name: "Choisir des étiquettes" }), REFUND_LABEL);
    await operator.getByRole("button", { name: "Ajouter" }).click();
    await expect(operator.getByRole("list", { name: "Étiquettes" }).getByText(REFUND_LABEL)).toBeVisible();

    // It joins the manager's queue, marked new, with no reload.
    const row = queue.getByRole("row").filter({ hasText: reference });
    await expect(row).toBeVisible({ timeout: 3000 });
    await expect(row).toContainText("Nouvelle");
    await expect(row).toContainText("Capturée");

    // The manager refunds it in full from the queue, then takes the label off.
    await row.getByRole("button", { name: "Rembourser" }).click();
    const dialog = manager.getByRole("dialog", { name: "Rembourser la transaction" });
    await dialog.getByLabel("Motif").fill("Demande du client");
    await dialog.getByRole("button", { name: "Continuer" }).click();
    await dialog.getByRole("button", { name: "Confirmer le remboursement" }).click();
    await expect(dialog).toBeHidden();
    await expect(manager.getByText(/Remboursement de .* effectué\./)).toBeVisible();
    await expect(row).toContainText("Remboursée");
    await expect(row.getByRole("button", { name: "Rembourser" })).toHaveCount(0);
    await row.getByRole("button", { name: "Retirer l'étiquette" }).click();
    await expect(row).toHaveCount(0);
    await expect(manager).toHaveURL(/\/queues\/refunds$/);

    // The operator's dashboard, never reloaded, shows both changes, newest first.
    const entries = feed.getByRole("listitem").filter({ hasText: reference });
    await expect(entries).toHaveCount(2);
    await expect(entries.nth(0)).toContainText(`Marc Responsable a retiré l'étiquette ${REFUND_LABEL} de ${reference}`);
    await expect(entries.nth(1)).toContainText(`Olivier Opérateur a ajouté l'étiquette ${REFUND_LABEL} à ${reference}`);
  } finally {
    await operatorContext.close();
    await managerContext.close();
  }
});
