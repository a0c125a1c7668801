import { Button, Card, Descriptions, Flex, Select, Skeleton, Table, Tag, Typography } from "antd";
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { BillingStatusTag, CardLabel } from "@/components/BillingProfileTable";
import { CursorPager } from "@/components/CursorPager";
import { NotFound, QueryError } from "@/components/QueryError";
import { ReportDownloads } from "@/components/ReportDownloads";
import { UpdaterDecision, type UpdaterRunQuery as RunData } from "@/gql/graphql";
import { useFormat } from "@/lib/format";
import { apiLanguage } from "@/lib/i18n";
import { isFirstPage, pageOf, pageVariables, readCursor, useKeptTotal, writeCursor, type Cursor } from "@/lib/pagination";
import { UpdaterRunQuery } from "../api/updater";
import { formatMonth } from "../month";
import { pollInterval, runPath } from "../runs";
import { DecisionCodesTable, DecisionName, RunProgress, RunStateTag } from "./RunParts";

type Result = NonNullable<NonNullable<NonNullable<RunData["updaterRun"]>["results"]["edges"]>[number]>["node"] & {};

const DECISIONS = Object.values(UpdaterDecision);

function expiry(month: number | null | undefined, year: number | null | undefined): string {
  return month && year ? `${String(month).padStart(2, "0")}/${year}` : "—";
}

/** Whether an answer changed the card's number or expiry. */
function cardChanged(r: Result): boolean {
  return (
    (!!r.last4After && r.last4After !== r.last4Before) ||
    (!!r.expiryMonthAfter && (r.expiryMonthAfter !== r.expiryMonthBefore || r.expiryYearAfter !== r.expiryYearBefore))
  );
}

