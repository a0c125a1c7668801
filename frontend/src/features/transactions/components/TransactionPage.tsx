import { Alert, Button, Card, Col, Descriptions, Flex, Row, Skeleton, Space, Typography } from "antd";
import type { DescriptionsProps } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { LabelSelect, useMerchantLabels } from "@/components/LabelSelect";
import { MoneyOperationDialog, type OperationKind } from "@/components/MoneyOperationDialog";
import { PersonalData } from "@/components/PersonalData";
import { NotFound, QueryError } from "@/components/QueryError";
import { LabelChip, ModeTag, StatusTag } from "@/components/Tags";
import type { BackState } from "@/components/TransactionTable";
import type { TransactionDetailFragment } from "@/gql/graphql";
import { appErrors, isGlobal, isNotFound } from "@/lib/errors";
import { useFormat } from "@/lib/format";
import { useCan } from "@/lib/viewer";
import { AddLabelsMutation, RemoveLabelsMutation, TransactionQuery } from "../api/transaction";
import { AuditTimeline, OperationsCard } from "./TransactionHistory";

const CARD_METHODS = new Set(["VISA", "MASTERCARD", "AMEX"]);

/** One transaction with every field, and its labels. */
export default function TransactionPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const [{ data, fetching, error }] = useQuery({ query: TransactionQuery, variables: { id } });
  const node = data?.node;

  if (isNotFound(error) || (data && (!node || node.__typename !== "Transaction"))) {
    return <NotFound title={t("transaction.notFound")} />;
  }
  if (error) return <QueryError error={error} />;
  if (fetching && !node) return <Skeleton active />;
  if (!node || node.__typename !== "Transaction") return null;
  return <TransactionDetail tx={node} />;
}

function TransactionDetail({ tx }: { tx: TransactionDetailFragment }) {
  const { t } = useTranslation();
  const state = useLocation().state as Partial<BackState> | null;
  const f = useFormat();
  const dash = "—";
  const canSeeLinks = useCan("CREATE_PAYMENT_LINK");
  const when = (iso: string | null | undefined) => (iso ? f.dateTime(iso, true) : dash);
  const items: DescriptionsProps["items"] = [
    { key: "amount", label: t("transaction.amount"), children: <strong className="money">{f.money(tx.amount, tx.currency)}</strong> },
    { key: "captured", label: t("transaction.capturedAmount"), children: <span className="money">{f.money(tx.capturedAmount, tx.currency)}</span> },
    { key: "refunded", label: t("transaction.refundedAmount"), children: <span className="money">{f.money(tx.refundedAmount, tx.currency)}</span> },
    { key: "status", label: t("transaction.status"), children: <StatusTag status={tx.status} /> },
    {
      key: "mode",
      label: t("transaction.mode"),
      children: tx.mode === "TEST" ? <ModeTag mode={tx.mode} /> : t(`mode.${tx.mode}`),
    },
    { key: "method", label: t("transaction.paymentMethod"), children: t(`method.${tx.paymentMethod}`) },
    {
      key: "card",
      label: t("transaction.card"),
      children:
        CARD_METHODS.has(tx.paymentMethod) || tx.cardLast4
          ? `${t(`method.${tx.paymentMethod}`)}${tx.cardLast4 ? ` •••• ${tx.cardLast4}` : ""}`
          : dash,
    },
    { key: "channel", label: t("transaction.channel"), children: `${t(`channel.${tx.channel}`)} · ECI ${tx.eci}` },
    { key: "orderReference", label: t("transaction.orderReference"), children: tx.orderReference || dash },
    { key: "description", label: t("transaction.description"), children: tx.description || dash },
    { key: "reconciliation", label: t("transaction.reconciliation"), children: tx.reconciliation || dash },
    { key: "processorReference", label: t("transaction.processorReference"), children: tx.processorReference || dash },
    {
      key: "failure",
      label: t("transaction.failure"),
      children: tx.failureCode ? (
        <span>
          {t(`failure.${tx.failureCode}`)}{" "}
          <Typography.Text type="secondary">
            ({tx.failureCode}
            {tx.failureReason ? ` — ${tx.failureReason}` : ""})
          </Typography.Text>
        </span>
      ) : (
        dash
      ),
    },
    { key: "shop", label: t("transaction.shop"), children: tx.shop.name },
    {
      key: "payer",
      label: t("transaction.payerId"),
      children: tx.payer ? <Link to={`/payers/${encodeURIComponent(tx.payer.reference)}`}>{tx.payer.reference}</Link> : dash,
    },
    { key: "payerName", label: t("transaction.payerName"), children: tx.payer ? <PersonalData value={tx.payer.name} /> : dash },
    { key: "payerEmail", label: t("transaction.payerEmail"), children: tx.payer ? <PersonalData value={tx.payer.email} /> : dash },
    ...(tx.paymentLink
      ? [
          {
            key: "paymentLink",
            label: t("transaction.paymentLink"),
            children: canSeeLinks ? (
              <Link to={`/payment-links/${tx.paymentLink.id}`}>{tx.paymentLink.orderReference || t("transaction.openPaymentLink")}</Link>
            ) : (
              tx.paymentLink.orderReference || t("transaction.openPaymentLink")
            ),
          },
        ]
      : []),
    { key: "createdAt", label: t("transaction.createdAt"), children: when(tx.createdAt) },
    { key: "authorizedAt", label: t("transaction.authorizedAt"), children: when(tx.authorizedAt) },
    { key: "capturedAt", label: t("transaction.capturedAt"), children: when(tx.capturedAt) },
    { key: "updatedAt", label: t("transaction.updatedAt"), children: when(tx.updatedAt) },
  ];
  return (
    <Flex vertical gap={12}>
      <Link to={state?.back ?? "/journal"}>← {state?.backTitle ?? t("journal.title")}</Link>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space align="center" wrap>
          <Typography.Title level={1} className="page-title">
            {t("transaction.title", { reference: tx.orderReference || tx.id })}
          </Typography.Title>
          <StatusTag status={tx.status} />
          <ModeTag mode={tx.mode} />
        </Space>
        <OperationButtons tx={tx} />
      </Flex>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }} items={items} />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={16}>
          <Flex vertical gap={12}>
            <LabelsCard tx={tx} />
            <OperationsCard tx={tx} />
          </Flex>
        </Col>
        <Col xs={24} xl={8}>
          <AuditTimeline tx={tx} />
        </Col>
      </Row>
    </Flex>
  );
}

