import { CopyOutlined, ExperimentOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, Descriptions, Flex, Input, Popconfirm, Row, Skeleton, Space, Steps, Table, Typography } from "antd";
import type { DescriptionsProps } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { EmailStatusTag } from "@/components/EmailTags";
import { PersonalData } from "@/components/PersonalData";
import { NotFound, QueryError } from "@/components/QueryError";
import { ModeTag, StatusTag } from "@/components/Tags";
import type { PaymentLinkDetailFragment } from "@/gql/graphql";
import { appErrors, isNotFound } from "@/lib/errors";
import { useFormat } from "@/lib/format";
import { useCan } from "@/lib/viewer";
import { CancelPaymentLinkMutation, PaymentLinkQuery, ResendPaymentLinkMutation } from "../api/links";
import { buyerName } from "../buyer";
import { LinkStatusTag } from "./LinkStatusTag";

/** Statuses in which a link still takes payment: it can be cancelled or sent again. */
const OPEN = new Set(["CREATED", "SENT", "OPENED", "FAILED"]);

type Email = NonNullable<PaymentLinkDetailFragment["emails"]>[number];

/** One payment link: its details, its life, its e-mails and its payment. */
export default function PaymentLinkPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const [{ data, fetching, error }] = useQuery({ query: PaymentLinkQuery, variables: { id } });
  const node = data?.node;
  if (isNotFound(error) || (data && (!node || node.__typename !== "PaymentLink"))) {
    return <NotFound title={t("links.detail.notFound")} />;
  }
  if (error && !node) return <QueryError error={error} />;
  if (fetching && !node) return <Skeleton active />;
  if (!node || node.__typename !== "PaymentLink") return null;
  return <LinkDetail link={node} />;
}

