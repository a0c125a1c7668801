import { SmileOutlined } from "@ant-design/icons";
import { Button, Input, Popover, Space, Spin, type InputProps, type InputRef } from "antd";
import { lazy, Suspense, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { leadingEmoji, withEmoji } from "../emoji";

// The picker and its emoji data load the first time it opens.
const EmojiPicker = lazy(() => import("@/components/EmojiPicker"));

/**
 * A label's name, with a button that opens an emoji picker: the emoji
 * chosen goes in front of the name, in place of the one it had. As a
 * form control it takes value and onChange from its Form.Item.
 */
export function NameInput({
  value = "",
  onChange,
  ...props
}: Omit<InputProps, "value" | "onChange"> & { value?: string; onChange?: (value: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const input = useRef<InputRef>(null);
  const current = leadingEmoji(value);
  const pick = (emoji: string) => {
    onChange?.(withEmoji(value, emoji));
    setOpen(false);
    // Back to the name, to go on typing after the emoji.
    setTimeout(() => input.current?.focus({ cursor: "end" }));
  };
  return (
    <Space.Compact block>
      <Popover
        open={open}
        onOpenChange={setOpen}
        trigger="click"
        placement="bottomLeft"
        destroyOnHidden
        content={
          <div onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
            <Suspense fallback={<Spin size="small" />}>
              <EmojiPicker onPick={pick} />
            </Suspense>
          </div>
        }
      >
        <Button aria-label={t("emoji.choose")} aria-haspopup="dialog" aria-expanded={open} className="emoji-button">
          {current ? <span className="emoji-button-glyph">{current}</span> : <SmileOutlined aria-hidden />}
        </Button>
      </Popover>
      <Input {...props} ref={input} value={value} onChange={(e) => onChange?.(e.target.value)} />
    </Space.Compact>
  );
}
