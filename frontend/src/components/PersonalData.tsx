import { EyeInvisibleOutlined } from "@ant-design/icons";
import { Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useCan, useViewer } from "@/lib/viewer";

/**
 * A value the viewer's role may not see: the server answered null for it
 * (with a FORBIDDEN entry the GraphQL client sets aside).
 */
export function Masked() {
  const { t } = useTranslation();
  const { viewer } = useViewer();
  return (
    <Tooltip title={t("pii.maskedHint", { role: viewer ? t(`role.${viewer.role}`) : "" })}>
      {/* Focusable, so that the explanation is reachable from the keyboard. */}
      <Typography.Text type="secondary" className="masked" tabIndex={0}>
        <EyeInvisibleOutlined aria-hidden /> {t("pii.masked")}
      </Typography.Text>
    </Tooltip>
  );
}

/**
 * A payer's personal data (name, e-mail): the value, "Masqué" when the
 * viewer's role lacks READ_PAYER_PII, or a dash when there is none.
 */
export function PersonalData({ value }: { value: string | null | undefined }) {
  const canRead = useCan("READ_PAYER_PII");
  if (value) return <>{value}</>;
  return canRead ? <>—</> : <Masked />;
}
