import { App as AntApp, ConfigProvider, theme } from "antd";
import enUS from "antd/locale/en_US";
import frFR from "antd/locale/fr_FR";
import "dayjs/locale/fr";
import "dayjs/locale/en";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Provider as UrqlProvider } from "urql";
import { dayjs } from "@/lib/dates";
import type { AppError } from "@/lib/errors";
import { createGraphQLClient, goToLogin } from "@/lib/graphql-client";
import { currentLanguage } from "@/lib/i18n";
import { createLiveConnection, LiveContext, liveURL } from "@/lib/live";

/** The design of a dense back office: small controls, tight tables. */
const THEME = {
  algorithm: [theme.defaultAlgorithm, theme.compactAlgorithm],
  token: { colorPrimary: "#1d4ed8", borderRadius: 4 },
};

/** Ant Design's theme and texts, in the app's language. */
export function DesignProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  useEffect(() => {
    dayjs.locale(lang);
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <ConfigProvider locale={lang === "en" ? enUS : frFR} theme={THEME}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/**
 * The GraphQL client, whose app-wide errors (see createGraphQLClient) show
 * as notifications: one per kind of error, however many requests fail; and
 * the live connection its subscriptions go through, which sends the
 * browser to the login page when it closes for an ended session.
 */
export function GraphQLProvider({ children }: { children: ReactNode }) {
  const { notification } = AntApp.useApp();
  const { t } = useTranslation();
  const notify = useRef<(e: AppError) => void>(() => {});
  notify.current = (e) =>
    notification.error({
      key: e.code,
      title: t(`errors.${e.code}`),
      description: e.requestId ? t("errors.requestId", { id: e.requestId }) : t(`errors.${e.code}_hint`),
      duration: e.code === "INTERNAL" ? 0 : 8,
    });
  const [{ client, live }] = useState(() => {
    const live = createLiveConnection({ url: liveURL(), onForbidden: goToLogin });
    return { live, client: createGraphQLClient({ notify: (e) => notify.current(e), live }) };
  });
  return (
    <LiveContext value={live}>
      <UrqlProvider value={client}>{children}</UrqlProvider>
    </LiveContext>
  );
}
