import { Flex, Form, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { CommitInput } from "@/components/CommitInput";
import { CursorPager } from "@/components/CursorPager";
import { PersonalData } from "@/components/PersonalData";
import { QueryError } from "@/components/QueryError";
import { useFormat } from "@/lib/format";
import {
  isFirstPage,
  pageOf,
  pageVariables,
  readCursor,
  useKeptTotal,
  writeCursor,
  type Cursor,
} from "@/lib/pagination";
import { PayersQuery } from "../api/payers";

/** The merchant's payers, searchable by Payer ID. */
export default function PayersPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const q = params.get("q")?.trim() || undefined;
  const cursor = readCursor(params);
  const [{ data, fetching, error }] = useQuery({
    query: PayersQuery,
    variables: {
      ...pageVariables(cursor),
      ...(q ? { where: { referenceContainsFold: q } } : {}),
      withTotal: isFirstPage(cursor),
    },
  });
  const totalCount = useKeptTotal(q ?? "", { fetching, total: data?.payers.totalCount });
  const page = pageOf(data?.payers.edges, cursor);
  const go = (nextQ: string | undefined, next: Cursor) => {
    const p = new URLSearchParams();
    if (nextQ) p.set("q", nextQ);
    setParams(writeCursor(p, next));
  };
  return (
    <Flex vertical gap={8}>
      <Typography.Title level={1} className="page-title">
        {t("payers.title")}
      </Typography.Title>
      <Form layout="vertical" size="small" role="search">
        <Form.Item label={t("payers.search")} htmlFor="payer-search" style={{ marginBottom: 0 }}>
          <CommitInput
            id="payer-search"
            type="search"
            value={q}
            onCommit={(v) => go(v, { size: cursor.size })}
            style={{ width: 300 }}
          />
        </Form.Item>
      </Form>
      <QueryError error={error} />
      <Table
        className="dense-table"
        size="small"
        rowKey="id"
        loading={fetching}
        pagination={false}
        dataSource={page.nodes}
        locale={{ emptyText: t("payers.empty") }}
        columns={[
          {
            key: "reference",
            title: t("transaction.payerId"),
            render: (_, p) => <Link to={`/payers/${encodeURIComponent(p.reference)}`}>{p.reference}</Link>,
          },
          { key: "name", title: t("payers.name"), render: (_, p) => <PersonalData value={p.name} /> },
          { key: "email", title: t("payers.email"), render: (_, p) => <PersonalData value={p.email} /> },
          { key: "createdAt", title: t("payers.createdAt"), render: (_, p) => f.dateTime(p.createdAt) },
        ]}
      />
      <CursorPager
        cursor={cursor}
        pageInfo={page.pageInfo}
        stale={fetching}
        totalCount={totalCount}
        onChange={(next) => go(q, next)}
      />
    </Flex>
  );
}
