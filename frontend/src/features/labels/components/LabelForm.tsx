import { Button, ColorPicker, Flex, Form, Input } from "antd";
import type { CombinedError } from "@urql/core";
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { LabelChip } from "@/components/Tags";
import type { LabelFieldsFragment } from "@/gql/graphql";
import { fieldErrors, type AppError } from "@/lib/errors";
import { CreateLabelMutation, UpdateLabelMutation } from "../api/labels";
import { NameInput } from "./NameInput";

interface Values {
  name: string;
  color: string;
  description: string;
}

const FIELDS = ["name", "color", "description"] as const;

/** The colour of a new label: the server's own default, a neutral grey. */
export const DEFAULT_COLOR = "#6B7280";

const PRESET_COLORS = [
  "#DC2626", "#D97706", "#CA8A04", "#16A34A", "#0D9488",
  "#2563EB", "#4F46E5", "#7C3AED", "#DB2777", "#6B7280",
];

/** The length of a name as the server counts it: in characters, not UTF-16 units. */
function length(s: string): number {
  return [...s.trim()].length;
}

/**
 * Creates a label, or renames, recolours and describes one. The server's
 * errors are shown on the field they name (a name already taken, say).
 */
export function LabelForm({
  label,
  onDone,
  onCancel,
}: {
  label?: LabelFieldsFragment;
  onDone: (label: LabelFieldsFragment) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [created, create] = useMutation(CreateLabelMutation);
  const [updated, update] = useMutation(UpdateLabelMutation);
  const initial = useMemo<Values>(
    () => ({ name: label?.name ?? "", color: label?.color ?? DEFAULT_COLOR, description: label?.description ?? "" }),
    [label],
  );
  useEffect(() => form.setFieldsValue(initial), [form, initial]);
  const preview = { id: "preview", name: Form.useWatch("name", form) || "…", color: Form.useWatch("color", form) || DEFAULT_COLOR };

  const serverMessage = (field: string, e: AppError) =>
    t(`labels.errors.${e.code}_${field}`, { defaultValue: e.code === "BAD_USER_INPUT" ? e.message : t(`errors.${e.code}`) });

  const showErrors = (error: CombinedError) => {
    const errors = fieldErrors(error, FIELDS);
    form.setFields([...errors].map(([field, e]) => ({ name: field as keyof Values, errors: [serverMessage(field, e)] })));
  };

  const submit = async (values: Values) => {
    const name = values.name.trim();
    const description = values.description.trim();
    const result = label
      ? await update({
          id: label.id,
          input: {
            name,
            color: values.color,
            ...(description ? { description } : { clearDescription: true }),
          },
        })
      : await create({ input: { name, color: values.color, ...(description ? { description } : {}) } });
    if (result.error) return showErrors(result.error);
    const saved = result.data && ("createLabel" in result.data ? result.data.createLabel : result.data.updateLabel);
    if (saved) onDone(saved);
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={(v) => void submit(v)}
      aria-label={label ? t("labels.edit") : t("labels.create")}
    >
      <Form.Item
        name="name"
        label={t("labels.name")}
        rules={[
          { validator: (_, v: string) => (length(v ?? "") > 0 ? Promise.resolve() : Promise.reject(new Error(t("labels.errors.nameRequired")))) },
          { validator: (_, v: string) => (length(v ?? "") <= 50 ? Promise.resolve() : Promise.reject(new Error(t("labels.errors.nameTooLong")))) },
        ]}
        extra={t("labels.nameHint")}
      >
        <NameInput autoFocus count={{ show: true, max: 50, strategy: length }} />
      </Form.Item>
      <Form.Item
        name="color"
        label={t("labels.color")}
        getValueFromEvent={(c: { toHexString(): string }) => c.toHexString().toUpperCase()}
      >
        <ColorPicker disabledAlpha showText presets={[{ label: t("labels.presetColors"), colors: PRESET_COLORS }]} />
      </Form.Item>
      <Form.Item name="description" label={t("labels.description")}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Flex justify="space-between" align="center">
        <span>
          {t("labels.preview")} <LabelChip label={preview} tooltip={false} />
        </span>
        <Flex gap={8}>
          <Button onClick={onCancel}>{t("common.cancel")}</Button>
          <Button type="primary" htmlType="submit" loading={created.fetching || updated.fetching}>
            {label ? t("common.save") : t("labels.create")}
          </Button>
        </Flex>
      </Flex>
    </Form>
  );
}
