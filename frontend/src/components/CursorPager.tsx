import { Button, Select, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { graphql } from "@/gql";
import { useFormat } from "@/lib/format";
import { PAGE_SIZES, type Cursor, type PageSize } from "@/lib/pagination";

export const PageInfoFieldsFragment = graphql(`
  fragment PageInfoFields on PageInfo {
    hasNextPage
    hasPreviousPage
    startCursor
    endCursor
  }
`);

export interface PageInfoLike {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor?: string | null;
  endCursor?: string | null;
}

/**
 * Previous/next buttons over a Relay connection. Cursor pages have no
 * numbers: a person can go to the first page, one page back, or one on.
 */
export function CursorPager({
  cursor,
  pageInfo,
  totalCount,
  onChange,
}: {
  cursor: Cursor;
  pageInfo: PageInfoLike | undefined;
  totalCount: number | undefined;
  onChange: (next: Cursor) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  // entgql reports hasPreviousPage only when paging backwards and
  // hasNextPage only when paging forwards: a cursor we came through means
  // there is a page on its other side.
  const hasPrevious = cursor.before ? !!pageInfo?.hasPreviousPage : !!cursor.after;
  const hasNext = cursor.before ? true : !!pageInfo?.hasNextPage;
  const onFirst = !cursor.after && !cursor.before;
  return (
    <nav aria-label={t("pager.label")} className="pager">
      <Space size="small" wrap>
        <Typography.Text type="secondary">
          {totalCount === undefined ? "" : t("pager.total", { count: totalCount, formatted: f.number(totalCount) })}
        </Typography.Text>
        <Button size="small" disabled={onFirst} onClick={() => onChange({ size: cursor.size })}>
          {t("pager.first")}
        </Button>
        <Button
          size="small"
          disabled={!hasPrevious || !pageInfo?.startCursor}
          onClick={() => onChange({ size: cursor.size, before: pageInfo?.startCursor ?? undefined })}
        >
          {t("pager.previous")}
        </Button>
        <Button
          size="small"
          disabled={!hasNext || !pageInfo?.endCursor}
          onClick={() => onChange({ size: cursor.size, after: pageInfo?.endCursor ?? undefined })}
        >
          {t("pager.next")}
        </Button>
        <Select<PageSize>
          size="small"
          aria-label={t("pager.size")}
          value={cursor.size}
          onChange={(size) => onChange({ size })}
          options={PAGE_SIZES.map((n) => ({ value: n, label: t("pager.perPage", { count: n }) }))}
          style={{ width: 110 }}
        />
      </Space>
    </nav>
  );
}
