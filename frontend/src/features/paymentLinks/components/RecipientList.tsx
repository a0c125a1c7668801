import { Form, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { readRecipients, type Recipient } from "../recipients";

/** How many recipients the list shows besides those with a problem. */
const SHOWN = 20;

/**
 * The addresses as they will be sent, each with the order reference its
 * link gets and what is wrong with it: read from what the person types in
 * the surrounding Form (recipients, orderReference), or refused by the
 * server at that position.
 */
export function RecipientList({
  id,
  serverErrors,
}: {
  id?: string;
  /** The server's refusals, by position among the addresses. */
  serverErrors: ReadonlyMap<number, string>;
}) {
  const { t } = useTranslation();
  const text = (Form.useWatch("recipients") as string | undefined) ?? "";
  const reference = (Form.useWatch("orderReference") as string | undefined) ?? "";
  const recipients = useMemo(() => readRecipients(text, reference), [text, reference]);
  if (recipients.length === 0) return null;
  const shown = recipients
    .map((r, i) => ({ r, i }))
    .filter(({ r, i }) => i < SHOWN || r.problem || serverErrors.has(i));
  const hidden = recipients.length - shown.length;
  return (
    <div id={id} className="recipient-preview">
      <Typography.Text type="secondary">{t("links.wizard.linksCount", { count: recipients.length })}</Typography.Text>
      <ol className="recipient-list" aria-label={t("links.wizard.recipientList")}>
        {shown.map(({ r, i }) => {
          const problem = serverErrors.get(i) ?? problemText(t, r);
          return (
            <li key={i} value={i + 1} className={problem ? "recipient bad" : "recipient"} aria-invalid={problem ? true : undefined}>
              <span className="recipient-address">{r.address}</span>
              {r.reference ? (
                <>
                  {" → "}
                  <Typography.Text code className="recipient-reference">
                    {r.reference}
                  </Typography.Text>
                </>
              ) : null}
              {problem ? (
                <Typography.Text type="danger" className="recipient-problem">
                  {" "}
                  {problem}
                </Typography.Text>
              ) : null}
            </li>
          );
        })}
      </ol>
      {hidden > 0 ? <Typography.Text type="secondary">{t("links.wizard.moreRecipients", { count: hidden })}</Typography.Text> : null}
    </div>
  );
}

function problemText(t: (key: string, options?: Record<string, unknown>) => string, r: Recipient): string | undefined {
  if (!r.problem) return undefined;
  if (r.problem.kind === "invalid") return t("links.wizard.recipientInvalid");
  return t("links.wizard.recipientDuplicate", { n: r.problem.of + 1 });
}
