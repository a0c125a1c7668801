import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CombinedError } from "@urql/core";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { mockClient, renderWithApp, viewerAnswer } from "@/test/render";
import ReportSchedulesPage from "./ReportSchedulesPage";

const schedule = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  __typename: "ReportSchedule",
  id,
  name,
  kind: "ACCOUNT_UPDATES",
  frequency: "DAILY",
  format: "CSV",
  separator: "SEMICOLON",
  language: "FR",
  hour: 6,
  emailRecipients: ["compta@hotel.ch"],
  deliverToFolder: false,
  sendEmpty: false,
  journalWhere: null,
  journalSearch: null,
  enabled: true,
  createdBy: "Alice Admin",
  nextPeriod: "2026-11-26",
  nextDeliveryAt: "2026-11-27T05:00:00Z",
  deliveries: {
    __typename: "ReportDeliveryConnection",
    edges: [
      {
        __typename: "ReportDeliveryEdge",
        node: { __typename: "ReportDelivery", id: "D1", period: "2026-11-25", state: "SKIPPED_EMPTY", rows: 0, deliveredAt: null, lastError: null },
      },
    ],
  },
  ...extra,
});

const SCHEDULES = [
  schedule("S1", "Mises à jour quotidiennes"),
  schedule("S2", "Journal mensuel", {
    kind: "JOURNAL",
    frequency: "MONTHLY",
    format: "HTML",
    emailRecipients: [],
    deliverToFolder: true,
    sendEmpty: true,
    journalWhere: { statusIn: ["CAPTURED"] },
    journalSearch: "CMD",
    nextPeriod: "2026-11",
    nextDeliveryAt: "2026-12-01T06:00:00Z",
    deliveries: { __typename: "ReportDeliveryConnection", edges: [] },
  }),
];

type Answer = Parameters<typeof mockClient>[0][string];

function setup(answers: Record<string, Answer> = {}, url = "/reports") {
  const client = mockClient({
    Viewer: viewerAnswer("Alice Admin", "ADMIN", ["READ_JOURNAL", "MANAGE_REPORTS"]),
    ReportSchedules: { data: { reportSchedules: { __typename: "ReportScheduleConnection", edges: SCHEDULES.map((node) => ({ node })) } } },
    DeleteReportSchedule: { data: { deleteReportSchedule: "S1" } },
    CreateReportSchedule: (v) => ({ data: { createReportSchedule: schedule("S3", String((v.input as { name: string }).name)) } }),
    UpdateReportSchedule: (v) => ({ data: { updateReportSchedule: schedule(String(v.id), String((v.input as { name: string }).name)) } }),
    ...answers,
  });
  renderWithApp(<ReportSchedulesPage />, { client, url });
  return { client, user: userEvent.setup() };
}

const refusal = (message: string, field: string) => ({
  error: new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", field } })] }),
});

/** The form's dialog (antd names every dialog "test-id" under test: found by its title). */
async function dialogTitled(title: string) {
  const dialog = await screen.findByRole("dialog");
  expect(dialog).toHaveTextContent(title);
  return dialog;
}

