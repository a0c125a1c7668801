import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Steps,
  Typography,
} from "antd";
import type { FormInstance } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useMutation, useQuery } from "urql";
import { AmountFields, amountInMinor } from "@/components/AmountFields";
import { ModeField, TestModeBanner } from "@/components/ModeField";
import { ShopSelect } from "@/components/ShopSelect";
import { SwitchField } from "@/components/SwitchField";
import { Language, type CreatePaymentLinksInput, type LinkShopQuery as LinkShopResult } from "@/gql/graphql";
import { appErrors, type AppError } from "@/lib/errors";
import { useFormat } from "@/lib/format";
import { useCan } from "@/lib/viewer";
import { CreatePaymentLinksMutation, LinkShopQuery, ViewerEmailQuery } from "../api/links";
import { checkReference, isAddress, readRecipients, splitRecipients, type ReferenceProblem } from "../recipients";
import { MessageStep } from "./MessageStep";
import { RecipientList } from "./RecipientList";
import { firstStepOf, placeErrors, STEP_FIELDS, stepOf, type WizardField, type WizardValues } from "./wizard";

type Shop = Extract<NonNullable<LinkShopResult["node"]>, { __typename: "Shop" }>;

const LANGUAGES = Object.values(Language);
const DAY = 24 * 60 * 60 * 1000;

const INITIAL: Partial<WizardValues> = {
  mode: "PRODUCTION",
  currency: "CHF",
  copyToShopManager: false,
  copyToMe: false,
  copyToOther: false,
};

/**
 * "Nouveau lien de paiement": the link's settings, the advanced settings
 * with the shop's defaults, then the message with its preview; one link
 * per recipient is sent.
 */
