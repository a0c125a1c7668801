import i18n from "i18next";
import LanguageDetector from "i18next-browser-languagedetector";
import { initReactI18next } from "react-i18next";
import en from "@/locales/en.json";
import fr from "@/locales/fr.json";

/** The languages of the app; French comes first and is the fallback. */
export const LANGUAGES = ["fr", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

export const resources = { fr: { translation: fr }, en: { translation: en } } as const;

/**
 * Starts i18next once: the language the person chose before (kept in
 * localStorage), else the browser's, else French.
 */
export function initI18n(lng?: Language): typeof i18n {
  if (!i18n.isInitialized) {
    void i18n
      .use(LanguageDetector)
      .use(initReactI18next)
      .init({
        resources,
        lng,
        supportedLngs: LANGUAGES,
        nonExplicitSupportedLngs: true,
        load: "languageOnly",
        fallbackLng: "fr",
        interpolation: { escapeValue: false },
        detection: {
          order: ["localStorage", "navigator"],
          lookupLocalStorage: "guichet.lang",
          caches: ["localStorage"],
        },
        returnNull: false,
        showSupportNotice: false,
      });
  }
  return i18n;
}

/** The current language, reduced to one of LANGUAGES. */
export function currentLanguage(lng: string | undefined): Language {
  return lng?.toLowerCase().startsWith("en") ? "en" : "fr";
}

/**
 * The locale numbers and dates are formatted in. Guichet's merchants are
 * European: English uses British conventions (day before month).
 */
export function formatLocale(lng: string | undefined): string {
  return currentLanguage(lng) === "en" ? "en-GB" : "fr-CH";
}

export default i18n;

/** The API's Language for the app's language: what the server writes meanings and reports in. */
export function apiLanguage(lng: string | undefined): "FR" | "EN" {
  return currentLanguage(lng) === "en" ? "EN" : "FR";
}
