import { Form, Radio } from "antd";
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
