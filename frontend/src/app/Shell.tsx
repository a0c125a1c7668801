import {
  CreditCardOutlined,
  DashboardOutlined,
  FileTextOutlined,
  LinkOutlined,
  TagsOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from "@ant-design/icons";
import { Layout, Menu, Segmented, Skeleton, Space, Tag, Typography } from "antd";
import type { MenuProps } from "antd";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation } from "react-router";
import { QueryError } from "@/components/QueryError";
import { currentLanguage, LANGUAGES, type Language } from "@/lib/i18n";
import { useViewer } from "@/lib/viewer";

const AREAS = [
  { key: "journal", path: "/journal", icon: <UnorderedListOutlined /> },
  { key: "payers", path: "/payers", icon: <TeamOutlined /> },
  { key: "labels", path: "/labels", icon: <TagsOutlined /> },
] as const;

const COMING = [
  { key: "paymentLinks", icon: <LinkOutlined /> },
  { key: "billingProfiles", icon: <CreditCardOutlined /> },
  { key: "reports", icon: <FileTextOutlined /> },
  { key: "liveDashboard", icon: <DashboardOutlined /> },
] as const;

function areaOf(pathname: string): string {
  if (pathname.startsWith("/payers")) return "payers";
  if (pathname.startsWith("/labels")) return "labels";
  return "journal";
}

/** The frame of every screen: navigation, who is signed in, the language. */
export function Shell() {
  const { t, i18n } = useTranslation();
  const { pathname } = useLocation();
  const { viewer, error } = useViewer();
  const items: MenuProps["items"] = [
    ...AREAS.map((a) => ({ key: a.key, icon: a.icon, label: <Link to={a.path}>{t(`nav.${a.key}`)}</Link> })),
    { type: "divider" as const },
    {
      type: "group" as const,
      label: t("nav.comingSoon"),
      children: COMING.map((a) => ({
        key: a.key,
        icon: a.icon,
        disabled: true,
        title: t("nav.comingSoon"),
        label: t(`nav.${a.key}`),
      })),
    },
  ];
  return (
    <Layout className="shell">
      <Layout.Sider width={232} theme="light" className="shell-sider" breakpoint="lg" collapsedWidth={0}>
        <div className="brand">Guichet</div>
        <nav aria-label={t("nav.label")}>
          <Menu mode="inline" selectedKeys={[areaOf(pathname)]} items={items} />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="shell-header">
          <Space size="middle" className="merchant">
            <Typography.Text strong>{viewer?.merchant.name}</Typography.Text>
          </Space>
          <Space size="middle">
            {viewer ? (
              <span className="viewer">
                {viewer.name} <Tag>{t(`role.${viewer.role}`)}</Tag>
              </span>
            ) : null}
            <Segmented<Language>
              size="small"
              aria-label={t("nav.language")}
              value={currentLanguage(i18n.language)}
              onChange={(lng) => void i18n.changeLanguage(lng)}
              options={LANGUAGES.map((l) => ({ value: l, label: l.toUpperCase() }))}
            />
          </Space>
        </Layout.Header>
        <Layout.Content className="shell-content">
          <main>
            {error && !viewer ? <QueryError error={error} /> : null}
            {viewer ? (
              <Suspense fallback={<Skeleton active />}>
                <Outlet />
              </Suspense>
            ) : !error ? (
              <Skeleton active />
            ) : null}
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
