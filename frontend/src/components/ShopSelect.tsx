import { Select } from "antd";
import { useQuery } from "urql";
import { graphql } from "@/gql";
import { nodesOf } from "@/lib/pagination";

export const ShopOptionsQuery = graphql(`
  query ShopOptions {
    shops(first: 100, orderBy: { field: NAME, direction: ASC }) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

/** The merchant's shops (the first 100), by name. */
export function useShopOptions(): { shops: { id: string; name: string }[]; fetching: boolean } {
  const [{ data, fetching }] = useQuery({ query: ShopOptionsQuery });
  return { shops: nodesOf(data?.shops.edges), fetching };
}

/** Picks one of the merchant's shops. */
export function ShopSelect({
  id,
  value,
  onChange,
  allowClear = false,
  placeholder,
  style,
  size,
  "aria-invalid": invalid,
}: {
  id?: string;
  value?: string;
  onChange?: (id: string | undefined) => void;
  allowClear?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
  size?: "small" | "middle";
  "aria-invalid"?: boolean;
}) {
  const { shops, fetching } = useShopOptions();
  return (
    <Select<string>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      allowClear={allowClear}
      placeholder={placeholder}
      loading={fetching}
      showSearch={{ optionFilterProp: "label" }}
      options={shops.map((s) => ({ value: s.id, label: s.name }))}
      style={style}
      size={size}
      aria-invalid={invalid}
    />
  );
}
