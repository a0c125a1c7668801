import { DatePicker } from "antd";
import { useTranslation } from "react-i18next";
import { dayjs, presetRange, RANGE_PRESETS, type Day } from "@/lib/dates";

/** Days a filter covers, each end optional. */
export interface DayRange {
  from?: Day;
  to?: Day;
}

/** Filters with their days replaced: an end left open is left out. */
export function withDays<F extends DayRange>(filters: F, days: DayRange): F {
  const next = { ...filters, ...days };
  if (!days.from) delete next.from;
  if (!days.to) delete next.to;
  return next;
}

/**
 * A range of days for a list's filter, with the usual presets (today, the
 * last 7 days...) ending today in the merchant's time zone.
 */
export function DayRangePicker({
  id,
  value,
  onChange,
  timeZone,
}: {
  id: string;
  value: DayRange;
  onChange: (next: DayRange) => void;
  timeZone: string;
}) {
  const { t } = useTranslation();
  return (
    <DatePicker.RangePicker
      id={{ start: id }}
      allowEmpty={[true, true]}
      value={[value.from ? dayjs(value.from) : null, value.to ? dayjs(value.to) : null]}
      format="DD.MM.YYYY"
      presets={RANGE_PRESETS.map((p) => {
        const [from, to] = presetRange(p, timeZone);
        return { label: t(`journal.presets.${p}`), value: [dayjs(from), dayjs(to)] };
      })}
      onChange={(dates) => {
        const [from, to] = dates ?? [];
        onChange({
          ...(from ? { from: from.format("YYYY-MM-DD") } : {}),
          ...(to ? { to: to.format("YYYY-MM-DD") } : {}),
        });
      }}
      style={{ width: 230 }}
    />
  );
}
