import { CloseOutlined } from "@ant-design/icons";
import { Tag, Tooltip } from "antd";
import { useTranslation } from "react-i18next";

const STATUS_COLORS: Record<string, string> = {
  PENDING: "processing",
  AUTHORIZED: "blue",
  CAPTURED: "green",
  PARTIALLY_REFUNDED: "gold",
  REFUNDED: "purple",
  CANCELED: "default",
  FAILED: "red",
};

/** A transaction's status, coloured by outcome. */
export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status] ?? "default"} variant="filled">
      {t(`status.${status}`)}
    </Tag>
  );
}

/** Marks test-mode transactions (or links, with their own hint); production ones show nothing. */
export function ModeTag({ mode, hint }: { mode: string; hint?: string }) {
  const { t } = useTranslation();
  if (mode !== "TEST") return null;
  return (
    <Tooltip title={hint ?? t("mode.testHint")}>
      <Tag color="orange" variant="solid" className="test-tag">
        {t("mode.TEST")}
      </Tag>
    </Tooltip>
  );
}

/** Black or white, whichever reads better on the given #RRGGBB colour. */
export function textColorOn(hex: string): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return "#fff";
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((c) => {
    const v = parseInt(c, 16) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.4 ? "#000" : "#fff";
}

export interface LabelLike {
  id: string;
  name: string;
  color: string;
  description?: string | null;
}

/** A label as a chip in its colour, with a remove button when onClose is given. */
export function LabelChip({
  label,
  onClose,
  closeLabel,
  tooltip = true,
}: {
  label: LabelLike;
  onClose?: () => void;
  closeLabel?: string;
  tooltip?: boolean;
}) {
  const color = textColorOn(label.color);
  const chip = (
    <Tag color={label.color} variant="solid" style={{ color, marginInlineEnd: 4 }} className="label-chip">
      {label.name}
      {onClose ? (
        <button
          type="button"
          className="chip-remove"
          aria-label={closeLabel ?? label.name}
          style={{ color }}
          // Keeps a surrounding Select from opening its list.
          onMouseDown={(e) => {
            e.preventDefault();
            e.stopPropagation();
          }}
          onClick={(e) => {
            e.stopPropagation();
            onClose();
          }}
        >
          <CloseOutlined aria-hidden />
        </button>
      ) : null}
    </Tag>
  );
  return tooltip && label.description ? <Tooltip title={label.description}>{chip}</Tooltip> : chip;
}

const NAME_START = /^[^\p{L}\p{N}]+/u;

/** A label's name as a person reads it: without its leading emoji and symbols. */
export function plainName(name: string): string {
  return name.replace(NAME_START, "") || name;
}

/**
 * Sorts labels by name as a person reads it: leading emoji and symbols
 * ("🚩 Suspect") do not count, case and accents follow the language.
 */
export function sortLabels<L extends LabelLike>(labels: readonly L[], locale: string): L[] {
  const collator = new Intl.Collator(locale, { sensitivity: "base", numeric: true });
  const key = (l: L) => plainName(l.name);
  return [...labels].sort((a, b) => collator.compare(key(a), key(b)) || collator.compare(a.name, b.name));
}
