import { Badge, Tooltip } from "antd";
import { useTranslation } from "react-i18next";
import { useLiveState, type LiveState } from "@/lib/live";

const BADGES: Record<Exclude<LiveState, "idle">, "success" | "processing" | "warning" | "error"> = {
  connecting: "processing",
  live: "success",
  reconnecting: "warning",
  offline: "error",
};

/**
 * The state of the live connection, while a screen follows live changes:
 * "En direct", "Reconnexion…" or "Hors ligne". Nothing when none does.
 */
export function LiveStatus() {
  const { t } = useTranslation();
  const state = useLiveState();
  return (
    <span role="status" aria-label={t("live.label")} className="live-status">
      {state === "idle" ? null : (
        <Tooltip title={t(`live.${state}_hint`)}>
          <Badge status={BADGES[state]} text={t(`live.${state}`)} />
        </Tooltip>
      )}
    </span>
  );
}
