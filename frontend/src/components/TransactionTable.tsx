import { Space, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { graphql } from "@/gql";
import type { TransactionRowFragment } from "@/gql/graphql";
import { useFormat } from "@/lib/format";
import { LabelChip, ModeTag, StatusTag } from "./Tags";

export const TransactionRowFragmentDoc = graphql(`
  fragment TransactionRow on Transaction {
    id
    createdAt
    mode
    status
    amount
    currency
    paymentMethod
    cardLast4
    orderReference
    payer {
      id
      reference
    }
    labels {
      id
      name
      color
      description
    }
  }
`);

export type TransactionRow = TransactionRowFragment;

/** What a link from a list to a transaction carries: the way back. */
export interface BackState {
  back: string;
  backTitle: string;
}

/** A transaction's amount in its currency, marked when it is a test. */
export function TransactionAmount({ tx }: { tx: { mode: string; amount: string; currency: string } }) {
  const f = useFormat();
  return (
    <Space size={4}>
      <ModeTag mode={tx.mode} />
      <span className="money">{f.money(tx.amount, tx.currency)}</span>
    </Space>
  );
}

/** Dense list of transactions, as in the journal and on a payer's page. */
export function TransactionTable({
  rows,
  loading,
  hidePayer = false,
  caption,
}: {
  rows: readonly TransactionRow[];
  loading: boolean;
  hidePayer?: boolean;
  caption: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const { pathname, search } = useLocation();
  // The detail page links back to this very list, filters and page included.
  const back: BackState = { back: pathname + search, backTitle: caption };
  const columns: ColumnsType<TransactionRow> = [
    {
      key: "createdAt",
      title: t("transaction.createdAt"),
      width: 125,
      render: (_, tx) => (
        <Link to={`/transactions/${tx.id}`} state={back}>
          {f.dateTime(tx.createdAt)}
        </Link>
      ),
    },
    {
      key: "amount",
      title: t("transaction.amount"),
      align: "right",
      width: 140,
      render: (_, tx) => <TransactionAmount tx={tx} />,
    },
    {
      key: "status",
      title: t("transaction.status"),
      width: 120,
      render: (_, tx) => <StatusTag status={tx.status} />,
    },
    {
      key: "method",
      title: t("transaction.paymentMethod"),
      width: 165,
      render: (_, tx) => (
        <span>
          {t(`method.${tx.paymentMethod}`)}
          {tx.cardLast4 ? <Typography.Text type="secondary"> •••• {tx.cardLast4}</Typography.Text> : null}
        </span>
      ),
    },
    ...(hidePayer
      ? []
      : [
          {
            key: "payer",
            title: t("transaction.payerId"),
            width: 190,
            ellipsis: true,
            render: (_: unknown, tx: TransactionRow) =>
              tx.payer ? <Link to={`/payers/${encodeURIComponent(tx.payer.reference)}`}>{tx.payer.reference}</Link> : "—",
          },
        ]),
    {
      key: "orderReference",
      title: t("transaction.orderReference"),
      ellipsis: true,
      width: 155,
      render: (_, tx) => tx.orderReference || "—",
    },
    {
      key: "labels",
      title: t("transaction.labels"),
      // Chips wrap rather than push the table sideways.
      className: "labels-cell",
      render: (_, tx) => (tx.labels ?? []).map((l) => <LabelChip key={l.id} label={l} />),
    },
  ];
  return (
    <Table<TransactionRow>
      className="dense-table"
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={rows as TransactionRow[]}
      loading={loading}
      pagination={false}
      scroll={{ x: 960 }}
      title={undefined}
      aria-label={caption}
      locale={{ emptyText: t("journal.empty") }}
    />
  );
}
