import { Col, Form, Input, Row } from "antd";
import type { FormInstance } from "antd";
import type { CombinedError } from "@urql/core";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CardInput } from "@/gql/graphql";
import { appErrors, type AppError } from "@/lib/errors";
import {
  brandOf,
  cardDigits,
  checkCardNumber,
  cvcLength,
  formatExpiry,
  groupCardNumber,
  readExpiry,
} from "@/lib/card";

/** The names of the card's fields in a form that holds CardFields. */
export const CARD_FIELDS = ["cardNumber", "expiry", "cvc", "holder"] as const;

export interface CardValues {
  cardNumber?: string;
  expiry?: string;
  cvc?: string;
  holder?: string;
}

/** The form field of each field of a CardInput the server may refuse, under prefix ("card."). */
export const CARD_SERVER_FIELDS: Record<string, keyof CardValues> = {
  "card.number": "cardNumber",
  "card.expiryMonth": "expiry",
  "card.expiryYear": "expiry",
  "card.securityCode": "cvc",
  "card.holder": "holder",
};

/**
 * The CardInput of the card fields' values, once validated; the caller
 * clears the fields (form.resetFields([...CARD_FIELDS])) as the request
 * leaves, so that nothing of the card stays.
 */
export function cardInput(v: CardValues): CardInput | undefined {
  const expiry = readExpiry(v.expiry ?? "");
  if (!expiry.ok) return undefined;
  return {
    number: cardDigits(v.cardNumber ?? ""),
    expiryMonth: expiry.month,
    expiryYear: expiry.year,
    securityCode: v.cvc ?? "",
    holder: v.holder?.trim() || undefined,
  };
}

/**
 * A card's number, expiry, security code and holder, checked as the
 * server checks them. The fields live in the caller's form: a card is
 * never put in the URL, the app's state or a log.
 */
export function CardFields({ form }: { form: FormInstance }) {
  const { t } = useTranslation();
  const cardNumber = (Form.useWatch("cardNumber", form) as string | undefined) ?? "";
  const brand = brandOf(cardDigits(cardNumber));
  const cvcLen = cvcLength(brand);
  return (
    <>
      <Form.Item
        name="cardNumber"
        label={t("moto.cardNumber")}
        normalize={(v: string | undefined) => groupCardNumber(v ?? "")}
        extra={brand ? t(`method.${brand}`) : undefined}
        validateFirst
        rules={[
          { required: true, message: t("moto.cardNumberRequired") },
          {
            validator: (_, v: string | undefined) => {
              const problem = checkCardNumber(v ?? "");
              return problem ? Promise.reject(new Error(t(`moto.cardNumberProblems.${problem}`))) : Promise.resolve();
            },
          },
        ]}
      >
        <Input
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          placeholder="1234 5678 9012 3456"
          className="card-number"
          maxLength={23}
        />
      </Form.Item>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item
            name="expiry"
            label={t("moto.expiry")}
            normalize={(v: string | undefined) => formatExpiry(v ?? "")}
            validateFirst
            rules={[
              { required: true, message: t("moto.expiryRequired") },
              {
                validator: (_, v: string | undefined) => {
                  const read = readExpiry(v ?? "");
                  return read.ok ? Promise.resolve() : Promise.reject(new Error(t(`moto.expiryProblems.${read.problem}`)));
                },
              },
            ]}
          >
            <Input inputMode="numeric" autoComplete="off" placeholder={t("moto.expiryPlaceholder")} maxLength={5} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="cvc"
            label={t("moto.cvc")}
            dependencies={["cardNumber"]}
            normalize={(v: string | undefined) => (v ?? "").replace(/\D/g, "").slice(0, 4)}
            validateFirst
            rules={[
              { required: true, message: t("moto.cvcRequired") },
              {
                validator: (_, v: string | undefined) =>
                  (v ?? "").length === cvcLen ? Promise.resolve() : Promise.reject(new Error(t("moto.cvcLength", { count: cvcLen }))),
              },
            ]}
          >
            <Input type="password" inputMode="numeric" autoComplete="off" maxLength={4} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="holder" label={t("moto.holder")}>
        <Input autoComplete="off" maxLength={100} />
      </Form.Item>
    </>
  );
}

/**
 * Sends a form holding CardFields: validates it, clears the card's fields
 * as the request leaves (nothing of the card stays, whatever the answer),
 * sends once at a time, and puts the server's refusals on the fields they
 * name (serverFields maps "card.number" and the like, after "input.", to
 * form fields); the other errors are returned in errors for the form to
 * show. submit resolves to the data of a request that succeeded.
 */
export function useCardSubmit<V extends CardValues>(form: FormInstance<V>, serverFields: Record<string, keyof V>) {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<AppError[]>([]);
  const [sending, setSending] = useState(false);
  const inFlight = useRef(false);
  const submit = async <D,>(
    send: (values: V, card: CardInput) => Promise<{ data?: D; error?: CombinedError }>,
  ): Promise<{ data: D; values: V; card: CardInput } | undefined> => {
    if (inFlight.current) return undefined;
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return undefined;
    }
    const card = cardInput(values);
    if (!card) return undefined;
    // The card leaves the form as the request leaves: nothing of it stays.
    form.resetFields([...CARD_FIELDS] as never[]);
    inFlight.current = true;
    setSending(true);
    setErrors([]);
    try {
      const result = await send(values, card);
      if (result.data && !result.error) return { data: result.data, values, card };
      const rest: AppError[] = [];
      const fields: { name: keyof V; errors: string[] }[] = [];
      for (const e of appErrors(result.error)) {
        const name = e.field ? serverFields[e.field.replace(/^input\./, "")] : undefined;
        if (name && (e.code === "BAD_USER_INPUT" || e.code === "CONFLICT")) fields.push({ name, errors: [t("moto.refused", { message: e.message })] });
        else rest.push(e);
      }
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      setErrors(rest);
      return undefined;
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  };
  return { submit, errors, sending };
}
