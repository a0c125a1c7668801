import { Flex, Form, Switch, Typography } from "antd";
import type { NamePath } from "antd/es/form/interface";

/**
 * A boolean field of the surrounding Form as a switch, its label on the
 * right and an explanation underneath.
 */
export function SwitchField({
  id,
  name,
  label,
  detail,
  disabled,
}: {
  id: string;
  name: NamePath;
  label: string;
  detail?: string;
  disabled?: boolean;
}) {
  return (
    <Flex gap={8} align="flex-start" style={{ marginBottom: 12 }}>
      <Form.Item name={name} valuePropName="checked" noStyle>
        <Switch id={id} size="small" disabled={disabled} aria-describedby={detail ? `${id}-detail` : undefined} />
      </Form.Item>
      <div>
        <label htmlFor={id}>{label}</label>
        {detail ? (
          <Typography.Text type="secondary" id={`${id}-detail`} className="block">
            {detail}
          </Typography.Text>
        ) : null}
      </div>
    </Flex>
  );
}
