import { Tag } from "antd";
import { useTranslation } from "react-i18next";

const EMAIL_COLORS: Record<string, string> = {
  PENDING: "processing",
  SENT: "green",
  FAILED: "red",
  CANCELED: "default",
};

/** An e-mail's delivery status. */
export function EmailStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={EMAIL_COLORS[status] ?? "default"} variant="filled">
      {t(`emailStatus.${status}`)}
    </Tag>
  );
}
