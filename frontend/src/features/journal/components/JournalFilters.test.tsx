import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { DesignProvider } from "@/app/provider";
import { presetRange } from "@/lib/dates";
import { EMPTY_FILTERS, type JournalFilters as Filters } from "../filters";
import { JournalFilters } from "./JournalFilters";

const LABELS = [
  { id: "L1", name: "💸 Remboursement", color: "#D97706" },
  { id: "L2", name: "🚩 Suspect", color: "#DC2626" },
];

function setup(value: Filters = EMPTY_FILTERS, props: Partial<Parameters<typeof JournalFilters>[0]> = {}) {
  const onChange = vi.fn();
  render(
    <DesignProvider>
      <JournalFilters
        value={value}
        onChange={onChange}
        timeZone="Europe/Zurich"
        labels={LABELS}
        amountProblems={{}}
        exponent={2}
        {...props}
      />
    </DesignProvider>,
  );
  return { onChange, user: userEvent.setup() };
}

describe("JournalFilters", () => {
  it("is a search landmark with a labelled control for every filter", () => {
    setup();
    const filters = screen.getByRole("search", { name: "Filtres du journal" });
    for (const name of ["Statut", "Moyen de paiement", "Devise", "Étiquettes"]) {
      expect(within(filters).getByRole("combobox", { name })).toBeInTheDocument();
    }
    for (const name of ["Montant min.", "Montant max.", "ID Payeur", "Recherche"]) {
      expect(within(filters).getByLabelText(name)).toBeInTheDocument();
    }
    expect(within(filters).getByLabelText("Période")).toBeInTheDocument();
  });

  it("adds a status", async () => {
    const { onChange, user } = setup({ ...EMPTY_FILTERS, status: ["CAPTURED"] });
    await user.type(screen.getByRole("combobox", { name: "Statut" }), "Échou{Enter}");
    expect(onChange).toHaveBeenLastCalledWith({ ...EMPTY_FILTERS, status: ["CAPTURED", "FAILED"] });
  });

  it("chooses a payment method and a currency", async () => {
    const { onChange, user } = setup();
    await user.type(screen.getByRole("combobox", { name: "Moyen de paiement" }), "TWINT{Enter}");
    expect(onChange).toHaveBeenLastCalledWith({ ...EMPTY_FILTERS, method: ["TWINT"] });
    await user.type(screen.getByRole("combobox", { name: "Devise" }), "KWD{Enter}");
    expect(onChange).toHaveBeenLastCalledWith({ ...EMPTY_FILTERS, currency: ["KWD"] });
  });

  it("hands on an amount when Enter is pressed, not at each keystroke", async () => {
    const { onChange, user } = setup();
    await user.type(screen.getByLabelText("Montant min."), "12.50");
    expect(onChange).not.toHaveBeenCalled();
    await user.keyboard("{Enter}");
    expect(onChange).toHaveBeenCalledExactlyOnceWith({ ...EMPTY_FILTERS, min: "12.50" });
  });

  it("says amounts are read with 2 decimals when no single currency is chosen", () => {
    setup();
    expect(screen.getAllByText("2 décimales")).toHaveLength(2);
  });

  it("gives amounts in the chosen currency", () => {
    setup({ ...EMPTY_FILTERS, currency: ["JPY"] }, { exponent: 0 });
    expect(screen.getAllByText("JPY", { selector: ".unit" })).toHaveLength(2);
  });

  it("shows an amount it could not read on its field", () => {
    setup({ ...EMPTY_FILTERS, currency: ["JPY"], min: "12.5" }, { exponent: 0, amountProblems: { min: "tooManyDecimals" } });
    expect(screen.getByLabelText("Montant min.")).toHaveAccessibleDescription("Pas de décimales dans cette devise");
  });

  it("filters by payer ID when the field is left", async () => {
    const { onChange, user } = setup();
    await user.type(screen.getByLabelText("ID Payeur"), "CUST-100001");
    await user.tab();
    expect(onChange).toHaveBeenCalledExactlyOnceWith({ ...EMPTY_FILTERS, payer: "CUST-100001" });
  });

  it("searches free text", async () => {
    const { onChange, user } = setup();
    await user.type(screen.getByLabelText("Recherche"), "CMD-2611{Enter}");
    expect(onChange).toHaveBeenCalledExactlyOnceWith({ ...EMPTY_FILTERS, q: "CMD-2611" });
  });

  it("picks labels by name, emoji included", async () => {
    const { onChange, user } = setup();
    await user.type(screen.getByRole("combobox", { name: "Étiquettes" }), "Suspect{Enter}");
    expect(onChange).toHaveBeenLastCalledWith({ ...EMPTY_FILTERS, labels: ["L2"] });
  });

  it("takes a label out of the filter", async () => {
    const { onChange, user } = setup({ ...EMPTY_FILTERS, labels: ["L1", "L2"] });
    await user.click(screen.getByRole("button", { name: "Retirer 💸 Remboursement du filtre" }));
    expect(onChange).toHaveBeenLastCalledWith({ ...EMPTY_FILTERS, labels: ["L2"] });
  });

  it("switches labels between any of and all of", async () => {
    const value = { ...EMPTY_FILTERS, labels: ["L1", "L2"] };
    const { onChange, user } = setup(value);
    expect(screen.getByText("💸 Remboursement")).toBeInTheDocument();
    const match = screen.getByRole("radiogroup", { name: "Correspondance des étiquettes" });
    expect(within(match).getByRole("radio", { name: "Au moins une" })).toBeChecked();
    await user.click(within(match).getByText("Toutes"));
    expect(onChange).toHaveBeenLastCalledWith({ ...value, labelMatch: "all" });
  });

  it("sets the period from a preset, in the merchant's days", async () => {
    const { onChange, user } = setup();
    await user.click(screen.getByLabelText("Période"));
    await user.click(await screen.findByText("7 derniers jours"));
    const [from, to] = presetRange("last7", "Europe/Zurich");
    expect(onChange).toHaveBeenLastCalledWith({ ...EMPTY_FILTERS, from, to });
  });

  it("resets every filter", async () => {
    const { onChange, user } = setup({ ...EMPTY_FILTERS, status: ["FAILED"], q: "x" });
    await user.click(screen.getByRole("button", { name: "Réinitialiser" }));
    expect(onChange).toHaveBeenCalledExactlyOnceWith(EMPTY_FILTERS);
  });

  it("has nothing to reset without filters", () => {
    setup();
    expect(screen.getByRole("button", { name: "Réinitialiser" })).toBeDisabled();
  });
});
