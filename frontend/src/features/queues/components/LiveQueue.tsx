import { Alert, App, Button, Flex, Space, Table, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { useMutation, useQuery } from "urql";
import { MoneyOperationDialog, type OperationKind } from "@/components/MoneyOperationDialog";
import { PersonalData } from "@/components/PersonalData";
import { QueryError } from "@/components/QueryError";
import { LabelChip, StatusTag, type LabelLike } from "@/components/Tags";
import { TransactionAmount, type BackState } from "@/components/TransactionTable";
import { appErrors, isGlobal } from "@/lib/errors";
import { useFormat } from "@/lib/format";
import { changesDefinition, useLabelEvents, useNewestCursor, type LiveTransaction } from "@/lib/label-events";
import { nodesOf } from "@/lib/pagination";
import { useCan } from "@/lib/viewer";
import { DequeueMutation, QUEUE_SIZE, QueueQuery } from "../api/queues";
import { applyEvent, loadQueue, queueSize, type Queue } from "../queue";

interface QueueProps {
  label: LabelLike;
  /** The queue's name, as its tab says it. */
  title: string;
  actions: readonly OperationKind[];
  /** A label was created, renamed, recoloured or deleted. */
  onDefinitionChange?: () => void;
}

/**
 * The transactions that carry a label, kept up to date by label events:
 * one labelled anywhere joins at the top, one whose label comes off
 * leaves. Should the server refuse the cursor, the queue loads again.
 */
export function LiveQueue(props: QueueProps) {
  const [generation, setGeneration] = useState(0);
  return <QueueList key={generation} {...props} onLost={() => setGeneration((g) => g + 1)} />;
}

function QueueList({ label, title, actions, onDefinitionChange, onLost }: QueueProps & { onLost: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  // The cursor first, the list after it: what changes in between is
  // replayed rather than lost.
  const { cursor, error: cursorError } = useNewestCursor();
  const [{ data, fetching, error }] = useQuery({
    query: QueueQuery,
    variables: { labelId: label.id, first: QUEUE_SIZE },
    pause: cursor === undefined,
    requestPolicy: "network-only",
  });
  const [queue, setQueue] = useState<Queue>();
  useEffect(() => {
    if (!data) return;
    setQueue((previous) => loadQueue(label.id, nodesOf(data.transactions.edges), data.transactions.totalCount, previous));
  }, [data, label.id]);
  useLabelEvents({
    after: queue ? cursor : undefined,
    onEvent: (e) => {
      setQueue((q) => q && applyEvent(q, e));
      if (changesDefinition(e)) onDefinitionChange?.();
    },
    onLost,
  });

  const { pathname } = useLocation();
  const back: BackState = { back: pathname, backTitle: title };
  const columns: ColumnsType<LiveTransaction> = [
    {
      key: "transaction",
      title: t("queues.transaction"),
      width: 175,
      render: (_, tx) => {
        const joined = queue?.fresh.get(tx.id);
        return (
          <span>
            <Space size={4}>
              <Link to={`/transactions/${tx.id}`} state={back}>
                {tx.orderReference || tx.id}
              </Link>
              {joined ? (
                <Tooltip title={t("queues.joined", { name: joined.by, at: f.dateTime(joined.at, true) })}>
                  <Tag color="gold" className="fresh-tag" tabIndex={0}>
                    {t("queues.new")}
                  </Tag>
                </Tooltip>
              ) : null}
            </Space>
            <Typography.Text type="secondary" className="block">
              {f.dateTime(tx.createdAt)}
            </Typography.Text>
          </span>
        );
      },
    },
    {
      key: "amount",
      title: t("transaction.amount"),
      align: "right",
      width: 115,
      render: (_, tx) => <TransactionAmount tx={tx} />,
    },
    { key: "status", title: t("transaction.status"), width: 110, render: (_, tx) => <StatusTag status={tx.status} /> },
    {
      key: "payer",
      title: t("queues.payer"),
      width: 190,
      ellipsis: true,
      render: (_, tx) =>
        tx.payer ? (
          <span>
            <Link to={`/payers/${encodeURIComponent(tx.payer.reference)}`}>{tx.payer.reference}</Link>
            {/* A Payer ID is often the e-mail itself. */}
            {tx.payer.email !== tx.payer.reference ? (
              <Typography.Text type="secondary" className="block">
                <PersonalData value={tx.payer.email} />
              </Typography.Text>
            ) : null}
          </span>
        ) : (
          "—"
        ),
    },
    {
      key: "labels",
      title: t("transaction.labels"),
      width: 250,
      className: "labels-cell",
      render: (_, tx) => (tx.labels ?? []).map((l) => <LabelChip key={l.id} label={l} />),
    },
    {
      key: "actions",
      title: t("common.actions"),
      width: 295,
      render: (_, tx) => <RowActions tx={tx} label={label} actions={actions} />,
    },
  ];

  const size = queue ? queueSize(queue) : undefined;
  return (
    <Flex vertical gap={8}>
      <QueryError error={cursorError ?? error} />
      {queue?.deletedBy ? (
        <Alert type="warning" showIcon title={t("queues.labelDeleted", { name: label.name, by: queue.deletedBy })} />
      ) : null}
      <Typography.Text type="secondary" aria-live="polite">
        {size === undefined ? "\u00a0" : t("queues.count", { count: size, formatted: f.number(size) })}
      </Typography.Text>
      <Table<LiveTransaction>
        className="dense-table"
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={queue?.rows ?? []}
        loading={!queue && (fetching || cursor === undefined)}
        pagination={false}
        scroll={{ x: 1135 }}
        aria-label={title}
        rowClassName={(tx) => (queue?.fresh.has(tx.id) ? "queue-row-fresh" : "")}
        locale={{ emptyText: t("queues.empty") }}
      />
    </Flex>
  );
}

/**
 * What a manager does from the queue, offered only when the server says
 * the viewer may do it to this transaction now: the queue's money
 * operation, and taking the label off.
 */
function RowActions({ tx, label, actions }: { tx: LiveTransaction; label: LabelLike; actions: readonly OperationKind[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canLabel = useCan("LABEL_TRANSACTION");
  const [open, setOpen] = useState<OperationKind>();
  const [removing, dequeue] = useMutation(DequeueMutation);
  const allowed: Record<OperationKind, boolean> = { REFUND: tx.viewerCanRefund, CANCEL: tx.viewerCanCancel, CAPTURE: false };
  const offered = actions.filter((kind) => allowed[kind]);
  const remove = async () => {
    const result = await dequeue({ transactionId: tx.id, labelId: label.id });
    const failure = appErrors(result.error).find((e) => !isGlobal(e.code));
    if (failure) void message.error(`${t(`errors.${failure.code}`)} ${failure.message}`);
  };
  if (offered.length === 0 && !canLabel) return null;
  // The dialogs stay out of the Space: it keys its items by their
  // children's keys, which the buttons' would repeat.
  return (
    <>
      <Space size={4} wrap>
        {offered.map((kind) => (
          <Button key={kind} size="small" danger={kind === "CANCEL"} type={kind === "REFUND" ? "primary" : "default"} onClick={() => setOpen(kind)}>
            {t(`operation.${kind}.button`)}
          </Button>
        ))}
        {canLabel ? (
          <Button size="small" loading={removing.fetching} onClick={() => void remove()}>
            {t("queues.removeLabel")}
          </Button>
        ) : null}
      </Space>
      {offered.map((kind) => (
        <MoneyOperationDialog key={kind} kind={kind} tx={tx} open={open === kind} onClose={() => setOpen(undefined)} />
      ))}
    </>
  );
}
