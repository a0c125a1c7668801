import { Alert, App, Button, Card, Col, ColorPicker, Flex, Form, Input, InputNumber, Result, Row, Select, Skeleton, Tabs, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { PlaceholderList } from "@/components/Placeholders";
import { NotFound, QueryError } from "@/components/QueryError";
import { SwitchField } from "@/components/SwitchField";
import { textColorOn } from "@/components/Tags";
import { Language, type ShopSettingsFragment } from "@/gql/graphql";
import { appErrors, isNotFound, type AppError } from "@/lib/errors";
import { useCan } from "@/lib/viewer";
import { ShopSettingsQuery, UpdateShopMutation } from "../api/shops";
import { updateOf, valuesOf, type ShopValues } from "../settings";
import { PayPagePreview } from "./PayPagePreview";

const LANGUAGES = Object.values(Language);
const HTTP_URL = /^https?:\/\/\S+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A shop's settings: redirect pages, e-mail sender, link defaults, branding, e-mail templates. */
export default function ShopSettingsPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const canManage = useCan("MANAGE_SHOPS");
  const [{ data, fetching, error }] = useQuery({ query: ShopSettingsQuery, variables: { id }, pause: !canManage });
  if (!canManage) return <Result status="403" title={t("shops.forbidden")} />;
  const node = data?.node;
  if (isNotFound(error) || (data && (!node || node.__typename !== "Shop"))) return <NotFound title={t("shops.notFound")} />;
  if (error && !node) return <QueryError error={error} />;
  if (fetching && !node) return <Skeleton active />;
  if (!node || node.__typename !== "Shop") return null;
  // A saved shop comes back with a new updatedAt: the form starts again from it.
  return <ShopSettingsForm key={node.updatedAt} shop={node} />;
}

/** The form's field of an error's extensions.field, given the templates that were sent. */
function fieldOf(path: string, sentTemplates: readonly { language: Language }[]): (string | number)[] | undefined {
  const input = /^input\.(\w+)$/.exec(path);
  if (input) return [input[1]!];
  const template = /^emailTemplates\[(\d+)\]\.(subject|body)$/.exec(path);
  const language = template ? sentTemplates[Number(template[1])]?.language : undefined;
  return language ? ["templates", language, template![2]!] : undefined;
}

