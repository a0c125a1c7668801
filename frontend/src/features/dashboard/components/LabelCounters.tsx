import { Card, Skeleton, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { LabelChip, type LabelLike } from "@/components/Tags";
import { useNumberFormat } from "@/lib/format";
import type { LabelDays } from "../stats";

/** For each label, how many transactions of the period carry it; each opens its queue. */
export function LabelCounters({ labels, days }: { labels: readonly LabelLike[]; days: ReadonlyMap<string, LabelDays> | undefined }) {
  const { t } = useTranslation();
  const number = useNumberFormat();
  return (
    <Card
      size="small"
      title={<h2 className="card-title">{t("dashboard.labels.title")}</h2>}
      extra={<Typography.Text type="secondary">{t("dashboard.labels.hint")}</Typography.Text>}
    >
      {days === undefined ? (
        <Skeleton active paragraph={{ rows: 1 }} title={false} />
      ) : labels.length === 0 ? (
        <Typography.Text type="secondary">{t("labels.empty")}</Typography.Text>
      ) : (
        <ul className="label-counters" aria-label={t("dashboard.labels.title")}>
          {labels.map((l) => {
            const n = days.get(l.id)?.total ?? 0;
            return (
              <li key={l.id}>
                <Link to={`/queues/${l.id}`} aria-label={t("dashboard.labels.counter", { name: l.name, count: n, formatted: number(n) })}>
                  <span className="counter-value">{number(n)}</span>
                  <LabelChip label={l} tooltip={false} />
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
