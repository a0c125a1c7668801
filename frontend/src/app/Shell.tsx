import {
  CreditCardOutlined,
  DashboardOutlined,
  FileTextOutlined,
  InboxOutlined,
  LinkOutlined,
  LogoutOutlined,
  MailOutlined,
  PhoneOutlined,
  SafetyOutlined,
  ShopOutlined,
  TagsOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from "@ant-design/icons";
import { App, Button, Layout, Menu, Segmented, Skeleton, Space, Tag, Typography } from "antd";
import type { MenuProps } from "antd";
import { Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation } from "react-router";
import { LiveStatus } from "@/components/LiveStatus";
import { QueryError } from "@/components/QueryError";
import { useOutboxAvailable } from "@/features/outbox/api/outbox";
import type { Permission } from "@/gql/graphql";
import { browser, logout } from "@/lib/auth";
import { appErrors } from "@/lib/errors";
import { currentLanguage, LANGUAGES, type Language } from "@/lib/i18n";
import { useViewer } from "@/lib/viewer";

/** The app's areas; those with a permission show only to whoever holds it. */
const AREAS: readonly { key: string; path: string; icon: React.ReactNode; permission?: Permission }[] = [
  { key: "journal", path: "/journal", icon: <UnorderedListOutlined /> },
  { key: "queues", path: "/queues", icon: <InboxOutlined /> },
  { key: "liveDashboard", path: "/dashboard", icon: <DashboardOutlined /> },
  { key: "payers", path: "/payers", icon: <TeamOutlined /> },
  { key: "labels", path: "/labels", icon: <TagsOutlined /> },
  { key: "access", path: "/access", icon: <SafetyOutlined />, permission: "MANAGE_ACCESS" },
  { key: "paymentLinks", path: "/payment-links", icon: <LinkOutlined />, permission: "CREATE_PAYMENT_LINK" },
  { key: "eterminal", path: "/e-terminal", icon: <PhoneOutlined />, permission: "MOTO" },
  { key: "shops", path: "/shops", icon: <ShopOutlined />, permission: "MANAGE_SHOPS" },
  // Development only: shown once the server says it keeps an outbox (see useOutboxAvailable).
  { key: "outbox", path: "/outbox", icon: <MailOutlined />, permission: "MANAGE_SHOPS" },
];

const COMING = [
  { key: "billingProfiles", icon: <CreditCardOutlined /> },
  { key: "reports", icon: <FileTextOutlined /> },
] as const;

function areaOf(pathname: string): string {
  if (pathname.startsWith("/transactions")) return "journal";
  return AREAS.find((a) => pathname.startsWith(a.path))?.key ?? "journal";
}

/**
 * Ends the session on the server, then leaves for the identity provider's
 * logout (which comes back to /login) or for /login.
 */
function LogoutButton() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const [busy, setBusy] = useState(false);
  const onClick = async () => {
    setBusy(true);
    try {
      browser.go(await logout());
    } catch {
      setBusy(false);
      notification.error({ key: "logout", title: t("logout.failed"), description: t("errors.NETWORK_hint") });
    }
  };
  return (
    <Button size="small" icon={<LogoutOutlined aria-hidden />} loading={busy} onClick={() => void onClick()}>
      {t("logout.button")}
    </Button>
  );
}

/** The frame of every screen: navigation, who is signed in, the language. */
export function Shell() {
  const { t, i18n } = useTranslation();
  const { pathname } = useLocation();
  const { viewer, error } = useViewer();
  // Nobody is logged in: the client is on its way to the login page.
  const leaving = appErrors(error).some((e) => e.code === "UNAUTHENTICATED");
  const outbox = useOutboxAvailable(!!viewer?.permissions.includes("MANAGE_SHOPS"));
  const items: MenuProps["items"] = [
    ...AREAS.filter((a) => !a.permission || viewer?.permissions.includes(a.permission))
      .filter((a) => a.key !== "outbox" || outbox)
      .map((a) => ({
      key: a.key,
      icon: a.icon,
      label: <Link to={a.path}>{t(`nav.${a.key}`)}</Link>,
    })),
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
            <LiveStatus />
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
            <LogoutButton />
          </Space>
        </Layout.Header>
        {/* Layout.Content is the page's one main landmark. */}
        <Layout.Content className="shell-content">
          {viewer ? (
            <Suspense fallback={<Skeleton active />}>
              <Outlet />
            </Suspense>
          ) : error && !leaving ? (
            <QueryError error={error} />
          ) : (
            <Skeleton active />
          )}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
