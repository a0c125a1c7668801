import { expect, test } from "@playwright/test";
import { loginAs, pick } from "./helpers";

const REFUND_LABEL = "💸 Remboursement";

// The reference workflow: an operator marks a transaction for refund, a
// manager refunds it and removes the mark; the audit trail names both.
test("an operator marks a transaction for refund, a manager refunds half of it", async ({ browser }) => {
  const operatorContext = await browser.newContext();
  const managerContext = await browser.newContext();
  try {
    // The operator labels a captured transaction that is not marked yet.
    const operator = await operatorContext.newPage();
    await loginAs(operator, "Olivier Opérateur", "/journal?status=CAPTURED");
    const rows = operator
      .getByRole("table", { name: "Journal des transactions" })
      .getByRole("row")
      .filter({ has: operator.getByRole("cell") });
    await expect(rows.first()).toBeVisible();
    await rows.filter({ hasNotText: REFUND_LABEL }).first().getByRole("link").first().click();
    await expect(operator).toHaveURL(/\/transactions\//);
    const heading = operator.getByRole("heading", { level: 1 });
    const reference = (await heading.textContent())!.replace("Transaction ", "").trim();
    const transactionPath = new URL(operator.url()).pathname;

    const chips = operator.getByRole("list", { name: "Étiquettes" });
    await pick(operator, operator.getByRole("combobox", { name: "Choisir des étiquettes" }), REFUND_LABEL);
    await operator.getByRole("button", { name: "Ajouter" }).click();
    await expect(chips.getByText(REFUND_LABEL)).toBeVisible();
    const trail = operator.getByRole("region", { name: "Journal d'audit" });
    await expect(trail).toContainText(`Olivier Opérateur a ajouté l'étiquette ${REFUND_LABEL}`);
    // An operator may not refund: no button.
    await expect(operator.getByRole("button", { name: "Rembourser" })).toHaveCount(0);

    // The manager finds it through the label filter.
    const manager = await managerContext.newPage();
    await loginAs(manager, "Marc Responsable");
    await pick(manager, manager.getByRole("combobox", { name: "Étiquettes" }), REFUND_LABEL);
    await manager.getByLabel("Recherche").fill(reference);
    await manager.getByLabel("Recherche").press("Enter");
    await expect(manager).toHaveURL(/q=/);
    const found = manager
      .getByRole("table", { name: "Journal des transactions" })
      .getByRole("row")
      .filter({ hasText: reference });
    await expect(found).toHaveCount(1);
    await expect(found).toContainText(REFUND_LABEL);
    await found.getByRole("link").first().click();
    await expect(manager).toHaveURL(transactionPath);

    // Half of what is refundable, confirmed in the transaction's currency.
    await manager.getByRole("button", { name: "Rembourser" }).click();
    const dialog = manager.getByRole("dialog", { name: "Rembourser la transaction" });
    const amount = dialog.getByLabel("Montant");
    const full = await amount.inputValue();
    const half = halve(full);
    await amount.fill(half.typed);
    await dialog.getByLabel("Motif").fill("Geste commercial");
    await dialog.getByRole("button", { name: "Continuer" }).click();
    await expect(dialog).toContainText(new RegExp(`Rembourser ${amountPattern(half.typed)}\\s\\w{3} \\?`));
    await dialog.getByRole("button", { name: "Confirmer le remboursement" }).click();
    await expect(dialog).toBeHidden();
    await expect(manager.getByText(/Remboursement de .* effectué\./)).toBeVisible();
    await expect(manager.getByRole("main").getByText("Remboursée en partie").first()).toBeVisible();

    // The mark comes off once the refund is done.
    await manager.getByRole("list", { name: "Étiquettes" }).getByRole("button", { name: `Retirer l'étiquette ${REFUND_LABEL}` }).click();
    await expect(manager.getByRole("list", { name: "Étiquettes" }).getByText(REFUND_LABEL)).toHaveCount(0);

    // The audit trail records both people, newest first.
    const entries = manager.getByRole("region", { name: "Journal d'audit" }).getByRole("listitem");
    await expect(entries.nth(0)).toContainText(`Marc Responsable a retiré l'étiquette ${REFUND_LABEL}`);
    await expect(entries.nth(1)).toContainText(new RegExp(`Marc Responsable a remboursé ${amountPattern(half.typed)}\\s\\w{3} — motif : Geste commercial`));
    await expect(entries.nth(2)).toContainText(`Olivier Opérateur a ajouté l'étiquette ${REFUND_LABEL}`);
    const operations = manager.getByRole("table", { name: "Opérations" });
    await expect(operations.getByRole("row").nth(1)).toContainText("Remboursement");
    await expect(operations.getByRole("row").nth(1)).toContainText("Réussie");
    await expect(operations.getByRole("row").nth(1)).toContainText("Marc Responsable");

    // The operator sees the manager's work too.
    await operator.reload();
    await expect(operator.getByRole("region", { name: "Journal d'audit" })).toContainText("Marc Responsable a remboursé");
  } finally {
    await operatorContext.close();
    await managerContext.close();
  }
});

/** Half of an amount as the dialog shows it ("401.00", "5000"), rounded down to the currency's last digit. */
function halve(shown: string): { typed: string } {
  const [whole, fraction = ""] = shown.split(".");
  const minor = BigInt(whole! + fraction) / 2n;
  const digits = minor.toString().padStart(fraction.length + 1, "0");
  const typed = fraction.length === 0 ? digits : `${digits.slice(0, -fraction.length)}.${digits.slice(-fraction.length)}`;
  return { typed };
}

// amountPattern matches an amount as typed ("17475.5") however the page
// groups its thousands ("17 475.5", "17’475.5").
function amountPattern(typed: string): string {
  const [whole, fraction] = typed.split(".");
  const digits = whole.split("").join("[\\s\\u00a0\\u202f'’]?");
  return fraction === undefined ? digits : `${digits}\\.${fraction}`;
}
