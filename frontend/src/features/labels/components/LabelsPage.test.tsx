import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { mockClient, renderWithApp } from "@/test/render";
import LabelsPage from "./LabelsPage";

const label = (id: string, name: string, color: string, description: string | null = null) => ({
  __typename: "Label" as const,
  id,
  name,
  color,
  description,
  createdAt: "2026-11-26T07:16:13Z",
});

const LABELS = [
  label("L2", "🚩 Suspect", "#DC2626", "À examiner : possible tentative de fraude."),
  label("L1", "💸 Remboursement", "#D97706"),
  label("L3", "✅ Vérifié", "#16A34A"),
];

function setup(permissions = ["MANAGE_LABELS"]) {
  const client = mockClient({
    Viewer: {
      data: {
        viewer: {
          name: "Ada",
          role: "ADMIN",
          permissions,
          merchant: { id: "M1", name: "Hôtel Refundus Maximus", timeZone: "Europe/Zurich" },
        },
      },
    },
    LabelsSettings: {
      data: { labels: { totalCount: LABELS.length, edges: LABELS.map((node) => ({ node })) } },
    },
    DeleteLabel: { data: { deleteLabel: "L2" } },
  });
  renderWithApp(<LabelsPage />, { client, url: "/labels" });
  return { client, user: userEvent.setup() };
}

describe("LabelsPage", () => {
  it("lists labels by name, emoji aside, with their descriptions", async () => {
    setup();
    const rows = await screen.findAllByRole("row");
    const names = rows.slice(1).map((r) => within(r).getAllByRole("cell")[0]!.textContent);
    expect(names).toEqual(["💸 Remboursement", "🚩 Suspect", "✅ Vérifié"]);
    expect(screen.getByRole("cell", { name: "À examiner : possible tentative de fraude." })).toBeInTheDocument();
  });

  it("deletes a label only once confirmed", async () => {
    const { client, user } = setup();
    await user.click(await screen.findByRole("button", { name: "Supprimer 🚩 Suspect" }));
    const confirm = await screen.findByRole("tooltip");
    expect(confirm).toHaveTextContent("Supprimer l'étiquette « 🚩 Suspect » ?");
    expect(client.executeMutation).not.toHaveBeenCalled();
    await user.click(within(confirm).getByRole("button", { name: "Supprimer" }));
    await waitFor(() => expect(client.executeMutation).toHaveBeenCalledOnce());
    const [request, context] = client.executeMutation.mock.calls[0]!;
    expect(request.variables).toEqual({ id: "L2" });
    expect(context).toMatchObject({ additionalTypenames: ["Label", "Transaction"] });
    expect(await screen.findByText("Étiquette « 🚩 Suspect » supprimée.")).toBeInTheDocument();
  });

  it("opens the form on the label to edit", async () => {
    const { user } = setup();
    await user.click(await screen.findByRole("button", { name: "Modifier 💸 Remboursement" }));
    const dialog = await screen.findByRole("dialog", { name: "Modifier l'étiquette" });
    expect(within(dialog).getByRole("textbox", { name: "Nom" })).toHaveValue("💸 Remboursement");
  });

  it("offers no changes without the permission to manage labels", async () => {
    setup([]);
    expect(await screen.findByText("🚩 Suspect")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Nouvelle étiquette" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Supprimer/ })).not.toBeInTheDocument();
  });
});
