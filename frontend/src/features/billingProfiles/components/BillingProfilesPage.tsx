import { Button, DatePicker, Flex, Form, Select, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useQuery } from "urql";
import { BillingProfileTable } from "@/components/BillingProfileTable";
import { CommitInput } from "@/components/CommitInput";
import { CursorPager } from "@/components/CursorPager";
import { QueryError } from "@/components/QueryError";
import type { BillingProfileCardBrand, BillingProfileStatus } from "@/gql/graphql";
import { dayjs } from "@/lib/dates";
import { isFirstPage, pageOf, pageVariables, useKeptTotal, type Cursor } from "@/lib/pagination";
import { useTimeZone } from "@/lib/viewer";
import { withFilter } from "@/lib/filters";
import { BillingProfilesQuery } from "../api/billingProfiles";
import {
  CARD_BRANDS,
  parseProfilesView,
  PROFILE_STATUSES,
  profileFilterKey,
  serializeProfilesView,
  toProfilesWhere,
  type ProfileFilters,
} from "../filters";

/** The filters of the list; every change is handed on at once. */
function ProfileFiltersForm({ value, onChange }: { value: ProfileFilters; onChange: (next: ProfileFilters) => void }) {
  const { t } = useTranslation();
  const set = <K extends keyof ProfileFilters>(key: K, v: ProfileFilters[K] | undefined) => onChange(withFilter(value, key, v));
  return (
    <Form layout="vertical" size="small" className="journal-filters" role="search" aria-label={t("billing.filters.title")}>
      <Flex wrap gap={8} align="flex-start">
        <Form.Item label={t("billing.filters.status")} htmlFor="bp-status">
          <Select<BillingProfileStatus>
            id="bp-status"
            allowClear
            placeholder={t("billing.filters.all")}
            value={value.status}
            onChange={(v) => set("status", v ?? undefined)}
            options={PROFILE_STATUSES.map((s) => ({ value: s, label: t(`billing.status.${s}`) }))}
            style={{ width: 140 }}
          />
        </Form.Item>
        <Form.Item label={t("billing.filters.brand")} htmlFor="bp-brand">
          <Select<BillingProfileCardBrand>
            id="bp-brand"
            allowClear
            placeholder={t("billing.filters.all")}
            value={value.brand}
            onChange={(v) => set("brand", v ?? undefined)}
            options={CARD_BRANDS.map((b) => ({ value: b, label: t(`method.${b}`) }))}
            style={{ width: 170 }}
          />
        </Form.Item>
        <Form.Item label={t("billing.filters.expiring")} htmlFor="bp-expiring">
          <DatePicker
            id="bp-expiring"
            picker="month"
            format="MM/YYYY"
            placeholder={t("billing.filters.monthPlaceholder")}
            value={value.expiring ? dayjs(`${value.expiring}-01`) : null}
            onChange={(d) => set("expiring", d ? d.format("YYYY-MM") : undefined)}
            style={{ width: 140 }}
          />
        </Form.Item>
        <Form.Item label={t("billing.filters.notUpdatedSince")} htmlFor="bp-since">
          <DatePicker
            id="bp-since"
            format="DD.MM.YYYY"
            placeholder={t("billing.filters.dayPlaceholder")}
            value={value.notUpdatedSince ? dayjs(value.notUpdatedSince) : null}
            onChange={(d) => set("notUpdatedSince", d ? d.format("YYYY-MM-DD") : undefined)}
            style={{ width: 150 }}
          />
        </Form.Item>
        <Form.Item label={t("billing.filters.search")} htmlFor="bp-q">
          <CommitInput id="bp-q" type="search" value={value.q} onCommit={(v) => set("q", v)} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item label=" ">
          <Button onClick={() => onChange({})} disabled={profileFilterKey(value) === ""}>
            {t("billing.filters.reset")}
          </Button>
        </Form.Item>
      </Flex>
    </Form>
  );
}

/** Every billing profile of the merchant: the stored cards, their status and expiry. */
export default function BillingProfilesPage() {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const view = useMemo(() => parseProfilesView(search), [search]);
  const where = useMemo(() => toProfilesWhere(view.filters, timeZone), [view.filters, timeZone]);
  const [{ data, fetching, error }] = useQuery({
    query: BillingProfilesQuery,
    variables: { ...pageVariables(view.cursor), where, withTotal: isFirstPage(view.cursor) },
  });
  const totalCount = useKeptTotal(profileFilterKey(view.filters), { fetching, total: data?.billingProfiles.totalCount });
  const page = pageOf(data?.billingProfiles.edges, view.cursor);
  const go = (filters: ProfileFilters, cursor: Cursor) => setParams(serializeProfilesView({ filters, cursor }));
  return (
    <Flex vertical gap={8}>
      <Typography.Title level={1} className="page-title">
        {t("billing.title")}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t("billing.intro")}
      </Typography.Paragraph>
      <ProfileFiltersForm value={view.filters} onChange={(filters) => go(filters, { size: view.cursor.size })} />
      <QueryError error={error} />
      <BillingProfileTable rows={page.nodes} loading={fetching} caption={t("billing.title")} />
      <CursorPager
        cursor={view.cursor}
        pageInfo={page.pageInfo}
        stale={fetching}
        totalCount={totalCount}
        totalKey="billing.total"
        onChange={(cursor) => go(view.filters, cursor)}
      />
    </Flex>
  );
}
