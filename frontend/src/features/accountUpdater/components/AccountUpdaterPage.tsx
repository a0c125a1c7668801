import { PlayCircleOutlined } from "@ant-design/icons";
import { App, Button, Card, Col, DatePicker, Descriptions, Flex, Popconfirm, Row, Statistic, Table, Typography } from "antd";
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { BillingProfileTable } from "@/components/BillingProfileTable";
import { CursorPager } from "@/components/CursorPager";
import { QueryError } from "@/components/QueryError";
import { ReportDownloads } from "@/components/ReportDownloads";
import type { UpdaterRunFieldsFragment } from "@/gql/graphql";
import { dayjs } from "@/lib/dates";
import { appErrors, isGlobal } from "@/lib/errors";
import { useFormat } from "@/lib/format";
import { apiLanguage } from "@/lib/i18n";
import { nodesOf, pageOf, pageVariables, readCursor, writeCursor, type Cursor } from "@/lib/pagination";
import { AccountUpdaterQuery, StartUpdaterRunMutation, UpdaterSelectionQuery } from "../api/updater";
import { formatMonth, isMonth } from "../month";
import { pollInterval, runPath } from "../runs";
import { DecisionCodesTable, DecisionCountsInline, RunProgress, RunStateTag } from "./RunParts";

// A run started by hand adds an UpdaterRun the cached list may not hold yet.
const RUNS = { additionalTypenames: ["UpdaterRun"] };

/**
 * The Account Updater (admins): when the next run starts, the cards a
 * month's run selects, starting the current month's run by hand, past runs
 * and their answers per decision code, the reports, and what each decision
 * code means.
 */
