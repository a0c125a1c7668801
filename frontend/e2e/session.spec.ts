import { expect, test } from "@playwright/test";
import { loginAs } from "./helpers";

test("a viewer sees payers' personal data masked", async ({ page }) => {
  await loginAs(page, "Valérie Lecteur", "/payers");
  const rows = page.getByRole("row").filter({ has: page.getByRole("cell") });
  await expect(rows.first()).toBeVisible();
  await expect(rows.first().getByText("Masqué")).toHaveCount(2);
  await expect(page.getByText(/@example\./)).toHaveCount(0);
  // No error for data the role may not see.
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Accès" })).toHaveCount(0);
});

test("logging out ends the session: a protected page asks to log in again", async ({ page }) => {
  await loginAs(page, "Marc Responsable");
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText("Vous êtes déconnecté(e).")).toBeVisible();

  await page.goto("/payers?q=CUST");
  await expect(page).toHaveURL(/\/login\?returnTo=%2Fpayers%3Fq%3DCUST$/);
  await expect(page.getByRole("link", { name: "Se connecter" })).toBeVisible();
});

test("an administrator sees active sessions and partner clients", async ({ page }) => {
  await loginAs(page, "Alice Admin");
  await page.getByRole("link", { name: "Accès" }).click();
  await expect(page.getByRole("heading", { name: "Accès" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Sessions actives" })).toContainText("Alice Admin");
});
