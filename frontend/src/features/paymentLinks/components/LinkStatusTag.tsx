import { Tag } from "antd";
import { useTranslation } from "react-i18next";

const COLORS: Record<string, string> = {
  CREATED: "default",
  SENT: "blue",
  OPENED: "cyan",
  PAID: "green",
  EXPIRED: "default",
  CANCELED: "default",
  FAILED: "red",
};

/** A payment link's status, coloured by outcome. */
export function LinkStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status] ?? "default"} variant={status === "EXPIRED" || status === "CANCELED" ? "outlined" : "filled"}>
      {t(`linkStatus.${status}`)}
    </Tag>
  );
}
