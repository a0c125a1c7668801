import { Flex, Form, Input, Select } from "antd";
import type { Rule } from "antd/es/form";
import { useTranslation } from "react-i18next";
import { Currency } from "@/gql/graphql";
import { exponentOf, parseMajor } from "@/lib/money";

/** The currencies merchants use most come first, then every other one. */
const FIRST: readonly Currency[] = ["CHF", "EUR", "USD", "GBP"];
export const CURRENCY_OPTIONS: readonly Currency[] = [
  ...FIRST,
  ...Object.values(Currency)
    .filter((c) => !FIRST.includes(c))
    .sort(),
];

/** An amount typed in major units, in minor units; undefined when it cannot be read or is not positive. */
export function amountInMinor(typed: string | undefined, currency: string | undefined): string | undefined {
  if (!typed || !currency) return undefined;
  const parsed = parseMajor(typed, exponentOf(currency));
  return parsed.ok && BigInt(parsed.minor) > 0n ? parsed.minor : undefined;
}

/**
 * The amount and its currency, as two fields of the surrounding Form
 * (named amount and currency): the amount is read in the currency's minor
 * units, never as a float, and refused with more decimals than it has.
 */
export function AmountFields({ label }: { label?: string }) {
  const { t } = useTranslation();
  const rules: Rule[] = [
    ({ getFieldValue }) => ({
      validator: (_, typed: string | undefined) => {
        if (!typed?.trim()) return Promise.reject(new Error(t("payment.amountRequired")));
        const exponent = exponentOf(getFieldValue("currency") as string);
        const parsed = parseMajor(typed, exponent);
        if (!parsed.ok) return Promise.reject(new Error(t(`amount.errors.${parsed.error}`, { count: exponent })));
        if (BigInt(parsed.minor) <= 0n) return Promise.reject(new Error(t("amount.errors.notPositive")));
        return Promise.resolve();
      },
    }),
  ];
  return (
    <Flex gap={8} align="flex-start">
      <Form.Item name="amount" label={label ?? t("payment.amount")} required rules={rules} dependencies={["currency"]}>
        <Input inputMode="decimal" autoComplete="off" style={{ width: 160 }} className="money" />
      </Form.Item>
      <Form.Item name="currency" label={t("payment.currency")} rules={[{ required: true }]}>
        <Select<Currency>
          showSearch
          options={CURRENCY_OPTIONS.map((c) => ({ value: c, label: c }))}
          style={{ width: 92 }}
        />
      </Form.Item>
    </Flex>
  );
}
