import { LockOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Flex, Form, Input, Result, Row, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useClient } from "urql";
import { AmountFields, amountInMinor } from "@/components/AmountFields";
import { CARD_SERVER_FIELDS, CardFields, useCardSubmit, type CardValues } from "@/components/CardFields";
import { ModeField, TestModeBanner } from "@/components/ModeField";
import { ShopSelect } from "@/components/ShopSelect";
import { SwitchField } from "@/components/SwitchField";
import type { Currency, EnterMotoPaymentMutation as Payment, MotoPaymentInput, TransactionMode } from "@/gql/graphql";
import { useFormat } from "@/lib/format";
import { EnterMotoPaymentMutation } from "../api/moto";

interface MotoValues extends CardValues {
  shopId?: string;
  mode: TransactionMode;
  amount?: string;
  currency: Currency;
  orderReference?: string;
  payerReference?: string;
  description?: string;
  capture: boolean;
}

/** The form field of each field of MotoPaymentInput the server may refuse. */
const SERVER_FIELDS: Record<string, keyof MotoValues> = {
  shopId: "shopId",
  amount: "amount",
  currency: "currency",
  orderReference: "orderReference",
  payerReference: "payerReference",
  description: "description",
  ...CARD_SERVER_FIELDS,
};

type Outcome = { transaction: Payment["enterMotoPayment"]["transaction"]; last4: string };

const INITIAL: Partial<MotoValues> = { mode: "PRODUCTION", currency: "CHF", capture: true };

/**
 * The E-Terminal: a card read out on the phone or written in a mail order
 * (MOTO, ECI 1). The card's number and security code live in the form only
 * until it is sent: they are cleared before the request leaves, never put
 * in the URL, the app's state or a log; the result shows the last four
 * digits only.
 */
export default function MotoPage() {
  const { t } = useTranslation();
  const client = useClient();
  const [form] = Form.useForm<MotoValues>();
  const [outcome, setOutcome] = useState<Outcome>();
  const { submit: send, errors, sending } = useCardSubmit(form, SERVER_FIELDS);
  const mode = Form.useWatch("mode", form);

  const submit = async () => {
    const sent = await send(async (v, card) => {
      const trimmed = (x: string | undefined) => x?.trim() || undefined;
      const input: MotoPaymentInput = {
        shopId: v.shopId!,
        mode: v.mode,
        amount: amountInMinor(v.amount, v.currency)!,
        currency: v.currency,
        orderReference: trimmed(v.orderReference),
        payerReference: trimmed(v.payerReference),
        description: trimmed(v.description),
        capture: v.capture,
        idempotencyKey: crypto.randomUUID(),
        card,
      };
      // Through the client rather than useMutation, whose state would keep the variables.
      return client.mutation(EnterMotoPaymentMutation, { input }).toPromise();
    });
    const paid = sent?.data.enterMotoPayment;
    if (paid && sent) setOutcome({ transaction: paid.transaction, last4: paid.transaction.cardLast4 ?? sent.card.number.slice(-4) });
  };

  const again = (keepOrder: boolean) => {
    setOutcome(undefined);
    if (!keepOrder) form.resetFields();
  };

  if (outcome) return <MotoResult outcome={outcome} onAgain={again} />;

  return (
    <Flex vertical gap={8}>
      <Typography.Title level={1} className="page-title">
        {t("moto.title")}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t("moto.intro")}
      </Typography.Paragraph>
      {mode === "TEST" ? (
        <TestModeBanner title={t("moto.testBanner")} description={t("moto.testCards")} />
      ) : null}
      <Form<MotoValues>
        form={form}
        layout="vertical"
        component="div"
        initialValues={INITIAL}
       
        aria-label={t("moto.title")}
      >
        <Row gutter={12}>
          <Col xs={24} lg={12}>
            <Card size="small" title={<h2 className="card-title">{t("moto.order")}</h2>} className={mode === "TEST" ? "test-mode" : undefined}>
              <Form.Item name="shopId" label={t("links.wizard.shop")} rules={[{ required: true, message: t("links.wizard.shopRequired") }]}>
                <ShopSelect placeholder={t("links.wizard.shopPlaceholder")} />
              </Form.Item>
              <ModeField />
              <AmountFields />
              <Form.Item
                name="orderReference"
                label={t("links.wizard.orderReference")}
                rules={[{ max: 64, message: t("moto.referenceTooLong") }]}
              >
                <Input autoComplete="off" />
              </Form.Item>
              <Form.Item name="payerReference" label={t("links.wizard.payerReference")}>
                <Input autoComplete="off" maxLength={128} />
              </Form.Item>
              <Form.Item name="description" label={t("links.wizard.description")}>
                <Input autoComplete="off" maxLength={1000} />
              </Form.Item>
              <SwitchField id="moto-capture" name="capture" label={t("moto.capture")} detail={t("moto.captureHint")} />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card
              size="small"
              title={
                <h2 className="card-title">
                  <LockOutlined aria-hidden /> {t("moto.card")}
                </h2>
              }
            >
              <CardFields form={form} />
              <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                {t("moto.cardHint")}
              </Typography.Paragraph>
            </Card>
          </Col>
        </Row>
      </Form>
      {errors.map((e, i) => (
        <Alert
          key={i}
          type="error"
          showIcon
          title={t("moto.notSent")}
          description={e.requestId ? t("errors.requestId", { id: e.requestId }) : `${t(`errors.${e.code}`)} — ${e.message}`}
        />
      ))}
      <Flex justify="flex-end">
        <Button type="primary" size="large" onClick={() => void submit()} loading={sending}>
          {t("moto.submit")}
        </Button>
      </Flex>
    </Flex>
  );
}

/** The processor's answer: approved, with a way to the transaction, or declined with the reason. */
function MotoResult({ outcome, onAgain }: { outcome: Outcome; onAgain: (keepOrder: boolean) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const tx = outcome.transaction;
  const approved = tx.status !== "FAILED";
  const card = `${t(`method.${tx.paymentMethod}`)} •••• ${outcome.last4}`;
  const amount = f.money(tx.amount, tx.currency);
  const reason = tx.failureCode ? t(`failure.${tx.failureCode}`) : t("moto.noReason");
  const toTransaction = (
    <Link key="tx" to={`/transactions/${tx.id}`}>
      <Button type={approved ? "primary" : "default"} tabIndex={-1}>
        {t("moto.openTransaction")}
      </Button>
    </Link>
  );
  return (
    <Result
      status={approved ? "success" : "error"}
      title={approved ? t(`moto.approved.${tx.status === "AUTHORIZED" ? "AUTHORIZED" : "CAPTURED"}`, { amount }) : t("moto.declined", { amount })}
      subTitle={
        <Flex vertical gap={4} align="center">
          <span>
            {card}
            {tx.orderReference ? ` · ${tx.orderReference}` : ""}
            {tx.mode === "TEST" ? ` · ${t("mode.TEST")}` : ""}
          </span>
          {!approved ? (
            <Typography.Text strong role="alert">
              {reason}
              {tx.failureReason && tx.failureReason.toLowerCase() !== reason.toLowerCase() ? (
                <Typography.Text type="secondary"> ({tx.failureReason})</Typography.Text>
              ) : null}
            </Typography.Text>
          ) : null}
        </Flex>
      }
      extra={
        approved
          ? [
              toTransaction,
              <Button key="new" onClick={() => onAgain(false)}>
                {t("moto.newPayment")}
              </Button>,
            ]
          : [
              <Button key="retry" type="primary" onClick={() => onAgain(true)}>
                {t("moto.otherCard")}
              </Button>,
              toTransaction,
            ]
      }
    />
  );
}
