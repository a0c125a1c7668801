import { Button, Flex, Form, Segmented, Select } from "antd";
import { useTranslation } from "react-i18next";
import { CommitInput } from "@/components/CommitInput";
import { DayRangePicker, withDays } from "@/components/DayRangePicker";
import { LabelSelect } from "@/components/LabelSelect";
import type { LabelLike } from "@/components/Tags";
import { withFilter } from "@/lib/filters";
import {
  CURRENCIES,
  EMPTY_FILTERS,
  hasFilters,
  METHODS,
  STATUSES,
  type AmountProblems,
  type JournalFilters as Filters,
  type LabelMatch,
} from "../filters";

/** A compact choice of several values; none chosen means all. */
function MultiSelect<V extends string>({
  id,
  value,
  onChange,
  options,
  width,
}: {
  id: string;
  value: V[];
  onChange: (v: V[]) => void;
  options: { value: V; label: string }[];
  width: number;
}) {
  const { t } = useTranslation();
  return (
    <Select<V[]>
      id={id}
      mode="multiple"
      allowClear
      maxTagCount="responsive"
      optionFilterProp="label"
      placeholder={t("journal.filters.all")}
      value={value}
      onChange={onChange}
      options={options}
      style={{ width }}
    />
  );
}

/** The journal's filters; every change is handed on at once. */
export function JournalFilters({
  value,
  onChange,
  timeZone,
  labels,
  labelsLoading = false,
  amountProblems,
  exponent,
}: {
  value: Filters;
  onChange: (next: Filters) => void;
  timeZone: string;
  labels: LabelLike[];
  labelsLoading?: boolean;
  amountProblems: AmountProblems;
  exponent: number;
}) {
  const { t } = useTranslation();
  const set = <K extends keyof Filters>(key: K, v: Filters[K]) => onChange(withFilter(value, key, v));
  const amountUnit =
    value.currency.length === 1 ? value.currency[0] : t("journal.filters.amountExponent", { count: exponent });
  // Form.Item links its help to a control only when it owns the value:
  // link it by hand.
  const amountProps = (name: "min" | "max") => {
    const problem = amountProblems[name];
    if (!problem) return { item: {}, input: {} };
    const id = `f-${name}-help`;
    return {
      item: {
        validateStatus: "error" as const,
        help: <span id={id}>{t(`amount.errors.${problem}`, { count: exponent })}</span>,
      },
      input: { "aria-invalid": true, "aria-describedby": id },
    };
  };
  const min = amountProps("min");
  const max = amountProps("max");

  return (
    <Form layout="vertical" size="small" className="journal-filters" role="search" aria-label={t("journal.filters.title")}>
      <Flex wrap gap={8} align="flex-start">
        <Form.Item label={t("journal.filters.period")} htmlFor="f-period">
          <DayRangePicker
            id="f-period"
            value={value}
            timeZone={timeZone}
            onChange={(days) => onChange(withDays(value, days))}
          />
        </Form.Item>
        <Form.Item label={t("journal.filters.status")} htmlFor="f-status">
          <MultiSelect
            id="f-status"
            value={value.status}
            onChange={(v) => set("status", v)}
            options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            width={170}
          />
        </Form.Item>
        <Form.Item label={t("journal.filters.method")} htmlFor="f-method">
          <MultiSelect
            id="f-method"
            value={value.method}
            onChange={(v) => set("method", v)}
            options={METHODS.map((m) => ({ value: m, label: t(`method.${m}`) }))}
            width={170}
          />
        </Form.Item>
        <Form.Item label={t("journal.filters.currency")} htmlFor="f-currency">
          <MultiSelect
            id="f-currency"
            value={value.currency}
            onChange={(v) => set("currency", v)}
            options={CURRENCIES.map((c) => ({ value: c, label: c }))}
            width={130}
          />
        </Form.Item>
        <Form.Item
          label={t("journal.filters.amountMin")}
          htmlFor="f-min"
          {...min.item}
        >
          <CommitInput
            id="f-min"
            {...min.input}
            inputMode="decimal"
            suffix={<span className="unit">{amountUnit}</span>}
            value={value.min}
            onCommit={(v) => set("min", v)}
            style={{ width: 150 }}
          />
        </Form.Item>
        <Form.Item
          label={t("journal.filters.amountMax")}
          htmlFor="f-max"
          {...max.item}
        >
          <CommitInput
            id="f-max"
            {...max.input}
            inputMode="decimal"
            suffix={<span className="unit">{amountUnit}</span>}
            value={value.max}
            onCommit={(v) => set("max", v)}
            style={{ width: 150 }}
          />
        </Form.Item>
        <Form.Item label={t("journal.filters.payer")} htmlFor="f-payer">
          <CommitInput id="f-payer" value={value.payer} onCommit={(v) => set("payer", v)} style={{ width: 190 }} />
        </Form.Item>
        <Form.Item label={t("journal.filters.labels")} htmlFor="f-labels">
          <Flex gap={4} align="flex-start">
            <LabelSelect
              id="f-labels"
              labels={labels}
              loading={labelsLoading}
              value={value.labels}
              onChange={(ids) => set("labels", ids)}
              removeLabel={(name) => t("journal.filters.removeLabel", { name })}
              placeholder={t("journal.filters.all")}
              style={{ width: 300 }}
            />
            <Segmented<LabelMatch>
              aria-label={t("journal.filters.labelMatch")}
              value={value.labelMatch}
              onChange={(v) => set("labelMatch", v)}
              options={[
                { value: "any", label: t("journal.filters.anyOf") },
                { value: "all", label: t("journal.filters.allOf") },
              ]}
            />
          </Flex>
        </Form.Item>
        <Form.Item label={t("journal.filters.search")} htmlFor="f-q" tooltip={t("journal.filters.searchHint")}>
          <CommitInput id="f-q" type="search" value={value.q} onCommit={(v) => set("q", v)} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item label=" ">
          <Button onClick={() => onChange(EMPTY_FILTERS)} disabled={!hasFilters(value)}>
            {t("journal.filters.reset")}
          </Button>
        </Form.Item>
      </Flex>
    </Form>
  );
}