export default function AccountUpdaterPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const { message } = App.useApp();
  const language = apiLanguage(i18n.language);
  const [params, setParams] = useSearchParams();
  const [updater, refetchUpdater] = useQuery({ query: AccountUpdaterQuery, variables: { language }, context: RUNS });
  const info = updater.data?.accountUpdater;
  const runs = nodesOf(updater.data?.updaterRuns.edges);
  const month = isMonth(params.get("month")) ? params.get("month")! : info?.currentMonth;
  const cursor = readCursor(params);
  const [selection, refetchSelection] = useQuery({
    query: UpdaterSelectionQuery,
    variables: { month: month ?? "", ...pageVariables(cursor) },
    pause: !month,
  });
  const [started, start] = useMutation(StartUpdaterRunMutation);

  // A run in progress is followed until it completes.
  const interval = pollInterval(runs.map((r) => r.state));
  useEffect(() => {
    if (!interval) return;
    const id = setInterval(() => {
      refetchUpdater({ requestPolicy: "network-only" });
      refetchSelection({ requestPolicy: "network-only" });
    }, interval);
    return () => clearInterval(id);
  }, [interval, refetchUpdater, refetchSelection]);

  const go = (nextMonth: string | undefined, next: Cursor) => {
    const p = new URLSearchParams();
    if (nextMonth && nextMonth !== info?.currentMonth) p.set("month", nextMonth);
    setParams(writeCursor(p, next));
  };

  const startRun = async () => {
    if (!info) return;
    const result = await start({ month: info.currentMonth }, RUNS);
    const failure = appErrors(result.error).find((e) => !isGlobal(e.code));
    if (failure) void message.error(`${t(`errors.${failure.code}`)} ${failure.message}`);
    else if (result.data) {
      void message.success(t("updater.start.done", { month: formatMonth(info.currentMonth, f.locale) }));
      refetchSelection({ requestPolicy: "network-only" });
    }
  };

  const sel = selection.data?.previewUpdaterSelection;
  const page = pageOf(sel?.profiles.edges, cursor);
  const currentRun = runs.find((r) => r.month === info?.currentMonth);
  const monthName = useMemo(() => (month ? formatMonth(month, f.locale) : ""), [month, f.locale]);

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={1} className="page-title">
        {t("updater.title")}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t("updater.intro")}
      </Typography.Paragraph>
      <QueryError error={updater.error} />
      {info ? (
        <Card size="small" title={<h2 className="card-title">{t("updater.next.title")}</h2>}>
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[
              { key: "month", label: t("updater.next.month"), children: formatMonth(info.nextRunMonth, f.locale) },
              { key: "at", label: t("updater.next.at"), children: f.dateTime(info.nextRunAt) },
              {
                key: "hour",
                label: t("updater.next.schedule"),
                children: t("updater.next.scheduleText", { hour: String(info.hour).padStart(2, "0"), timeZone: info.timeZone }),
              },
            ]}
          />
        </Card>
      ) : null}

      <Card
        size="small"
        title={<h2 className="card-title">{t("updater.preview.title")}</h2>}
        extra={
          <DatePicker
            picker="month"
            format="MM/YYYY"
            allowClear={false}
            aria-label={t("updater.preview.month")}
            value={month ? dayjs(`${month}-01`) : null}
            onChange={(d) => go(d ? d.format("YYYY-MM") : undefined, { size: cursor.size })}
            size="small"
          />
        }
      >
        <QueryError error={selection.error} />
        {sel ? (
          <Flex vertical gap={8}>
            <Row gutter={16}>
              <Col>
                <Statistic title={t("updater.preview.totalCount", { month: monthName })} value={sel.totalCount} formatter={(v) => f.number(Number(v))} />
              </Col>
              <Col>
                <Statistic title={t("updater.preview.alreadyQueried")} value={sel.alreadyQueried} formatter={(v) => f.number(Number(v))} />
              </Col>
              <Col flex="auto">
                <Typography.Paragraph type="secondary" style={{ marginBottom: 0, maxWidth: 640 }}>
                  {t("updater.preview.explain", {
                    month: monthName,
                    asOf: f.dateTime(sel.asOf),
                    updatedBefore: f.dateTime(sel.updatedBefore),
                  })}
                </Typography.Paragraph>
              </Col>
              {info && month === info.currentMonth ? (
                <Col>
                  <Popconfirm
                    title={t("updater.start.confirm", { month: monthName })}
                    description={
                      <span style={{ display: "inline-block", maxWidth: 320 }}>
                        {t("updater.start.confirmHint", {
                          count: sel.totalCount - sel.alreadyQueried,
                          formatted: f.number(sel.totalCount - sel.alreadyQueried),
                        })}
                      </span>
                    }
                    okText={t("updater.start.ok")}
                    cancelText={t("common.cancel")}
                    onConfirm={() => startRun()}
                  >
                    <Button type="primary" icon={<PlayCircleOutlined aria-hidden />} loading={started.fetching}>
                      {currentRun ? t("updater.start.again", { month: monthName }) : t("updater.start.button", { month: monthName })}
                    </Button>
                  </Popconfirm>
                </Col>
              ) : null}
            </Row>
            <BillingProfileTable
              rows={page.nodes}
              loading={selection.fetching && !sel}
              readOnly
              caption={t("updater.preview.cards", { month: monthName })}
              empty={t("updater.preview.empty")}
            />
            <CursorPager
              cursor={cursor}
              pageInfo={page.pageInfo}
              stale={selection.fetching}
              totalCount={sel.totalCount}
              totalKey="updater.preview.total"
              onChange={(next) => go(month, next)}
            />
          </Flex>
        ) : null}
      </Card>

      <Card size="small" title={<h2 className="card-title">{t("updater.runs.title")}</h2>}>
        <Table<UpdaterRunFieldsFragment>
          className="dense-table"
          size="small"
          rowKey="id"
          pagination={false}
          loading={updater.fetching && !updater.data}
          dataSource={runs}
          aria-label={t("updater.runs.title")}
          locale={{ emptyText: t("updater.runs.empty") }}
          scroll={{ x: 1100 }}
          columns={[
            {
              key: "month",
              title: t("updater.runs.month"),
              render: (_, r) => <Link to={runPath(r.month)}>{formatMonth(r.month, f.locale)}</Link>,
            },
            { key: "state", title: t("updater.runs.state"), render: (_, r) => <RunStateTag state={r.state} /> },
            {
              key: "startedBy",
              title: t("updater.runs.startedBy"),
              render: (_, r) => (
                <Flex vertical>
                  <span>{t(`updater.trigger.${r.trigger}`)}</span>
                  <Typography.Text type="secondary">{r.startedBy}</Typography.Text>
                </Flex>
              ),
            },
            { key: "progress", title: t("updater.runs.progress"), render: (_, r) => <RunProgress progress={r.progress} /> },
            { key: "byDecision", title: t("updater.byDecision"), render: (_, r) => <DecisionCountsInline run={r} /> },
            {
              key: "report",
              title: t("updater.runs.report"),
              render: (_, r) => (
                <ReportDownloads csv={r.csvURL} html={r.htmlURL} name={t("updater.runs.reportOf", { month: formatMonth(r.month, f.locale) })} />
              ),
            },
          ]}
        />
      </Card>

      {info ? (
        <Card size="small" title={<h2 className="card-title">{t("updater.codes.title")}</h2>}>
          <DecisionCodesTable codes={info.decisionCodes} label={t("updater.codes.title")} />
        </Card>
      ) : null}
    </Flex>
  );
}
