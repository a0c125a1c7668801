import { App, Alert, Button, Descriptions, Flex, Form, Input, Modal, Typography } from "antd";
import type { CombinedError } from "@urql/core";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { graphql } from "@/gql";
import type { MoneyOperationResultFragment } from "@/gql/graphql";
import { appErrors, isGlobal, type AppError } from "@/lib/errors";
import { useFormat } from "@/lib/format";
import { exponentOf, minorToDecimal, parseMajor } from "@/lib/money";

export const MoneyOperationResultFragmentDoc = graphql(`
  fragment MoneyOperationResult on MoneyOperationPayload {
    replayed
    operation {
      id
      kind
      amount
      currency
      result
      failureMessage
    }
    # Screens that show the transaction refetch it: the cache knows its
    # type changed. What the dialog's caller may want at once is here.
    transaction {
      id
      status
      capturedAmount
      refundedAmount
      refundableAmount
      viewerCanCapture
      viewerCanRefund
      viewerCanCancel
    }
  }
`);

const CaptureTransactionMutation = graphql(`
  mutation CaptureTransaction($id: ID!, $amount: MinorUnits, $idempotencyKey: String) {
    captureTransaction(id: $id, amount: $amount, idempotencyKey: $idempotencyKey) {
      ...MoneyOperationResult
    }
  }
`);

const RefundTransactionMutation = graphql(`
  mutation RefundTransaction($id: ID!, $amount: MinorUnits, $reason: String, $idempotencyKey: String) {
    refundTransaction(id: $id, amount: $amount, reason: $reason, idempotencyKey: $idempotencyKey) {
      ...MoneyOperationResult
    }
  }
`);

const CancelTransactionMutation = graphql(`
  mutation CancelTransaction($id: ID!, $reason: String, $idempotencyKey: String) {
    cancelTransaction(id: $id, reason: $reason, idempotencyKey: $idempotencyKey) {
      ...MoneyOperationResult
    }
  }
`);

/** The money operations a person can start from the transaction page or a review queue. */
export type OperationKind = "CAPTURE" | "REFUND" | "CANCEL";

/** What the dialog needs of the transaction. */
export interface OperationTarget {
  id: string;
  currency: string;
  /** The authorized amount: what a capture takes by default, what a cancellation releases. */
  amount: string;
  refundableAmount: string;
  orderReference?: string | null;
}

const REASON_MAX = 500;

/** The most an operation may move, in minor units; undefined for a cancellation. */
function maxOf(kind: OperationKind, tx: OperationTarget): string | undefined {
  if (kind === "REFUND") return tx.refundableAmount;
  if (kind === "CAPTURE") return tx.amount;
  return undefined;
}

/**
 * Capture, refund or cancel, in two steps: the form (amount in the
 * transaction's currency, reason), then a confirmation that says the
 * amount in words. Each opening of the dialog is one intent with its own
 * idempotency key, so that a double click or a retry after a lost answer
 * never moves money twice.
 */
export function MoneyOperationDialog({
  kind,
  tx,
  open,
  onClose,
}: {
  kind: OperationKind;
  tx: OperationTarget;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal open={open} title={t(`operation.${kind}.title`)} footer={null} destroyOnHidden onCancel={onClose} maskClosable={false}>
      {open ? <OperationFlow kind={kind} tx={tx} onClose={onClose} /> : null}
    </Modal>
  );
}

type Outcome = { refused: string } | { error: AppError; retry: boolean } | undefined;

