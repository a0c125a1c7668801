import { expect, type Locator, type Page } from "@playwright/test";

/**
 * Logs in through the app's login page and the development identity
 * provider, whose page lists its users by name, then lands on path.
 */
export async function loginAs(page: Page, name: string, path = "/journal") {
  await page.goto(path);
  await expect(page).toHaveURL(/\/login\?returnTo=/);
  await page.getByRole("link", { name: "Se connecter" }).click();
  await page.getByRole("button", { name: new RegExp(`^${name}\\b`) }).click();
  await expect(page).toHaveURL((url) => url.pathname + url.search === path);
  await expect(page.getByRole("banner").getByText(name)).toBeVisible();
}

/**
 * Chooses an option of an Ant Design select. Its options live in a pop-up
 * list outside the combobox, and its accessible list only names the
 * options' values.
 */
export async function pick(page: Page, combobox: Locator, option: string) {
  await combobox.click();
  await page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)").getByText(option, { exact: true }).click();
  await page.keyboard.press("Escape");
}
