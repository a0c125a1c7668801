// A shop's settings as the form edits them, and the update the API wants.
import type { EmailTemplateInput, Language, ShopSettingsFragment, UpdateShopInput } from "@/gql/graphql";

export interface TemplateValues {
  subject: string;
  body: string;
}

export interface ShopValues {
  name: string;
  successURL: string;
  failureURL: string;
  cancelURL: string;
  senderName: string;
  managerEmail: string;
  defaultLanguage: Language;
  confirmationEmailEnabled: boolean;
  orderReferenceRequired: boolean;
  linkValidityDays: number;
  logoURL: string;
  accentColor: string;
  templates: Partial<Record<Language, TemplateValues>>;
}

/** The settings a shop may lack, which can be cleared. */
const OPTIONAL = ["successURL", "failureURL", "cancelURL", "senderName", "managerEmail", "logoURL"] as const;

/** The form's values for a shop. */
export function valuesOf(shop: ShopSettingsFragment): ShopValues {
  return {
    name: shop.name,
    successURL: shop.successURL ?? "",
    failureURL: shop.failureURL ?? "",
    cancelURL: shop.cancelURL ?? "",
    senderName: shop.senderName ?? "",
    managerEmail: shop.managerEmail ?? "",
    defaultLanguage: shop.defaultLanguage,
    confirmationEmailEnabled: shop.confirmationEmailEnabled,
    orderReferenceRequired: shop.orderReferenceRequired,
    linkValidityDays: shop.linkValidityDays,
    logoURL: shop.logoURL ?? "",
    accentColor: shop.accentColor,
    templates: Object.fromEntries(shop.emailTemplates.map((t) => [t.language, { subject: t.subject, body: t.body }])),
  };
}

export interface ShopUpdate {
  input: UpdateShopInput;
  emailTemplates: EmailTemplateInput[];
  resetEmailTemplates: Language[];
}

/**
 * The update from the saved shop to the form's values: every setting,
 * emptied ones cleared; the templates of the languages whose text changed;
 * the languages to reset to the built-in text.
 */
export function updateOf(shop: ShopSettingsFragment, v: ShopValues, reset: ReadonlySet<Language>): ShopUpdate {
  const input: UpdateShopInput = {
    name: v.name.trim(),
    defaultLanguage: v.defaultLanguage,
    confirmationEmailEnabled: v.confirmationEmailEnabled,
    orderReferenceRequired: v.orderReferenceRequired,
    linkValidityDays: v.linkValidityDays,
    accentColor: v.accentColor,
  };
  for (const name of OPTIONAL) {
    const value = v[name].trim();
    if (value) input[name] = value;
    else if (shop[name]) input[`clear${name[0]!.toUpperCase()}${name.slice(1)}` as `clear${Capitalize<typeof name>}`] = true;
  }
  const emailTemplates: EmailTemplateInput[] = [];
  for (const saved of shop.emailTemplates) {
    if (reset.has(saved.language)) continue;
    const typed = v.templates[saved.language];
    if (typed && (typed.subject !== saved.subject || typed.body !== saved.body)) {
      emailTemplates.push({ language: saved.language, subject: typed.subject, body: typed.body });
    }
  }
  return { input, emailTemplates, resetEmailTemplates: [...reset] };
}
