import { LoginOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Flex, Segmented, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { authLoginUrl, forgetLogout, justLoggedOut, safeReturnTo } from "@/lib/auth";
import { currentLanguage, LANGUAGES, type Language } from "@/lib/i18n";

/** The codes /auth/callback sends back in ?error=, with a message of their own. */
const KNOWN_ERRORS = new Set([
  "expired",
  "state",
  "exchange",
  "id_token",
  "access_token",
  "unauthorized",
  "no_role",
  "session",
  "provider",
  "access_denied",
]);

/** An error code worth quoting to support: short, and nothing but a code. */
const QUOTABLE = /^[a-z0-9_.-]{1,40}$/i;

/**
 * The login page, outside the app's frame: the server's /auth/login sends
 * the browser to the identity provider, which brings it back to returnTo
 * logged in, or here with ?error=.
 */
export default function LoginPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get("returnTo"));
  const error = params.get("error");
  const [loggedOut] = useState(justLoggedOut);
  useEffect(() => {
    if (loggedOut) forgetLogout();
  }, [loggedOut]);

  return (
    <Flex className="login-page" justify="center" align="center">
      <Card className="login-card">
        <Flex vertical gap={16}>
          <Flex justify="space-between" align="center">
            <Typography.Title level={1} className="login-brand">
              Guichet
            </Typography.Title>
            <Segmented<Language>
              size="small"
              aria-label={t("nav.language")}
              value={currentLanguage(i18n.language)}
              onChange={(lng) => void i18n.changeLanguage(lng)}
              options={LANGUAGES.map((l) => ({ value: l, label: l.toUpperCase() }))}
            />
          </Flex>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t("login.tagline")}
          </Typography.Paragraph>
          {error ? (
            <Alert
              type="error"
              showIcon
              title={t("login.failed")}
              description={
                KNOWN_ERRORS.has(error)
                  ? t(`login.errors.${error}`)
                  : t("login.errors.unknown", { code: QUOTABLE.test(error) ? error : "?" })
              }
            />
          ) : loggedOut ? (
            <Alert type="success" showIcon title={t("login.loggedOut")} />
          ) : returnTo !== "/" ? (
            <Alert type="info" showIcon title={t("login.required")} />
          ) : null}
          <Button type="primary" size="large" block icon={<LoginOutlined aria-hidden />} href={authLoginUrl(returnTo)}>
            {t("login.button")}
          </Button>
        </Flex>
      </Card>
    </Flex>
  );
}
