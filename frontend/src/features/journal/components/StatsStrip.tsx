import { Flex, Skeleton, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { JournalStatsQuery } from "@/gql/graphql";
import { useFormat } from "@/lib/format";

type Stats = JournalStatsQuery["transactionStats"];

/** Sums bucket counts by one dimension, largest first. */
function countBy<K extends string>(buckets: Stats["buckets"], key: (b: Stats["buckets"][number]) => K | null | undefined) {
  const counts = new Map<K, number>();
  for (const b of buckets) {
    const k = key(b);
    if (k) counts.set(k, (counts.get(k) ?? 0) + b.count);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function StatGroup({ title, items }: { title: string; items: ReactNode[] }) {
  return (
    <div className="stat-group">
      <dt>{title}</dt>
      <dd>
        <Flex wrap style={{ columnGap: 12, rowGap: 2 }}>
          {items.length === 0 ? "—" : items}
        </Flex>
      </dd>
    </div>
  );
}

/**
 * What the filtered journal adds up to: counts and volumes per currency
 * (never added across currencies), counts per payment method, and failures
 * by reason.
 */
export function StatsStrip({ stats, loading }: { stats: Stats | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!stats) {
    return <Skeleton active={loading} paragraph={{ rows: 1 }} title={false} className="stats-strip" />;
  }
  const perCurrency = new Map(countBy(stats.buckets, (b) => b.currency));
  const methods = countBy(stats.buckets, (b) => b.paymentMethod);
  const failures = countBy(stats.buckets, (b) => b.failureCode);
  return (
    <section className="stats-strip" aria-label={t("stats.title")} aria-busy={loading}>
      <dl>
        <div className="stat-group">
          <dt>{t("stats.count")}</dt>
          <dd>
            <strong>{f.number(stats.totalCount)}</strong>
          </dd>
        </div>
        <StatGroup
          title={t("stats.volume")}
          items={stats.volume.map((v) => (
            <span key={v.currency} className="stat-item">
              <strong className="money">{f.money(v.amount, v.currency)}</strong>{" "}
              <Typography.Text type="secondary">({f.number(perCurrency.get(v.currency) ?? 0)})</Typography.Text>
            </span>
          ))}
        />
        <StatGroup
          title={t("stats.byMethod")}
          items={methods.map(([m, n]) => (
            <span key={m} className="stat-item">
              {t(`method.${m}`)} <strong>{f.number(n)}</strong>
            </span>
          ))}
        />
        <StatGroup
          title={t("stats.failures")}
          items={failures.map(([code, n]) => (
            <span key={code} className="stat-item">
              {t(`failure.${code}`)} <strong>{f.number(n)}</strong>
            </span>
          ))}
        />
      </dl>
    </section>
  );
}
