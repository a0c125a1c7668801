import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CombinedError, type OperationResult } from "@urql/core";
import { GraphQLError } from "graphql";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { mockClient, renderWithApp } from "@/test/render";
import { MoneyOperationDialog, type OperationKind, type OperationTarget } from "./MoneyOperationDialog";

const viewer = {
  data: {
    viewer: {
      name: "Marc Responsable",
      role: "MANAGER",
      permissions: ["READ_JOURNAL", "REFUND", "CAPTURE", "CANCEL"],
      merchant: { id: "M1", name: "Hôtel Refundus Maximus", timeZone: "Europe/Zurich" },
    },
  },
};

const CHF: OperationTarget = { id: "T1", currency: "CHF", amount: "2500", refundableAmount: "1250", orderReference: "CMD-1" };

const MUTATIONS: Record<OperationKind, string> = {
  REFUND: "RefundTransaction",
  CAPTURE: "CaptureTransaction",
  CANCEL: "CancelTransaction",
};
const FIELDS: Record<OperationKind, string> = {
  REFUND: "refundTransaction",
  CAPTURE: "captureTransaction",
  CANCEL: "cancelTransaction",
};

const payload = (kind: OperationKind, amount: string, result = "SUCCEEDED", failureMessage: string | null = null) => ({
  data: {
    [FIELDS[kind]]: {
      __typename: "MoneyOperationPayload",
      replayed: false,
      operation: { __typename: "Operation", id: "O1", kind, amount, currency: "CHF", result, failureMessage },
      transaction: { __typename: "Transaction", id: "T1" },
    },
  },
});

const gqlError = (code: string, message: string, field?: string) =>
  ({ error: new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions: { code, ...(field ? { field } : {}) } })] }) });

const lost = { error: new CombinedError({ networkError: new Error("Failed to fetch") }) };

type Answer = Partial<OperationResult> | undefined;

/** The dialog behind a button, as the transaction page has it: each opening is a new dialog. */
function Harness({ kind, tx }: { kind: OperationKind; tx: OperationTarget }) {
  const [open, setOpen] = useState(true);
  return (
    <>
      <button onClick={() => setOpen(true)}>ouvrir</button>
      <MoneyOperationDialog kind={kind} tx={tx} open={open} onClose={() => setOpen(false)} />
    </>
  );
}

/** answers: what the mutation answers, call after call (undefined: never). */
function setup({ kind = "REFUND" as OperationKind, tx = CHF, answers = [] as Answer[] } = {}) {
  let call = 0;
  const client = mockClient({
    Viewer: viewer,
    [MUTATIONS[kind]]: () => answers[call++] ?? payload(kind, "1"),
  });
  renderWithApp(<Harness kind={kind} tx={tx} />, { client });
  const sent = () => client.executeMutation.mock.calls.map((c) => c[0].variables as Record<string, unknown>);
  return { client, sent, user: userEvent.setup() };
}

const amountField = () => screen.getByLabelText("Montant");

async function submit(user: ReturnType<typeof userEvent.setup>, { amount, reason }: { amount?: string; reason?: string } = {}) {
  if (amount !== undefined) {
    await user.clear(amountField());
    await user.type(amountField(), amount);
  }
  if (reason !== undefined) await user.type(screen.getByLabelText("Motif"), reason);
  await user.click(screen.getByRole("button", { name: "Continuer" }));
}