function ShopSettingsForm({ shop }: { shop: ShopSettingsFragment }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ShopValues>();
  const [reset, setReset] = useState<Set<Language>>(new Set());
  const [tab, setTab] = useState<Language>(shop.defaultLanguage);
  const [otherErrors, setOtherErrors] = useState<AppError[]>([]);
  const [{ fetching: saving }, save] = useMutation(UpdateShopMutation);
  const accent = Form.useWatch("accentColor", form) ?? shop.accentColor;
  const logoURL = Form.useWatch("logoURL", form) ?? "";
  const senderName = Form.useWatch("senderName", form) ?? "";
  const name = Form.useWatch("name", form) ?? shop.name;

  const onSave = async () => {
    setOtherErrors([]);
    let values: ShopValues;
    try {
      await form.validateFields();
      values = form.getFieldsValue(true) as ShopValues;
    } catch {
      return;
    }
    const update = updateOf(shop, values, reset);
    const result = await save({ id: shop.id, ...update });
    if (result.data) {
      void message.success(t("shops.saved", { name: result.data.updateShop.name }));
      return;
    }
    const fields: { name: (string | number)[]; errors: string[] }[] = [];
    const rest: AppError[] = [];
    for (const e of appErrors(result.error)) {
      const field = e.field && e.code === "BAD_USER_INPUT" ? fieldOf(e.field, update.emailTemplates) : undefined;
      if (field) fields.push({ name: field, errors: [t("links.wizard.refused", { message: e.message })] });
      else rest.push(e);
    }
    form.setFields(fields as Parameters<typeof form.setFields>[0]);
    const template = fields.find((f) => f.name[0] === "templates");
    if (template) setTab(template.name[1] as Language);
    setOtherErrors(rest);
  };

  const urlRule = {
    pattern: HTTP_URL,
    message: t("shops.errors.url"),
  };
  const title = (text: string) => <h2 className="card-title">{text}</h2>;

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={1} className="page-title">
          {t("shops.settingsTitle", { name: shop.name })}
        </Typography.Title>
        <Link to="/shops">{t("shops.backToList")}</Link>
      </Flex>
      {shop.missingLinkSettings.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t("shops.blocked")}
          description={t("shops.missing", {
            list: shop.missingLinkSettings.map((m) => t(`shops.settingNames.${m}`, { defaultValue: m })).join(", "),
          })}
        />
      ) : null}
      <Form<ShopValues> form={form} layout="vertical" component="div" initialValues={valuesOf(shop)}>
        <Row gutter={[12, 12]}>
          <Col xs={24} xl={12}>
            <Flex vertical gap={12}>
              <Card size="small" title={title(t("shops.sections.redirects"))}>
                <Typography.Paragraph type="secondary">{t("shops.redirectsHint")}</Typography.Paragraph>
                <Form.Item name="successURL" label={t("shops.fields.successURL")} rules={[urlRule]}>
                  <Input type="url" placeholder="https://" />
                </Form.Item>
                <Form.Item name="failureURL" label={t("shops.fields.failureURL")} rules={[urlRule]}>
                  <Input type="url" placeholder="https://" />
                </Form.Item>
                <Form.Item name="cancelURL" label={t("shops.fields.cancelURL")} rules={[urlRule]}>
                  <Input type="url" placeholder="https://" />
                </Form.Item>
              </Card>
              <Card size="small" title={title(t("shops.sections.email"))}>
                <Form.Item name="name" label={t("shops.fields.name")} rules={[{ required: true, whitespace: true, message: t("shops.errors.name") }]}>
                  <Input maxLength={100} />
                </Form.Item>
                <Form.Item name="senderName" label={t("shops.fields.senderName")} extra={t("shops.senderNameHint")}>
                  <Input maxLength={100} />
                </Form.Item>
                <Form.Item
                  name="managerEmail"
                  label={t("shops.fields.managerEmail")}
                  extra={t("shops.managerEmailHint")}
                  rules={[{ pattern: EMAIL, message: t("shops.errors.email") }]}
                >
                  <Input type="email" maxLength={254} />
                </Form.Item>
                <Form.Item name="defaultLanguage" label={t("shops.fields.defaultLanguage")}>
                  <Select options={LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))} style={{ width: 220 }} />
                </Form.Item>
                <SwitchField id="shop-confirmation" name="confirmationEmailEnabled" label={t("shops.fields.confirmationEmailEnabled")} detail={t("shops.confirmationHint")} />
              </Card>
              <Card size="small" title={title(t("shops.sections.links"))}>
                <SwitchField id="shop-reference" name="orderReferenceRequired" label={t("shops.fields.orderReferenceRequired")} detail={t("shops.orderReferenceHint")} />
                <Form.Item
                  name="linkValidityDays"
                  label={t("shops.fields.linkValidityDays")}
                  rules={[
                    { required: true, message: t("links.wizard.validityRequired") },
                    { type: "integer", min: 1, max: 365, message: t("links.wizard.validityRange") },
                  ]}
                >
                  <InputNumber min={1} max={365} precision={0} style={{ width: 120 }} />
                </Form.Item>
              </Card>
            </Flex>
          </Col>
          <Col xs={24} xl={12}>
            <Flex vertical gap={12}>
              <Card size="small" title={title(t("shops.sections.branding"))}>
                <Row gutter={12}>
                  <Col xs={24} md={12}>
                    <Form.Item name="logoURL" label={t("shops.fields.logoURL")} rules={[urlRule]} extra={t("shops.logoHint")}>
                      <Input type="url" placeholder="https://" />
                    </Form.Item>
                    <Form.Item
                      name="accentColor"
                      label={t("shops.fields.accentColor")}
                      getValueFromEvent={(color: { toHexString: () => string }) => color.toHexString().toUpperCase()}
                      extra={textColorOn(accent) === "#000" ? <Typography.Text type="warning">{t("shops.lightAccent")}</Typography.Text> : undefined}
                    >
                      <ColorPicker format="hex" disabledAlpha showText aria-label={t("shops.fields.accentColor")} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <PayPagePreview accent={accent} logoURL={logoURL} shop={senderName.trim() || name} />
                  </Col>
                </Row>
              </Card>
              <Card size="small" title={title(t("shops.sections.templates"))}>
                <Typography.Paragraph type="secondary">{t("shops.templatesHint")}</Typography.Paragraph>
                <Tabs
                  size="small"
                  activeKey={tab}
                  onChange={(k) => setTab(k as Language)}
                  items={shop.emailTemplates.map((tpl) => {
                    const pending = reset.has(tpl.language);
                    return {
                      key: tpl.language,
                      label: (
                        <span>
                          {tpl.language}
                          {tpl.custom ? <span className="custom-dot" aria-label={t("shops.customTemplate")} /> : null}
                        </span>
                      ),
                      forceRender: true,
                      children: (
                        <>
                          <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
                            <span>
                              {t(`languages.${tpl.language}`)}{" "}
                              {tpl.custom ? <Tag color="blue">{t("shops.customTemplate")}</Tag> : <Tag>{t("shops.defaultTemplate")}</Tag>}
                            </span>
                            {tpl.custom && !pending ? (
                              <Button
                                size="small"
                                onClick={() => setReset(new Set(reset).add(tpl.language))}
                                aria-label={t("shops.resetTemplateNamed", { language: t(`languages.${tpl.language}`) })}
                              >
                                {t("shops.resetTemplate")}
                              </Button>
                            ) : null}
                          </Flex>
                          {pending ? (
                            <Alert
                              type="info"
                              showIcon
                              style={{ marginBottom: 8 }}
                              title={t("shops.resetPending")}
                              action={
                                <Button
                                  size="small"
                                  onClick={() => {
                                    const next = new Set(reset);
                                    next.delete(tpl.language);
                                    setReset(next);
                                  }}
                                >
                                  {t("shops.keepTemplate")}
                                </Button>
                              }
                            />
                          ) : null}
                          <Form.Item
                            name={["templates", tpl.language, "subject"]}
                            label={t("links.wizard.subject")}
                            rules={pending ? [] : [{ required: true, whitespace: true, message: t("links.wizard.subjectRequired") }]}
                          >
                            <Input maxLength={200} disabled={pending} />
                          </Form.Item>
                          <Form.Item
                            name={["templates", tpl.language, "body"]}
                            label={t("links.wizard.message")}
                            rules={pending ? [] : [{ required: true, whitespace: true, message: t("links.wizard.messageRequired") }]}
                          >
                            <Input.TextArea rows={10} maxLength={10000} disabled={pending} />
                          </Form.Item>
                        </>
                      ),
                    };
                  })}
                />
                <PlaceholderList />
              </Card>
            </Flex>
          </Col>
        </Row>
      </Form>
      {otherErrors.map((e, i) => (
        <Alert key={i} type="error" showIcon title={t(`errors.${e.code}`)} description={e.message} />
      ))}
      <Flex justify="flex-end" gap={8} className="sticky-actions">
        <Button
          onClick={() => {
            form.resetFields();
            setReset(new Set());
          }}
          disabled={saving}
        >
          {t("shops.discard")}
        </Button>
        <Button type="primary" onClick={() => void onSave()} loading={saving}>
          {t("common.save")}
        </Button>
      </Flex>
    </Flex>
  );
}
