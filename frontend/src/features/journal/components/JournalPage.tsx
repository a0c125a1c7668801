import { Button, Flex, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { ScheduleOutlined } from "@ant-design/icons";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { CursorPager } from "@/components/CursorPager";
import { useMerchantLabels } from "@/components/LabelSelect";
import { QueryError } from "@/components/QueryError";
import { ReportDownloads } from "@/components/ReportDownloads";
import { TransactionTable } from "@/components/TransactionTable";
import { appErrors } from "@/lib/errors";
import { isFirstPage, pageOf, pageVariables, useKeptTotal, type Cursor } from "@/lib/pagination";
import { useCan, useTimeZone } from "@/lib/viewer";
import { JournalQuery, JournalStatsQuery } from "../api/journal";
import { filterKey, journalExportURL, journalSchedulePath, parseView, serializeView, toQueryArgs, type JournalFilters as Filters } from "../filters";
import { JournalFilters } from "./JournalFilters";
import { StatsStrip } from "./StatsStrip";

/** The transaction journal: filters, summary, and a page of transactions. */
export default function JournalPage() {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const view = useMemo(() => parseView(search), [search]);
  const args = useMemo(() => toQueryArgs(view.filters, timeZone), [view.filters, timeZone]);
  const key = filterKey(view.filters);
  
  const [journal] = useQuery({
    query: JournalQuery,
    variables: {
      ...pageVariables(view.cursor),
      where: args.where,
      ...(args.search ? { search: args.search } : {}),
      withTotal: isFirstPage(view.cursor),
    },
  });
  const [stats] = useQuery({
    query: JournalStatsQuery,
    variables: { where: args.where, ...(args.search ? { search: args.search } : {}) },
  });
  const { labels, fetching: labelsLoading } = useMerchantLabels();

  const connection = journal.data?.transactions;
  // A page reached through a bookmark has no count of its own yet: the
  // summary has the same one.
  const totalCount =
    useKeptTotal(key, { fetching: journal.fetching, total: connection?.totalCount }) ??
    (stats.fetching ? undefined : stats.data?.transactionStats.totalCount);
  // While the next page loads, urql keeps showing the previous one.
  const page = pageOf(connection?.edges, view.cursor);

  // The download streams every transaction the filters match, not just this page.
  const canSchedule = useCan("MANAGE_REPORTS");
  const exportURL = (ext: "csv" | "html") => journalExportURL(ext, args.where, args.search);
  const go = (filters: Filters, cursor: Cursor) => setParams(serializeView({ filters, cursor }));
  // A bookmarked cursor the API no longer accepts: offer a way out.
  const staleCursor = appErrors(journal.error).some((e) => e.field === "after" || e.field === "before");

  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={1} className="page-title">
          {t("journal.title")}
        </Typography.Title>
        <Flex gap={8} align="center">
          <Typography.Text type="secondary">{t("journal.export")}</Typography.Text>
          <ReportDownloads csv={exportURL("csv")} html={exportURL("html")} name={t("journal.title")} />
          {canSchedule ? (
            <Link to={journalSchedulePath(args.where, args.search)}>
              <Button size="small" icon={<ScheduleOutlined aria-hidden />} tabIndex={-1}>
                {t("journal.schedule")}
              </Button>
            </Link>
          ) : null}
        </Flex>
      </Flex>
      <JournalFilters
        value={view.filters}
        onChange={(filters) => go(filters, { size: view.cursor.size })}
        timeZone={timeZone}
        labels={labels}
        labelsLoading={labelsLoading}
        amountProblems={args.amountProblems}
        exponent={args.exponent}
      />
      <StatsStrip stats={stats.data?.transactionStats} loading={stats.fetching} />
      <QueryError error={journal.error} />
      {staleCursor ? (
        <div>
          <Button size="small" onClick={() => go(view.filters, { size: view.cursor.size })}>
            {t("pager.backToFirst")}
          </Button>
        </div>
      ) : null}
      <TransactionTable rows={page.nodes} loading={journal.fetching} caption={t("journal.title")} />
      <CursorPager
        cursor={view.cursor}
        pageInfo={page.pageInfo}
        stale={journal.fetching}
        totalCount={totalCount}
        onChange={(cursor) => go(view.filters, cursor)}
      />
    </Flex>
  );
}
