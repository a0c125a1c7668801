import { ExperimentOutlined } from "@ant-design/icons";
import { Alert, Form, Radio } from "antd";
import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";

/** Production or test, the field "mode" of the surrounding Form. */
export function ModeField() {
  const { t } = useTranslation();
  return (
    <Form.Item name="mode" label={t("links.wizard.mode")}>
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        options={[
          { value: "PRODUCTION", label: t("links.mode.PRODUCTION") },
          { value: "TEST", label: t("links.mode.TEST") },
        ]}
      />
    </Form.Item>
  );
}

/** The warning that what the form makes is in test mode: no money moves. */
export function TestModeBanner({ title, description, style }: { title: string; description: string; style?: CSSProperties }) {
  return (
    <Alert
      type="warning"
      showIcon
      icon={<ExperimentOutlined aria-hidden />}
      className="test-banner"
      title={title}
      description={description}
      style={style}
    />
  );
}
