import { CreditCardOutlined, ExperimentOutlined, LockOutlined } from "@ant-design/icons";
import { Alert, App, Button, Flex, Form, Input, Modal, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient, useQuery } from "urql";
import { BillingProfileTable } from "@/components/BillingProfileTable";
import { CARD_SERVER_FIELDS, CardFields, useCardSubmit, type CardValues } from "@/components/CardFields";
import { QueryError } from "@/components/QueryError";
import { isGlobal } from "@/lib/errors";
import { nodesOf } from "@/lib/pagination";
import { useCan } from "@/lib/viewer";
import { CreateBillingProfileMutation, PayerBillingProfilesQuery } from "../api/payers";

// A payer without profiles has none in its cached result: name the type.
const PROFILES = { additionalTypenames: ["BillingProfile"] };

interface StoreValues extends CardValues {
  paymentMethodRef?: string;
  billingRef?: string;
}

const SERVER_FIELDS: Record<string, keyof StoreValues> = {
  paymentMethodRef: "paymentMethodRef",
  billingRef: "billingRef",
  card: "cardNumber",
  ...CARD_SERVER_FIELDS,
};

/**
 * Stores a card in a new billing profile of the payer, checked by the
 * processor without moving money. As on the E-Terminal, the card's fields
 * are cleared as the request leaves: nothing of the card stays.
 */
function StoreCardForm({ payerReference, onDone, onCancel }: { payerReference: string; onDone: (card: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [form] = Form.useForm<StoreValues>();
  const { submit: send, errors, sending } = useCardSubmit(form, SERVER_FIELDS);

  const submit = async () => {
    const sent = await send((v, card) =>
      // Through the client rather than useMutation, whose state would keep the variables.
      client
        .mutation(
          CreateBillingProfileMutation,
          {
            input: {
              payerReference,
              card,
              paymentMethodRef: v.paymentMethodRef?.trim() || undefined,
              billingRef: v.billingRef?.trim() || undefined,
            },
          },
          PROFILES,
        )
        .toPromise(),
    );
    const created = sent?.data.createBillingProfile;
    if (created) onDone(`${t(`method.${created.cardBrand}`)} •••• ${created.cardLast4}`);
  };

  return (
    <Form<StoreValues> form={form} layout="vertical" component="div" aria-label={t("billing.store.title")}>
      <Alert
        type="info"
        showIcon
        icon={<ExperimentOutlined aria-hidden />}
        style={{ marginBottom: 12 }}
        title={t("billing.store.sandbox")}
        description={t("billing.store.sandboxCards")}
      />
      <CardFields form={form} />
      <Flex gap={12}>
        <Form.Item name="paymentMethodRef" label={t("billing.paymentMethodRef")} extra={t("billing.store.paymentMethodRefHint")} style={{ flex: 1 }}>
          <Input autoComplete="off" maxLength={64} />
        </Form.Item>
        <Form.Item name="billingRef" label={t("billing.billingRef")} extra={t("billing.store.billingRefHint")} style={{ flex: 1 }}>
          <Input autoComplete="off" maxLength={64} />
        </Form.Item>
      </Flex>
      <Typography.Paragraph type="secondary">
        <LockOutlined aria-hidden /> {t("billing.store.cardHint")}
      </Typography.Paragraph>
      {errors.filter((e) => !isGlobal(e.code)).map((e, i) => (
        <Alert key={i} type="error" showIcon style={{ marginBottom: 8 }} title={t(`errors.${e.code}`)} description={e.message} />
      ))}
      <Flex justify="flex-end" gap={8}>
        <Button onClick={onCancel}>{t("common.cancel")}</Button>
        <Button type="primary" loading={sending} onClick={() => void submit()}>
          {t("billing.store.submit")}
        </Button>
      </Flex>
    </Form>
  );
}

/** The billing profiles of a payer, and storing a new card for whoever may. */
export function PayerBillingProfiles({ reference }: { reference: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canManage = useCan("MANAGE_BILLING_PROFILES");
  const [adding, setAdding] = useState(false);
  const [{ data, fetching, error }] = useQuery({ query: PayerBillingProfilesQuery, variables: { reference }, context: PROFILES });
  const rows = nodesOf(data?.payer?.billingProfiles.edges);
  return (
    <section aria-labelledby="payer-billing">
      <Flex justify="space-between" align="center">
        <Typography.Title level={2} className="section-title" id="payer-billing">
          {t("billing.ofPayer")}
        </Typography.Title>
        {canManage ? (
          <Button icon={<CreditCardOutlined aria-hidden />} onClick={() => setAdding(true)}>
            {t("billing.store.open")}
          </Button>
        ) : null}
      </Flex>
      <QueryError error={error} />
      <BillingProfileTable rows={rows} loading={fetching} hidePayer caption={t("billing.ofPayer")} empty={t("billing.emptyPayer")} />
      <Modal open={adding} title={t("billing.store.title")} footer={null} destroyOnHidden onCancel={() => setAdding(false)} width={560}>
        {adding ? (
          <StoreCardForm
            payerReference={reference}
            onCancel={() => setAdding(false)}
            onDone={(card) => {
              setAdding(false);
              void message.success(t("billing.store.done", { card }));
            }}
          />
        ) : null}
      </Modal>
    </section>
  );
}