describe("ReportSchedulesPage", () => {
  it("lists the schedules: what, when, how, the next period and delivery, the last delivery", async () => {
    setup();
    const table = await screen.findByRole("table", { name: "Rapports programmés" });
    const daily = within(table).getByText("Mises à jour quotidiennes").closest("tr")!;
    expect(daily).toHaveTextContent("Statut de mise à jour des comptes");
    expect(daily).toHaveTextContent("Chaque jour à 06:00");
    expect(daily).toHaveTextContent("CSV (point-virgule)");
    expect(daily).toHaveTextContent("compta@hotel.ch");
    expect(daily).toHaveTextContent("N'envoie pas les résultats vides");
    expect(daily).toHaveTextContent("Période 2026-11-26");
    expect(daily).toHaveTextContent("le 27.11.2026 06:00");
    expect(daily).toHaveTextContent("2026-11-25Vide, non envoyé");
    const monthly = within(table).getByText("Journal mensuel").closest("tr")!;
    expect(monthly).toHaveTextContent("Le 1er du mois à 06:00");
    expect(monthly).toHaveTextContent("Dossier sortant");
    expect(monthly).toHaveTextContent("Envoie les résultats vides");
    expect(monthly).toHaveTextContent("Pas encore");
  });

  it("deletes a schedule only once confirmed", async () => {
    const { client, user } = setup();
    await user.click(await screen.findByRole("button", { name: "Supprimer Mises à jour quotidiennes" }));
    const confirm = await screen.findByRole("tooltip");
    expect(confirm).toHaveTextContent("Supprimer le rapport programmé « Mises à jour quotidiennes » ?");
    expect(client.executeMutation).not.toHaveBeenCalled();
    await user.click(within(confirm).getByRole("button", { name: "Supprimer" }));
    await waitFor(() => expect(client.executeMutation).toHaveBeenCalledOnce());
    const [request, context] = client.executeMutation.mock.calls[0]!;
    expect(request.variables).toEqual({ id: "S1" });
    expect(context).toMatchObject({ additionalTypenames: ["ReportSchedule"] });
    expect(await screen.findByText("Rapport programmé « Mises à jour quotidiennes » supprimé.")).toBeInTheDocument();
  });

  it("checks the form before sending it: a name, valid addresses, somewhere to deliver", async () => {
    const { client, user } = setup();
    await user.click(await screen.findByRole("button", { name: "Nouveau rapport programmé" }));
    const dialog = await dialogTitled("Programmer le rapport");
    await user.click(within(dialog).getByRole("button", { name: "Programmer le rapport" }));
    expect(await within(dialog).findByText("Donnez un nom au rapport.")).toBeInTheDocument();
    expect(within(dialog).getByText("Indiquez au moins un destinataire, ou déposez le rapport dans le dossier sortant.")).toBeInTheDocument();
    await user.type(within(dialog).getByRole("combobox", { name: "Destinataires" }), "compta@hotel{Enter}");
    expect(await within(dialog).findByText("Adresse e-mail invalide : compta@hotel")).toBeInTheDocument();
    expect(client.executeMutation).not.toHaveBeenCalled();
  });

  it("creates a schedule with every setting, the recommended ones by default", async () => {
    const { client, user } = setup();
    await user.click(await screen.findByRole("button", { name: "Nouveau rapport programmé" }));
    const dialog = await dialogTitled("Programmer le rapport");
    expect(within(dialog).getByRole("radio", { name: "Quotidienne (recommandée)" })).toBeChecked();
    expect(within(dialog).getByText(/arrivent par étapes sur plusieurs jours/)).toBeInTheDocument();
    expect(within(dialog).getByRole("switch", { name: "Envoyer les résultats vides" })).not.toBeChecked();
    await user.type(within(dialog).getByLabelText("Nom"), "Mises à jour");
    await user.type(within(dialog).getByRole("combobox", { name: "Destinataires" }), "compta@hotel.ch, cfo@hotel.ch{Enter}");
    await user.click(within(dialog).getByRole("switch", { name: "Envoyer les résultats vides" }));
    await user.click(within(dialog).getByRole("button", { name: "Programmer le rapport" }));
    await waitFor(() => expect(client.executeMutation).toHaveBeenCalledOnce());
    expect(client.executeMutation.mock.calls[0]![0].variables).toEqual({
      input: {
        name: "Mises à jour",
        kind: "ACCOUNT_UPDATES",
        frequency: "DAILY",
        format: "CSV",
        separator: "SEMICOLON",
        language: "FR",
        hour: 6,
        emailRecipients: ["compta@hotel.ch", "cfo@hotel.ch"],
        deliverToFolder: false,
        sendEmpty: true,
        enabled: true,
      },
    });
    expect(await screen.findByText("Rapport programmé « Mises à jour » enregistré.")).toBeInTheDocument();
  });

  it("shows the server's refusal on its field", async () => {
    const { user } = setup({
      CreateReportSchedule: refusal("this server has no outbound folder (GUICHET_OUTBOUND_DIR)", "input.deliverToFolder"),
      UpdateReportSchedule: refusal("not an e-mail address", "input.emailRecipients[0]"),
    });
    await user.click(await screen.findByRole("button", { name: "Nouveau rapport programmé" }));
    let dialog = await dialogTitled("Programmer le rapport");
    await user.type(within(dialog).getByLabelText("Nom"), "SFTP");
    await user.click(within(dialog).getByRole("switch", { name: "Déposer aussi dans le dossier sortant" }));
    await user.click(within(dialog).getByRole("button", { name: "Programmer le rapport" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "Refusé : this server has no outbound folder (GUICHET_OUTBOUND_DIR)",
    );
    await user.click(within(dialog).getByRole("button", { name: "Annuler" }));
    await user.click(screen.getByRole("button", { name: "Modifier Mises à jour quotidiennes" }));
    dialog = await dialogTitled("Modifier le rapport programmé");
    await user.click(within(dialog).getByRole("button", { name: "Enregistrer" }));
    expect(await within(dialog).findByText("Refusé : not an e-mail address")).toBeInTheDocument();
  });

  it("edits a schedule, keeping the journal filter it was made with", async () => {
    const { client, user } = setup();
    await user.click(await screen.findByRole("button", { name: "Modifier Journal mensuel" }));
    const dialog = await dialogTitled("Modifier le rapport programmé");
    expect(within(dialog).getByLabelText("Nom")).toHaveValue("Journal mensuel");
    expect(within(dialog).getByRole("radio", { name: "Mensuelle" })).toBeChecked();
    expect(within(dialog).getByLabelText("Recherche dans le journal")).toHaveValue("CMD");
    expect(within(dialog).queryByText("Séparateur CSV")).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole("radio", { name: "Quotidienne (recommandée)" }));
    await user.click(within(dialog).getByRole("button", { name: "Enregistrer" }));
    await waitFor(() => expect(client.executeMutation).toHaveBeenCalledOnce());
    expect(client.executeMutation.mock.calls[0]![0].variables).toMatchObject({
      id: "S2",
      input: { kind: "JOURNAL", frequency: "DAILY", format: "HTML", deliverToFolder: true, journalWhere: { statusIn: ["CAPTURED"] }, journalSearch: "CMD" },
    });
  });

  it("schedules the journal's view it was sent from", async () => {
    const where = { statusIn: ["FAILED"], createdAtGTE: "2026-11-01T00:00:00+01:00" };
    const url = `/reports?${new URLSearchParams({ new: "JOURNAL", where: JSON.stringify(where), search: "CMD" })}`;
    const { client, user } = setup({}, url);
    const dialog = await dialogTitled("Programmer le rapport");
    expect(within(dialog).getByRole("radio", { name: "Journal des transactions" })).toBeChecked();
    expect(within(dialog).getByLabelText("Recherche dans le journal")).toHaveValue("CMD");
    expect(within(dialog).getByText('{"statusIn":["FAILED"]}')).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText("Nom"), "Échecs");
    await user.type(within(dialog).getByRole("combobox", { name: "Destinataires" }), "risque@hotel.ch{Enter}");
    await user.click(within(dialog).getByRole("button", { name: "Programmer le rapport" }));
    await waitFor(() => expect(client.executeMutation).toHaveBeenCalledOnce());
    expect(client.executeMutation.mock.calls[0]![0].variables).toMatchObject({
      input: { kind: "JOURNAL", journalWhere: { statusIn: ["FAILED"] }, journalSearch: "CMD", emailRecipients: ["risque@hotel.ch"] },
    });
    await waitFor(() => expect(screen.getByRole("status", { name: "location" })).toHaveTextContent(/^\/reports$/));
  });
});