function OperationFlow({ kind, tx, onClose }: { kind: OperationKind; tx: OperationTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { message } = App.useApp();
  const exponent = exponentOf(tx.currency);
  const max = maxOf(kind, tx);
  // One intent, one key: kept across retries until the dialog closes.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [step, setStep] = useState<"form" | "confirm">("form");
  const [amountText, setAmountText] = useState(max !== undefined ? minorToDecimal(max, exponent) : "");
  const [amountError, setAmountError] = useState<{ text: string; detail?: string }>();
  const [reason, setReason] = useState("");
  const [amount, setAmount] = useState<string>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [captured, capture] = useMutation(CaptureTransactionMutation);
  const [refunded, refund] = useMutation(RefundTransactionMutation);
  const [canceled, cancel] = useMutation(CancelTransactionMutation);
  const fetching = captured.fetching || refunded.fetching || canceled.fetching;
  // A second click before React re-renders the button as loading.
  const inFlight = useRef(false);
  const shown = (minor: string) => f.money(minor, tx.currency);
  const what = shown(amount ?? tx.amount);

  const readAmount = (): string | undefined => {
    const parsed = parseMajor(amountText, exponent);
    if (!parsed.ok) {
      setAmountError({ text: t(`amount.errors.${parsed.error}`, { count: exponent }) });
      return undefined;
    }
    if (BigInt(parsed.minor) <= 0n) {
      setAmountError({ text: t("amount.errors.notPositive") });
      return undefined;
    }
    if (max !== undefined && BigInt(parsed.minor) > BigInt(max)) {
      setAmountError({ text: t("amount.errors.tooLarge", { max: shown(max) }) });
      return undefined;
    }
    return parsed.minor;
  };

  const toConfirm = () => {
    setOutcome(undefined);
    if (kind !== "CANCEL") {
      const minor = readAmount();
      if (minor === undefined) return;
      setAmount(minor);
    }
    setAmountError(undefined);
    setStep("confirm");
  };

  const send = async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setOutcome(undefined);
    const why = reason.trim() || undefined;
    let result: { data?: MoneyOperationResultFragment; error?: CombinedError };
    try {
      if (kind === "CAPTURE") {
        const r = await capture({ id: tx.id, amount, idempotencyKey });
        result = { data: r.data?.captureTransaction, error: r.error };
      } else if (kind === "REFUND") {
        const r = await refund({ id: tx.id, amount, reason: why, idempotencyKey });
        result = { data: r.data?.refundTransaction, error: r.error };
      } else {
        const r = await cancel({ id: tx.id, reason: why, idempotencyKey });
        result = { data: r.data?.cancelTransaction, error: r.error };
      }
    } finally {
      inFlight.current = false;
    }
    const { data, error } = result;
    if (data) {
      if (data.operation.result === "FAILED") {
        setOutcome({ refused: data.operation.failureMessage || t("operation.refusedUnknown") });
        return;
      }
      void message.success(
        t(`operation.${kind}.done`, { amount: shown(data.operation.amount === "0" ? tx.amount : data.operation.amount) }) +
          (data.replayed ? ` ${t("operation.replayed")}` : ""),
      );
      onClose();
      return;
    }
    const errors = appErrors(error);
    const onAmount = errors.find((e) => e.field?.split(".").pop() === "amount");
    if (onAmount && kind !== "CANCEL") {
      setAmountError({ text: t("amount.errors.rejected"), detail: onAmount.message });
      setStep("form");
      return;
    }
    const first = errors[0];
    if (first) setOutcome({ error: first, retry: isGlobal(first.code) });
  };

  const footer = (children: React.ReactNode) => (
    <Flex justify="flex-end" gap={8} style={{ marginTop: 16 }}>
      {children}
    </Flex>
  );

  if (outcome && "refused" in outcome) {
    return (
      <>
        <Alert type="error" showIcon title={t("operation.refused", { amount: what })} description={outcome.refused} />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t("operation.refusedHint")}
        </Typography.Paragraph>
        {footer(<Button onClick={onClose}>{t("common.close")}</Button>)}
      </>
    );
  }

  if (step === "confirm") {
    return (
      <>
        <Typography.Paragraph strong style={{ fontSize: 15 }}>
          {t(`operation.${kind}.confirm`, { amount: what })}
        </Typography.Paragraph>
        <Descriptions
          size="small"
          column={1}
          bordered
          items={[
            { key: "tx", label: t("operation.transaction"), children: tx.orderReference || tx.id },
            { key: "amount", label: t("transaction.amount"), children: <strong className="money">{what}</strong> },
            ...(kind !== "CAPTURE"
              ? [{ key: "reason", label: t("operation.reason"), children: reason.trim() || "—" }]
              : []),
          ]}
        />
        {outcome && "error" in outcome ? (
          <Alert
            style={{ marginTop: 12 }}
            type="error"
            showIcon
            title={outcome.retry ? t("operation.notSent") : t(`errors.${outcome.error.code}`)}
            description={outcome.error.requestId ? t("errors.requestId", { id: outcome.error.requestId }) : outcome.error.message}
          />
        ) : null}
        {footer(
          <>
            <Button onClick={() => setStep("form")} disabled={fetching}>
              {t("operation.back")}
            </Button>
            <Button
              type="primary"
              danger={kind !== "CAPTURE"}
              loading={fetching}
              onClick={() => void send()}
              disabled={!!outcome && !outcome.retry}
            >
              {outcome && outcome.retry ? t("operation.retry") : t(`operation.${kind}.submit`)}
            </Button>
          </>,
        )}
      </>
    );
  }

  return (
    <Form layout="vertical" component="div">
      {kind !== "CANCEL" ? (
        <Form.Item
          label={t("transaction.amount")}
          htmlFor="operation-amount"
          validateStatus={amountError ? "error" : undefined}
          help={
            amountError ? (
              <span id="operation-amount-error">
                {amountError.text}
                {amountError.detail ? <Typography.Text type="secondary"> ({amountError.detail})</Typography.Text> : null}
              </span>
            ) : undefined
          }
          extra={max !== undefined ? t(`operation.${kind}.most`, { amount: shown(max) }) : undefined}
        >
          <Input
            id="operation-amount"
            inputMode="decimal"
            autoComplete="off"
            aria-invalid={amountError ? true : undefined}
            aria-describedby={amountError ? "operation-amount-error" : undefined}
            value={amountText}
            suffix={tx.currency}
            onChange={(e) => {
              setAmountText(e.target.value);
              setAmountError(undefined);
            }}
            onPressEnter={toConfirm}
            style={{ maxWidth: 220 }}
          />
        </Form.Item>
      ) : (
        <Typography.Paragraph>{t("operation.CANCEL.intro", { amount: shown(tx.amount) })}</Typography.Paragraph>
      )}
      {kind !== "CAPTURE" ? (
        <Form.Item label={t("operation.reason")} htmlFor="operation-reason" extra={t("operation.reasonHint")}>
          <Input.TextArea
            id="operation-reason"
            value={reason}
            maxLength={REASON_MAX}
            rows={2}
            onChange={(e) => setReason(e.target.value)}
          />
        </Form.Item>
      ) : null}
      {footer(
        <>
          <Button onClick={onClose}>{t("common.close")}</Button>
          <Button type="primary" onClick={toConfirm}>
            {t("operation.continue")}
          </Button>
        </>,
      )}
    </Form>
  );
}
