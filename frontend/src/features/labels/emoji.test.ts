import { describe, expect, it } from "vitest";
import { leadingEmoji, withEmoji } from "./emoji";

describe("withEmoji", () => {
  for (const [name, emoji, want] of [
    ["", "🧾", "🧾 "],
    ["Facture", "🧾", "🧾 Facture"],
    ["🚩 Suspect", "🔎", "🔎 Suspect"],
    ["🚩Suspect", "🔎", "🔎 Suspect"],
    ["👩🏽‍💻 Support", "🧾", "🧾 Support"],
    ["🇨🇭 Suisse", "🇫🇷", "🇫🇷 Suisse"],
    ["#️⃣ Numéro", "⭐", "⭐ Numéro"],
    ["✅ Vérifié", "❤️", "❤️ Vérifié"],
    ["#1 Priorité", "⭐", "⭐ #1 Priorité"],
  ] as const) {
    it(`puts ${emoji} in front of ${JSON.stringify(name)}`, () => {
      expect(withEmoji(name, emoji)).toBe(want);
    });
  }
});

describe("leadingEmoji", () => {
  it("finds the whole emoji a name starts with, or none", () => {
    expect(["💸 Remboursement", "👩🏽‍💻 Support", "🇨🇭 Suisse", "Client VIP ⭐", ""].map(leadingEmoji)).toEqual([
      "💸",
      "👩🏽‍💻",
      "🇨🇭",
      undefined,
      undefined,
    ]);
  });
});
