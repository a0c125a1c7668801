// Emoji for the picker, from emojibase's data bundled with the app: the
// picker works offline and never fetches from a CDN. Each language's data
// is a chunk of its own, loaded the first time a picker opens.
import type { EmojiData, Locale } from "frimousse";

/**
 * The newest Emoji version offered. Emoji 15.0 (2022) draws on current
 * Windows, macOS, Android and Noto Color Emoji; newer ones would show as
 * empty boxes on many screens, in the picker and in every label after it.
 */
export const MAX_EMOJI_VERSION = 15;

const SKIN_TONES = ["light", "medium-light", "medium", "medium-dark", "dark"] as const;
type SkinTone = (typeof SKIN_TONES)[number];

interface RawEmoji {
  emoji: string;
  label: string;
  group?: number;
  subgroup?: number;
  version: number;
  tags?: string[];
  skins?: { emoji: string; tone?: number | number[] }[];
}

interface Messages {
  groups: { key: string; message: string; order: number }[];
  subgroups: { key: string; message: string; order: number }[];
  skinTones: { key: string; message: string }[];
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** emojibase's data as the picker reads it (frimousse's own format). */
export function toEmojiData(locale: Locale, emojis: readonly RawEmoji[], messages: Messages, maxVersion = MAX_EMOJI_VERSION): EmojiData {
  const flags = new Set(messages.subgroups.filter((s) => s.key === "country-flag" || s.key === "subdivision-flag").map((s) => s.order));
  return {
    locale,
    emojis: emojis
      .filter((e) => e.group !== undefined && e.version <= maxVersion)
      .map((e) => {
        const skins = e.skins?.filter((s): s is { emoji: string; tone: number } => typeof s.tone === "number");
        return {
          emoji: e.emoji,
          category: e.group!,
          version: e.version,
          label: capitalise(e.label),
          tags: e.tags ?? [],
          ...(e.subgroup !== undefined && flags.has(e.subgroup) ? { countryFlag: true as const } : {}),
          ...(skins?.length
            ? { skins: Object.fromEntries(skins.map((s) => [SKIN_TONES[s.tone - 1], s.emoji])) as Record<SkinTone, string> }
            : {}),
        };
      }),
    categories: messages.groups.filter((g) => g.key !== "component").map((g) => ({ index: g.order, label: capitalise(g.message) })),
    skinTones: Object.fromEntries(messages.skinTones.map((s) => [s.key, capitalise(s.message)])) as Record<SkinTone, string>,
  };
}

/** The picker's data in French or English (frimousse's resolveEmojiData). */
export async function loadEmojiData(locale: Locale): Promise<EmojiData> {
  const [emojis, messages] =
    locale === "fr"
      ? await Promise.all([import("emojibase-data/fr/data.json"), import("emojibase-data/fr/messages.json")])
      : await Promise.all([import("emojibase-data/en/data.json"), import("emojibase-data/en/messages.json")]);
  return toEmojiData(locale === "fr" ? "fr" : "en", emojis.default as RawEmoji[], messages.default as Messages);
}
