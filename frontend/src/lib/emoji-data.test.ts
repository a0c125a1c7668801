import { describe, expect, it } from "vitest";
import { loadEmojiData, toEmojiData } from "./emoji-data";

describe("emoji data", () => {
  it("keeps what the picker needs of emojibase's data, up to the newest version offered", () => {
    const data = toEmojiData(
      "fr",
      [
        { emoji: "🧾", label: "reçu", group: 7, subgroup: 80, version: 11, tags: ["facture"] },
        {
          emoji: "👋",
          label: "signe de la main",
          group: 1,
          subgroup: 16,
          version: 0.6,
          skins: [
            { emoji: "👋🏻", tone: 1 },
            { emoji: "👋🏿", tone: 5 },
            { emoji: "🫱🏻‍🫲🏿", tone: [1, 5] },
          ],
        },
        { emoji: "🇨🇭", label: "drapeau : Suisse", group: 9, subgroup: 98, version: 2 },
        { emoji: "🫎", label: "élan", group: 3, subgroup: 30, version: 15 },
        { emoji: "🫩", label: "visage avec des cernes", group: 0, subgroup: 1, version: 16 },
        // Skin tone components are not emoji one picks.
        { emoji: "🏻", label: "peau claire", version: 1 },
      ],
      {
        groups: [
          { key: "smileys-emotion", message: "smileys et émotion", order: 0 },
          { key: "component", message: "composants", order: 2 },
          { key: "objects", message: "objets", order: 7 },
        ],
        subgroups: [{ key: "country-flag", message: "drapeaux de pays", order: 98 }],
        skinTones: [{ key: "light", message: "teint clair" }],
      },
    );
    expect(data.emojis.map((e) => e.emoji)).toEqual(["🧾", "👋", "🇨🇭", "🫎"]);
    expect(data.emojis[0]).toEqual({ emoji: "🧾", category: 7, version: 11, label: "Reçu", tags: ["facture"] });
    expect(data.emojis[1]!.skins).toEqual({ light: "👋🏻", dark: "👋🏿" });
    expect(data.emojis[2]!.countryFlag).toBe(true);
    expect(data.categories).toEqual([
      { index: 0, label: "Smileys et émotion" },
      { index: 7, label: "Objets" },
    ]);
    expect(data.skinTones).toEqual({ light: "Teint clair" });
  });

  it("loads the bundled data of each language, without the network", async () => {
    const [fr, en] = await Promise.all([loadEmojiData("fr"), loadEmojiData("en")]);
    const receipt = (d: typeof fr) => d.emojis.find((e) => e.emoji === "🧾")?.label;
    expect([receipt(fr), receipt(en)]).toEqual(["Reçu", "Receipt"]);
    expect(fr.emojis.length).toBeGreaterThan(1500);
    expect(Math.max(...fr.emojis.map((e) => e.version))).toBe(15);
  });
});
