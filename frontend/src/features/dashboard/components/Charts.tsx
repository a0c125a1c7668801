import { Card, Col, Empty, Row, Segmented, Skeleton, Typography } from "antd";
import { BarChart } from "echarts/charts";
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import type { ComposeOption } from "echarts/core";
import type { BarSeriesOption } from "echarts/charts";
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import ReactEChartsCore from "echarts-for-react/esm/core";
import { useMemo, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { LabelLike } from "@/components/Tags";
import type { DashboardStatsQuery } from "@/gql/graphql";
import type { Day } from "@/lib/dates";
import { useFormat } from "@/lib/format";
import { exponentOf, minorToDecimal } from "@/lib/money";
import { byMethodAndCurrency, failuresByReason, ranked, type LabelDays } from "../stats";

// Only what the dashboard draws, so that the rest of ECharts stays out of
// the bundle. SVG draws crisp text, emoji included, at any zoom.
echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

type Option = ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

type Stats = DashboardStatsQuery["transactionStats"];

/** Series colours for currencies, after the app's blue. */
const PALETTE = ["#1d4ed8", "#0d9488", "#d97706", "#7c3aed", "#db2777", "#16a34a", "#64748b", "#ca8a04"];

/** The page's fonts, emoji fonts last, for text ECharts draws itself. */
function pageFont(): string {
  return typeof document === "undefined" ? "sans-serif" : getComputedStyle(document.body).fontFamily || "sans-serif";
}

/**
 * One chart. ECharts draws into a plain element; its aria module gives it
 * the description a screen reader says in place of the drawing.
 */
function Chart({ option, description, height = 240 }: { option: Option; description: string; height?: number }) {
  const full = useMemo<Option & { aria: unknown }>(
    () => ({
      textStyle: { fontFamily: pageFont() },
      aria: { enabled: true, label: { description } },
      animationDuration: 300,
      ...option,
    }),
    [option, description],
  );
  return (
    <ReactEChartsCore echarts={echarts} option={full} notMerge opts={{ renderer: "svg" }} style={{ height, width: "100%" }} />
  );
}

/** A chart under its title, with what sets or sums it up (toolbar) above the drawing. */
function ChartCard({ title, toolbar, children }: { title: string; toolbar?: ReactNode; children: ReactNode }) {
  return (
    <Card size="small" title={<h2 className="card-title">{title}</h2>}>
      {toolbar ? <div className="chart-toolbar">{toolbar}</div> : null}
      <figure className="chart" aria-label={title}>
        {children}
      </figure>
    </Card>
  );
}

const grid = { left: 8, right: 16, top: 36, bottom: 8, containLabel: true };

/** Transactions of the period that carry each label, day by day, in the labels' colours. */
function LabelsPerDay({ labels, labelDays, days }: { labels: readonly LabelLike[]; labelDays: ReadonlyMap<string, LabelDays>; days: readonly Day[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const shown = labels.filter((l) => (labelDays.get(l.id)?.total ?? 0) > 0);
  const dayName = (d: Day) => new Intl.DateTimeFormat(f.locale, { day: "2-digit", month: "2-digit", timeZone: "UTC" }).format(new Date(`${d}T00:00:00Z`));
  const option: Option = {
    grid,
    legend: { top: 0, type: "scroll" },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "category", data: days.map(dayName) },
    yAxis: { type: "value", minInterval: 1, axisLabel: { formatter: (v: number) => f.number(v) } },
    series: shown.map((l) => ({
      type: "bar",
      name: l.name,
      stack: "labels",
      itemStyle: { color: l.color },
      emphasis: { focus: "series" },
      data: days.map((d) => labelDays.get(l.id)?.perDay.get(d) ?? 0),
    })),
  };
  const description = t("dashboard.charts.labelsPerDayDescription", {
    items: shown.map((l) => `${l.name} ${f.number(labelDays.get(l.id)?.total ?? 0)}`).join(", "),
  });
  return (
    <ChartCard title={t("dashboard.charts.labelsPerDay")}>
      {shown.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("dashboard.charts.none")} /> : <Chart option={option} description={description} />}
    </ChartCard>
  );
}

/** Transactions per payment method, stacked by currency. */
function CountByMethod({ stats }: { stats: Stats }) {
  const { t } = useTranslation();
  const f = useFormat();
  const figures = byMethodAndCurrency(stats.buckets);
  const methods = ranked(figures, "method");
  const currencies = ranked(figures, "currency");
  const option: Option = {
    grid,
    color: PALETTE,
    legend: { top: 0, type: "scroll", itemWidth: 14, itemGap: 8 },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "category", data: methods.map((m) => t(`method.${m}`)), axisLabel: { interval: 0, rotate: methods.length > 6 ? 30 : 0 } },
    yAxis: { type: "value", minInterval: 1, axisLabel: { formatter: (v: number) => f.number(v) } },
    series: currencies.map((c) => ({
      type: "bar",
      name: c,
      stack: "count",
      data: methods.map((m) => figures.find((x) => x.method === m && x.currency === c)?.count ?? 0),
    })),
  };
  const description = t("dashboard.charts.countDescription", {
    items: methods.map((m) => `${t(`method.${m}`)} ${f.number(figures.filter((x) => x.method === m).reduce((n, x) => n + x.count, 0))}`).join(", "),
  });
  return (
    <ChartCard
      title={t("dashboard.charts.countByMethod")}
      toolbar={<Typography.Text strong>{t("dashboard.charts.total", { count: stats.totalCount, formatted: f.number(stats.totalCount) })}</Typography.Text>}
    >
      {figures.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("dashboard.charts.none")} /> : <Chart option={option} description={description} />}
    </ChartCard>
  );
}

