import { useTranslation } from "react-i18next";
import { NotFound } from "@/components/QueryError";

export default function NotFoundPage() {
  const { t } = useTranslation();
  return <NotFound title={t("errors.pageNotFound")} />;
}
