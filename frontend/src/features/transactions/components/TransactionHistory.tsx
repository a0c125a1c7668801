import { Card, Table, Tag, Timeline, Tooltip, Typography } from "antd";
import type { TimelineItemProps } from "antd";
import { useTranslation } from "react-i18next";
import type { TransactionHistoryFragment } from "@/gql/graphql";
import { useFormat } from "@/lib/format";
import { nodesOf } from "@/lib/pagination";
import { AUDIT_PAGE } from "../api/transaction";
import { describeAuditEvent } from "../audit";

type Operation = NonNullable<TransactionHistoryFragment["operations"]>[number];

const byNewest = (a: { createdAt: string }, b: { createdAt: string }) => b.createdAt.localeCompare(a.createdAt);

/** Who did something: the person, and the client (application) they used. */
function Actor({ name, clientID }: { name: string; clientID?: string | null }) {
  return (
    <>
      {name}
      {clientID ? (
        <Typography.Text type="secondary" className="block">
          {clientID}
        </Typography.Text>
      ) : null}
    </>
  );
}

/** Every capture, refund and cancellation tried on the transaction, newest first. */
export function OperationsCard({ tx }: { tx: TransactionHistoryFragment & { currency: string } }) {
  const { t } = useTranslation();
  const f = useFormat();
  const operations = [...(tx.operations ?? [])].sort(byNewest);
  return (
    <Card size="small" title={<h2 className="card-title">{t("operations.title")}</h2>}>
      <Table<Operation>
        className="dense-table"
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={operations}
        aria-label={t("operations.title")}
        locale={{ emptyText: t("operations.empty") }}
        columns={[
          { key: "createdAt", title: t("operations.when"), width: 130, render: (_, o) => f.dateTime(o.createdAt, true) },
          { key: "kind", title: t("operations.kind"), width: 110, render: (_, o) => t(`operations.kinds.${o.kind}`) },
          {
            key: "amount",
            title: t("transaction.amount"),
            align: "right",
            width: 100,
            render: (_, o) => (o.kind === "CANCEL" ? "—" : <span className="money">{f.money(o.amount, o.currency)}</span>),
          },
          {
            key: "result",
            title: t("operations.result"),
            width: 90,
            render: (_, o) =>
              o.result === "SUCCEEDED" ? (
                <Tooltip title={o.processorReference ? t("transaction.processorReference") + " : " + o.processorReference : undefined}>
                  <Tag color="green">{t("operations.results.SUCCEEDED")}</Tag>
                </Tooltip>
              ) : (
                <Tooltip title={o.failureMessage}>
                  <Tag color="red">{t("operations.results.FAILED")}</Tag>
                </Tooltip>
              ),
          },
          {
            key: "actor",
            title: t("operations.actor"),
            className: "wrap-cell",
            render: (_, o) => <Actor name={o.actorName} clientID={o.clientID} />,
          },
          {
            key: "reason",
            title: t("operations.reason"),
            className: "wrap-cell",
            render: (_, o) => (
              <>
                {o.reason || (o.failureMessage ? null : "—")}
                {o.failureMessage ? (
                  <Typography.Text type="danger" className="block">
                    {o.failureMessage}
                  </Typography.Text>
                ) : null}
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}

const COLORS: Record<string, string> = {
  TRANSACTION_CAPTURED: "green",
  TRANSACTION_REFUNDED: "blue",
  TRANSACTION_CANCELED: "gray",
  OPERATION_FAILED: "red",
};

/** The transaction's audit trail as a timeline, newest first: who did what, when. */
export function AuditTimeline({ tx }: { tx: TransactionHistoryFragment & { currency: string } }) {
  const { t } = useTranslation();
  const f = useFormat();
  const events = nodesOf(tx.auditEvents.edges);
  const shown = events.slice(0, AUDIT_PAGE);
  const items: TimelineItemProps[] = shown.map((e) => {
    const { sentence, statusChange } = describeAuditEvent(e, t, f.money, tx.currency);
    return {
      key: e.id,
      color: COLORS[e.action] ?? "blue",
      content: (
        <div className="audit-entry">
          <div>{sentence}</div>
          {statusChange ? <Typography.Text type="secondary">{statusChange}</Typography.Text> : null}
          <Typography.Text type="secondary" className="audit-meta">
            <time dateTime={e.createdAt}>{f.dateTime(e.createdAt, true)}</time>
            {e.clientID ? ` · ${e.clientID}` : ""}
          </Typography.Text>
        </div>
      ),
    };
  });
  return (
    <Card size="small" title={<h2 className="card-title">{t("audit.title")}</h2>}>
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t("audit.empty")}</Typography.Text>
      ) : (
        <section aria-label={t("audit.title")}>
          <Timeline items={items} />
        </section>
      )}
      {events.length > AUDIT_PAGE ? (
        <Typography.Text type="secondary">{t("audit.more", { n: AUDIT_PAGE })}</Typography.Text>
      ) : null}
    </Card>
  );
}
