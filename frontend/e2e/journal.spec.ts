import { expect, test, type Locator, type Page } from "@playwright/test";

// pick chooses an option of an Ant Design select. Its options live in a
// pop-up list outside the combobox, and its accessible list only names
// the options' values.
async function pick(page: Page, combobox: Locator, option: string) {
  await combobox.click();
  await page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)").getByText(option, { exact: true }).click();
  await page.keyboard.press("Escape");
}

test("filter the journal by a label and a status, then label a transaction and unlabel it", async ({ page }) => {
  await page.goto("/journal");
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
