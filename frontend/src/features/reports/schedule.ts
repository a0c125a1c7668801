// A report schedule's form values, to and from the API's ReportScheduleInput.
import type {
  Language,
  ReportScheduleFieldsFragment,
  ReportScheduleFormat,
  ReportScheduleFrequency,
  ReportScheduleInput,
  ReportScheduleKind,
  ReportScheduleSeparator,
  TransactionWhereInput,
} from "@/gql/graphql";

export interface ScheduleValues {
  name: string;
  kind: ReportScheduleKind;
  frequency: ReportScheduleFrequency;
  format: ReportScheduleFormat;
  separator: ReportScheduleSeparator;
  language: Language;
  hour: number;
  emailRecipients: string[];
  deliverToFolder: boolean;
  sendEmpty: boolean;
  journalSearch: string;
  enabled: boolean;
}

/** The server's limit on recipients. */
export const MAX_RECIPIENTS = 10;

const EMAIL = /^[^\s@;,]+@[^\s@;,]+\.[^\s@;,]+$/;

/** Whether s looks like an e-mail address (the server checks it for good). */
export function isEmail(s: string): boolean {
  return EMAIL.test(s.trim());
}

/** A new schedule: the account-update status report, daily (recommended), in CSV with ";" for French spreadsheets. */
export function newSchedule(language: Language): ScheduleValues {
  return {
    name: "",
    kind: "ACCOUNT_UPDATES",
    frequency: "DAILY",
    format: "CSV",
    separator: language === "FR" ? "SEMICOLON" : "COMMA",
    language,
    hour: 6,
    emailRecipients: [],
    deliverToFolder: false,
    sendEmpty: false,
    journalSearch: "",
    enabled: true,
  };
}

/** A schedule's values in the form. */
export function valuesOf(s: ReportScheduleFieldsFragment): ScheduleValues {
  return {
    name: s.name,
    kind: s.kind,
    frequency: s.frequency,
    format: s.format,
    separator: s.separator,
    language: s.language,
    hour: s.hour,
    emailRecipients: [...(s.emailRecipients ?? [])],
    deliverToFolder: s.deliverToFolder,
    sendEmpty: s.sendEmpty,
    journalSearch: s.journalSearch ?? "",
    enabled: s.enabled,
  };
}

/**
 * The input of the form's values. A journal report keeps the filter it was
 * scheduled with (journalWhere), which the form shows but does not edit.
 */
export function toScheduleInput(v: ScheduleValues, journalWhere?: Record<string, unknown> | null): ReportScheduleInput {
  const journal = v.kind === "JOURNAL";
  const search = (v.journalSearch ?? "").trim();
  return {
    name: v.name.trim(),
    kind: v.kind,
    frequency: v.frequency,
    format: v.format,
    separator: v.separator,
    language: v.language,
    hour: v.hour,
    emailRecipients: v.emailRecipients.map((e) => e.trim()).filter(Boolean),
    deliverToFolder: v.deliverToFolder,
    sendEmpty: v.sendEmpty,
    enabled: v.enabled,
    ...(journal && journalWhere ? { journalWhere: journalWhere as TransactionWhereInput } : {}),
    ...(journal && search ? { journalSearch: search } : {}),
  };
}

/** The form field a server error names: "input.emailRecipients[2]" is emailRecipients. */
export function formFieldOf(field: string | undefined): keyof ScheduleValues | undefined {
  if (!field) return undefined;
  const name = field.replace(/^input\./, "").replace(/\[\d+\].*$/, "").split(".")[0];
  const known: (keyof ScheduleValues)[] = [
    "name", "kind", "frequency", "format", "separator", "language", "hour",
    "emailRecipients", "deliverToFolder", "sendEmpty", "journalSearch", "enabled",
  ];
  if (name === "journalWhere") return "journalSearch";
  return known.find((k) => k === name);
}

/** The journal's filter and search a new journal report starts from. */
export interface JournalPreset {
  where?: Record<string, unknown>;
  search?: string;
}

/**
 * The journal preset of the reports page's URL (?new=JOURNAL&where=…&search=…,
 * as the journal links to it), or undefined. The journal's days are left
 * out: a report covers its own period.
 */
export function journalPresetOf(params: URLSearchParams): JournalPreset | undefined {
  if (params.get("new") !== "JOURNAL") return undefined;
  let where: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(params.get("where") ?? "null");
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      const { createdAtGTE: _gte, createdAtLT: _lt, ...rest } = parsed as Record<string, unknown>;
      if (Object.keys(rest).length) where = rest;
    }
  } catch {
    where = undefined;
  }
  const search = params.get("search")?.trim() || undefined;
  return { ...(where ? { where } : {}), ...(search ? { search } : {}) };
}
