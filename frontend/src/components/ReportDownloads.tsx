import { DownloadOutlined } from "@ant-design/icons";
import { Button, Select, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ReportScheduleSeparator } from "@/gql/graphql";
import { currentLanguage } from "@/lib/i18n";

export const SEPARATORS: readonly ReportScheduleSeparator[] = ["SEMICOLON", "COMMA", "TAB"];

/** The separator a spreadsheet in the app's language expects: ";" for French, "," otherwise. */
export function defaultSeparator(language: string | undefined): ReportScheduleSeparator {
  return currentLanguage(language) === "fr" ? "SEMICOLON" : "COMMA";
}

/**
 * A download's URL with the report's options added: the CSV's separator,
 * and the language of headers and meanings (French unless English).
 */
export function downloadURL(base: string, options: { separator?: ReportScheduleSeparator; language?: string }): string {
  const [path, query = ""] = base.split("?", 2) as [string, string?];
  const params = new URLSearchParams(query);
  if (options.separator) params.set("separator", options.separator);
  if (currentLanguage(options.language) === "en") params.set("language", "EN");
  const s = params.toString();
  return s ? `${path}?${s}` : path!;
}

/**
 * Links that download a report, streamed by the server with the caller's
 * session: CSV with the chosen separator, and HTML (printable).
 */
export function ReportDownloads({ csv, html, name }: { csv: string; html: string; name: string }) {
  const { t, i18n } = useTranslation();
  const [separator, setSeparator] = useState<ReportScheduleSeparator>(() => defaultSeparator(i18n.language));
  return (
    <Space size={4} wrap>
      <Select<ReportScheduleSeparator>
        size="small"
        aria-label={t("downloads.separatorOf", { name })}
        value={separator}
        onChange={setSeparator}
        options={SEPARATORS.map((s) => ({ value: s, label: t(`downloads.separator.${s}`) }))}
        style={{ width: 185 }}
        popupMatchSelectWidth={false}
      />
      <Button
        size="small"
        icon={<DownloadOutlined aria-hidden />}
        href={downloadURL(csv, { separator, language: i18n.language })}
        download
        aria-label={t("downloads.csvOf", { name })}
      >
        CSV
      </Button>
      <Button
        size="small"
        icon={<DownloadOutlined aria-hidden />}
        href={downloadURL(html, { language: i18n.language })}
        download
        aria-label={t("downloads.htmlOf", { name })}
      >
        HTML
      </Button>
    </Space>
  );
}
