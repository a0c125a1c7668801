import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CombinedError } from "@urql/core";
import { GraphQLError } from "graphql";
import { describe, expect, it, vi } from "vitest";
import { mockClient, renderWithApp } from "@/test/render";
import { LabelForm } from "./LabelForm";

const SUSPECT = {
  __typename: "Label" as const,
  id: "L2",
  name: "🚩 Suspect",
  color: "#DC2626",
  description: "À examiner : possible tentative de fraude.",
  createdAt: "2026-11-26T07:16:13Z",
};

const failure = (message: string, code: string, field?: string) => ({
  error: new CombinedError({
    graphQLErrors: [new GraphQLError(message, { extensions: { code, ...(field ? { field } : {}) } })],
  }),
});

function setup(answers: Parameters<typeof mockClient>[0], label?: typeof SUSPECT) {
  const client = mockClient(answers);
  const onDone = vi.fn();
  const onCancel = vi.fn();
  renderWithApp(<LabelForm label={label} onDone={onDone} onCancel={onCancel} />, { client });
  return { client, onDone, onCancel, user: userEvent.setup() };
}

describe("LabelForm", () => {
  it("creates a label with an emoji in its name", async () => {
    const created = { ...SUSPECT, id: "L9", name: "🧾 Facture", description: null };
    const { client, onDone, user } = setup({ CreateLabel: { data: { createLabel: created } } });
    await user.type(screen.getByRole("textbox", { name: "Nom" }), "  🧾 Facture ");
    await user.click(screen.getByRole("button", { name: "Créer l'étiquette" }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(created));
    const [request] = client.executeMutation.mock.calls[0]!;
    expect(request.variables).toEqual({ input: { name: "🧾 Facture", color: "#6B7280" } });
  });

  it("shows a name already taken on the name field", async () => {
    const { onDone, user } = setup({ CreateLabel: failure('a label named "🚩 suspect" already exists', "CONFLICT", "name") });
    const name = screen.getByRole("textbox", { name: "Nom" });
    await user.type(name, "🚩 suspect");
    await user.click(screen.getByRole("button", { name: "Créer l'étiquette" }));
    expect(await screen.findByText("Une étiquette porte déjà ce nom (majuscules et minuscules confondues).")).toBeInTheDocument();
    expect(name).toHaveAccessibleDescription(expect.stringContaining("Une étiquette porte déjà ce nom"));
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(onDone).not.toHaveBeenCalled();
  });

  it("shows the server's message for other bad input on its field", async () => {
    const { user } = setup({ UpdateLabel: failure("invalid description: too long", "BAD_USER_INPUT", "input.description") }, SUSPECT);
    await user.click(screen.getByRole("button", { name: "Enregistrer" }));
    expect(await screen.findByText("invalid description: too long")).toBeInTheDocument();
  });

  it("refuses an empty name without asking the server", async () => {
    const { client, user } = setup({});
    await user.type(screen.getByRole("textbox", { name: "Nom" }), "   ");
    await user.click(screen.getByRole("button", { name: "Créer l'étiquette" }));
    expect(await screen.findByText("Donnez un nom à l'étiquette.")).toBeInTheDocument();
    expect(client.executeMutation).not.toHaveBeenCalled();
  });

  it("refuses a name of more than 50 characters", async () => {
    const { client, user } = setup({});
    await user.type(screen.getByRole("textbox", { name: "Nom" }), "🚩".repeat(51));
    await user.click(screen.getByRole("button", { name: "Créer l'étiquette" }));
    expect(await screen.findByText("50 caractères au plus.")).toBeInTheDocument();
    expect(client.executeMutation).not.toHaveBeenCalled();
  });

  it("counts an emoji as one character, as the server does", async () => {
    // 50 emoji are 100 UTF-16 code units.
    const name = "🚩".repeat(50);
    const { client, onDone, user } = setup({ CreateLabel: { data: { createLabel: { ...SUSPECT, name } } } });
    await user.type(screen.getByRole("textbox", { name: "Nom" }), name);
    await user.click(screen.getByRole("button", { name: "Créer l'étiquette" }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(client.executeMutation.mock.calls[0]![0].variables).toEqual({ input: { name, color: "#6B7280" } });
  });

  it("renames, recolours and clears the description of a label", async () => {
    const updated = { ...SUSPECT, name: "🚩 À vérifier", description: null };
    const { client, onDone, user } = setup({ UpdateLabel: { data: { updateLabel: updated } } }, SUSPECT);
    const name = screen.getByRole("textbox", { name: "Nom" });
    expect(name).toHaveValue("🚩 Suspect");
    await user.clear(name);
    await user.type(name, "🚩 À vérifier");
    await user.clear(screen.getByRole("textbox", { name: "Description" }));
    await user.click(screen.getByRole("button", { name: "Enregistrer" }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(updated));
    const [request] = client.executeMutation.mock.calls[0]!;
    expect(request.variables).toEqual({
      id: "L2",
      input: { name: "🚩 À vérifier", color: "#DC2626", clearDescription: true },
    });
  });

  it("puts the emoji chosen in the picker in front of the name, in place of the one it had", async () => {
    const created = { ...SUSPECT, id: "L9", name: "🧾 Facture", description: null };
    const { client, onDone, user } = setup({ CreateLabel: { data: { createLabel: created } } });
    const name = screen.getByRole("textbox", { name: "Nom" });
    await user.type(name, "📄 Facture");
    await user.click(screen.getByRole("button", { name: "Choisir un émoji" }));
    // The picker searches in the app's language, in data bundled with the app.
    const search = await screen.findByRole("searchbox", { name: "Rechercher un émoji" });
    await user.type(search, "reçu");
    await user.click(await screen.findByRole("gridcell", { name: "Reçu" }, { timeout: 5000 }));
    expect(name).toHaveValue("🧾 Facture");
    await waitFor(() => expect(screen.queryByRole("searchbox", { name: "Rechercher un émoji" })).not.toBeInTheDocument());
    expect(screen.getByRole("button", { name: "Choisir un émoji" })).toHaveTextContent("🧾");
    await user.click(screen.getByRole("button", { name: "Créer l'étiquette" }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(created));
    expect(client.executeMutation.mock.calls[0]![0].variables).toEqual({ input: { name: "🧾 Facture", color: "#6B7280" } });
  });

  it("cancels", async () => {
    const { onCancel, user } = setup({});
    await user.click(screen.getByRole("button", { name: "Annuler" }));
    expect(onCancel).toHaveBeenCalledOnce();
  });
});
