import { Select } from "antd";
import { useQuery } from "urql";
import { graphql } from "@/gql";
import { nodesOf } from "@/lib/pagination";
import { useLocale } from "@/lib/format";
import { LabelChip, sortLabels, type LabelLike } from "./Tags";

export const MerchantLabelsQuery = graphql(`
  query MerchantLabels {
    labels(first: 100, orderBy: { field: NAME, direction: ASC }) {
      edges {
        node {
          id
          name
          color
          description
        }
      }
    }
  }
`);

/**
 * The merchant's labels (the first 100), sorted by name; refresh asks the
 * server again, when a live screen hears that a label changed.
 */
export function useMerchantLabels(): { labels: LabelLike[]; fetching: boolean; refresh: () => void } {
  const [{ data, fetching }, reexecute] = useQuery({ query: MerchantLabelsQuery });
  const labels = sortLabels(nodesOf(data?.labels.edges), useLocale());
  return { labels, fetching, refresh: () => reexecute({ requestPolicy: "network-only" }) };
}

/** Picks labels of the merchant; options and choices show as chips. */
export function LabelSelect({
  id,
  value,
  onChange,
  labels,
  loading,
  ariaLabel,
  removeLabel,
  placeholder,
  exclude = [],
  mode = "multiple",
  size,
  style,
}: {
  id?: string;
  value: string[];
  onChange: (ids: string[]) => void;
  labels: LabelLike[];
  loading?: boolean;
  ariaLabel?: string;
  /** The name of the button that takes a chosen label out. */
  removeLabel?: (name: string) => string;
  placeholder?: string;
  exclude?: string[];
  mode?: "multiple";
  size?: "small" | "middle";
  style?: React.CSSProperties;
}) {
  const byId = new Map(labels.map((l) => [l.id, l]));
  return (
    <Select<string[]>
      id={id}
      mode={mode}
      size={size}
      style={style}
      aria-label={ariaLabel}
      placeholder={placeholder}
      loading={loading}
      value={value}
      onChange={onChange}
      allowClear
      optionFilterProp="title"
      options={labels
        .filter((l) => !exclude.includes(l.id))
        .map((l) => ({ value: l.id, title: l.name, label: <LabelChip label={l} tooltip={false} /> }))}
      tagRender={({ value: id, onClose }) => {
        const l = byId.get(id as string);
        return l ? <LabelChip label={l} onClose={onClose} closeLabel={removeLabel?.(l.name)} tooltip={false} /> : <span />;
      }}
    />
  );
}
