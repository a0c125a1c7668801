import { PlusOutlined } from "@ant-design/icons";
import { Button, Flex, Space, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { useQuery } from "urql";
import { CursorPager } from "@/components/CursorPager";
import { PersonalData } from "@/components/PersonalData";
import { QueryError } from "@/components/QueryError";
import { ModeTag } from "@/components/Tags";
import type { PaymentLinkRowFragment } from "@/gql/graphql";
import { useFormat } from "@/lib/format";
import { isFirstPage, pageOf, pageVariables, useKeptTotal } from "@/lib/pagination";
import { useTimeZone } from "@/lib/viewer";
import { PaymentLinksQuery } from "../api/links";
import { linkFilterKey, parseLinksView, serializeLinksView, toLinksWhere, type LinksView } from "../filters";
import { LinkFilters } from "./LinkFilters";
import { LinkStatusTag } from "./LinkStatusTag";

/** "Paiements par e-mail, passés et en cours": the links, filtered and paged in the URL. */
export default function PaymentLinksPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const timeZone = useTimeZone();
  const { pathname, search } = useLocation();
  const navigate = useNavigate();
  const view = parseLinksView(search);
  const key = linkFilterKey(view.filters);
  const [{ data, fetching, error }] = useQuery({
    query: PaymentLinksQuery,
    variables: {
      ...pageVariables(view.cursor),
      where: toLinksWhere(view.filters, timeZone),
      withTotal: isFirstPage(view.cursor),
    },
  });
  const totalCount = useKeptTotal(key, { fetching, total: data?.paymentLinks.totalCount });
  const page = pageOf(data?.paymentLinks.edges, view.cursor);
  const go = (next: LinksView) => {
    const s = serializeLinksView(next);
    void navigate({ pathname, search: s ? `?${s}` : "" });
  };
  const dash = "—";
  const columns: ColumnsType<PaymentLinkRowFragment> = [
    {
      key: "createdAt",
      title: t("links.columns.createdAt"),
      width: 125,
      render: (_, l) => <Link to={`/payment-links/${l.id}`}>{f.dateTime(l.createdAt)}</Link>,
    },
    {
      key: "amount",
      title: t("links.columns.amount"),
      align: "right",
      width: 140,
      render: (_, l) => (
        <Space size={4}>
          <ModeTag mode={l.mode} hint={t("links.testHint")} />
          <span className="money">{f.money(l.amount, l.currency)}</span>
        </Space>
      ),
    },
    { key: "status", title: t("links.columns.status"), width: 110, render: (_, l) => <LinkStatusTag status={l.status} /> },
    {
      key: "reference",
      title: t("links.columns.reference"),
      width: 170,
      ellipsis: true,
      render: (_, l) => l.orderReference || dash,
    },
    {
      key: "recipient",
      title: t("links.columns.recipient"),
      width: 210,
      ellipsis: true,
      render: (_, l) => (l.kind === "API" ? <Typography.Text type="secondary">{t("links.kind.API")}</Typography.Text> : <PersonalData value={l.recipientEmail} />),
    },
    { key: "payer", title: t("links.columns.payerId"), width: 120, ellipsis: true, render: (_, l) => l.payerReference || dash },
    { key: "shop", title: t("links.columns.shop"), width: 150, ellipsis: true, render: (_, l) => l.shop.name },
    { key: "expiresAt", title: t("links.columns.expiresAt"), width: 125, render: (_, l) => f.dateTime(l.expiresAt) },
    { key: "createdBy", title: t("links.columns.createdBy"), ellipsis: true, render: (_, l) => l.createdBy },
  ];
  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={1} className="page-title">
          {t("links.title")}
        </Typography.Title>
        <Link to="/payment-links/new">
          <Button type="primary" icon={<PlusOutlined aria-hidden />} tabIndex={-1}>
            {t("links.new")}
          </Button>
        </Link>
      </Flex>
      <LinkFilters value={view.filters} onChange={(filters) => go({ filters, cursor: { size: view.cursor.size } })} timeZone={timeZone} />
      <QueryError error={error} />
      <Table<PaymentLinkRowFragment>
        className="dense-table"
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={page.nodes}
        loading={fetching}
        pagination={false}
        scroll={{ x: 1200 }}
        aria-label={t("links.title")}
        rowClassName={(l) => (l.mode === "TEST" ? "test-row" : "")}
        locale={{ emptyText: t("links.empty") }}
      />
      <CursorPager
        cursor={view.cursor}
        pageInfo={page.pageInfo}
        stale={fetching}
        totalCount={totalCount}
        totalKey="links.total"
        onChange={(cursor) => go({ filters: view.filters, cursor })}
      />
    </Flex>
  );
}
