import { Alert, Button, Card, Col, Collapse, Flex, Form, Input, Row, Skeleton, Tabs, Typography } from "antd";
import type { FormInstance } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { amountInMinor } from "@/components/AmountFields";
import { EmailPreviewFrame } from "@/components/EmailPreviewFrame";
import { PlaceholderList } from "@/components/Placeholders";
import type { PaymentLinkEmailPreviewInput } from "@/gql/graphql";
import { appErrors } from "@/lib/errors";
import { PaymentLinkEmailPreviewQuery } from "../api/links";
import { linkReference, splitRecipients } from "../recipients";
import type { WizardValues } from "./wizard";

/** value, once it has stopped changing for ms. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
    // The key stands for the value: a new object with the same content is no change.
  }, [key, ms]);
  return settled;
}

/**
 * Step 3: the subject and message, prefilled from the shop's template for
 * the language and editable, beside the e-mail exactly as the server will
 * render it.
 */
export function MessageStep({
  form,
  active,
  expiresAt,
  edited,
  onReset,
}: {
  form: FormInstance<WizardValues>;
  /** Whether the step shows: the preview exists only then. */
  active: boolean;
  expiresAt: string | undefined;
  /** Whether the person changed the template's text. */
  edited: boolean;
  onReset: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Row gutter={24}>
      <Col xs={24} lg={11}>
        <Form.Item
          name="subject"
          label={t("links.wizard.subject")}
          rules={[{ required: true, whitespace: true, message: t("links.wizard.subjectRequired") }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="message"
          label={t("links.wizard.message")}
          rules={[{ required: true, whitespace: true, message: t("links.wizard.messageRequired") }]}
          extra={edited ? t("links.wizard.customMessage") : t("links.wizard.templateMessage")}
        >
          <Input.TextArea rows={12} maxLength={10000} />
        </Form.Item>
        <Flex gap={8} style={{ marginBottom: 12 }}>
          <Button onClick={onReset} disabled={!edited}>
            {t("links.wizard.resetMessage")}
          </Button>
        </Flex>
        <Collapse
          size="small"
          items={[{ key: "p", label: t("placeholders.title"), children: <PlaceholderList /> }]}
        />
      </Col>
      <Col xs={24} lg={13}>
        {active ? <EmailPreview form={form} expiresAt={expiresAt} edited={edited} /> : null}
      </Col>
    </Row>
  );
}

/**
 * The e-mail of the first link exactly as the server will render it,
 * asked for once the typing stops.
 */
function EmailPreview({
  form,
  expiresAt,
  edited,
}: {
  form: FormInstance<WizardValues>;
  expiresAt: string | undefined;
  edited: boolean;
}) {
  const { t } = useTranslation();
  const v = Form.useWatch((values: WizardValues) => values, form) ?? ({} as Partial<WizardValues>);
  const amount = amountInMinor(v.amount, v.currency);
  const recipients = splitRecipients(v.recipients ?? "");
  const firstReference = linkReference(v.orderReference ?? "", 1, recipients.length);
  const input: PaymentLinkEmailPreviewInput | undefined =
    v.shopId && amount && v.currency
      ? {
          shopId: v.shopId,
          amount,
          currency: v.currency,
          ...(v.language ? { language: v.language } : {}),
          ...(firstReference ? { orderReference: firstReference } : {}),
          ...(v.firstName?.trim() ? { firstName: v.firstName.trim() } : {}),
          ...(v.lastName?.trim() ? { lastName: v.lastName.trim() } : {}),
          ...(v.description?.trim() ? { description: v.description.trim() } : {}),
          ...(expiresAt ? { expiresAt } : {}),
          ...(edited && v.subject ? { subject: v.subject } : {}),
          ...(edited && v.message ? { message: v.message } : {}),
        }
      : undefined;
  const settled = useDebounced(input, 400);
  const [{ data, fetching, error }] = useQuery({
    query: PaymentLinkEmailPreviewQuery,
    variables: { input: settled! },
    pause: !settled,
  });
  const preview = data?.paymentLinkEmailPreview;

  // A placeholder the server does not know shows on the field that has it.
  useEffect(() => {
    const fields = appErrors(error).flatMap((e) => {
      const name = e.field?.replace(/^input\./, "");
      return name === "subject" || name === "message"
        ? [{ name: name as "subject" | "message", errors: [t("links.wizard.refused", { message: e.message })] }]
        : [];
    });
    if (fields.length > 0) form.setFields(fields);
  }, [error, form, t]);
  const otherErrors = appErrors(error).filter((e) => !e.field?.match(/^input\.(subject|message)$/));

  return (
    <Card
      size="small"
      title={t("links.wizard.preview")}
      aria-busy={fetching}
      className="email-preview"
      role="region"
      aria-label={t("links.wizard.preview")}
    >
      {otherErrors.length > 0 ? (
        <Alert type="warning" showIcon title={t("links.wizard.previewFailed")} description={otherErrors[0]!.message} />
      ) : !input ? (
        <Typography.Text type="secondary">{t("links.wizard.previewNeedsAmount")}</Typography.Text>
      ) : !preview ? (
        <Skeleton active />
      ) : (
        <>
          <Typography.Paragraph>
            <Typography.Text type="secondary">{t("links.wizard.previewSubject")} </Typography.Text>
            <strong>{preview.subject}</strong>
          </Typography.Paragraph>
          <Tabs
            size="small"
            items={[
              {
                key: "html",
                label: t("links.wizard.previewHtml"),
                children: <EmailPreviewFrame html={preview.html} title={t("links.wizard.previewFrame")} />,
              },
              {
                key: "text",
                label: t("links.wizard.previewText"),
                children: <pre className="email-text">{preview.text}</pre>,
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
