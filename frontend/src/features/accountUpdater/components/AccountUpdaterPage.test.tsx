import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { act } from "react";
import { describe, expect, it, vi } from "vitest";
import i18n from "@/lib/i18n";
import { profile, profileConnection } from "@/test/billing";
import { mockClient, renderWithApp, viewerAnswer } from "@/test/render";
import { accountUpdater, run } from "../fixtures";
import { POLL_AWAITING_MS, POLL_BUSY_MS } from "../runs";
import AccountUpdaterPage from "./AccountUpdaterPage";

const selection = (v: Record<string, unknown>) => ({
  data: {
    previewUpdaterSelection: {
      __typename: "UpdaterSelection",
      month: v.month,
      asOf: "2026-11-01T00:00:00+01:00",
      updatedBefore: "2026-05-01T00:00:00+02:00",
      totalCount: 15,
      alreadyQueried: 4,
      profiles: profileConnection([profile(1), profile(2, { cardLast4: "0303", cardBrand: "MASTERCARD" })]),
    },
  },
});

function setup(url = "/account-updater", runs = [run("2026-10")]) {
  const client = mockClient({
    Viewer: viewerAnswer("Alice Admin", "ADMIN", ["READ_JOURNAL", "MANAGE_ACCOUNT_UPDATER", "MANAGE_BILLING_PROFILES"]),
    AccountUpdater: {
      data: { accountUpdater, updaterRuns: { __typename: "UpdaterRunConnection", edges: runs.map((node) => ({ node })) } },
    },
    UpdaterSelection: selection,
    StartUpdaterRun: (v) => ({ data: { startUpdaterRun: run(String(v.month), { state: "SELECTING", trigger: "MANUAL", startedBy: "Alice Admin" }) } }),
  });
  renderWithApp(<AccountUpdaterPage />, { client, url });
  return { client, user: userEvent.setup() };
}