function LinkDetail({ link }: { link: PaymentLinkDetailFragment }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { message } = App.useApp();
  const canAct = useCan("CREATE_PAYMENT_LINK");
  const [canceled, cancel] = useMutation(CancelPaymentLinkMutation);
  const [resent, resend] = useMutation(ResendPaymentLinkMutation);
  const dash = "—";
  const when = (iso: string | null | undefined) => (iso ? f.dateTime(iso, true) : dash);
  const open = OPEN.has(link.status);
  const actionError = appErrors(canceled.error ?? resent.error)[0];

  const items: DescriptionsProps["items"] = [
    { key: "amount", label: t("links.columns.amount"), children: <strong className="money">{f.money(link.amount, link.currency)}</strong> },
    { key: "status", label: t("links.columns.status"), children: <LinkStatusTag status={link.status} /> },
    {
      key: "mode",
      label: t("links.filters.mode"),
      children: link.mode === "TEST" ? <ModeTag mode="TEST" hint={t("links.testHint")} /> : t("links.mode.PRODUCTION"),
    },
    { key: "shop", label: t("links.columns.shop"), children: link.shop.name },
    { key: "reference", label: t("links.columns.reference"), children: link.orderReference || dash },
    { key: "payer", label: t("links.columns.payerId"), children: link.payerReference || dash },
    {
      key: "recipient",
      label: t("links.columns.recipient"),
      children: link.kind === "API" ? t("links.kind.API") : <PersonalData value={link.recipientEmail} />,
    },
    { key: "buyer", label: t("links.columns.buyer"), children: buyerName(link) || dash },
    { key: "language", label: t("links.wizard.language"), children: t(`languages.${link.language}`) },
    { key: "description", label: t("links.wizard.description"), children: link.description || dash },
    { key: "reconciliation", label: t("links.wizard.reconciliation"), children: link.reconciliation || dash },
    { key: "expiresAt", label: t("links.columns.expiresAt"), children: when(link.expiresAt) },
    { key: "createdBy", label: t("links.columns.createdBy"), children: link.createdBy },
    {
      key: "batch",
      label: t("links.filters.batch"),
      children: <Link to={`/payment-links?batch=${encodeURIComponent(link.batch)}`}>{t("links.detail.batchLinks")}</Link>,
    },
    {
      key: "subject",
      label: t("links.wizard.subject"),
      children: link.subject ? link.subject : <Typography.Text type="secondary">{t("links.detail.shopTemplate")}</Typography.Text>,
    },
  ];

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link.url ?? "");
      void message.success(t("links.detail.copied"));
    } catch {
      void message.error(t("links.detail.copyFailed"));
    }
  };

  const onCancel = async () => {
    const r = await cancel({ id: link.id });
    if (r.data) void message.success(t("links.detail.canceled"));
  };
  const onResend = async () => {
    const r = await resend({ id: link.id });
    if (r.data) void message.success(t("links.detail.resent"));
  };

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space size="middle" align="center">
          <Typography.Title level={1} className="page-title">
            {t("links.detail.title", { reference: link.orderReference || link.recipientEmail || "" })}
          </Typography.Title>
          <LinkStatusTag status={link.status} />
          <ModeTag mode={link.mode} hint={t("links.testHint")} />
        </Space>
        <Link to="/payment-links">{t("links.wizard.backToList")}</Link>
      </Flex>
      {link.mode === "TEST" ? (
        <Alert type="warning" showIcon icon={<ExperimentOutlined aria-hidden />} title={t("links.detail.testBanner")} />
      ) : null}
      <Card size="small" role="region" aria-label={t("links.detail.history")} title={<h2 className="card-title">{t("links.detail.history")}</h2>}>
        <LinkHistory link={link} />
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={<h2 className="card-title">{t("links.detail.details")}</h2>}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered items={items} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Flex vertical gap={12}>
            {link.url ? (
              <Card size="small" title={<h2 className="card-title">{t("links.detail.url")}</h2>}>
                <Space.Compact style={{ width: "100%" }}>
                  <Input readOnly value={link.url} aria-label={t("links.detail.url")} onFocus={(e) => e.target.select()} />
                  <Button icon={<CopyOutlined aria-hidden />} onClick={() => void copy()}>
                    {t("links.detail.copy")}
                  </Button>
                </Space.Compact>
                <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                  {t("links.detail.urlHint")}
                </Typography.Paragraph>
              </Card>
            ) : null}
            <Card size="small" title={<h2 className="card-title">{t("links.detail.transaction")}</h2>}>
              {link.transaction ? (
                <Space orientation="vertical" size={4}>
                  <Space>
                    <Link to={`/transactions/${link.transaction.id}`}>
                      {t("links.detail.openTransaction", { reference: link.transaction.orderReference || link.transaction.id })}
                    </Link>
                    <StatusTag status={link.transaction.status} />
                  </Space>
                  <Typography.Text>
                    <span className="money">{f.money(link.transaction.amount, link.transaction.currency)}</span> ·{" "}
                    {t(`method.${link.transaction.paymentMethod}`)}
                    {link.transaction.cardLast4 ? ` •••• ${link.transaction.cardLast4}` : ""} · {f.dateTime(link.transaction.createdAt)}
                  </Typography.Text>
                </Space>
              ) : (
                <Typography.Text type="secondary">{t("links.detail.noTransaction")}</Typography.Text>
              )}
            </Card>
            {canAct && open ? (
              <Card size="small" title={<h2 className="card-title">{t("common.actions")}</h2>}>
                <Space wrap>
                  {link.kind === "EMAIL" ? (
                    <Button onClick={() => void onResend()} loading={resent.fetching}>
                      {t("links.detail.resend")}
                    </Button>
                  ) : null}
                  <Popconfirm
                    title={t("links.detail.cancelConfirm")}
                    description={t("links.detail.cancelHint")}
                    okText={t("links.detail.cancelOk")}
                    cancelText={t("links.detail.cancelKeep")}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => onCancel()}
                  >
                    <Button danger loading={canceled.fetching}>
                      {t("links.detail.cancel")}
                    </Button>
                  </Popconfirm>
                </Space>
                {actionError ? (
                  <Alert style={{ marginTop: 8 }} type="error" showIcon title={t(`errors.${actionError.code}`)} description={actionError.message} />
                ) : null}
              </Card>
            ) : null}
          </Flex>
        </Col>
      </Row>
      <Card size="small" title={<h2 className="card-title">{t("links.detail.emails")}</h2>}>
        <EmailTable emails={link.emails ?? []} />
      </Card>
    </Flex>
  );
}

