import { Flex, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { QueryError } from "@/components/QueryError";
import type { ShopListQuery as ShopListResult } from "@/gql/graphql";
import { nodesOf } from "@/lib/pagination";
import { ShopListQuery } from "../api/shops";

type ShopRow = NonNullable<NonNullable<NonNullable<ShopListResult["shops"]["edges"]>[number]>["node"]>;

/** The merchant's shops, and whether each can send payment links. */
export default function ShopsPage() {
  const { t } = useTranslation();
  const [{ data, fetching, error }] = useQuery({ query: ShopListQuery });
  const shops = nodesOf(data?.shops.edges);
  const dash = "—";
  return (
    <Flex vertical gap={8}>
      <Typography.Title level={1} className="page-title">
        {t("shops.title")}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t("shops.intro")}
      </Typography.Paragraph>
      <QueryError error={error} />
      <Table<ShopRow>
        className="dense-table"
        size="small"
        rowKey="id"
        loading={fetching}
        pagination={false}
        dataSource={shops}
        aria-label={t("shops.title")}
        columns={[
          {
            key: "name",
            title: t("shops.fields.name"),
            render: (_, s) => <Link to={`/shops/${s.id}`}>{s.name}</Link>,
          },
          { key: "senderName", title: t("shops.fields.senderName"), render: (_, s) => s.senderName || dash },
          { key: "managerEmail", title: t("shops.fields.managerEmail"), render: (_, s) => s.managerEmail || dash },
          { key: "language", title: t("shops.fields.defaultLanguage"), render: (_, s) => t(`languages.${s.defaultLanguage}`) },
          {
            key: "validity",
            title: t("shops.fields.linkValidityDays"),
            align: "right",
            render: (_, s) => t("shops.days", { count: s.linkValidityDays }),
          },
          {
            key: "links",
            title: t("shops.linkSettings"),
            className: "wrap-cell",
            render: (_, s) =>
              s.missingLinkSettings.length === 0 ? (
                <Tag color="green">{t("shops.ready")}</Tag>
              ) : (
                <Tag color="red">
                  {t("shops.missing", {
                    list: s.missingLinkSettings.map((m) => t(`shops.settingNames.${m}`, { defaultValue: m })).join(", "),
                  })}
                </Tag>
              ),
          },
        ]}
      />
    </Flex>
  );
}
