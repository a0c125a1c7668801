import { Descriptions, Flex, Skeleton, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { CursorPager } from "@/components/CursorPager";
import { PersonalData } from "@/components/PersonalData";
import { NotFound, QueryError } from "@/components/QueryError";
import { TransactionTable } from "@/components/TransactionTable";
import { useFormat } from "@/lib/format";
import {
  isFirstPage,
  pageOf,
  pageVariables,
  readCursor,
  useKeptTotal,
  writeCursor,
} from "@/lib/pagination";
import { PayerQuery } from "../api/payers";
import { PayerBillingProfiles } from "./PayerBillingProfiles";

/** A payer and the payer's transactions, newest first. */
export default function PayerPage() {
  const { reference = "" } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const cursor = readCursor(params);
  const [{ data, fetching, error }] = useQuery({
    query: PayerQuery,
    variables: { reference, ...pageVariables(cursor), withTotal: isFirstPage(cursor) },
  });
  const payer = data?.payer;
  const totalCount = useKeptTotal(reference, { fetching, total: payer?.transactions.totalCount });
  const page = pageOf(payer?.transactions.edges, cursor);

  if (data && !payer) return <NotFound title={t("payers.notFound", { reference })} />;
  if (!payer) return error ? <QueryError error={error} /> : <Skeleton active />;
  return (
    <Flex vertical gap={8}>
      <Link to="/payers">← {t("payers.title")}</Link>
      <Typography.Title level={1} className="page-title">
        {t("payers.payer", { reference: payer.reference })}
      </Typography.Title>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2, xl: 4 }}
        items={[
          { key: "reference", label: t("transaction.payerId"), children: payer.reference },
          { key: "name", label: t("payers.name"), children: <PersonalData value={payer.name} /> },
          { key: "email", label: t("payers.email"), children: <PersonalData value={payer.email} /> },
          { key: "createdAt", label: t("payers.createdAt"), children: f.dateTime(payer.createdAt) },
        ]}
      />
      <PayerBillingProfiles reference={payer.reference} />
      <Typography.Title level={2} className="section-title">
        {t("payers.transactions")}
      </Typography.Title>
      <QueryError error={error} />
      <TransactionTable rows={page.nodes} loading={fetching} hidePayer caption={t("payers.transactions")} />
      <CursorPager
        cursor={cursor}
        pageInfo={page.pageInfo}
        stale={fetching}
        totalCount={totalCount}
        onChange={(next) => setParams(writeCursor(new URLSearchParams(), next))}
      />
    </Flex>
  );
}
