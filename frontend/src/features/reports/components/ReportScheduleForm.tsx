import { Alert, Button, Col, Flex, Form, Input, Radio, Row, Select, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { SEPARATORS } from "@/components/ReportDownloads";
import { SwitchField } from "@/components/SwitchField";
import type { ReportScheduleFieldsFragment } from "@/gql/graphql";
import { appErrors, isGlobal, type AppError } from "@/lib/errors";
import { apiLanguage } from "@/lib/i18n";
import { CreateReportScheduleMutation, UpdateReportScheduleMutation } from "../api/reports";
import {
  formFieldOf,
  isEmail,
  MAX_RECIPIENTS,
  newSchedule,
  toScheduleInput,
  valuesOf,
  type JournalPreset,
  type ScheduleValues,
} from "../schedule";

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/**
 * Creates or edits a report schedule: every setting of ReportScheduleInput,
 * checked before it is sent; the server's refusals show on their field.
 */
export function ReportScheduleForm({
  schedule,
  preset,
  onDone,
  onCancel,
}: {
  schedule?: ReportScheduleFieldsFragment;
  /** A new journal report: the journal's filter and search it starts from. */
  preset?: JournalPreset;
  onDone: (saved: ReportScheduleFieldsFragment) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<ScheduleValues>();
  const [created, create] = useMutation(CreateReportScheduleMutation);
  const [updated, update] = useMutation(UpdateReportScheduleMutation);
  const [errors, setErrors] = useState<AppError[]>([]);
  // A switch has no room for an error of its own: the server's shows under it.
  const [folderError, setFolderError] = useState<string>();
  const [initial] = useState<ScheduleValues>(() =>
    schedule
      ? valuesOf(schedule)
      : { ...newSchedule(apiLanguage(i18n.language)), ...(preset ? { kind: "JOURNAL", journalSearch: preset.search ?? "" } : {}) },
  );
  const journalWhere = schedule ? schedule.journalWhere : preset?.where;
  const kind = Form.useWatch("kind", form) ?? initial.kind;
  const format = Form.useWatch("format", form) ?? initial.format;

  const submit = async (v: ScheduleValues) => {
    const input = toScheduleInput(v, journalWhere);
    setErrors([]);
    setFolderError(undefined);
    const result = schedule ? await update({ id: schedule.id, input }) : await create({ input });
    if (result.error) {
      const rest: AppError[] = [];
      const fields: { name: keyof ScheduleValues; errors: string[] }[] = [];
      for (const e of appErrors(result.error)) {
        const name = formFieldOf(e.field);
        if (name === "deliverToFolder" && e.code === "BAD_USER_INPUT") setFolderError(t("reports.refused", { message: e.message }));
        else if (name && e.code === "BAD_USER_INPUT") fields.push({ name, errors: [t("reports.refused", { message: e.message })] });
        else if (!isGlobal(e.code)) rest.push(e);
      }
      form.setFields(fields);
      setErrors(rest);
      return;
    }
    const saved = result.data && ("createReportSchedule" in result.data ? result.data.createReportSchedule : result.data.updateReportSchedule);
    if (saved) onDone(saved);
  };

  return (
    <Form<ScheduleValues>
      form={form}
      layout="vertical"
      initialValues={initial}
      // Fields not shown (the journal's search of an account-update report) keep their values.
      onFinish={() => void submit({ ...initial, ...(form.getFieldsValue(true) as ScheduleValues) })}
      aria-label={schedule ? t("reports.edit") : t("reports.create")}
    >
      <Form.Item
        name="name"
        label={t("reports.name")}
        rules={[
          { required: true, whitespace: true, message: t("reports.errors.nameRequired") },
          { max: 100, message: t("reports.errors.nameTooLong") },
        ]}
      >
        <Input autoFocus maxLength={100} />
      </Form.Item>
      <Form.Item name="kind" label={t("reports.kind")} extra={t(`reports.kindHint.${kind}`)}>
        <Radio.Group
          optionType="button"
          options={(["ACCOUNT_UPDATES", "JOURNAL"] as const).map((k) => ({ value: k, label: t(`reports.kinds.${k}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="frequency"
        label={t("reports.frequency")}
        extra={kind === "ACCOUNT_UPDATES" ? t("reports.frequencyHint") : undefined}
      >
        <Radio.Group
          options={[
            { value: "DAILY", label: t("reports.frequencies.DAILY") },
            { value: "MONTHLY", label: t("reports.frequencies.MONTHLY") },
          ]}
        />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item name="format" label={t("reports.format")}>
            <Radio.Group optionType="button" options={[{ value: "CSV", label: "CSV" }, { value: "HTML", label: "HTML" }]} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={16}>
          {format === "CSV" ? (
            <Form.Item name="separator" label={t("reports.separator")} extra={t("reports.separatorHint")}>
              <Select options={SEPARATORS.map((s) => ({ value: s, label: t(`downloads.separator.${s}`) }))} />
            </Form.Item>
          ) : null}
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="language" label={t("reports.language")}>
            <Select
              options={[
                { value: "FR", label: t("languages.FR") },
                { value: "EN", label: t("languages.EN") },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="hour" label={t("reports.hour")} extra={t("reports.hourHint")}>
            <Select options={HOURS.map((h) => ({ value: h, label: `${String(h).padStart(2, "0")}:00` }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="emailRecipients"
        label={t("reports.emailRecipients")}
        extra={t("reports.emailRecipientsHint", { count: MAX_RECIPIENTS })}
        dependencies={["deliverToFolder"]}
        rules={[
          {
            validator: (_, v: string[] | undefined) => {
              const list = v ?? [];
              const bad = list.find((e) => !isEmail(e));
              if (bad) return Promise.reject(new Error(t("reports.errors.badEmail", { email: bad })));
              if (list.length > MAX_RECIPIENTS) return Promise.reject(new Error(t("reports.errors.tooManyRecipients", { count: MAX_RECIPIENTS })));
              if (list.length === 0 && !form.getFieldValue("deliverToFolder"))
                return Promise.reject(new Error(t("reports.errors.noDelivery")));
              return Promise.resolve();
            },
          },
        ]}
      >
        <Select mode="tags" open={false} tokenSeparators={[",", ";", " "]} suffixIcon={null} placeholder="compta@example.ch" />
      </Form.Item>
      <SwitchField id="rs-folder" name="deliverToFolder" label={t("reports.deliverToFolder")} detail={t("reports.deliverToFolderHint")} />
      {folderError ? (
        <Typography.Paragraph type="danger" role="alert" style={{ marginTop: -8 }}>
          {folderError}
        </Typography.Paragraph>
      ) : null}
      <SwitchField id="rs-empty" name="sendEmpty" label={t("reports.sendEmpty")} detail={t("reports.sendEmptyHint")} />
      {kind === "JOURNAL" ? (
        <>
          <Form.Item name="journalSearch" label={t("reports.journalSearch")} extra={t("reports.journalSearchHint")} rules={[{ max: 200 }]}>
            <Input maxLength={200} />
          </Form.Item>
          {journalWhere ? (
            <Typography.Paragraph type="secondary">
              {t("reports.journalWhere")} <code>{JSON.stringify(journalWhere)}</code>
            </Typography.Paragraph>
          ) : null}
          {preset ? <Typography.Paragraph type="secondary">{t("reports.journalPresetHint")}</Typography.Paragraph> : null}
        </>
      ) : null}
      <SwitchField id="rs-enabled" name="enabled" label={t("reports.enabled")} detail={t("reports.enabledHint")} />
      {errors.map((e, i) => (
        <Alert key={i} type="error" showIcon style={{ marginBottom: 8 }} title={t(`errors.${e.code}`)} description={e.message} />
      ))}
      <Flex justify="flex-end" gap={8}>
        <Button onClick={onCancel}>{t("common.cancel")}</Button>
        <Button type="primary" htmlType="submit" loading={created.fetching || updated.fetching}>
          {schedule ? t("common.save") : t("reports.create")}
        </Button>
      </Flex>
    </Form>
  );
}
