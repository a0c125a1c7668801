import { Alert, Result } from "antd";
import type { CombinedError } from "@urql/core";
import { useTranslation } from "react-i18next";
import { appErrors } from "@/lib/errors";

/**
 * The errors of a screen's query. Errors the client already reported for
 * the whole app (see isGlobal) still show here, briefly, so the screen does
 * not look empty without a reason.
 */
export function QueryError({ error }: { error: CombinedError | undefined }) {
  const { t } = useTranslation();
  const errors = appErrors(error);
  if (errors.length === 0) return null;
  return (
    <>
      {errors.map((e, i) => (
        <Alert
          key={i}
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          title={t(`errors.${e.code}`)}
          description={e.requestId ? t("errors.requestId", { id: e.requestId }) : e.field ? `${e.field}: ${e.message}` : e.message}
        />
      ))}
    </>
  );
}

/** What a screen shows when what it was asked for does not exist. */
export function NotFound({ title }: { title: string }) {
  const { t } = useTranslation();
  return <Result status="404" title={title} subTitle={t("errors.NOT_FOUND")} />;
}
