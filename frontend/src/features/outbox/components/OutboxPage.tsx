import { ReloadOutlined } from "@ant-design/icons";
import { Button, Card, Col, Descriptions, Empty, Flex, Result, Row, Skeleton, Table, Tabs, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { useQuery } from "urql";
import { CursorPager } from "@/components/CursorPager";
import { EmailPreviewFrame } from "@/components/EmailPreviewFrame";
import { EmailStatusTag } from "@/components/EmailTags";
import { QueryError } from "@/components/QueryError";
import { ModeTag } from "@/components/Tags";
import type { OutboxQuery as OutboxResult } from "@/gql/graphql";
import { appErrors } from "@/lib/errors";
import { useFormat } from "@/lib/format";
import { QUIET } from "@/lib/graphql-client";
import { isFirstPage, pageOf, pageVariables, readCursor, useKeptTotal, writeCursor, type Cursor } from "@/lib/pagination";
import { OutboxMessageQuery, OutboxQuery } from "../api/outbox";

type Row = NonNullable<NonNullable<NonNullable<OutboxResult["outbox"]["edges"]>[number]>["node"]>;

/**
 * "Boîte d'envoi": the e-mails the server produced, newest first, when no
 * SMTP server is configured (development). One message shows beside the
 * list, as its recipient would see it.
 */
export default function OutboxPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { pathname, search } = useLocation();
  const navigate = useNavigate();
  const params = new URLSearchParams(search);
  const cursor = readCursor(params);
  const selected = params.get("message") ?? undefined;
  const [{ data, fetching, error }, refetch] = useQuery({
    query: OutboxQuery,
    variables: { ...pageVariables(cursor), withTotal: isFirstPage(cursor) },
    context: QUIET,
  });
  const total = useKeptTotal("", { fetching, total: data?.outbox.totalCount });
  const page = pageOf(data?.outbox.edges, cursor);
  const go = (next: Cursor, message?: string) => {
    const p = writeCursor(new URLSearchParams(), next);
    if (message) p.set("message", message);
    const s = p.toString();
    void navigate({ pathname, search: s ? `?${s}` : "" }, { replace: !!message });
  };

  if (appErrors(error).some((e) => e.code === "FORBIDDEN")) {
    return <Result status="info" title={t("outbox.title")} subTitle={t("outbox.production")} />;
  }

  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={1} className="page-title">
          {t("outbox.title")}
        </Typography.Title>
        <Button icon={<ReloadOutlined aria-hidden />} onClick={() => refetch({ requestPolicy: "network-only" })} loading={fetching}>
          {t("outbox.refresh")}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t("outbox.intro")}
      </Typography.Paragraph>
      <QueryError error={error} />
      <Row gutter={12}>
        <Col xs={24} xl={12}>
          <Table<Row>
            className="dense-table outbox-table"
            size="small"
            rowKey="id"
            loading={fetching}
            pagination={false}
            dataSource={page.nodes}
            aria-label={t("outbox.list")}
            locale={{ emptyText: t("outbox.empty") }}
            rowClassName={(m) => (m.id === selected ? "selected-row" : "")}
            onRow={(m) => ({ onClick: () => go(cursor, m.id) })}
            scroll={{ x: 560 }}
            columns={[
              {
                key: "createdAt",
                title: t("outbox.columns.createdAt"),
                width: 112,
                render: (_, m) => (
                  <Link
                    to={{ search: `?${writeCursor(new URLSearchParams({ message: m.id }), cursor)}` }}
                    replace
                    aria-current={m.id === selected ? "true" : undefined}
                  >
                    {f.dateTime(m.createdAt)}
                  </Link>
                ),
              },
              { key: "status", title: t("outbox.columns.status"), width: 84, render: (_, m) => <EmailStatusTag status={m.status} /> },
              {
                key: "to",
                title: t("outbox.columns.recipients"),
                width: 210,
                className: "wrap-cell",
                render: (_, m) => (
                  <>
                    <span className="block">{m.to ?? "—"}</span>
                    {m.bcc?.length ? (
                      <Typography.Text type="secondary" className="block">
                        {t("outbox.bccList", { list: m.bcc.join(", ") })}
                      </Typography.Text>
                    ) : null}
                  </>
                ),
              },
              { key: "subject", title: t("outbox.columns.subject"), ellipsis: true, render: (_, m) => m.subject },
            ]}
          />
          <CursorPager
            cursor={cursor}
            pageInfo={page.pageInfo}
            stale={fetching}
            totalCount={total}
            totalKey="outbox.total"
            onChange={(next) => go(next)}
          />
        </Col>
        <Col xs={24} xl={12}>
          {selected ? <MessageView id={selected} /> : <Card size="small"><Empty description={t("outbox.choose")} /></Card>}
        </Col>
      </Row>
    </Flex>
  );
}

/** One e-mail: its envelope and headers, then its HTML and text bodies. */
function MessageView({ id }: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [{ data, fetching, error }] = useQuery({ query: OutboxMessageQuery, variables: { id } });
  const m = data?.node?.__typename === "EmailMessage" ? data.node : undefined;
  if (error && !m) return <QueryError error={error} />;
  if (fetching && !m) return <Skeleton active />;
  if (!m) return null;
  const dash = "—";
  return (
    <Card
      size="small"
      role="region"
      aria-label={t("outbox.message")}
      title={<h2 className="card-title">{m.subject}</h2>}
      extra={<EmailStatusTag status={m.status} />}
    >
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          { key: "from", label: t("outbox.columns.from"), children: m.fromName },
          { key: "replyTo", label: t("outbox.columns.replyTo"), children: m.replyTo || dash },
          { key: "to", label: t("outbox.columns.to"), children: m.to ?? dash },
          { key: "bcc", label: t("outbox.columns.bcc"), children: m.bcc?.length ? m.bcc.join(", ") : dash },
          { key: "kind", label: t("outbox.columns.kind"), children: `${t(`emailKind.${m.kind}`)} · ${t(`languages.${m.language}`)}` },
          {
            key: "delivery",
            label: t("outbox.columns.delivery"),
            children: t("outbox.delivery", {
              attempts: m.attempts,
              relay: m.relay || dash,
              sentAt: m.sentAt ? f.dateTime(m.sentAt, true) : dash,
            }),
          },
          ...(m.lastError
            ? [{ key: "error", label: t("outbox.columns.lastError"), children: <Typography.Text type="danger">{m.lastError}</Typography.Text> }]
            : []),
          ...(m.paymentLink
            ? [
                {
                  key: "link",
                  label: t("outbox.columns.link"),
                  children: (
                    <>
                      <Link to={`/payment-links/${m.paymentLink.id}`}>{m.paymentLink.orderReference || t("outbox.openLink")}</Link>{" "}
                      <ModeTag mode={m.paymentLink.mode} hint={t("links.testHint")} />
                    </>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Tabs
        size="small"
        style={{ marginTop: 8 }}
        items={[
          {
            key: "html",
            label: t("links.wizard.previewHtml"),
            children: m.htmlBody ? <EmailPreviewFrame html={m.htmlBody} title={t("outbox.htmlFrame", { subject: m.subject })} height={520} /> : dash,
          },
          { key: "text", label: t("links.wizard.previewText"), children: <pre className="email-text">{m.textBody ?? dash}</pre> },
        ]}
      />
    </Card>
  );
}
