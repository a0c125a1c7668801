import { Card, Col, Flex, Row, Segmented, Skeleton, Typography } from "antd";
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useMerchantLabels } from "@/components/LabelSelect";
import { QueryError } from "@/components/QueryError";
import { dayRange, presetRange, RANGE_PRESETS, type RangePreset } from "@/lib/dates";
import { changesDefinition, useLabelEvents } from "@/lib/label-events";
import { nodesOf } from "@/lib/pagination";
import { useTimeZone } from "@/lib/viewer";
import { DashboardStatsQuery, FEED_SIZE, FeedQuery } from "../api/dashboard";
import { loadFeed, pushEvent, type Feed } from "../feed";
import { daysBetween } from "../stats";
import { useLabelDays } from "../useLabelDays";
import { useThrottledTick } from "../useThrottledTick";
import { LabelCounters } from "./LabelCounters";
import { LiveFeed } from "./LiveFeed";

// ECharts is large: the charts come in their own chunk, after the figures.
const Charts = lazy(() => import("./Charts"));

/** How often, at most, figures are fetched again while events arrive. */
const REFRESH_MS = 3000;

/**
 * The live dashboard: transactions per label and per day, the journal's
 * statistics for a period as charts, and the latest label events as they
 * happen. Label events are followed from the feed's newest cursor; each
 * one also refreshes the figures, at most every few seconds.
 */
export default function DashboardPage() {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const [preset, setPreset] = useState<RangePreset>("last7");
  const [from, to] = presetRange(preset, timeZone);
  const where = useMemo(() => {
    const range = dayRange(from, to, timeZone);
    return { ...(range.gte ? { createdAtGTE: range.gte } : {}), ...(range.lt ? { createdAtLT: range.lt } : {}) };
  }, [from, to, timeZone]);
  const days = useMemo(() => daysBetween(from, to), [from, to]);

  const [tick, bump] = useThrottledTick(REFRESH_MS);
  const { labels, refresh: refreshLabels } = useMerchantLabels();
  const [feedResult, reloadFeed] = useQuery({ query: FeedQuery, variables: { last: FEED_SIZE }, requestPolicy: "network-only" });
  const [feed, setFeed] = useState<Feed>();
  const edges = feedResult.data?.labelEvents.edges;
  const cursor = feedResult.data ? (edges?.at(-1)?.cursor ?? null) : undefined;
  useEffect(() => {
    if (feedResult.data) setFeed(loadFeed(nodesOf(feedResult.data.labelEvents.edges)));
  }, [feedResult.data]);
  useLabelEvents({
    after: feed ? cursor : undefined,
    onEvent: (e) => {
      setFeed((f) => f && pushEvent(f, e, FEED_SIZE));
      if (changesDefinition(e)) refreshLabels();
      bump();
    },
    onLost: () => {
      setFeed(undefined);
      reloadFeed({ requestPolicy: "network-only" });
    },
  });

  const [stats, refetchStats] = useQuery({ query: DashboardStatsQuery, variables: { where } });
  useEffect(() => {
    if (tick > 0) refetchStats({ requestPolicy: "network-only" });
  }, [tick, refetchStats]);
  const labelDays = useLabelDays(labels, where, tick);

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={1} className="page-title">
          {t("dashboard.title")}
        </Typography.Title>
        <Segmented<RangePreset>
          size="small"
          aria-label={t("dashboard.period")}
          value={preset}
          onChange={setPreset}
          options={RANGE_PRESETS.map((p) => ({ value: p, label: t(`journal.presets.${p}`) }))}
        />
      </Flex>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={16}>
          <Flex vertical gap={12}>
            <LabelCounters labels={labels} days={labelDays} />
            <QueryError error={stats.error} />
            <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
              <Charts stats={stats.data?.transactionStats} labels={labels} labelDays={labelDays} days={days} />
            </Suspense>
          </Flex>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" className="feed-card" title={<h2 className="card-title">{t("dashboard.feed.title")}</h2>}>
            <QueryError error={feedResult.error} />
            {feed ? <LiveFeed feed={feed} /> : <Skeleton active />}
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