/** One Account Updater run: where it stands, its answers per decision code, its results and its report. */
export default function UpdaterRunPage() {
  const { month = "" } = useParams();
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const decisionParam = params.get("decision");
  const decision = DECISIONS.find((d) => d === decisionParam);
  const cursor = readCursor(params);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: UpdaterRunQuery,
    variables: {
      month,
      language: apiLanguage(i18n.language),
      ...(decision ? { where: { decision } } : {}),
      ...pageVariables(cursor),
      withTotal: isFirstPage(cursor),
    },
  });
  const run = data?.updaterRun;
  const totalCount = useKeptTotal(decision ?? "", { fetching, total: run?.results.totalCount });
  const page = pageOf(run?.results.edges, cursor);
  const go = (next: UpdaterDecision | undefined, c: Cursor) => {
    const p = new URLSearchParams();
    if (next) p.set("decision", next);
    setParams(writeCursor(p, c));
  };

  const state = run?.state;
  useEffect(() => {
    const every = pollInterval(state ? [state] : []);
    if (!every) return;
    const id = setInterval(() => refetch({ requestPolicy: "network-only" }), every);
    return () => clearInterval(id);
  }, [state, refetch]);

  const monthName = useMemo(() => (/^\d{4}-\d{2}$/.test(month) ? formatMonth(month, f.locale) : month), [month, f.locale]);
  if (data && !run) return <NotFound title={t("updater.run.notFound", { month: monthName })} />;
  if (!run) return error ? <QueryError error={error} /> : <Skeleton active />;

  return (
    <Flex vertical gap={12}>
      <Link to="/account-updater">← {t("updater.title")}</Link>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={1} className="page-title">
          {t("updater.run.title", { month: monthName })}
        </Typography.Title>
        <ReportDownloads csv={run.csvURL} html={run.htmlURL} name={t("updater.runs.reportOf", { month: monthName })} />
      </Flex>
      <QueryError error={error} />
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { key: "state", label: t("updater.runs.state"), children: <RunStateTag state={run.state} /> },
          {
            key: "startedBy",
            label: t("updater.runs.startedBy"),
            children: `${t(`updater.trigger.${run.trigger}`)} — ${run.startedBy}`,
          },
          { key: "progress", label: t("updater.runs.progress"), children: <RunProgress progress={run.progress} /> },
          { key: "asOf", label: t("updater.run.asOf"), children: f.dateTime(run.asOf) },
          { key: "updatedBefore", label: t("updater.run.updatedBefore"), children: f.dateTime(run.updatedBefore) },
          { key: "selections", label: t("updater.run.selections"), children: f.number(run.selections) },
          { key: "selectedAt", label: t("updater.run.selectedAt"), children: run.selectedAt ? f.dateTime(run.selectedAt) : "—" },
          { key: "completedAt", label: t("updater.run.completedAt"), children: run.completedAt ? f.dateTime(run.completedAt) : "—" },
          ...(run.lastError
            ? [{ key: "lastError", label: t("updater.run.lastError"), children: <Typography.Text type="danger">{run.lastError}</Typography.Text> }]
            : []),
        ]}
      />
      <Card size="small" title={<h2 className="card-title">{t("updater.byDecision")}</h2>}>
        <DecisionCodesTable
          run={run}
          codes={data?.accountUpdater.decisionCodes ?? []}
          label={t("updater.byDecision")}
          link={(code) => `${runPath(month)}?decision=${code}`}
        />
      </Card>
      <Flex justify="space-between" align="end" wrap gap={8}>
        <Typography.Title level={2} className="section-title" id="run-results">
          {t("updater.run.results")}
        </Typography.Title>
        <Flex gap={8} align="center">
          <label htmlFor="run-decision">{t("updater.run.filterDecision")}</label>
          <Select<UpdaterDecision>
            id="run-decision"
            size="small"
            allowClear
            placeholder={t("billing.filters.all")}
            value={decision}
            onChange={(v) => go(v ?? undefined, { size: cursor.size })}
            options={DECISIONS.map((d) => ({ value: d, label: t(`updater.decision.${d}`) }))}
            style={{ width: 230 }}
          />
          {decision ? (
            <Button size="small" onClick={() => go(undefined, { size: cursor.size })}>
              {t("billing.filters.reset")}
            </Button>
          ) : null}
        </Flex>
      </Flex>
      <Table<Result>
        className="dense-table"
        size="small"
        rowKey="id"
        pagination={false}
        loading={fetching && !data}
        dataSource={page.nodes}
        aria-label={t("updater.run.results")}
        locale={{ emptyText: t("updater.run.noResults") }}
        scroll={{ x: 1000 }}
        columns={[
          {
            key: "payer",
            title: t("transaction.payerId"),
            render: (_, r) => (
              <Link to={`/payers/${encodeURIComponent(r.billingProfile.payer.reference)}`}>{r.billingProfile.payer.reference}</Link>
            ),
          },
          {
            key: "refs",
            title: t("updater.run.refs"),
            render: (_, r) => (
              <Flex vertical>
                <code>{r.paymentMethodRef}</code>
                <Typography.Text type="secondary">
                  <code>{r.billingRef}</code>
                </Typography.Text>
              </Flex>
            ),
          },
          {
            key: "before",
            title: t("updater.run.before"),
            render: (_, r) => (
              <Flex vertical>
                <CardLabel brand={r.cardBrand} last4={r.last4Before} />
                <Typography.Text type="secondary">{expiry(r.expiryMonthBefore, r.expiryYearBefore)}</Typography.Text>
              </Flex>
            ),
          },
          {
            key: "decision",
            title: t("updater.decisionCode"),
            render: (_, r) =>
              r.decision ? (
                <span className="nowrap">
                  <DecisionName code={r.decision} meaning={r.meaning} />{" "}
                  {r.schemeCode ? <Tag className="scheme-code">{r.schemeCode}</Tag> : null}
                </span>
              ) : (
                <Typography.Text type="secondary">{t(`updater.resultState.${r.state}`)}</Typography.Text>
              ),
          },
          {
            key: "after",
            title: t("updater.run.after"),
            render: (_, r) =>
              cardChanged(r) ? (
                <Flex vertical>
                  <CardLabel brand={r.cardBrand} last4={r.last4After ?? r.last4Before} />
                  <Typography.Text type="secondary">{expiry(r.expiryMonthAfter, r.expiryYearAfter)}</Typography.Text>
                </Flex>
              ) : (
                "—"
              ),
          },
          {
            key: "status",
            title: t("updater.run.statusAfter"),
            render: (_, r) => (r.statusAfter ? <BillingStatusTag status={r.statusAfter} /> : "—"),
          },
          { key: "answeredAt", title: t("updater.run.answeredAt"), render: (_, r) => (r.answeredAt ? f.dateTime(r.answeredAt) : "—") },
        ]}
      />
      <CursorPager
        cursor={cursor}
        pageInfo={page.pageInfo}
        stale={fetching}
        totalCount={totalCount}
        totalKey="updater.run.total"
        onChange={(c) => go(decision, c)}
      />
    </Flex>
  );
}
