import { Button, Flex, Form, Select, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { CommitInput } from "@/components/CommitInput";
import { DayRangePicker, withDays } from "@/components/DayRangePicker";
import { ShopSelect } from "@/components/ShopSelect";
import type { PaymentLinkMode, PaymentLinkStatus } from "@/gql/graphql";
import { withFilter } from "@/lib/filters";
import { EMPTY_LINK_FILTERS, LINK_MODES, LINK_STATUSES, linkFilterKey, type LinkFilters as Filters } from "../filters";

/** The filters of the links list; every change is handed on at once. */
export function LinkFilters({
  value,
  onChange,
  timeZone,
}: {
  value: Filters;
  onChange: (next: Filters) => void;
  timeZone: string;
}) {
  const { t } = useTranslation();
  const set = <K extends keyof Filters>(key: K, v: Filters[K] | undefined) => onChange(withFilter(value, key, v));
  return (
    <Form layout="vertical" size="small" className="journal-filters" role="search" aria-label={t("links.filters.title")}>
      <Flex wrap gap={8} align="flex-start">
        <Form.Item label={t("links.filters.status")} htmlFor="lf-status">
          <Select<PaymentLinkStatus[]>
            id="lf-status"
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            showSearch={{ optionFilterProp: "label" }}
            placeholder={t("links.filters.all")}
            value={value.status}
            onChange={(v) => set("status", v)}
            options={LINK_STATUSES.map((s) => ({ value: s, label: t(`linkStatus.${s}`) }))}
            style={{ width: 190 }}
          />
        </Form.Item>
        <Form.Item label={t("links.filters.mode")} htmlFor="lf-mode">
          <Select<PaymentLinkMode>
            id="lf-mode"
            allowClear
            placeholder={t("links.filters.all")}
            value={value.mode}
            onChange={(v) => set("mode", v ?? undefined)}
            options={LINK_MODES.map((m) => ({ value: m, label: t(`links.mode.${m}`) }))}
            style={{ width: 120 }}
          />
        </Form.Item>
        <Form.Item label={t("links.filters.shop")} htmlFor="lf-shop">
          <ShopSelect
            id="lf-shop"
            size="small"
            allowClear
            placeholder={t("links.filters.all")}
            value={value.shop}
            onChange={(v) => set("shop", v)}
            style={{ width: 190 }}
          />
        </Form.Item>
        <Form.Item label={t("links.filters.created")} htmlFor="lf-created">
          <DayRangePicker
            id="lf-created"
            value={value}
            timeZone={timeZone}
            onChange={(days) => onChange(withDays(value, days))}
          />
        </Form.Item>
        <Form.Item label={t("links.filters.reference")} htmlFor="lf-reference">
          <CommitInput
            id="lf-reference"
            type="search"
            value={value.reference}
            onCommit={(v) => set("reference", v)}
            style={{ width: 170 }}
          />
        </Form.Item>
        <Form.Item label={t("links.filters.recipient")} htmlFor="lf-recipient">
          <CommitInput
            id="lf-recipient"
            type="search"
            value={value.recipient}
            onCommit={(v) => set("recipient", v)}
            style={{ width: 200 }}
          />
        </Form.Item>
        {value.batch ? (
          <Form.Item label={t("links.filters.batch")}>
            <Flex gap={4} align="center">
              <Tag className="batch-tag">{value.batch}</Tag>
              <Button type="link" size="small" onClick={() => set("batch", undefined)}>
                {t("links.filters.clearBatch")}
              </Button>
            </Flex>
          </Form.Item>
        ) : null}
        <Form.Item label=" ">
          <Button
            onClick={() => onChange(EMPTY_LINK_FILTERS)}
            disabled={linkFilterKey(value) === ""}
          >
            {t("links.filters.reset")}
          </Button>
        </Form.Item>
      </Flex>
    </Form>
  );
}