describe("AccountUpdaterPage", () => {
  it("tells when the next run starts, in the merchant's time zone", async () => {
    setup();
    expect(await screen.findByText("décembre 2026")).toBeInTheDocument();
    expect(screen.getByText("01.12.2026 02:00")).toBeInTheDocument();
    expect(screen.getByText("Le 1er de chaque mois à 02:00 (Europe/Zurich)")).toBeInTheDocument();
  });

  it("previews the current month's selection: its count, the cards already queried, the dates it is reckoned from, the cards", async () => {
    const { client } = setup();
    expect(await screen.findByText("Cartes sélectionnées pour novembre 2026")).toBeInTheDocument();
    expect(screen.getByText("15")).toBeInTheDocument();
    expect(screen.getByText("4")).toBeInTheDocument();
    expect(screen.getByText(/n'ont pas été mises à jour depuis le 01\.05\.2026 00:00/)).toHaveTextContent("calculée au 01.11.2026 00:00");
    const cards = screen.getByRole("table", { name: "Cartes sélectionnées pour novembre 2026" });
    expect(within(cards).getByText("PM-100001-00002").closest("tr")).toHaveTextContent("Mastercard •••• 0303");
    // A preview offers no action on the cards.
    expect(within(cards).queryByRole("button")).not.toBeInTheDocument();
    const asked = client.executeQuery.mock.calls.map(([r]) => r).filter((r) => (r.variables as { month?: string }).month);
    expect(asked[0]!.variables).toMatchObject({ month: "2026-11", first: 51 });
  });

  it("previews the month of the URL, with no way to start a run that is not the current month's", async () => {
    setup("/account-updater?month=2027-01");
    expect(await screen.findByText("Cartes sélectionnées pour janvier 2027")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Lancer/ })).not.toBeInTheDocument();
  });

  it("starts the current month's run only once confirmed", async () => {
    const { client, user } = setup();
    await user.click(await screen.findByRole("button", { name: "Lancer l'exécution de novembre 2026" }));
    const confirm = await screen.findByRole("tooltip");
    expect(confirm).toHaveTextContent("Lancer maintenant l'exécution de novembre 2026 ?");
    expect(confirm).toHaveTextContent("11 cartes pas encore interrogées ce mois-ci seront envoyées");
    expect(client.executeMutation).not.toHaveBeenCalled();
    await user.click(within(confirm).getByRole("button", { name: "Lancer" }));
    await waitFor(() => expect(client.executeMutation).toHaveBeenCalledOnce());
    const [request, context] = client.executeMutation.mock.calls[0]!;
    expect(request.variables).toEqual({ month: "2026-11" });
    expect(context).toMatchObject({ additionalTypenames: ["UpdaterRun"] });
    expect(await screen.findByText("Exécution de novembre 2026 lancée : sa progression s'affiche ci-dessous.")).toBeInTheDocument();
  });

  it("offers to start the month's run again once it exists", async () => {
    setup("/account-updater", [run("2026-11", { state: "AWAITING_RESPONSES" })]);
    expect(await screen.findByRole("button", { name: "Relancer l'exécution de novembre 2026" })).toBeInTheDocument();
  });

  it("lists past runs with their state, progress and answers per decision code", async () => {
    setup("/account-updater", [
      run("2026-11", {
        state: "AWAITING_RESPONSES",
        progress: { ...run("2026-11").progress, selected: 15, pending: 1, submitted: 3, answered: 11 },
      }),
      run("2026-10"),
    ]);
    const table = await screen.findByRole("table", { name: "Exécutions" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(within(rows[0]!).getByRole("link", { name: "novembre 2026" })).toHaveAttribute("href", "/account-updater/runs/2026-11");
    expect(rows[0]).toHaveTextContent("Réponses attendues");
    expect(rows[0]).toHaveTextContent("11 répondues sur 15 · 1 à envoyer · 3 envoyées");
    expect(rows[1]).toHaveTextContent("Terminée");
    expect(rows[1]).toHaveTextContent("Nouveau numéro de compte : 3");
    expect(rows[1]).toHaveTextContent("Compte fermé : 1");
    expect(rows[1]).not.toHaveTextContent("Contacter le titulaire");
  });

  it("downloads a run's report in CSV, with semicolons for French spreadsheets unless another separator is chosen, and in HTML", async () => {
    const { user } = setup();
    const csv = await screen.findByRole("link", { name: "Télécharger en CSV : rapport de octobre 2026" });
    expect(csv).toHaveAttribute("href", "/reports/account-updates.csv?month=2026-10&separator=SEMICOLON");
    expect(screen.getByRole("link", { name: "Télécharger en HTML : rapport de octobre 2026" })).toHaveAttribute(
      "href",
      "/reports/account-updates.html?month=2026-10",
    );
    await user.click(screen.getByRole("combobox", { name: "Séparateur CSV : rapport de octobre 2026" }));
    await user.click(await screen.findByTitle("Virgule"));
    expect(csv).toHaveAttribute("href", "/reports/account-updates.csv?month=2026-10&separator=COMMA");
  });

  it("explains each decision code and what it does to the billing profile", async () => {
    setup();
    const table = await screen.findByRole("table", { name: "Codes de décision" });
    const closed = within(table).getByText("Compte fermé").closest("tr")!;
    expect(closed).toHaveTextContent("Compte fermé (carte résiliée, perdue ou volée)");
    expect(closed).toHaveTextContent("Désactive le profil");
    expect(within(table).getByText("Nouvelle date d'expiration").closest("tr")).toHaveTextContent("Met à jour la carte");
    expect(within(table).getByText("Aucune correspondance").closest("tr")).toHaveTextContent("Aucun changement");
  });

  it("asks for the meanings in the app's language", async () => {
    await i18n.changeLanguage("en");
    try {
      const { client } = setup();
      expect(await screen.findByText("December 2026")).toBeInTheDocument();
      const asked = client.executeQuery.mock.calls.map(([r]) => r.variables as { language?: string }).find((v) => v.language);
      expect(asked).toEqual({ language: "EN" });
      expect(await screen.findByRole("link", { name: "Download as CSV: report of October 2026" })).toHaveAttribute(
        "href",
        "/reports/account-updates.csv?month=2026-10&separator=COMMA&language=EN",
      );
    } finally {
      await i18n.changeLanguage("fr");
    }
  });

  it("follows a run under way until it completes", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      const { client } = setup("/account-updater", [run("2026-11", { state: "SUBMITTING" }), run("2026-10")]);
      await screen.findByText("Envoi");
      const asked = () => client.executeQuery.mock.calls.filter(([r]) => r.variables && "language" in (r.variables as object));
      const before = asked().length;
      act(() => vi.advanceTimersByTime(POLL_BUSY_MS));
      await waitFor(() => expect(asked().length).toBeGreaterThan(before));
      expect(asked().at(-1)![1]).toMatchObject({ requestPolicy: "network-only" });
    } finally {
      vi.useRealTimers();
    }
  });

  it("asks nothing more once every run has completed", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      const { client } = setup();
      await screen.findByText("Terminée");
      const calls = client.executeQuery.mock.calls.length;
      act(() => vi.advanceTimersByTime(POLL_AWAITING_MS * 2));
      expect(client.executeQuery.mock.calls.length).toBe(calls);
    } finally {
      vi.useRealTimers();
    }
  });
});