describe("the refund dialog", () => {
  for (const [currency, refundable, shown] of [
    ["CHF", "1250", "12.50"],
    ["JPY", "5000", "5000"],
    ["KWD", "12345", "12.345"],
  ] as const) {
    it(`offers the refundable amount in major units of ${currency}`, async () => {
      setup({ tx: { ...CHF, currency, refundableAmount: refundable } });
      expect(await screen.findByLabelText("Montant")).toHaveValue(shown);
    });
  }

  for (const [currency, typed, minor] of [
    ["CHF", "7,5", "750"],
    ["JPY", "1200", "1200"],
    ["KWD", "1.005", "1005"],
  ] as const) {
    it(`reads ${typed} ${currency} into minor units`, async () => {
      const { sent, user } = setup({ tx: { ...CHF, currency, refundableAmount: "100000" } });
      await screen.findByLabelText("Montant");
      await submit(user, { amount: typed });
      await user.click(screen.getByRole("button", { name: "Confirmer le remboursement" }));
      await waitFor(() => expect(sent()).toHaveLength(1));
      expect(sent()[0]!.amount).toBe(minor);
    });
  }

  it("refuses more decimals than the currency has, and more than is refundable", async () => {
    const { sent, user } = setup();
    await screen.findByLabelText("Montant");
    await submit(user, { amount: "12.505" });
    expect(amountField()).toHaveAccessibleDescription("2 décimales au plus");
    await submit(user, { amount: "12.51" });
    expect(screen.getByText("12.50 CHF au plus.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Confirmer le remboursement" })).not.toBeInTheDocument();
    expect(sent()).toEqual([]);
  });

  it("asks for confirmation with the amount in the transaction's currency before sending", async () => {
    const { sent, user } = setup({ answers: [payload("REFUND", "750")] });
    await screen.findByLabelText("Montant");
    await submit(user, { amount: "7.5", reason: "geste commercial" });
    expect(screen.getByText("Rembourser 7.50 CHF ?")).toBeInTheDocument();
    expect(screen.getByText("geste commercial")).toBeInTheDocument();
    expect(sent()).toEqual([]);
    await user.click(screen.getByRole("button", { name: "Confirmer le remboursement" }));
    await waitFor(() => expect(sent()).toHaveLength(1));
    expect(sent()[0]).toEqual({
      id: "T1",
      amount: "750",
      reason: "geste commercial",
      idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(await screen.findByText("Remboursement de 7.50 CHF effectué.")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  });

  it("retries with the same idempotency key after a lost answer", async () => {
    const { sent, user } = setup({ answers: [lost, payload("REFUND", "1250")] });
    await screen.findByLabelText("Montant");
    await submit(user);
    await user.click(screen.getByRole("button", { name: "Confirmer le remboursement" }));
    expect(await screen.findByText("La demande n'a pas abouti. Réessayer ne déplacera jamais l'argent deux fois.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Réessayer" }));
    await waitFor(() => expect(sent()).toHaveLength(2));
    expect(sent()[1]).toEqual(sent()[0]);
    expect(await screen.findByText("Remboursement de 12.50 CHF effectué.")).toBeInTheDocument();
  });

  it("sends once when the confirmation is clicked twice", async () => {
    const client = mockClient({ Viewer: viewer });
    renderWithApp(<Harness kind="REFUND" tx={CHF} />, { client });
    const user = userEvent.setup();
    await screen.findByLabelText("Montant");
    await submit(user);
    await user.dblClick(screen.getByRole("button", { name: "Confirmer le remboursement" }));
    expect(client.executeMutation).toHaveBeenCalledOnce();
  });

  it("gives each new dialog a new idempotency key", async () => {
    const { sent, user } = setup();
    await screen.findByLabelText("Montant");
    await submit(user);
    await user.click(screen.getByRole("button", { name: "Confirmer le remboursement" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    await user.click(screen.getByRole("button", { name: "ouvrir" }));
    await screen.findByLabelText("Montant");
    await submit(user);
    await user.click(screen.getByRole("button", { name: "Confirmer le remboursement" }));
    await waitFor(() => expect(sent()).toHaveLength(2));
    expect(sent()[1]!.idempotencyKey).not.toBe(sent()[0]!.idempotencyKey);
  });

  it("shows the processor's refusal and leaves the dialog open", async () => {
    const { user } = setup({ answers: [payload("REFUND", "1250", "FAILED", "card declined: insufficient funds")] });
    await screen.findByLabelText("Montant");
    await submit(user);
    await user.click(screen.getByRole("button", { name: "Confirmer le remboursement" }));
    expect(await screen.findByText("Refusé par le processeur de paiement (12.50 CHF)")).toBeInTheDocument();
    expect(screen.getByText("card declined: insufficient funds")).toBeInTheDocument();
    expect(screen.getByRole("dialog")).toBeInTheDocument();
    expect(screen.queryByText(/effectué/)).not.toBeInTheDocument();
  });

  it("shows an amount the server refuses on the amount field", async () => {
    const { user } = setup({
      answers: [gqlError("BAD_USER_INPUT", "the amount must be between 1 and 5.00 CHF (minor units: 500)", "amount")],
    });
    await screen.findByLabelText("Montant");
    await submit(user);
    await user.click(screen.getByRole("button", { name: "Confirmer le remboursement" }));
    expect(await screen.findByText("Montant refusé : il dépasse ce qui peut être déplacé maintenant.")).toBeInTheDocument();
    expect(amountField()).toBeInvalid();
    expect(amountField()).toHaveAccessibleDescription(/^Montant refusé : .*minor units: 500/);
    expect(amountField()).toHaveValue("12.50");
  });

  it("shows a conflict and offers no retry", async () => {
    const { user } = setup({ answers: [gqlError("CONFLICT", "cannot refund a transaction that is REFUNDED", "id")] });
    await screen.findByLabelText("Montant");
    await submit(user);
    await user.click(screen.getByRole("button", { name: "Confirmer le remboursement" }));
    expect(await screen.findByText("cannot refund a transaction that is REFUNDED")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Confirmer le remboursement" })).toBeDisabled();
  });
});

describe("the capture and cancel dialogs", () => {
  it("captures the authorized amount by default", async () => {
    const { sent, user } = setup({ kind: "CAPTURE" });
    expect(await screen.findByLabelText("Montant")).toHaveValue("25.00");
    expect(screen.queryByLabelText("Motif")).not.toBeInTheDocument();
    await submit(user);
    expect(screen.getByText("Capturer 25.00 CHF ?")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Confirmer la capture" }));
    await waitFor(() => expect(sent()).toHaveLength(1));
    expect(sent()[0]).toEqual({ id: "T1", amount: "2500", idempotencyKey: expect.any(String) });
  });

  it("cancels with a reason and no amount", async () => {
    const { sent, user } = setup({ kind: "CANCEL" });
    await screen.findByLabelText("Motif");
    expect(screen.queryByLabelText("Montant")).not.toBeInTheDocument();
    await submit(user, { reason: "suspect" });
    expect(screen.getByText("Annuler l'autorisation de 25.00 CHF ?")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Confirmer l'annulation" }));
    await waitFor(() => expect(sent()).toHaveLength(1));
    expect(sent()[0]).toEqual({ id: "T1", reason: "suspect", idempotencyKey: expect.any(String) });
  });
});