/**
 * Capture, refund and cancel, offered only when the server says the viewer
 * may do it to this transaction now.
 */
function OperationButtons({ tx }: { tx: TransactionDetailFragment }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<OperationKind>();
  const offered: { kind: OperationKind; allowed: boolean; danger?: boolean }[] = [
    { kind: "CAPTURE", allowed: tx.viewerCanCapture },
    { kind: "REFUND", allowed: tx.viewerCanRefund },
    { kind: "CANCEL", allowed: tx.viewerCanCancel, danger: true },
  ];
  const allowed = offered.filter((o) => o.allowed);
  if (allowed.length === 0) return null;
  // The dialogs stay out of the Space: it keys its items by their
  // children's keys, which the buttons' would repeat, and a button whose
  // operation is no longer allowed would then stay on the page.
  return (
    <>
      <Space wrap>
        {allowed.map((o) => (
          <Button key={o.kind} danger={o.danger} type={o.kind === "CANCEL" ? "default" : "primary"} onClick={() => setOpen(o.kind)}>
            {t(`operation.${o.kind}.button`)}
          </Button>
        ))}
      </Space>
      {allowed.map((o) => (
        <MoneyOperationDialog key={o.kind} kind={o.kind} tx={tx} open={open === o.kind} onClose={() => setOpen(undefined)} />
      ))}
    </>
  );
}

function LabelsCard({ tx }: { tx: TransactionDetailFragment }) {
  const { t } = useTranslation();
  const canLabel = useCan("LABEL_TRANSACTION");
  const { labels, fetching } = useMerchantLabels();
  const [chosen, setChosen] = useState<string[]>([]);
  const [added, addLabels] = useMutation(AddLabelsMutation);
  const [removed, removeLabels] = useMutation(RemoveLabelsMutation);
  const current = tx.labels ?? [];
  const failure = [...appErrors(added.error), ...appErrors(removed.error)].find((e) => !isGlobal(e.code));

  const add = async () => {
    const result = await addLabels({ transactionIds: [tx.id], labelIds: chosen });
    if (!result.error) setChosen([]);
  };

  return (
    <Card size="small" title={<h2 className="card-title">{t("transaction.labels")}</h2>}>
      <Flex vertical gap={8}>
        <div aria-label={t("transaction.labels")} role="list">
          {current.length === 0 ? <Typography.Text type="secondary">{t("transaction.noLabels")}</Typography.Text> : null}
          {current.map((l) => (
            <span role="listitem" key={l.id}>
              <LabelChip
                label={l}
                onClose={canLabel ? () => void removeLabels({ transactionIds: [tx.id], labelIds: [l.id] }) : undefined}
                closeLabel={t("transaction.removeLabel", { name: l.name })}
              />
            </span>
          ))}
        </div>
        {canLabel ? (
          <Flex gap={8} wrap>
            <LabelSelect
              ariaLabel={t("transaction.chooseLabels")}
              placeholder={t("transaction.chooseLabels")}
              labels={labels}
              loading={fetching}
              exclude={current.map((l) => l.id)}
              value={chosen}
              onChange={setChosen}
              style={{ minWidth: 280 }}
            />
            <Button type="primary" disabled={chosen.length === 0} loading={added.fetching} onClick={() => void add()}>
              {t("transaction.addLabels")}
            </Button>
          </Flex>
        ) : null}
        {failure ? <Alert type="error" showIcon title={t(`errors.${failure.code}`)} description={failure.message} /> : null}
        {removed.fetching ? <Typography.Text type="secondary">{t("common.saving")}</Typography.Text> : null}
      </Flex>
    </Card>
  );
}
