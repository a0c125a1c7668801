import { expect, test } from "@playwright/test";
import { loginAs, pick } from "./helpers";

test("filter the journal by a label and a status, then label a transaction and unlabel it", async ({ page }) => {
  // An operator: may label transactions.
  await loginAs(page, "Olivier Opérateur");
  await expect(page.getByRole("heading", { name: "Journal des transactions" })).toBeVisible();
  const table = page.getByRole("table", { name: "Journal des transactions" });
  const rows = table.getByRole("row").filter({ has: page.getByRole("cell") });
  await expect(rows.first()).toBeVisible();

  await pick(page, page.getByRole("combobox", { name: "Étiquettes" }), "🚩 Suspect");
  await pick(page, page.getByRole("combobox", { name: "Statut" }), "Autorisée");

  await expect(page).toHaveURL(/status=AUTHORIZED/);
  await expect(rows.first()).toContainText("Autorisée");
  await expect(rows.first()).toContainText("🚩 Suspect");
  for (const row of await rows.all()) {
    await expect(row).toContainText("Autorisée");
    await expect(row).toContainText("🚩 Suspect");
  }

  // The filters live in the URL: reloading shows the same view.
  await page.reload();
  await expect(rows.first()).toContainText("🚩 Suspect");

  await rows.first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/transactions\//);
  const chips = page.getByRole("list", { name: "Étiquettes" });
  await expect(chips.getByText("🚩 Suspect")).toBeVisible();

  await pick(page, page.getByRole("combobox", { name: "Choisir des étiquettes" }), "⭐ Client VIP");
  await page.getByRole("button", { name: "Ajouter" }).click();
  await expect(chips.getByText("⭐ Client VIP")).toBeVisible();

  await page.reload();
  await expect(chips.getByText("⭐ Client VIP")).toBeVisible();
  await chips.getByRole("button", { name: "Retirer l'étiquette ⭐ Client VIP" }).click();
  await expect(chips.getByText("⭐ Client VIP")).toHaveCount(0);
  await page.reload();
  await expect(chips.getByText("🚩 Suspect")).toBeVisible();
  await expect(chips.getByText("⭐ Client VIP")).toHaveCount(0);
});
