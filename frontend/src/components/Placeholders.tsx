import { Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { graphql } from "@/gql";

export const EmailPlaceholdersQuery = graphql(`
  query EmailPlaceholders {
    emailPlaceholders {
      name
      description
      example
    }
  }
`);

/**
 * The placeholders e-mail templates may use, each with what it stands for
 * in the app's language and an example; each can be copied.
 */
export function PlaceholderList() {
  const { t, i18n } = useTranslation();
  const [{ data }] = useQuery({ query: EmailPlaceholdersQuery });
  const placeholders = data?.emailPlaceholders ?? [];
  return (
    <dl className="placeholder-list" aria-label={t("placeholders.title")}>
      {placeholders.map((p) => {
        const key = `placeholders.${p.name}`;
        return (
          <div key={p.name} className="placeholder">
            <dt>
              <Typography.Text code copyable={{ text: `{{${p.name}}}` }}>{`{{${p.name}}}`}</Typography.Text>
            </dt>
            <dd>
              {i18n.exists(key) ? t(key) : p.description}{" "}
              <Typography.Text type="secondary">{t("placeholders.example", { example: p.example })}</Typography.Text>
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
