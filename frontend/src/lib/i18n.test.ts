import { describe, expect, it } from "vitest";
import en from "@/locales/en.json";
import fr from "@/locales/fr.json";
import { currentLanguage, formatLocale } from "./i18n";

type Tree = { [key: string]: string | Tree };

/** Every key of a translation, plural forms folded into one. */
function keys(tree: Tree, prefix = ""): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix + k.replace(/_(zero|one|two|few|many|other)$/, "");
    if (typeof v === "string") out.add(path);
    else for (const sub of keys(v, path + ".")) out.add(sub);
  }
  return out;
}

describe("translations", () => {
  it("French and English have the same keys", () => {
    expect([...keys(en)].sort()).toEqual([...keys(fr)].sort());
  });

  it("French has the plural forms French needs", () => {
    const flat = JSON.stringify(fr);
    for (const key of ["total", "perPage", "amountExponent", "tooManyDecimals"]) {
      for (const form of ["one", "many", "other"]) expect(flat).toContain(`"${key}_${form}"`);
    }
  });
});

describe("languages", () => {
  it("reduces browser languages to French or English, French by default", () => {
    expect(["fr-CH", "en-GB", "en", "de-CH", undefined].map(currentLanguage)).toEqual(["fr", "en", "en", "fr", "fr"]);
  });

  it("formats with European conventions", () => {
    expect([formatLocale("fr"), formatLocale("en-US")]).toEqual(["fr-CH", "en-GB"]);
  });
});