export default function NewPaymentLinkPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { message: toast } = App.useApp();
  const canManageShops = useCan("MANAGE_SHOPS");
  const [form] = Form.useForm<WizardValues>();
  const [step, setStep] = useState(0);
  // Whether the person changed the subject or message of the template.
  const [edited, setEdited] = useState(false);
  const [recipientErrors, setRecipientErrors] = useState<Map<number, string>>(new Map());
  const [otherErrors, setOtherErrors] = useState<AppError[]>([]);
  // The moment expiry dates count from: fixed, so that the preview's input stays put.
  const [now] = useState(() => Date.now());
  const headings = useRef<(HTMLElement | null)[]>([]);

  const shopId = Form.useWatch("shopId", form);
  const [{ data: shopData }] = useQuery({ query: LinkShopQuery, variables: { id: shopId ?? "" }, pause: !shopId });
  const shop: Shop | undefined = shopData?.node?.__typename === "Shop" && shopData.node.id === shopId ? shopData.node : undefined;
  const [{ data: viewerData }] = useQuery({ query: ViewerEmailQuery });
  const myEmail = viewerData?.viewer.email || undefined;
  const [{ fetching: sending }, create] = useMutation(CreatePaymentLinksMutation);

  // Only what changes the page's frame is watched here: typed text is
  // watched by the parts that show it, so that a keystroke re-renders them only.
  const mode = Form.useWatch("mode", form);
  const language = Form.useWatch("language", form);
  const validityDays = Form.useWatch("validityDays", form);
  const copyToOther = Form.useWatch("copyToOther", form);
  const template = shop?.emailTemplates.find((x) => x.language === language);
  const expiresAt =
    typeof validityDays === "number" && validityDays >= 1 && validityDays <= 365
      ? new Date(now + validityDays * DAY).toISOString()
      : undefined;
  const missing = shop?.missingLinkSettings ?? [];

  // A shop brings its defaults, unless the person already chose.
  useEffect(() => {
    if (!shop) return;
    const next: Partial<WizardValues> = {};
    if (!form.isFieldTouched("validityDays")) next.validityDays = shop.linkValidityDays;
    if (!form.isFieldTouched("language")) next.language = shop.defaultLanguage;
    form.setFieldsValue(next);
  }, [shop, form]);

  // The message follows the template of the shop and language until the person edits it.
  useEffect(() => {
    if (!template || edited) return;
    form.setFieldsValue({ subject: template.subject, message: template.body });
  }, [template, edited, form]);

  useEffect(() => {
    headings.current[step]?.focus();
  }, [step]);

  const referenceText = (p: ReferenceProblem, n: number): string => {
    switch (p.kind) {
      case "required":
        return t("links.wizard.referenceRequired");
      case "notAlphanumeric":
        return t("links.wizard.referenceAlphanumeric");
      case "tooLong":
        return t("links.wizard.referenceTooLong", { max: p.max, length: p.length });
      case "tooLongWithSuffix":
        return t("links.wizard.referenceTooLongWithSuffix", {
          n,
          example: p.example,
          max: p.max,
          length: p.length,
        });
    }
  };

  const goTo = (next: number) => {
    setStep(next);
  };

  const next = async () => {
    try {
      await form.validateFields([...STEP_FIELDS[step]!]);
    } catch {
      return;
    }
    if (step === 0 && missing.length > 0) return;
    goTo(step + 1);
  };

  const send = async () => {
    setOtherErrors([]);
    try {
      await form.validateFields();
    } catch {
      const bad = form
        .getFieldsError()
        .filter((e) => e.errors.length > 0)
        .map((e) => stepOf(e.name[0] as WizardField))
        .filter((s) => s >= 0);
      if (bad.length > 0) goTo(Math.min(...bad));
      return;
    }
    const v = form.getFieldsValue(true) as WizardValues;
    const trimmed = (s: string | undefined) => s?.trim() || undefined;
    const input: CreatePaymentLinksInput = {
      shopId: v.shopId!,
      mode: v.mode,
      amount: amountInMinor(v.amount, v.currency)!,
      currency: v.currency,
      recipients: splitRecipients(v.recipients ?? ""),
      orderReference: trimmed(v.orderReference),
      payerReference: trimmed(v.payerReference),
      firstName: trimmed(v.firstName),
      lastName: trimmed(v.lastName),
      language: v.language,
      validityDays: v.validityDays,
      reconciliation: trimmed(v.reconciliation),
      description: trimmed(v.description),
      copyToShopManager: v.copyToShopManager,
      copyToMe: v.copyToMe,
      copyTo: v.copyToOther ? trimmed(v.copyTo) : undefined,
      // The shop's template is sent as it is: only a changed text is the link's own.
      subject: edited && v.subject !== template?.subject ? v.subject : undefined,
      message: edited && v.message !== template?.body ? v.message : undefined,
    };
    const result = await create({ input });
    const made = result.data?.createPaymentLinks;
    if (made) {
      void toast.success(t("links.wizard.sent", { count: made.links.length }));
      void navigate(`/payment-links?batch=${encodeURIComponent(made.batch)}`);
      return;
    }
    const placed = placeErrors(appErrors(result.error));
    const refused = (e: AppError) => t("links.wizard.refused", { message: e.message });
    form.setFields([
      ...placed.fields.map(({ field, error }) => ({ name: field, errors: [refused(error)] })),
      ...(placed.recipients.size > 0
        ? [{ name: "recipients" as const, errors: [t("links.wizard.recipientsRefused", { count: placed.recipients.size })] }]
        : []),
    ]);
    setRecipientErrors(new Map([...placed.recipients].map(([i, e]) => [i, refused(e)])));
    setOtherErrors(placed.other);
    const first = firstStepOf(placed);
    if (first !== undefined) goTo(first);
  };

  const stepTitles = [t("links.wizard.step1"), t("links.wizard.step2"), t("links.wizard.step3")];
  const heading = (i: number) => (
    <Typography.Title
      level={2}
      className="section-title wizard-heading"
      tabIndex={-1}
      ref={(el) => {
        headings.current[i] = el;
      }}
    >
      {t("links.wizard.stepHeading", { n: i + 1, title: stepTitles[i] })}
    </Typography.Title>
  );

  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={1} className="page-title">
          {t("links.wizard.title")}
        </Typography.Title>
        <Link to="/payment-links">{t("links.wizard.backToList")}</Link>
      </Flex>
      <Card className={mode === "TEST" ? "wizard test-mode" : "wizard"}>
        {mode === "TEST" ? (
          <TestModeBanner
            title={t("links.wizard.testBanner")}
            description={t("links.wizard.testBannerHint")}
            style={{ marginBottom: 16 }}
          />
        ) : null}
        <Steps
          current={step}
          size="small"
          onChange={(i) => i < step && goTo(i)}
          items={stepTitles.map((title) => ({ title }))}
          style={{ marginBottom: 16 }}
        />
        <Form<WizardValues>
          form={form}
          layout="vertical"
          component="div"
          initialValues={INITIAL}
         
          onValuesChange={(changed: Partial<WizardValues>) => {
            if ("subject" in changed || "message" in changed) setEdited(true);
            if ("recipients" in changed && recipientErrors.size > 0) setRecipientErrors(new Map());
          }}
        >
          <section hidden={step !== 0} aria-label={stepTitles[0]}>
            {heading(0)}
            <Row gutter={24}>
              <Col xs={24} lg={12}>
                <Form.Item
                  name="shopId"
                  label={t("links.wizard.shop")}
                  rules={[{ required: true, message: t("links.wizard.shopRequired") }]}
                >
                  <ShopSelect placeholder={t("links.wizard.shopPlaceholder")} />
                </Form.Item>
                {missing.length > 0 && shop ? (
                  <Alert
                    type="error"
                    showIcon
                    role="alert"
                    style={{ marginBottom: 16 }}
                    title={t("links.wizard.missingTitle", { shop: shop.name })}
                    description={
                      <>
                        {t("links.wizard.missingList", {
                          list: missing.map((m) => t(`shops.settingNames.${m}`, { defaultValue: m })).join(", "),
                        })}{" "}
                        {canManageShops ? (
                          <Link to={`/shops/${shop.id}`}>{t("links.wizard.missingFix")}</Link>
                        ) : (
                          t("links.wizard.missingAskAdmin")
                        )}
                      </>
                    }
                  />
                ) : null}
                <ModeField />
                <AmountFields label={t("links.wizard.amount")} />
                <Form.Item
                  name="orderReference"
                  label={t("links.wizard.orderReference")}
                  required={!!shop?.orderReferenceRequired}
                  dependencies={["recipients"]}
                  extra={t("links.wizard.orderReferenceHint")}
                  rules={[
                    {
                      validator: (_, value: string | undefined) => {
                        const n = recipientsCount(form);
                        const problem = checkReference(value ?? "", !!shop?.orderReferenceRequired, n);
                        return problem ? Promise.reject(new Error(referenceText(problem, n))) : Promise.resolve();
                      },
                    },
                  ]}
                >
                  <Input autoComplete="off" count={{ show: true, max: 64 }} />
                </Form.Item>
                <Form.Item name="payerReference" label={t("links.wizard.payerReference")} extra={t("links.wizard.payerReferenceHint")}>
                  <Input autoComplete="off" maxLength={128} />
                </Form.Item>
                <Row gutter={12}>
                  <Col span={12}>
                    <Form.Item name="firstName" label={t("links.wizard.firstName")}>
                      <Input autoComplete="off" maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="lastName" label={t("links.wizard.lastName")}>
                      <Input autoComplete="off" maxLength={100} />
                    </Form.Item>
                  </Col>
                </Row>
              </Col>
              <Col xs={24} lg={12}>
                <Form.Item
                  name="recipients"
                  label={t("links.wizard.recipients")}
                  extra={t("links.wizard.recipientsHint")}
                  required
                  rules={[
                    {
                      validator: (_, value: string | undefined) => {
                        const list = readRecipients(value ?? "", "");
                        if (list.length === 0) return Promise.reject(new Error(t("links.wizard.recipientsRequired")));
                        const bad = list.filter((r) => r.problem).length;
                        if (bad > 0) return Promise.reject(new Error(t("links.wizard.recipientsBad", { count: bad })));
                        return Promise.resolve();
                      },
                    },
                  ]}
                >
                  <Input.TextArea rows={4} autoComplete="off" spellCheck={false} aria-describedby="recipient-preview" />
                </Form.Item>
                <RecipientList id="recipient-preview" serverErrors={recipientErrors} />
              </Col>
            </Row>
          </section>

          <section hidden={step !== 1} aria-label={stepTitles[1]}>
            {heading(1)}
            <Typography.Paragraph type="secondary">{t("links.wizard.advancedIntro")}</Typography.Paragraph>
            <Row gutter={24}>
              <Col xs={24} lg={12}>
                <Form.Item
                  name="validityDays"
                  label={t("links.wizard.validityDays")}
                  extra={expiresAt ? t("links.wizard.expiresOn", { date: f.dateTime(expiresAt) }) : undefined}
                  rules={[
                    { required: true, message: t("links.wizard.validityRequired") },
                    { type: "integer", min: 1, max: 365, message: t("links.wizard.validityRange") },
                  ]}
                >
                  <InputNumber min={1} max={365} precision={0} style={{ width: 120 }} />
                </Form.Item>
                <Form.Item name="language" label={t("links.wizard.language")} extra={t("links.wizard.languageHint")}>
                  <Select options={LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))} style={{ width: 220 }} />
                </Form.Item>
                <Form.Item
                  name="reconciliation"
                  label={t("links.wizard.reconciliation")}
                  extra={t("links.wizard.reconciliationHint")}
                >
                  <Input autoComplete="off" maxLength={255} />
                </Form.Item>
                <Form.Item name="description" label={t("links.wizard.description")} extra={t("links.wizard.descriptionHint")}>
                  <Input.TextArea rows={3} maxLength={1000} />
                </Form.Item>
              </Col>
              <Col xs={24} lg={12}>
                <fieldset className="copies">
                  <legend>{t("links.wizard.copies")}</legend>
                  <Typography.Paragraph type="secondary">{t("links.wizard.copiesHint")}</Typography.Paragraph>
                  <SwitchField
                    id="copy-manager"
                    name="copyToShopManager"
                    label={t("links.wizard.copyToShopManager")}
                    detail={shop?.managerEmail ?? undefined}
                  />
                  <SwitchField
                    id="copy-me"
                    name="copyToMe"
                    label={t("links.wizard.copyToMe")}
                    detail={myEmail ?? t("links.wizard.noEmail")}
                    disabled={!myEmail}
                  />
                  <SwitchField id="copy-other" name="copyToOther" label={t("links.wizard.copyToOther")} />
                  {copyToOther ? (
                    <Form.Item
                      name="copyTo"
                      label={t("links.wizard.copyTo")}
                      rules={[
                        {
                          validator: (_, value: string | undefined) => {
                            if (!value?.trim()) return Promise.reject(new Error(t("links.wizard.copyToRequired")));
                            return isAddress(value.trim())
                              ? Promise.resolve()
                              : Promise.reject(new Error(t("links.wizard.recipientInvalid")));
                          },
                        },
                      ]}
                    >
                      <Input type="email" autoComplete="off" />
                    </Form.Item>
                  ) : null}
                </fieldset>
              </Col>
            </Row>
          </section>

          <section hidden={step !== 2} aria-label={stepTitles[2]}>
            {heading(2)}
            <MessageStep
              form={form}
              active={step === 2}
              expiresAt={expiresAt}
              edited={edited}
              onReset={() => {
                setEdited(false);
                if (template) form.setFieldsValue({ subject: template.subject, message: template.body });
              }}
            />
          </section>
        </Form>

        {otherErrors.map((e, i) => (
          <Alert
            key={i}
            type="error"
            showIcon
            style={{ marginTop: 12 }}
            title={t("links.wizard.notSent")}
            description={e.requestId ? t("errors.requestId", { id: e.requestId }) : `${t(`errors.${e.code}`)} — ${e.message}`}
          />
        ))}

        <Flex justify="space-between" style={{ marginTop: 16 }}>
          <Button onClick={() => goTo(step - 1)} disabled={step === 0 || sending}>
            {t("links.wizard.previous")}
          </Button>
          {step < 2 ? (
            <Button type="primary" onClick={() => void next()} disabled={step === 0 && missing.length > 0}>
              {t("links.wizard.next")}
            </Button>
          ) : (
            <Flex gap={12} align="center">
              <SendSummary form={form} />
              <Button type="primary" onClick={() => void send()} loading={sending} disabled={missing.length > 0}>
                {t("links.wizard.send")}
              </Button>
            </Flex>
          )}
        </Flex>
      </Card>
    </Flex>
  );
}

function recipientsCount(form: { getFieldValue: (name: "recipients") => unknown }): number {
  const v = form.getFieldValue("recipients");
  return typeof v === "string" ? splitRecipients(v).length : 0;
}

/** What Envoyer will send: how many links, of how much, in which mode. */
function SendSummary({ form }: { form: FormInstance<WizardValues> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const v = Form.useWatch((values: WizardValues) => values, form);
  const minor = amountInMinor(v?.amount, v?.currency);
  const count = splitRecipients(v?.recipients ?? "").length;
  if (!v || !minor || count === 0) return null;
  return (
    <Typography.Text>
      {t(v.mode === "TEST" ? "links.wizard.summaryTest" : "links.wizard.summary", { count, amount: f.money(minor, v.currency) })}
    </Typography.Text>
  );
}