/**
 * Volume per payment method in one currency at a time: volumes of
 * different currencies are never added up. The bars' lengths are the only
 * place an amount becomes a float; every figure shown is formatted from
 * the minor units.
 */
function VolumeByMethod({ stats }: { stats: Stats }) {
  const { t } = useTranslation();
  const f = useFormat();
  const figures = byMethodAndCurrency(stats.buckets);
  const currencies = ranked(figures, "currency");
  const [chosen, setChosen] = useState<string>();
  const currency = chosen && currencies.includes(chosen) ? chosen : currencies[0];
  const rows = figures.filter((x) => x.currency === currency).sort((a, b) => (BigInt(b.volume) > BigInt(a.volume) ? 1 : -1));
  const exponent = currency ? exponentOf(currency) : 2;
  const option: Option = {
    grid: { ...grid, top: 8 },
    color: [PALETTE[Math.max(0, currencies.indexOf(currency ?? ""))]!],
    tooltip: {
      trigger: "item",
      formatter: (p: unknown) => {
        const { dataIndex, name } = p as { dataIndex: number; name: string };
        const row = rows[dataIndex];
        return row ? `${name}<br/><b>${f.money(row.volume, row.currency)}</b> (${f.number(row.count)})` : name;
      },
    },
    xAxis: { type: "category", data: rows.map((r) => t(`method.${r.method}`)), axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
    yAxis: { type: "value", axisLabel: { formatter: (v: number) => f.number(v) } },
    series: [{ type: "bar", name: currency, data: rows.map((r) => Number(minorToDecimal(r.volume, exponent))) }],
  };
  const description = t("dashboard.charts.volumeDescription", {
    currency,
    items: rows.map((r) => `${t(`method.${r.method}`)} ${f.money(r.volume, r.currency)}`).join(", "),
  });
  return (
    <ChartCard
      title={t("dashboard.charts.volumeByMethod")}
      toolbar={
        currencies.length > 0 ? (
          <Segmented<string> size="small" aria-label={t("dashboard.charts.currency")} value={currency} onChange={setChosen} options={currencies} />
        ) : null
      }
    >
      {rows.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("dashboard.charts.none")} /> : <Chart option={option} description={description} />}
      <div className="volume-totals">
        <Typography.Text type="secondary">{t("dashboard.charts.volumeTotals")}</Typography.Text>
        <ul aria-label={t("dashboard.charts.volumeTotals")}>
          {stats.volume.map((v) => (
            <li key={v.currency}>
              <strong className="money">{f.money(v.amount, v.currency)}</strong>
            </li>
          ))}
        </ul>
      </div>
    </ChartCard>
  );
}

/** Failed transactions per reason, the most frequent first. */
function FailuresByReason({ stats }: { stats: Stats }) {
  const { t } = useTranslation();
  const f = useFormat();
  // Bottom to top, so that the most frequent reason is drawn first.
  const failures = failuresByReason(stats.buckets);
  const option: Option = {
    grid: { ...grid, top: 8 },
    color: ["#dc2626"],
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "value", minInterval: 1, axisLabel: { formatter: (v: number) => f.number(v) } },
    yAxis: { type: "category", inverse: true, data: failures.map(([code]) => t(`failure.${code}`)) },
    series: [{ type: "bar", name: t("dashboard.charts.failures"), data: failures.map(([, n]) => n), label: { show: true, position: "right" } }],
  };
  const description = t("dashboard.charts.failuresDescription", {
    items: failures.map(([code, n]) => `${t(`failure.${code}`)} ${f.number(n)}`).join(", "),
  });
  return (
    <ChartCard title={t("dashboard.charts.failuresByReason")}>
      {failures.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("dashboard.charts.noFailures")} />
      ) : (
        <Chart option={option} description={description} height={Math.max(160, 28 * failures.length + 24)} />
      )}
    </ChartCard>
  );
}

/** The dashboard's charts; loaded in a chunk of their own. */
export default function Charts({
  stats,
  labels,
  labelDays,
  days,
}: {
  stats: Stats | undefined;
  labels: readonly LabelLike[];
  labelDays: ReadonlyMap<string, LabelDays> | undefined;
  days: readonly Day[];
}) {
  return (
    <Row gutter={[12, 12]}>
      <Col span={24}>{labelDays ? <LabelsPerDay labels={labels} labelDays={labelDays} days={days} /> : <Skeleton active />}</Col>
      {stats ? (
        <>
          <Col xs={24} lg={12}>
            <CountByMethod stats={stats} />
          </Col>
          <Col xs={24} lg={12}>
            <VolumeByMethod stats={stats} />
          </Col>
          <Col span={24}>
            <FailuresByReason stats={stats} />
          </Col>
        </>
      ) : (
        <Col span={24}>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Col>
      )}
    </Row>
  );
}
