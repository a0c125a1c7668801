// A label's name may start with an emoji ("🚩 Suspect"), which the emoji
// picker sets or replaces.

/**
 * One emoji at the start of a name: a flag (two regional indicators), a
 * keycap, or a pictograph with its variation selector, skin tone and
 * zero-width-joined parts (👩🏽‍💻), then the spaces after it.
 */
const LEADING_EMOJI =
  /^(?:\p{RI}{2}|[#*0-9]\uFE0F?\u20E3|\p{Extended_Pictographic}(?:\uFE0F|\p{EMod})*(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|\p{EMod})*)*)/u;

/** The emoji a name starts with, if any. */
export function leadingEmoji(name: string): string | undefined {
  return LEADING_EMOJI.exec(name.trimStart())?.[0];
}

/** The name with `emoji` in front, in place of the emoji it started with. */
export function withEmoji(name: string, emoji: string): string {
  const rest = name.trimStart().replace(LEADING_EMOJI, "").trimStart();
  return `${emoji} ${rest}`;
}
