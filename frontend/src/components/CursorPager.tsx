import { Button, Select, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useNumberFormat } from "@/lib/format";
import { PAGE_SIZES, type Cursor, type PageInfo, type PageSize } from "@/lib/pagination";

/**
 * Previous/next buttons over a Relay connection. Cursor pages have no
 * numbers: a person can go to the first page, one page back, or one on.
 */
export function CursorPager({
  cursor,
  pageInfo,
  totalCount,
  onChange,
  stale = false,
  totalKey = "pager.total",
}: {
  cursor: Cursor;
  pageInfo: PageInfo | undefined;
  totalCount: number | undefined;
  onChange: (next: Cursor) => void;
  /** The page info shown belongs to the previous list: its cursors would lead astray. */
  stale?: boolean;
  /** The translation of the total, with its plural forms: "{{formatted}} transactions" by default. */
  totalKey?: string;
}) {
  const { t } = useTranslation();
  const number = useNumberFormat();
  const onFirst = !cursor.after && !cursor.before;
  return (
    <nav aria-label={t("pager.label")} className="pager">
      <Space size="small" wrap>
        <Typography.Text type="secondary">
          {totalCount === undefined ? "" : t(totalKey, { count: totalCount, formatted: number(totalCount) })}
        </Typography.Text>
        <Button size="small" disabled={onFirst} onClick={() => onChange({ size: cursor.size })}>
          {t("pager.first")}
        </Button>
        <Button
          size="small"
          disabled={stale || !pageInfo?.hasPreviousPage || !pageInfo.startCursor}
          onClick={() => onChange({ size: cursor.size, before: pageInfo?.startCursor })}
        >
          {t("pager.previous")}
        </Button>
        <Button
          size="small"
          disabled={stale || !pageInfo?.hasNextPage || !pageInfo.endCursor}
          onClick={() => onChange({ size: cursor.size, after: pageInfo?.endCursor })}
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
