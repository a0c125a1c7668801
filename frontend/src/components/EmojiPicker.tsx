import { Spin, Typography } from "antd";
import { EmojiPicker as Picker, type EmojiPickerListCategoryHeaderProps, type EmojiPickerListEmojiProps } from "frimousse";
import { useTranslation } from "react-i18next";
import { loadEmojiData } from "@/lib/emoji-data";
import { currentLanguage } from "@/lib/i18n";

function CategoryHeader({ category, ...props }: EmojiPickerListCategoryHeaderProps) {
  return (
    <div {...props} className="emoji-picker-category">
      {category.label}
    </div>
  );
}

function Emoji({ emoji, ...props }: EmojiPickerListEmojiProps) {
  return (
    <button {...props} className="emoji-picker-emoji" title={emoji.label}>
      {emoji.emoji}
    </button>
  );
}

/**
 * Searchable emoji, in the app's language (search "reçu" or "receipt"),
 * from data bundled with the app. Its own chunk: import it lazily.
 */
export default function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Picker.Root
      className="emoji-picker"
      locale={currentLanguage(i18n.language)}
      resolveEmojiData={loadEmojiData}
      columns={9}
      onEmojiSelect={({ emoji }) => onPick(emoji)}
    >
      <Picker.Search className="emoji-picker-search ant-input" placeholder={t("emoji.search")} aria-label={t("emoji.search")} autoFocus />
      <Picker.Viewport className="emoji-picker-viewport">
        <Picker.Loading className="emoji-picker-note">
          <Spin size="small" /> {t("emoji.loading")}
        </Picker.Loading>
        <Picker.Empty className="emoji-picker-note">{t("emoji.empty")}</Picker.Empty>
        <Picker.List className="emoji-picker-list" aria-label={t("emoji.list")} components={{ CategoryHeader, Emoji }} />
      </Picker.Viewport>
      <footer className="emoji-picker-footer">
        <Picker.ActiveEmoji>
          {({ emoji }) =>
            emoji ? (
              <span>
                <span className="emoji-picker-preview">{emoji.emoji}</span> {emoji.label}
              </span>
            ) : (
              <Typography.Text type="secondary">{t("emoji.hint")}</Typography.Text>
            )
          }
        </Picker.ActiveEmoji>
        <Picker.SkinToneSelector className="emoji-picker-skin" aria-label={t("emoji.skinTone")} />
      </footer>
    </Picker.Root>
  );
}
