import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { profile, profileConnection } from "@/test/billing";
import { mockClient, renderWithApp, viewerAnswer } from "@/test/render";
import BillingProfilesPage from "./BillingProfilesPage";

const PROFILES = [
  profile(1),
  profile(2, { cardBrand: "MASTERCARD", cardLast4: "0303", status: "DISABLED", expiry: "2027-01", disabledReason: "ACCOUNT_CLOSED" }),
];

function setup(url = "/billing-profiles", permissions = ["READ_JOURNAL", "MANAGE_BILLING_PROFILES"]) {
  const client = mockClient({
    Viewer: viewerAnswer("Olivier Opérateur", "OPERATOR", permissions),
    BillingProfiles: (v) => ({ data: { billingProfiles: profileConnection(PROFILES, v.withTotal ? 2 : undefined) } }),
    SetBillingProfileStatus: (v) => ({
      data: { setBillingProfileStatus: { ...profile(1), status: v.status, disabledAt: "2026-11-26T10:00:00Z" } },
    }),
  });
  renderWithApp(<BillingProfilesPage />, { client, url });
  return { client, user: userEvent.setup() };
}

const lastQuery = (client: ReturnType<typeof setup>["client"]) =>
  client.executeQuery.mock.calls.map(([r]) => r).filter((r) => r.variables && "where" in (r.variables as object)).pop()!;

describe("BillingProfilesPage", () => {
  it("shows each stored card: status, brand, last four digits, expiry, the merchant's IDs and the payer", async () => {
    setup();
    const table = await screen.findByRole("table", { name: "Profils de facturation" });
    const row = (await within(table).findByText("PM-100001-00002")).closest("tr")!;
    expect(row).toHaveTextContent("Désactivé");
    expect(row).toHaveTextContent("Mastercard •••• 0303");
    expect(row).toHaveTextContent("01/2027");
    expect(row).toHaveTextContent("FACT-100001-00002");
    expect(row).toHaveTextContent("03.03.2026 11:53");
    expect(within(row).getByRole("link", { name: "CUST-100002" })).toHaveAttribute("href", "/payers/CUST-100002");
    expect(screen.getByText("2 profils")).toBeInTheDocument();
  });

  it("tells why a profile was disabled", async () => {
    const { user } = setup();
    const row = (await screen.findByText("PM-100001-00002")).closest("tr")!;
    await user.hover(within(row).getByText("Désactivé"));
    expect(await screen.findByRole("tooltip")).toHaveTextContent("Désactivé : ACCOUNT_CLOSED");
  });

  it("restores its filters from the URL and sends them to the API", async () => {
    const { client } = setup("/billing-profiles?status=ACTIVE&brand=VISA&expiring=2026-12&notUpdatedSince=2026-05-01");
    await screen.findByText("PM-100001-00001");
    expect(lastQuery(client).variables).toMatchObject({
      where: { status: "ACTIVE", cardBrand: "VISA", expiringIn: "2026-12", cardUpdatedAtLT: "2026-05-01T00:00:00+02:00" },
      withTotal: true,
    });
    expect(screen.getByRole("combobox", { name: "Statut" })).toBeInTheDocument();
  });

  it("writes a changed filter into the URL and goes back to the first page", async () => {
    const { user } = setup("/billing-profiles?after=c2");
    await screen.findByText("PM-100001-00001");
    await user.click(screen.getByRole("combobox", { name: "Statut" }));
    await user.click(await screen.findByTitle("Désactivé"));
    await waitFor(() => expect(screen.getByRole("status", { name: "location" })).toHaveTextContent("/billing-profiles?status=DISABLED"));
  });

  it("disables a profile only once confirmed, with the reason given", async () => {
    const { client, user } = setup();
    await user.click(await screen.findByRole("button", { name: "Désactiver Visa •••• 0101" }));
    const confirm = await screen.findByRole("tooltip");
    expect(confirm).toHaveTextContent("Désactiver le profil Visa •••• 0101 ?");
    expect(client.executeMutation).not.toHaveBeenCalled();
    await user.type(within(confirm).getByRole("textbox", { name: "Motif (facultatif)" }), "Carte perdue");
    await user.click(within(confirm).getByRole("button", { name: "Désactiver" }));
    await waitFor(() => expect(client.executeMutation).toHaveBeenCalledOnce());
    expect(client.executeMutation.mock.calls[0]![0].variables).toEqual({ id: "BP1", status: "DISABLED", reason: "Carte perdue" });
    expect(await screen.findByText("Profil Visa •••• 0101 désactivé.")).toBeInTheDocument();
  });

  it("enables a disabled profile again", async () => {
    const { client, user } = setup();
    await user.click(await screen.findByRole("button", { name: "Réactiver Mastercard •••• 0303" }));
    await waitFor(() => expect(client.executeMutation).toHaveBeenCalledOnce());
    expect(client.executeMutation.mock.calls[0]![0].variables).toEqual({ id: "BP2", status: "ACTIVE" });
  });

  it("offers no action to a role that may not manage billing profiles", async () => {
    setup("/billing-profiles", ["READ_JOURNAL"]);
    await screen.findByText("PM-100001-00001");
    expect(screen.queryByRole("button", { name: /Désactiver|Réactiver/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("columnheader", { name: "Actions" })).not.toBeInTheDocument();
  });
});