/** The link's life: created, sent, opened, paid; or how it ended. */
function LinkHistory({ link }: { link: PaymentLinkDetailFragment }) {
  const { t } = useTranslation();
  const f = useFormat();
  const at = (iso: string | null | undefined) => (iso ? f.dateTime(iso, true) : undefined);
  const ended =
    link.status === "CANCELED"
      ? { title: t("links.history.canceled"), content: at(link.canceledAt), status: "error" as const }
      : link.status === "EXPIRED"
        ? { title: t("links.history.expired"), content: at(link.expiresAt), status: "error" as const }
        : link.status === "FAILED"
          ? { title: t("links.history.failed"), content: t("links.history.failedHint"), status: "error" as const }
          : undefined;
  const steps = [
    { title: t("links.history.created"), content: at(link.createdAt) },
    ...(link.kind === "EMAIL" ? [{ title: t("links.history.sent"), content: at(link.sentAt) }] : []),
    { title: t("links.history.opened"), content: at(link.openedAt) },
    { title: t("links.history.paid"), content: at(link.paidAt) },
  ];
  const items: { title: string; content: string; status: "finish" | "wait" | "error" }[] = steps.map((s) => ({
    title: s.title,
    content: s.content ?? t("links.history.notYet"),
    status: s.content ? "finish" : "wait",
  }));
  if (ended) items.push({ title: ended.title, content: ended.content ?? "", status: ended.status });
  else if (!link.paidAt) items.push({ title: t("links.history.expires"), content: at(link.expiresAt) ?? "", status: "wait" });
  // Every step carries its own status: none is "current".
  return <Steps size="small" current={items.length} items={items} className="link-history" />;
}

/** The e-mails of a link: who they went to, how their delivery went. */
function EmailTable({ emails }: { emails: readonly Email[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const dash = "—";
  return (
    <Table<Email>
      className="dense-table"
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={[...emails].sort((a, b) => b.createdAt.localeCompare(a.createdAt))}
      aria-label={t("links.detail.emails")}
      locale={{ emptyText: t("links.detail.noEmails") }}
      scroll={{ x: 900 }}
      columns={[
        { key: "createdAt", title: t("outbox.columns.createdAt"), width: 140, render: (_, e) => f.dateTime(e.createdAt, true) },
        { key: "kind", title: t("outbox.columns.kind"), width: 150, render: (_, e) => t(`emailKind.${e.kind}`) },
        { key: "to", title: t("outbox.columns.to"), width: 200, render: (_, e) => <PersonalData value={e.to} /> },
        {
          key: "bcc",
          title: t("outbox.columns.bcc"),
          width: 220,
          className: "wrap-cell",
          render: (_, e) => (e.bcc && e.bcc.length > 0 ? e.bcc.join(", ") : dash),
        },
        { key: "status", title: t("outbox.columns.status"), width: 100, render: (_, e) => <EmailStatusTag status={e.status} /> },
        { key: "attempts", title: t("outbox.columns.attempts"), width: 80, align: "right", render: (_, e) => e.attempts },
        { key: "sentAt", title: t("outbox.columns.sentAt"), width: 140, render: (_, e) => (e.sentAt ? f.dateTime(e.sentAt, true) : dash) },
        {
          key: "lastError",
          title: t("outbox.columns.lastError"),
          className: "wrap-cell",
          render: (_, e) => (e.lastError ? <Typography.Text type="danger">{e.lastError}</Typography.Text> : dash),
        },
      ]}
    />
  );
}
